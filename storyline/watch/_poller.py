"""Polling watched sources: fetch each due feed or sitemap, fetch its new items' pages,
analyse and store them, link them, then let the watches raise their alerts.

Everything goes through the guarded fetcher of the API (:func:`storyline.api._fetch.fetch_url`),
so the address rules hold; hosts in ``fetch_allow_hosts`` are trusted at any address.

State lives in the store, so a run can stop anywhere and the next one goes on:

- a poll writes the source's new items (as *pending*) together with its ETag and
  Last-Modified in one transaction: a later 304 can never hide an item that was not recorded;
- an item becomes *done* only after its article is stored; a stop in between makes the next
  run fetch it again, find the article already stored and mark it done (no duplicate);
- the link stage and the watches run when the number of stored articles differs from the
  one they last saw, so a run stopped before them has them done by the next.

A source that fails is polled again after ``backoff_base * 2**(failures-1)`` seconds (at most
``backoff_max``); the others go on.
"""

from __future__ import annotations

import html
import io
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import httpx

from storyline._analyze import analyze_into_store
from storyline.api._fetch import (
    Fetched,
    FetchFailed,
    FetchRefused,
    FetchTooLarge,
    Resolver,
    fetch_client,
    fetch_url,
    system_resolver,
)
from storyline.config import Settings
from storyline.errors import InputError, with_code
from storyline.ingest import read_stream
from storyline.ingest._feeds import _MARKUP
from storyline.models import Alert, RawDocument, SourceRef
from storyline.store import PollOutcome, Store, WatchedSource, WatchItem, WatchTables
from storyline.watch._alerts import evaluate_watches
from storyline.watch._durations import iso, utc_now
from storyline.watch._entries import Entry, list_entries
from storyline.watch._robots import Fetcher, RobotsRules
from storyline.watch._webhook import deliver_alerts

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

#: watch_state key: the article count the link stage and the watches last ran on.
CHECKED_KEY = "checked_articles"


