"""The watch tables (migration ``0007_watch.sql``): watched sources and their poll state,
the items each source listed, watches, what each watch has seen, and alerts.

Every SQL string of the watch feature lives here; the poller, the alert evaluation and the
interfaces call these methods.

>>> from storyline.store import open_store
>>> with open_store(":memory:") as store:
...     tables = WatchTables(store)
...     source = tables.add_source("https://news.example/feed.xml", interval_s=3600)
...     [s.url for s in tables.due_sources(source.next_poll_at)]
['https://news.example/feed.xml']
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from storyline.errors import Errors, NotFound, StoreError
from storyline.models import Alert, Watch, WatchKind
from storyline.store._store import Store

ItemStatus = Literal["pending", "done", "failed", "disallowed"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def short_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@dataclass
class WatchedSource:
    """A feed or news sitemap and where its polling stands."""

    id: str
    url: str
    outlet: str | None
    interval_s: int
    added_at: str
    next_poll_at: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: str | None = None
    last_status: str | None = None
    failures: int = 0
    last_error: str | None = None
    items: int = 0  # items seen so far
    stored: int = 0  # of them, stored as articles

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class WatchItem:
    """One entry a source listed: its key (guid or link), page URL and what the feed said."""

    source_id: str
    key: str
    url: str | None
    entry: dict[str, Any]
    status: ItemStatus = "pending"
    article_id: str | None = None
    attempts: int = 0
    error: str | None = None


@dataclass(frozen=True)
class PollOutcome:
    """What one poll of a source found, recorded in one transaction with its new items."""

    polled_at: str
    next_poll_at: str
    status: str  # ok | not-modified | error | disallowed
    failures: int = 0
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def _source(row: sqlite3.Row) -> WatchedSource:
    keys = row.keys()
    return WatchedSource(
        id=row["id"],
        url=row["url"],
        outlet=row["outlet"],
        interval_s=row["interval_s"],
        added_at=row["added_at"],
        next_poll_at=row["next_poll_at"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_polled_at=row["last_polled_at"],
        last_status=row["last_status"],
        failures=row["failures"],
        last_error=row["last_error"],
        items=row["items"] if "items" in keys else 0,
        stored=row["stored"] if "stored" in keys else 0,
    )


def _item(row: sqlite3.Row) -> WatchItem:
    return WatchItem(
        row["source_id"],
        row["key"],
        row["url"],
        json.loads(row["entry"]),
        row["status"],
        row["article_id"],
        row["attempts"],
        row["error"],
    )


_SOURCE_SELECT = (
    "SELECT s.*, (SELECT count(*) FROM watch_items i WHERE i.source_id = s.id) AS items, "
    "(SELECT count(*) FROM watch_items i WHERE i.source_id = s.id AND i.status = 'done') "
    "AS stored FROM watch_sources s"
)


class WatchTables:
    """Reads and writes of the watch tables, through one :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._conn = store._conn

    # ------------------------------------------------------------------ sources

    def add_source(
        self, url: str, *, outlet: str | None = None, interval_s: int = 3600, now: str | None = None
    ) -> WatchedSource:
        """Watch ``url`` (due at once); adding a watched URL again updates outlet and interval."""
        if interval_s < 1:
            raise StoreError(Errors.E311(interval_s=interval_s))
        stamp = now or _now()
        source_id = "src-" + short_hash(url)
        with self.store.transaction():
            self._conn.execute(
                "INSERT INTO watch_sources (id, url, outlet, interval_s, added_at, next_poll_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
                "outlet = excluded.outlet, interval_s = excluded.interval_s",
                (source_id, url, outlet, interval_s, stamp, stamp),
            )
        return self.get_source(source_id)

    def get_source(self, source_id: str) -> WatchedSource:
        row = self._conn.execute(f"{_SOURCE_SELECT} WHERE s.id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFound(Errors.E449(source_id=source_id))
        return _source(row)

    def list_sources(self) -> list[WatchedSource]:
        return [
            _source(r) for r in self._conn.execute(f"{_SOURCE_SELECT} ORDER BY s.added_at, s.id")
        ]

    def remove_source(self, source_id: str) -> bool:
        with self.store.transaction():
            cursor = self._conn.execute("DELETE FROM watch_sources WHERE id = ?", (source_id,))
        return cursor.rowcount > 0

    def due_sources(self, now: str) -> list[WatchedSource]:
        """Sources whose next poll time has come, the longest waiting first."""
        rows = self._conn.execute(
            f"{_SOURCE_SELECT} WHERE s.next_poll_at <= ? ORDER BY s.next_poll_at, s.id", (now,)
        )
        return [_source(r) for r in rows]

    def next_due(self) -> str | None:
        """When the next source is due (ISO), or None without sources."""
        row = self._conn.execute("SELECT min(next_poll_at) FROM watch_sources").fetchone()
        return row[0] if row else None

    def record_poll(
        self, source_id: str, outcome: PollOutcome, items: Sequence[WatchItem] = ()
    ) -> int:
        """Store a poll's outcome and the items it listed (new keys only), in one transaction.

        The validators (ETag, Last-Modified) are written with the items, so a stop between
        the two can never make a later 304 hide items that were not recorded. Returns how
        many items were new.
        """
        new = 0
        with self.store.transaction():
            for item in items:
                cursor = self._conn.execute(
                    "INSERT INTO watch_items (source_id, key, url, entry, status, seen_at) "
                    "VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT (source_id, key) DO NOTHING",
                    (source_id, item.key, item.url, json.dumps(item.entry), outcome.polled_at),
                )
                new += cursor.rowcount
            self._conn.execute(
                "UPDATE watch_sources SET last_polled_at = ?, next_poll_at = ?, last_status = ?, "
                "failures = ?, last_error = ?, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE id = ?",
                (
                    outcome.polled_at,
                    outcome.next_poll_at,
                    outcome.status,
                    outcome.failures,
                    outcome.error,
                    outcome.etag,
                    outcome.last_modified,
                    source_id,
                ),
            )
        return new

    # ------------------------------------------------------------------ items

    def pending_items(
        self, source_id: str | None = None, limit: int = 1000, *, untried: bool = False
    ) -> list[WatchItem]:
        """Items still to fetch, oldest first (those a stopped run left come first);
        ``untried``: only those not tried yet."""
        where = "status = 'pending'" + (" AND source_id = ?" if source_id else "")
        if untried:
            where += " AND attempts = 0"
        params: tuple[Any, ...] = (source_id, limit) if source_id else (limit,)
        rows = self._conn.execute(
            f"SELECT * FROM watch_items WHERE {where} ORDER BY seen_at, rowid LIMIT ?", params
        )
        return [_item(r) for r in rows]

    def items(self, source_id: str) -> list[WatchItem]:
        rows = self._conn.execute(
            "SELECT * FROM watch_items WHERE source_id = ? ORDER BY seen_at, rowid", (source_id,)
        )
        return [_item(r) for r in rows]

    def finish_items(self, updates: Iterable[WatchItem], now: str | None = None) -> None:
        """Write the new status (and article id, attempts, error) of items, in one transaction."""
        stamp = now or _now()
        with self.store.transaction():
            self._conn.executemany(
                "UPDATE watch_items SET status = ?, article_id = ?, attempts = ?, error = ?, "
                "done_at = ? WHERE source_id = ? AND key = ?",
                [
                    (i.status, i.article_id, i.attempts, i.error, stamp, i.source_id, i.key)
                    for i in updates
                ],
            )

    def articles_added_since(self, since: str) -> list[str]:
        """Ids of the articles stored at or after ``since`` (ISO), in insertion order."""
        rows = self._conn.execute(
            "SELECT id FROM articles WHERE added_at >= ? ORDER BY seq", (since,)
        )
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ watches

    def add_watch(self, kind: WatchKind, value: str, now: str | None = None) -> tuple[Watch, bool]:
        """The watch on ``value`` and whether it is new (watching twice returns the first)."""
        value = value.strip()
        if not value:
            raise StoreError(Errors.E312(kind=kind))
        watch = Watch("w-" + short_hash(kind, value.casefold()), kind, value, now or _now())
        with self.store.transaction():
            cursor = self._conn.execute(
                "INSERT INTO watches (id, kind, value, added_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (watch.id, watch.kind, watch.value, watch.added_at),
            )
        return self.get_watch(watch.id), cursor.rowcount > 0

    def get_watch(self, watch_id: str) -> Watch:
        row = self._conn.execute("SELECT * FROM watches WHERE id = ?", (watch_id,)).fetchone()
        if row is None:
            raise NotFound(Errors.E450(watch_id=watch_id))
        return Watch(row["id"], row["kind"], row["value"], row["added_at"])

    def list_watches(self) -> list[Watch]:
        rows = self._conn.execute("SELECT * FROM watches ORDER BY added_at, id")
        return [Watch(r["id"], r["kind"], r["value"], r["added_at"]) for r in rows]

    def remove_watch(self, watch_id: str) -> bool:
        with self.store.transaction():
            cursor = self._conn.execute("DELETE FROM watches WHERE id = ?", (watch_id,))
        return cursor.rowcount > 0

    def record_observations(
        self, watch_id: str, observed: Sequence[tuple[str, Alert]], *, silent: bool = False
    ) -> list[Alert]:
        """Mark what ``watch_id`` observed as seen; the alerts of what was not seen before are
        stored (unless ``silent``: the state when a watch is added) and returned."""
        raised: list[Alert] = []
        with self.store.transaction():
            for fingerprint, alert in observed:
                cursor = self._conn.execute(
                    "INSERT INTO watch_seen (watch_id, fingerprint) VALUES (?, ?) "
                    "ON CONFLICT DO NOTHING",
                    (watch_id, fingerprint),
                )
                if cursor.rowcount == 0 or silent:
                    continue
                self._conn.execute(
                    "INSERT INTO alerts (id, watch_id, kind, created_at, data) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                    (alert.id, watch_id, alert.kind, alert.created_at, json.dumps(alert.to_dict())),
                )
                raised.append(alert)
        return raised

    # ------------------------------------------------------------------ alerts

    def list_alerts(
        self,
        *,
        since: str | None = None,
        watch_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[list[Alert], int]:
        """Alerts, newest first, and how many match in all."""
        clauses, params = ["1"], []
        if since:
            clauses.append("created_at >= ?")
            params.append(since)
        if watch_id:
            clauses.append("watch_id = ?")
            params.append(watch_id)
        where = " AND ".join(clauses)
        total = self._conn.execute(f"SELECT count(*) FROM alerts WHERE {where}", params)
        rows = self._conn.execute(
            f"SELECT data FROM alerts WHERE {where} ORDER BY seq DESC LIMIT ? OFFSET ?",
            [*params, -1 if limit is None else limit, offset],
        )
        return [Alert.from_dict(json.loads(r[0])) for r in rows], int(total.fetchone()[0])

    def undelivered_alerts(self, max_attempts: int, limit: int = 100) -> list[Alert]:
        """Alerts the webhook has not taken yet (fewer than ``max_attempts`` tries), oldest first."""
        rows = self._conn.execute(
            "SELECT data FROM alerts WHERE delivered_at IS NULL AND delivery_attempts < ? "
            "ORDER BY seq LIMIT ?",
            (max_attempts, limit),
        )
        return [Alert.from_dict(json.loads(r[0])) for r in rows]

    def record_delivery(
        self,
        alert_ids: Sequence[str],
        *,
        ok: bool,
        error: str | None = None,
        now: str | None = None,
    ) -> None:
        with self.store.transaction():
            if ok:
                self._conn.executemany(
                    "UPDATE alerts SET delivered_at = ?, delivery_attempts = "
                    "delivery_attempts + 1, delivery_error = NULL WHERE id = ?",
                    [(now or _now(), i) for i in alert_ids],
                )
            else:
                self._conn.executemany(
                    "UPDATE alerts SET delivery_attempts = delivery_attempts + 1, "
                    "delivery_error = ? WHERE id = ?",
                    [(error, i) for i in alert_ids],
                )

    def delivery_state(self, alert_id: str) -> tuple[str | None, int, str | None]:
        """``(delivered_at, attempts, last error)`` of one alert."""
        row = self._conn.execute(
            "SELECT delivered_at, delivery_attempts, delivery_error FROM alerts WHERE id = ?",
            (alert_id,),
        ).fetchone()
        if row is None:
            raise NotFound(Errors.E451(alert_id=alert_id))
        return row[0], row[1], row[2]

    # ------------------------------------------------------------------ run state

    def get_state(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM watch_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str) -> None:
        with self.store.transaction():
            self._conn.execute(
                "INSERT INTO watch_state (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )
