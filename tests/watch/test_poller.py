"""Polling feeds from a loopback server: new items only, 304s, back-off, robots.txt, resume.

No spaCy here (``nlp=None``): the pages are stored with the spaCy-free part of the analysis,
which is all the poller's bookkeeping depends on.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import datetime

from storyline.api._fetch import Fetched
from storyline.config import Settings
from storyline.store import WatchTables, open_store
from storyline.watch import Poller, guarded_fetcher
from tests.watch.conftest import Clock, FeedServer, synthetic_item


def _articles(settings: Settings) -> int:
    with open_store(settings.db) as store:
        return store.count_articles()


def _page_hits(server: FeedServer) -> int:
    return sum(n for path, n in server.hits.items() if path.startswith("/articles/"))


def test_first_run_stores_the_items_and_later_runs_fetch_only_new_ones(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(5)))
    feed_server.publish("south", *(synthetic_item("south", n) for n in range(3)))
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        north = tables.add_source(
            feed_server.feed_url("north"),
            outlet="North Post",
            interval_s=600,
            now="2025-07-01T08:00:00+00:00",
        )
        tables.add_source(
            feed_server.feed_url("south"), interval_s=600, now="2025-07-01T08:00:00+00:00"
        )
        poller = Poller(store, watch_settings, clock=clock)

        first = poller.run_cycle()
        assert sorted(first.polled) == sorted(s.id for s in tables.list_sources())
        assert (first.new_items, len(first.added), first.pages_fetched) == (8, 8, 8)
        assert store.count_articles() == 8
        assert {
            store.get_article(i).meta.outlet.value
            for i in first.added
            if i in {it.article_id for it in tables.items(north.id)}
        } == {"North Post"}

        # nothing is due before the interval has passed
        clock.advance(300)
        assert poller.run_cycle().polled == []

        # three more items on one feed: only their pages are fetched
        feed_server.publish("north", *(synthetic_item("north", n) for n in range(5, 8)))
        clock.advance(301)
        second = poller.run_cycle()
        assert second.new_items == 3
        assert second.pages_fetched == 3
        assert len(second.added) == 3 and second.present == []
        assert store.count_articles() == 11  # 0 duplicates
        assert second.not_modified == [s.id for s in tables.list_sources() if s.id != north.id]
        assert all(n == 1 for p, n in feed_server.hits.items() if p.startswith("/articles/"))
        items = tables.items(north.id)
        assert [i.status for i in items] == ["done"] * 8
        assert len({i.article_id for i in items}) == 8


def test_a_304_costs_no_refetch(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(4)))
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        source = tables.add_source(
            feed_server.feed_url("north"), interval_s=60, now="2025-07-01T08:00:00+00:00"
        )
        poller = Poller(store, watch_settings, clock=clock)
        poller.run_cycle()
        pages = _page_hits(feed_server)
        assert tables.get_source(source.id).etag
        clock.advance(61)
        again = poller.run_cycle()
        assert again.not_modified == [source.id]
        assert again.new_items == 0 and again.pages_fetched == 0
        assert _page_hits(feed_server) == pages == 4
        assert feed_server.hits["/feeds/north.xml"] == 2
        assert tables.get_source(source.id).last_status == "not-modified"


def test_a_304_on_last_modified_alone(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    feed_server.etags = False
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(2)))
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        source = tables.add_source(
            feed_server.feed_url("north"), interval_s=60, now="2025-07-01T08:00:00+00:00"
        )
        poller = Poller(store, watch_settings, clock=clock)
        assert len(poller.run_cycle().added) == 2
        assert tables.get_source(source.id).etag is None
        clock.advance(61)
        assert poller.run_cycle().not_modified == [source.id]
        feed_server.publish("north", synthetic_item("north", 2))  # a new Last-Modified
        clock.advance(61)
        report = poller.run_cycle()
        assert (report.polled, len(report.added), report.pages_fetched) == ([source.id], 1, 1)


def test_a_failing_source_backs_off_and_the_others_go_on(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    feed_server.publish("good", *(synthetic_item("good", n) for n in range(2)))
    feed_server.publish("bad", synthetic_item("bad", 0))
    feed_server.failing.add("/feeds/bad.xml")
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        good = tables.add_source(
            feed_server.feed_url("good"), interval_s=3600, now="2025-07-01T08:00:00+00:00"
        )
        bad = tables.add_source(
            feed_server.feed_url("bad"), interval_s=3600, now="2025-07-01T08:00:00+00:00"
        )
        poller = Poller(store, watch_settings, clock=clock, backoff_base=60)

        report = poller.run_cycle()
        assert report.polled == [good.id] and list(report.failed) == [bad.id]
        assert "HTTP 500" in report.failed[bad.id]
        assert len(report.added) == 2
        state = tables.get_source(bad.id)
        assert (state.failures, state.last_status) == (1, "error")
        assert (datetime.fromisoformat(state.next_poll_at) - clock()).total_seconds() == 60

        clock.advance(61)
        report = poller.run_cycle()  # only the failing source is due; fails again
        assert list(report.failed) == [bad.id] and report.polled == []
        state = tables.get_source(bad.id)
        assert state.failures == 2
        assert (datetime.fromisoformat(state.next_poll_at) - clock()).total_seconds() == 120

        feed_server.failing.clear()
        clock.advance(121)
        report = poller.run_cycle()
        assert report.polled == [bad.id] and len(report.added) == 1
        state = tables.get_source(bad.id)
        assert (state.failures, state.last_status, state.last_error) == (0, "ok", None)


def test_robots_txt_is_respected(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(3)))
    feed_server.robots = "User-agent: *\nDisallow: /articles/north-1.txt\n"
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        source = tables.add_source(feed_server.feed_url("north"), now="2025-07-01T08:00:00+00:00")
        report = Poller(store, watch_settings, clock=clock).run_cycle()
        assert len(report.added) == 2
        assert report.disallowed == [feed_server.page_url("north-1")]
        assert feed_server.hits["/articles/north-1.txt"] == 0
        assert feed_server.hits["/robots.txt"] == 1  # read once per host
        statuses = {i.url: i.status for i in tables.items(source.id)}
        assert statuses[feed_server.page_url("north-1")] == "disallowed"


def test_loopback_is_refused_without_the_allow_list(
    feed_server: FeedServer, tmp_path: object, clock: Clock
) -> None:
    feed_server.publish("north", synthetic_item("north", 0))
    settings = Settings(db=":memory:")
    with open_store(":memory:") as store:
        tables = WatchTables(store)
        source = tables.add_source(feed_server.feed_url("north"), now="2025-07-01T08:00:00+00:00")
        report = Poller(store, settings, clock=clock).run_cycle()
        assert "loopback" in report.failed[source.id]
        assert sum(feed_server.hits.values()) == 0


def test_a_stopped_run_loses_nothing_and_the_next_resumes(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(6)))
    stop = threading.Event()
    inner = guarded_fetcher(watch_settings)
    pages: list[str] = []

    def fetch(url: str, headers: Mapping[str, str]) -> Fetched:
        fetched = inner(url, headers)
        if "/articles/" in url:
            pages.append(url)
            if len(pages) == 2:
                stop.set()  # as SIGTERM would, while the second page is being taken
        return fetched

    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        source = tables.add_source(feed_server.feed_url("north"), now="2025-07-01T08:00:00+00:00")
        first = Poller(store, watch_settings, clock=clock, fetch=fetch).run_cycle(stop)
        assert first.stopped and len(first.added) == 2
        assert [i.status for i in tables.items(source.id)].count("pending") == 4

        # a stop between storing an article and marking its item: the item stays pending
        done = [i for i in tables.items(source.id) if i.status == "done"]
        done[0].status, done[0].attempts, done[0].article_id = "pending", 0, None
        tables.finish_items([done[0]])

        second = Poller(store, watch_settings, clock=clock).run_cycle()
        assert not second.stopped
        assert second.polled == []  # not due: the pending items were taken all the same
        assert len(second.added) == 4 and len(second.present) == 1
        assert store.count_articles() == 6
        assert [i.status for i in tables.items(source.id)] == ["done"] * 6


def test_a_feed_without_pages_uses_the_entry_text(
    feed_server: FeedServer, watch_settings: Settings, clock: Clock
) -> None:
    item = synthetic_item("north", 0)
    feed_server.publish("north", item)
    feed_server.failing.add(f"/articles/{item.slug}.txt")
    with open_store(watch_settings.db) as store:
        tables = WatchTables(store)
        source = tables.add_source(feed_server.feed_url("north"), now="2025-07-01T08:00:00+00:00")
        poller = Poller(store, watch_settings, clock=clock, max_item_attempts=2)
        first = poller.run_cycle()
        assert first.added == [] and tables.items(source.id)[0].status == "pending"
        assert poller.run_cycle().added == []  # a failed page waits for its source's next poll
        assert tables.items(source.id)[0].attempts == 1
        clock.advance(3601)
        second = poller.run_cycle()  # the second failure is the last: the feed's text is kept
        assert len(second.added) == 1
        stored = store.get_article(second.added[0])
        assert stored.text.startswith(item.title)
        assert stored.meta.url.value == feed_server.page_url(item.slug)
