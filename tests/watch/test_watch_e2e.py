"""End to end with spaCy: outlets' feeds on a loopback server publish the example corpus's
ore-ban story over three rounds (March, April, June); the poller stores, analyses and links
each round, and the watches raise their alerts.

The claim "Velmora bans tungsten ore exports to Dravania" is first reported in March, holds
in April ("no change") and is reversed in June ("has lifted its ban"): exactly one
``claim-changed`` alert, whose evidence is the June VPA sentence.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest

from storyline.config import Settings
from storyline.models import Alert
from storyline.store import WatchTables, open_store
from storyline.watch import Poller, add_watch, atom_feed, build_digest, digest_markdown
from tests.watch.conftest import Clock, FeedServer, example_item

pytestmark = pytest.mark.slow

OUTLETS = {
    "vpa": "Velmora Press Agency",
    "dt": "Dravania Today",
    "northline": "Northline News",
    "kestrel": "Kestrel Daily Monitor",
}
ROUNDS = (
    ("vpa-0304", "dt-0304", "northline-0304"),
    ("vpa-0414", "kestrel-0416"),
    ("vpa-0624", "kestrel-0626"),
)
CLAIM = "Velmora bans tungsten ore exports to Dravania"


def _kinds(alerts: list[Alert]) -> dict[str, int]:
    out: dict[str, int] = {}
    for a in alerts:
        out[a.kind] = out.get(a.kind, 0) + 1
    return out


def test_rounds_of_feeds_raise_the_right_alerts_once(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock, nlp: Any
) -> None:
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        for feed, outlet in OUTLETS.items():
            feed_server.feeds[feed], feed_server.modified[feed] = (
                [],
                "Tue, 01 Jul 2025 08:00:00 GMT",
            )
            tables.add_source(
                feed_server.feed_url(feed),
                outlet=outlet,
                interval_s=60,
                now="2025-07-01T08:00:00+00:00",
            )
        claim_watch, _ = add_watch(store, "claim", CLAIM, watch_settings)
        add_watch(store, "speaker", "Teodor Halvanyk", watch_settings)
        poller = Poller(store, watch_settings, nlp=nlp, clock=clock)

        per_round = []
        for keys in ROUNDS:
            for key in keys:
                feed_server.publish(key.split("-")[0], example_item(key))
            report = poller.run_cycle()
            assert len(report.added) == len(keys), report.summary()
            per_round.append(report)
            clock.advance(61)

        # every item stored once, every page fetched once
        assert store.count_articles() == sum(len(r) for r in ROUNDS)
        assert all(n == 1 for p, n in feed_server.hits.items() if p.startswith("/articles/"))

        claims = [[a for a in r.alerts if a.watch_id == claim_watch.id] for r in per_round]
        assert _kinds(claims[0]) == {"claim-new": 1}
        assert claims[1] == []  # April: "no change"
        assert _kinds(claims[2]) == {"claim-changed": 1}
        (changed,) = claims[2]
        (cite,) = changed.evidence
        june = next(i for i in per_round[2].added if "lifted its ban" in store.get_article(i).text)
        assert cite.article_id == june
        assert cite.outlet == "Velmora Press Agency"
        sentence = store.get_article(june).text[cite.start : cite.end]
        assert "Velmora has lifted its ban on tungsten ore exports to Dravania" in sentence
        assert "refutes" in changed.title

        # the speaker watch sees Halvanyk's quotes of each round, each once
        quotes = [[a for a in r.alerts if a.kind == "new-quote"] for r in per_round]
        assert all(quotes)
        for alert in quotes[2]:
            cite = alert.evidence[0]
            assert store.get_article(cite.article_id).quotes  # the span is a stored quote
            assert any(
                (q.start, q.end) == (cite.start, cite.end)
                for q in store.get_article(cite.article_id).quotes
            )

        # a run with nothing new raises nothing; no alert is stored twice
        clock.advance(61)
        quiet = poller.run_cycle()
        assert quiet.alerts == [] and quiet.added == []
        stored, total = tables.list_alerts()
        assert total == sum(len(r.alerts) for r in per_round) == len({a.id for a in stored})

        # the Atom feed of these alerts is well-formed and carries each one
        feed = ET.fromstring(atom_feed(stored, "http://localhost:8000"))
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entries = feed.findall("a:entry", ns)
        assert len(entries) == total
        titles = [e.findtext("a:title", namespaces=ns) or "" for e in entries]
        assert sum(t.startswith("Claim changed: ") for t in titles) == 1

        digest = digest_markdown(build_digest(store, "2025-01-01T00:00:00+00:00"))
        assert "Velmora Press Agency" in digest and "Teodor Halvanyk" in digest
