"""The ``fetch_allow_hosts`` setting: trusted hosts may be at private addresses, nothing else
changes; conditional requests come back as 304; one client serves many fetches."""

from __future__ import annotations

import httpx
import pytest

from storyline.api._fetch import FetchRefused, check_destination, fetch_client, fetch_url
from storyline.config import Settings, load_settings

DNS = {"feeds.local": ["192.168.1.20"], "intranet.example": ["10.0.0.5"]}


def resolver(host: str, port: int) -> list[str]:
    return DNS[host]


@pytest.mark.parametrize(
    ("url", "allow", "allowed"),
    [
        ("http://feeds.local/rss", ("feeds.local",), True),
        ("http://FEEDS.local:8080/rss", ("feeds.local:8080",), True),
        ("http://feeds.local:8081/rss", ("feeds.local:8080",), False),
        ("http://intranet.example/", ("feeds.local",), False),
        ("http://127.0.0.1:5000/f", ("127.0.0.1",), True),
        ("http://127.0.0.1:5000/f", (), False),
    ],
)
def test_only_listed_hosts_may_be_private(url: str, allow: tuple[str, ...], allowed: bool) -> None:
    if allowed:
        assert check_destination(url, resolver, False, allow)
    else:
        with pytest.raises(FetchRefused):
            check_destination(url, resolver, False, allow)


def test_the_allow_list_is_a_setting() -> None:
    settings = load_settings(env={"STORYLINE_FETCH_ALLOW_HOSTS": "127.0.0.1, feeds.local"})
    assert settings.fetch_allow_hosts == ("127.0.0.1", "feeds.local")


def test_conditional_requests_and_a_reused_client() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"ETag": '"v1"'})
        return httpx.Response(200, content=b"<rss/>", headers={"ETag": '"v1"'})

    settings = Settings(fetch_allow_hosts=("feeds.local",))
    with fetch_client(settings, httpx.MockTransport(handler)) as client:
        first = fetch_url("http://feeds.local/rss", settings, resolver=resolver, client=client)
        again = fetch_url(
            "http://feeds.local/rss",
            settings,
            resolver=resolver,
            client=client,
            headers={"If-None-Match": first.headers["etag"]},
        )
    assert (first.status, first.content) == (200, b"<rss/>")
    assert (again.status, again.content) == (304, b"")
    assert [r.url.host for r in seen] == ["192.168.1.20", "192.168.1.20"]
    assert seen[1].headers["host"] == "feeds.local"
    assert seen[1].headers["user-agent"].startswith("Storyline/")
