"""Ingest by URL refuses private destinations, pins the checked address, bounds size and time."""

from __future__ import annotations

import httpx
import pytest

from storyline.api._fetch import (
    FetchFailed,
    FetchRefused,
    FetchTooLarge,
    fetch_url,
    forbidden_reason,
)
from storyline.config import Settings

PUBLIC = "93.184.216.34"
DNS = {
    "news.example": [PUBLIC],
    "other.example": ["2606:2800:220:1::1"],
    "intranet.example": ["10.0.0.5"],
    "mixed.example": [PUBLIC, "192.168.1.20"],
    "metadata.example": ["169.254.169.254"],
}


def resolver(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise FetchFailed(f"cannot resolve host {host!r}")
    return DNS[host]


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.10", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not globally routable"),  # carrier-grade NAT
        ("::1", "loopback"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:0a00:0001::1", "private"),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::c0a8:0101", "private"),  # NAT64 wrapping 192.168.1.1
        ("not-an-ip", "not an IP address"),
    ],
)
def test_forbidden_addresses(ip: str, reason: str) -> None:
    assert forbidden_reason(ip) == reason


@pytest.mark.parametrize("ip", [PUBLIC, "8.8.8.8", "2606:2800:220:1::1", "::ffff:8.8.8.8"])
def test_public_addresses_pass(ip: str) -> None:
    assert forbidden_reason(ip) is None


def _transport(pages: dict[str, httpx.Response], seen: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        key = f"{request.headers['host']}{request.url.raw_path.decode()}"
        return pages.get(key, httpx.Response(404))

    return httpx.MockTransport(handle)


def test_fetch_connects_to_the_checked_address_with_the_host_header() -> None:
    seen: list[httpx.Request] = []
    pages = {"news.example/a": httpx.Response(200, html="<html><p>Body</p></html>")}
    fetched = fetch_url(
        "https://news.example/a", Settings(), resolver=resolver, transport=_transport(pages, seen)
    )
    assert fetched.content == b"<html><p>Body</p></html>"
    assert fetched.url == "https://news.example/a"
    assert seen[0].url.host == PUBLIC
    assert seen[0].headers["host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://intranet.example/", "10.0.0.5, a private address"),
        ("http://mixed.example/", "192.168.1.20, a private address"),
        ("http://metadata.example/latest", "169.254.169.254, a link-local address"),
        ("ftp://news.example/file", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://user:pw@news.example/", "user name or password"),
        ("http:///nohost", "has no host"),
    ],
)
def test_refused_urls(url: str, message: str) -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(FetchRefused, match=message):
        fetch_url(url, Settings(), resolver=resolver, transport=_transport({}, seen))
    assert seen == []  # nothing was sent


def test_private_urls_allowed_when_configured() -> None:
    seen: list[httpx.Request] = []
    pages = {"intranet.example/": httpx.Response(200, text="internal")}
    settings = Settings(allow_private_urls=True)
    fetched = fetch_url(
        "http://intranet.example/", settings, resolver=resolver, transport=_transport(pages, seen)
    )
    assert fetched.content == b"internal"


def test_redirect_to_a_private_host_is_refused() -> None:
    seen: list[httpx.Request] = []
    pages = {
        "news.example/go": httpx.Response(302, headers={"location": "http://intranet.example/x"})
    }
    with pytest.raises(FetchRefused, match="intranet.example"):
        fetch_url(
            "http://news.example/go",
            Settings(),
            resolver=resolver,
            transport=_transport(pages, seen),
        )
    assert [r.headers["host"] for r in seen] == ["news.example"]


def test_redirects_to_public_hosts_are_followed() -> None:
    seen: list[httpx.Request] = []
    pages = {
        "news.example/old": httpx.Response(301, headers={"location": "/new"}),
        "news.example/new": httpx.Response(302, headers={"location": "http://other.example/p"}),
        "other.example/p": httpx.Response(200, text="landed"),
    }
    fetched = fetch_url(
        "http://news.example/old", Settings(), resolver=resolver, transport=_transport(pages, seen)
    )
    assert fetched.url == "http://other.example/p"
    assert fetched.content == b"landed"
    assert seen[-1].url.host == "2606:2800:220:1::1"


def test_redirect_loops_end() -> None:
    pages = {"news.example/loop": httpx.Response(302, headers={"location": "/loop"})}
    with pytest.raises(FetchFailed, match="redirects more than"):
        fetch_url(
            "http://news.example/loop",
            Settings(),
            resolver=resolver,
            transport=_transport(pages, []),
        )


@pytest.mark.parametrize("declared", [True, False])
def test_size_limit(declared: bool) -> None:
    body = b"x" * 5000
    headers = {} if declared else {"transfer-encoding": "chunked"}
    response = (
        httpx.Response(200, content=body)
        if declared
        else httpx.Response(200, content=iter([body[:2500], body[2500:]]), headers=headers)
    )
    pages = {"news.example/big": response}
    with pytest.raises(FetchTooLarge, match="fetch_max_bytes"):
        fetch_url(
            "http://news.example/big",
            Settings(fetch_max_bytes=4000),
            resolver=resolver,
            transport=_transport(pages, []),
        )


def test_timeouts_and_errors_are_gateway_failures() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("timed out", request=request)

    with pytest.raises(FetchFailed, match="timed out"):
        fetch_url(
            "http://news.example/",
            Settings(),
            resolver=resolver,
            transport=httpx.MockTransport(handle),
        )
    with pytest.raises(FetchFailed, match="HTTP 500"):
        fetch_url(
            "http://news.example/err",
            Settings(),
            resolver=resolver,
            transport=_transport({"news.example/err": httpx.Response(500)}, []),
        )
