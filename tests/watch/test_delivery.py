"""Delivering alerts: the Atom feed (escaped, well-formed), the webhook (retries, back-off,
no private addresses), robots.txt rules per host."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from storyline.api._fetch import Fetched, FetchFailed
from storyline.config import Settings
from storyline.models import Alert, Citation
from storyline.store import WatchTables, open_store
from storyline.watch import RobotsRules, atom_feed, deliver_alerts

NS = {"a": "http://www.w3.org/2005/Atom"}


def _alert(n: int, title: str = "Ban lifted") -> Alert:
    return Alert(
        f"al-{n}",
        "w-1",
        "claim-changed",
        title,
        f"2025-06-24T10:0{n}:00+00:00",
        "story-1",
        "VPA (2025-06-24, refutes): Velmora has lifted its ban",
        [Citation("a1", 63, 269, "Velmora Press Agency")],
    )


def test_atom_feed_escapes_and_stays_well_formed() -> None:
    nasty = 'Ban <script>alert("x")</script> & \x0b"lifted"'
    xml = atom_feed([_alert(2, nasty), _alert(1)], "http://localhost:8000/")
    root = ET.fromstring(xml)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert b"<script>" not in xml
    entries = root.findall("a:entry", NS)
    assert len(entries) == 2
    title = entries[0].findtext("a:title", namespaces=NS)
    assert title == 'Claim changed: Ban <script>alert("x")</script> & "lifted"'
    assert entries[0].findtext("a:id", namespaces=NS) == "urn:storyline:alert:al-2"
    link = entries[0].find("a:link", NS)
    assert link is not None and link.get("href") == "http://localhost:8000/articles/a1?cite=63-269"
    assert "a1 [63:269]" in (entries[0].findtext("a:summary", namespaces=NS) or "")
    assert root.findtext("a:updated", namespaces=NS) == "2025-06-24T10:02:00+00:00"


def _store_with_alerts(n: int) -> Any:
    store = open_store(":memory:")
    tables = WatchTables(store)
    watch, _ = tables.add_watch("claim", "Velmora bans ore exports")
    tables.record_observations(watch.id, [(f"fp{i}", _alert(i)) for i in range(n)])
    return store


def test_webhook_retries_with_back_off_then_marks_delivered() -> None:
    store = _store_with_alerts(3)
    calls: list[dict[str, Any]] = []
    sleeps: list[float] = []

    def post(url: str, payload: dict[str, Any], settings: Settings) -> int:
        calls.append(payload)
        if len(calls) < 3:
            raise FetchFailed("HTTP 503", 503)
        return 200

    delivered = deliver_alerts(
        store, Settings(), "https://hooks.example/x", post=post, sleep=sleeps.append
    )
    assert delivered == 3
    assert sleeps == [1.0, 2.0]
    assert [len(c["alerts"]) for c in calls] == [3, 3, 3]
    assert calls[0]["alerts"][0]["evidence"][0] == {
        "article_id": "a1",
        "start": 63,
        "end": 269,
        "outlet": "Velmora Press Agency",
    }
    tables = WatchTables(store)
    assert tables.delivery_state("al-0")[0] is not None
    # delivered alerts are not sent again
    assert deliver_alerts(store, Settings(), "https://hooks.example/x", post=post) == 0
    assert len(calls) == 3


def test_webhook_gives_up_for_this_run_and_keeps_the_alerts() -> None:
    store = _store_with_alerts(1)
    sleeps: list[float] = []

    def post(url: str, payload: dict[str, Any], settings: Settings) -> int:
        raise FetchFailed("connection refused")

    assert (
        deliver_alerts(store, Settings(), "https://h.example/", post=post, sleep=sleeps.append) == 0
    )
    assert sleeps == [1.0, 2.0]
    delivered_at, attempts, error = WatchTables(store).delivery_state("al-0")
    assert (delivered_at, attempts, error) == (None, 1, "[E200] connection refused")


def test_webhook_is_never_posted_to_a_private_address_unless_allowed() -> None:
    store = _store_with_alerts(1)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    transport = httpx.MockTransport(handler)

    def post(url: str, payload: Any, settings: Settings) -> int:
        from storyline.api._fetch import post_json

        return post_json(
            url, payload, settings, resolver=lambda h, p: ["10.0.0.5"], transport=transport
        )

    assert (
        deliver_alerts(
            store, Settings(), "http://hooks.internal/x", post=post, sleep=lambda s: None
        )
        == 0
    )
    assert seen == []
    assert "private" in (WatchTables(store).delivery_state("al-0")[2] or "")

    trusted = Settings(fetch_allow_hosts=("hooks.internal",))
    assert deliver_alerts(store, trusted, "http://hooks.internal/x", post=post) == 1
    (request,) = seen
    assert request.method == "POST" and request.headers["host"] == "hooks.internal"
    assert json.loads(request.content)["alerts"][0]["id"] == "al-0"


class _Robots:
    def __init__(self, answers: dict[str, Fetched | FetchFailed]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, url: str, headers: Mapping[str, str]) -> Fetched:
        self.asked.append(url)
        answer = self.answers[url]
        if isinstance(answer, FetchFailed):
            raise answer
        return answer


@pytest.mark.parametrize(
    "answer,allowed",
    [
        (Fetched("u", b"User-agent: *\nDisallow: /private/\n", "text/plain"), False),
        (Fetched("u", b"User-agent: Storyline\nDisallow: /\n", "text/plain"), False),
        (Fetched("u", b"User-agent: OtherBot\nDisallow: /\n", "text/plain"), True),
        (FetchFailed("HTTP 404", 404), True),  # no robots.txt: everything is allowed
        (FetchFailed("HTTP 503", 503), False),  # unreadable: nothing is, for now
    ],
)
def test_robots_rules(answer: Fetched | FetchFailed, allowed: bool) -> None:
    fetch = _Robots({"https://n.example/robots.txt": answer})
    rules = RobotsRules(fetch, lambda: datetime(2025, 1, 1, tzinfo=UTC))
    assert rules.allowed("https://n.example/private/a.html") is allowed
    assert rules.allowed("https://n.example/private/b.html") is allowed
    assert fetch.asked == ["https://n.example/robots.txt"]  # once per host


def test_robots_txt_is_read_again_after_its_time() -> None:
    now = [datetime(2025, 1, 1, tzinfo=UTC)]
    fetch = _Robots({"https://n.example/robots.txt": FetchFailed("HTTP 503", 503)})
    rules = RobotsRules(fetch, lambda: now[0], retry=timedelta(minutes=5))
    assert not rules.allowed("https://n.example/a")
    fetch.answers["https://n.example/robots.txt"] = Fetched("u", b"", "text/plain")
    assert not rules.allowed("https://n.example/a")
    now[0] += timedelta(minutes=6)
    assert rules.allowed("https://n.example/a")
    assert len(fetch.asked) == 2
