"""The watch tables: sources and their poll state, items, watches, seen fingerprints, alerts."""

from __future__ import annotations

import pytest

import storyline.watch
from storyline.errors import NotFound, StoreError
from storyline.models import Alert, Citation
from storyline.store import PollOutcome, WatchItem, WatchTables, open_store

T0 = "2025-07-01T08:00:00+00:00"


def _alert(n: int) -> Alert:
    return Alert(f"al-{n}", "w", "new-quote", f"quote {n}", f"2025-07-0{n}T08:00:00+00:00",
                 evidence=[Citation("a1", n, n + 5)])  # fmt: skip


def test_sources_are_due_by_time_and_keep_their_validators() -> None:
    with open_store(":memory:") as store:
        tables = WatchTables(store)
        a = tables.add_source("https://a.example/feed", interval_s=600, now=T0)
        b = tables.add_source(
            "https://b.example/feed", interval_s=60, now="2025-07-01T09:00:00+00:00"
        )
        assert [s.id for s in tables.due_sources(T0)] == [a.id]
        assert tables.next_due() == T0
        items = [
            WatchItem(a.id, f"k{n}", f"https://a.example/{n}", {"key": f"k{n}"}) for n in range(3)
        ]
        outcome = PollOutcome(
            T0, "2025-07-01T08:10:00+00:00", "ok", etag='"v1"', last_modified="Tue"
        )
        assert tables.record_poll(a.id, outcome, items) == 3
        assert (
            tables.record_poll(
                a.id, PollOutcome(T0, "2025-07-01T08:20:00+00:00", "not-modified"), items[:1]
            )
            == 0
        )
        source = tables.get_source(a.id)
        assert (source.etag, source.last_modified, source.items, source.stored) == (
            '"v1"',
            "Tue",
            3,
            0,
        )
        assert source.last_status == "not-modified"  # the validators stay when a 304 names none
        pending = tables.pending_items()
        assert [i.key for i in pending] == ["k0", "k1", "k2"]
        pending[0].status, pending[0].article_id = "done", "art-1"
        tables.finish_items([pending[0]])
        assert [i.key for i in tables.pending_items(a.id)] == ["k1", "k2"]
        assert tables.get_source(a.id).stored == 1
        # re-adding updates outlet and interval, keeps the id
        again = tables.add_source("https://a.example/feed", outlet="A", interval_s=120)
        assert (again.id, again.outlet, again.interval_s) == (a.id, "A", 120)
        assert tables.remove_source(b.id) and not tables.remove_source(b.id)
        with pytest.raises(NotFound):
            tables.get_source(b.id)
        with pytest.raises(StoreError, match="at least 1 second"):
            tables.add_source("https://c.example/", interval_s=0)


def test_removing_a_source_removes_its_items() -> None:
    with open_store(":memory:") as store:
        tables = WatchTables(store)
        a = tables.add_source("https://a.example/feed", now=T0)
        tables.record_poll(a.id, PollOutcome(T0, T0, "ok"), [WatchItem(a.id, "k", None, {})])
        tables.remove_source(a.id)
        assert tables.pending_items() == []


def test_observations_raise_each_alert_once_and_alerts_page_newest_first() -> None:
    with open_store(":memory:") as store:
        tables = WatchTables(store)
        watch, created = tables.add_watch("speaker", " Teodor Halvanyk ")
        assert created and watch.value == "Teodor Halvanyk"
        assert tables.record_observations(watch.id, [("q1", _alert(1))], silent=True) == []
        raised = tables.record_observations(
            watch.id, [("q1", _alert(1)), ("q2", _alert(2)), ("q3", _alert(3))]
        )
        assert [a.id for a in raised] == ["al-2", "al-3"]
        assert tables.record_observations(watch.id, [("q2", _alert(2))]) == []
        found, total = tables.list_alerts(limit=1)
        assert total == 2 and found[0] == _alert(3)
        found, total = tables.list_alerts(since="2025-07-03T00:00:00+00:00")
        assert [a.id for a in found] == ["al-3"] and total == 1
        assert [a.id for a in tables.undelivered_alerts(max_attempts=3)] == ["al-2", "al-3"]
        tables.record_delivery(["al-2"], ok=True)
        assert [a.id for a in tables.undelivered_alerts(max_attempts=3)] == ["al-3"]
        with pytest.raises(StoreError):
            tables.add_watch("entity", "  ")


def test_the_watch_package_exports_what_it_lists() -> None:
    public = {n for n in dir(storyline.watch) if not n.startswith("_")}
    assert set(storyline.watch.__all__) == public - {"annotations"}