class GuardedFetcher:
    """:func:`fetch_url` with ``settings`` over one reused HTTP client (``close()`` it)."""

    def __init__(
        self,
        settings: Settings,
        resolver: Resolver = system_resolver,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.resolver = resolver
        self.client = fetch_client(settings, transport)

    def __call__(self, url: str, headers: Mapping[str, str]) -> Fetched:
        return fetch_url(
            url, self.settings, resolver=self.resolver, headers=headers, client=self.client
        )

    def close(self) -> None:
        self.client.close()


def guarded_fetcher(
    settings: Settings,
    resolver: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
) -> GuardedFetcher:
    """The poller's default fetcher: the API's guarded fetch, one client for every request."""
    return GuardedFetcher(settings, resolver, transport)


@dataclass
class CycleReport:
    """What one poll cycle did."""

    polled: list[str] = field(default_factory=list)  # source ids fetched with new content
    not_modified: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # source id -> error
    disallowed: list[str] = field(default_factory=list)  # sources or item URLs robots.txt forbids
    new_items: int = 0
    pages_fetched: int = 0
    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    item_errors: list[str] = field(default_factory=list)
    linked: bool = False
    alerts: list[Alert] = field(default_factory=list)
    delivered: int = 0
    stopped: bool = False

    def summary(self) -> str:
        return (
            f"polled {len(self.polled)} sources ({len(self.not_modified)} unchanged, "
            f"{len(self.failed)} failed), {self.new_items} new items, {len(self.added)} "
            f"articles stored ({len(self.present)} already there, {len(self.item_errors)} "
            f"failed), {len(self.alerts)} alerts" + (" - stopped" if self.stopped else "")
        )


class Poller:
    """Polls the store's watched sources; one instance per process (it keeps robots.txt)."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        nlp: Language | None = None,
        fetch: Fetcher | None = None,
        clock: Callable[[], datetime] = utc_now,
        backoff_base: float = 60.0,
        backoff_max: float = 6 * 3600.0,
        max_item_attempts: int = 3,
        items_per_cycle: int = 1000,
        link: bool = True,
        webhook_fetch: Callable[..., int] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.nlp = nlp
        self.tables = WatchTables(store)
        self._own_fetch = guarded_fetcher(settings) if fetch is None else None
        self.fetch: Fetcher = fetch or self._own_fetch  # type: ignore[assignment]
        self.clock = clock
        self.robots = RobotsRules(self.fetch, clock)
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.max_item_attempts = max_item_attempts
        self.items_per_cycle = items_per_cycle
        self.link = link
        self.webhook_fetch = webhook_fetch

    def close(self) -> None:
        """Close the HTTP client the poller made (not one it was given)."""
        if self._own_fetch is not None:
            self._own_fetch.close()

    def __enter__(self) -> Poller:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ cycles

    def run_cycle(self, stop: threading.Event | None = None) -> CycleReport:
        """Poll every due source, take the pending items, link, raise alerts, deliver them."""
        stop = stop or threading.Event()
        report = CycleReport()
        due = set()
        for source in self.tables.due_sources(iso(self.clock())):
            if stop.is_set():
                break
            due.add(source.id)
            self._poll(source, report)
        sources = {s.id: s for s in self.tables.list_sources()}
        for item in self.tables.pending_items(limit=self.items_per_cycle):
            if stop.is_set():
                break
            if item.attempts and item.source_id not in due:
                continue  # a page that failed is tried again when its source is next due
            owner = sources.get(item.source_id)
            if owner is not None:
                self._take(item, owner, report)
        report.stopped = stop.is_set()
        if not report.stopped:
            self._follow_up(report)
        return report

    def run_forever(
        self,
        stop: threading.Event,
        on_cycle: Callable[[CycleReport], None] | None = None,
        max_wait: float = 60.0,
    ) -> None:
        """Run cycles until ``stop`` is set, sleeping until the next source is due."""
        while not stop.is_set():
            report = self.run_cycle(stop)
            if on_cycle is not None:
                on_cycle(report)
            if stop.is_set():
                break
            stop.wait(self.seconds_to_next(max_wait))

    def seconds_to_next(self, max_wait: float = 60.0) -> float:
        """How long to sleep before the next cycle (0 while items wait for a first try)."""
        if self.tables.pending_items(limit=1, untried=True):
            return 0.0
        due = self.tables.next_due()
        if due is None:
            return max_wait
        wait = (datetime.fromisoformat(due) - self.clock()).total_seconds()
        return min(max(wait, 0.5), max_wait)

    # ------------------------------------------------------------------ sources

    def _backoff(self, failures: int) -> float:
        return float(min(self.backoff_base * 2 ** (failures - 1), self.backoff_max))

    def _poll(self, source: WatchedSource, report: CycleReport) -> None:
        now = self.clock()
        later = iso(now + timedelta(seconds=source.interval_s))
        headers = {}
        if source.etag:
            headers["If-None-Match"] = source.etag
        if source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        try:
            if not self.robots.allowed(source.url):
                report.disallowed.append(source.url)
                self.tables.record_poll(
                    source.id,
                    PollOutcome(iso(now), later, "disallowed", error="robots.txt disallows it"),
                )
                return
            fetched = self.fetch(source.url, headers)
            if fetched.status == 304:
                report.not_modified.append(source.id)
                self.tables.record_poll(source.id, PollOutcome(iso(now), later, "not-modified"))
                return
            entries = list_entries(fetched.content, fetched.url)
        except (FetchFailed, FetchRefused, FetchTooLarge, InputError) as exc:
            failures = source.failures + 1
            retry = iso(now + timedelta(seconds=self._backoff(failures)))
            report.failed[source.id] = str(exc)
            log.warning("polling %s failed (%d in a row): %s", source.url, failures, exc)
            self.tables.record_poll(
                source.id, PollOutcome(iso(now), retry, "error", failures, str(exc))
            )
            return
        items = [WatchItem(source.id, e.key, e.url, e.to_dict()) for e in entries]
        outcome = PollOutcome(
            iso(now),
            later,
            "ok",
            etag=fetched.headers.get("etag"),
            last_modified=fetched.headers.get("last-modified"),
        )
        report.polled.append(source.id)
        report.new_items += self.tables.record_poll(source.id, outcome, items)

    # ------------------------------------------------------------------ items

    def _take(self, item: WatchItem, source: WatchedSource, report: CycleReport) -> None:
        """Fetch, analyse and store one pending item, then record its new status."""
        entry = Entry.from_dict(item.entry)
        item.attempts += 1
        document, permanent = self._document(item, entry, source, report)
        if document is None:
            if permanent or item.attempts >= self.max_item_attempts:
                item.status = "disallowed" if item.status == "disallowed" else "failed"
                report.item_errors.append(f"{item.url or item.key}: {item.error}")
            self.tables.finish_items([item], iso(self.clock()))
            return
        analysed = analyze_into_store(
            [], self.store, self.settings, nlp=self.nlp, documents=[document], link=False
        )
        report.added.extend(analysed.added)
        report.present.extend(analysed.present)
        ids = analysed.added or analysed.present
        if ids:
            item.status, item.article_id, item.error = "done", ids[0], None
        else:
            item.status = "failed"
            item.error = (
                "; ".join(with_code(f.reason) for f in analysed.failures)
                or "no article in the page"
            )
            report.item_errors.append(f"{item.url or item.key}: {item.error}")
        self.tables.finish_items([item], iso(self.clock()))

    def _document(
        self, item: WatchItem, entry: Entry, source: WatchedSource, report: CycleReport
    ) -> tuple[RawDocument | None, bool]:
        """The item's page as a raw document (the feed's own text when the page cannot be
        had for good), and whether a failure is permanent."""
        page: RawDocument | None = None
        permanent = item.url is None
        if item.url is not None:
            try:
                if not self.robots.allowed(item.url):
                    item.status, item.error = "disallowed", "robots.txt disallows the page"
                    report.disallowed.append(item.url)
                    return None, True
                fetched = self.fetch(item.url, {})
                report.pages_fetched += 1
                page = _first_document(fetched, self.settings)
                if page is None:
                    item.error, permanent = "the page holds no article", True
            except FetchFailed as exc:
                item.error = str(exc)
                permanent = exc.status is not None and 400 <= exc.status < 500 and exc.status != 429
            except (FetchRefused, FetchTooLarge, InputError) as exc:
                item.error, permanent = str(exc), True
        if page is None and entry.body and (permanent or item.attempts >= self.max_item_attempts):
            markup = bool(_MARKUP.search(entry.body))
            page = RawDocument(
                SourceRef(source.url, entry.key),
                entry.body if markup else html.unescape(entry.body),
                "html" if markup else "text",
                given_source="feed",
            )
        if page is None:
            return None, permanent
        given = {
            "url": item.url,
            "outlet": source.outlet or (entry.source_name if page.given_source == "feed" else None),
            "published": entry.published,
            "title": entry.title if page.given_source == "feed" else None,
        }
        page.given = {**{k: v for k, v in given.items() if v}, **page.given}
        return page, False

    # ------------------------------------------------------------------ after the items

    def _follow_up(self, report: CycleReport) -> None:
        """Link, raise alerts and deliver them when the store changed since they last ran."""
        count = str(self.store.count_articles())
        if self.tables.get_state(CHECKED_KEY) != count:
            if self.link and count != "0":
                report.linked = _link(self.store, self.settings, self.nlp)
            report.alerts = evaluate_watches(self.store, self.settings, self.nlp, self.clock)
            self.tables.set_state(CHECKED_KEY, count)
        if self.settings.alert_webhook:
            report.delivered = deliver_alerts(
                self.store, self.settings, self.settings.alert_webhook, post=self.webhook_fetch
            )


def _link(store: Store, settings: Settings, nlp: Language | None) -> bool:
    """Link the new articles; without ``nlp`` they were not analysed here, and their
    stories' claims are left as not computed."""
    from storyline.link import link_store

    link_store(store, settings, claims=nlp is not None)
    return True


def _first_document(fetched: Fetched, settings: Settings) -> RawDocument | None:
    for found in read_stream(io.BytesIO(fetched.content), settings, fetched.url):
        if isinstance(found, RawDocument):
            found.given.setdefault("url", fetched.url)
            return found
    return None
