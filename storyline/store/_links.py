"""The link stage's tables (migrations ``0002``, ``0003``, ``0005``, ``0009``), written and read
here so the store owns every SQL statement.

The link stage works through :class:`LinkTables` (``store.links``), inside the store's
transaction (``with store.transaction():``); the plain readers the interfaces call take the
store, as the other read functions of the store do (:func:`~storyline.store._db.reader`).

``link_articles`` is the one stored form of an article's assignment (story, event, copy);
the ``story_id``/``event_id``/``copy_of`` columns of ``articles`` are derived from it by the
triggers of migration ``0009``, for the filters and listings that read ``articles`` alone.

Values cross this boundary as plain types (ids, ISO dates, JSON-ready dicts, rows); the
link stage turns them into its own types.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from storyline.store._db import chunks, marks, reader

PendingKind = Literal["entities", "story"]

#: The columns of ``link_articles`` in the order :meth:`LinkTables.save_article` takes them.
LINK_COLUMNS = (
    "article_id",
    "story_id",
    "event_id",
    "copy_of",
    "copy_kind",
    "copy_similarity",
    "copy_added",
    "copy_cut",
    "text_hash",
    "signature",
    "shingles",
    "length",
    "published",
    "date",
    "inferred_date",
    "inferred_evidence",
    "vector",
    "lead_vector",
    "entities",
    "story_score",
    "event_score",
)
#: The copy relation of ``link_articles``, as :meth:`LinkTables.set_copy` takes it.
COPY_COLUMNS = ("copy_of", "copy_kind", "copy_similarity", "copy_added", "copy_cut")

_TABLES = (
    "link_articles",
    "link_clusters",
    "link_story_terms",
    "link_story_entities",
    "link_df",
    "link_state",
    "link_story_products",
    "link_pending",
)


#: link_state key prefix of a story's timeline input digest (the link stage's own state).
_TIMELINE_INPUTS = "timeline_inputs:"


class LinkTables:
    """The link stage's reads and writes; call the writes inside ``store.transaction()``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    # ------------------------------------------------------------------ index state

    def n_docs(self) -> int:
        row = self._conn.execute("SELECT value FROM link_state WHERE key = 'n_docs'").fetchone()
        return int(row[0]) if row else 0

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """Document frequency of each of ``terms`` (0 for a term never seen)."""
        wanted = sorted(set(terms))
        out = dict.fromkeys(wanted, 0)
        for chunk in chunks(wanted):
            for term, df in self._conn.execute(
                f"SELECT term, df FROM link_df WHERE term IN ({marks(chunk)})", list(chunk)
            ):
                out[term] = df
        return out

    def add_document(self, terms: Iterable[str], n_docs: int) -> None:
        """Count one more document holding ``terms``; ``n_docs`` is the new total."""
        self._conn.executemany(
            "INSERT INTO link_df (term, df) VALUES (?, 1) "
            "ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(t,) for t in sorted(set(terms))],
        )
        self._conn.execute(
            "INSERT INTO link_state (key, value) VALUES ('n_docs', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(n_docs),),
        )

    def story_candidates(
        self,
        terms: Sequence[str],
        entities: Sequence[str],
        limit: int,
        days: tuple[str, str] | None = None,
    ) -> list[str]:
        """Ids of the stories indexed under most of ``terms`` and ``entities``, best first;
        with ``days`` (ISO first and last day) only stories whose days reach into them."""
        parts: list[str] = []
        params: list[str] = []
        if terms:
            parts.append(f"SELECT story_id FROM link_story_terms WHERE term IN ({marks(terms)})")
            params.extend(terms)
        if entities:
            parts.append(
                f"SELECT story_id FROM link_story_entities WHERE entity IN ({marks(entities)})"
            )
            params.extend(entities)
        if not parts:
            return []
        # an undated story reaches every day
        near = (
            " JOIN link_clusters c ON c.id = h.story_id WHERE c.first_date IS NULL OR "
            "c.last_date IS NULL OR (c.last_date >= ? AND c.first_date <= ?)"
            if days
            else ""
        )
        rows = self._conn.execute(
            f"SELECT h.story_id, count(*) AS hits FROM ({' UNION ALL '.join(parts)}) h{near} "
            "GROUP BY h.story_id ORDER BY hits DESC, h.story_id LIMIT ?",
            [*params, *(days or ()), limit],
        ).fetchall()
        return [r[0] for r in rows]

    def cluster_rows(self, ids: Sequence[str]) -> dict[str, sqlite3.Row]:
        found: dict[str, sqlite3.Row] = {}
        for chunk in chunks(list(ids)):
            for row in self._conn.execute(
                f"SELECT * FROM link_clusters WHERE id IN ({marks(chunk)})", list(chunk)
            ):
                found[row["id"]] = row
        return found

    def event_rows_near(
        self, story_id: str, earliest: str | None, latest: str | None
    ) -> list[sqlite3.Row]:
        """The story's events whose days reach into ``[earliest, latest]`` (all without dates)."""
        sql = "SELECT * FROM link_clusters WHERE kind = 'event' AND story_id = ?"
        params: list[Any] = [story_id]
        if earliest is not None and latest is not None:
            sql += " AND (last_date IS NULL OR (last_date >= ? AND first_date <= ?))"
            params += [earliest, latest]
        return list(self._conn.execute(sql, params))

    def save_cluster(
        self,
        values: Mapping[str, Any],
        index_terms: Sequence[str] | None = None,
        index_entities: Sequence[str] | None = None,
    ) -> None:
        """Store a story or event centroid; a story is indexed under ``index_terms`` and
        ``index_entities`` (replacing its earlier index)."""
        self._conn.execute(
            "INSERT INTO link_clusters (id, kind, story_id, founder, centroid, size, first_date, "
            "last_date, entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "centroid = excluded.centroid, size = excluded.size, first_date = excluded.first_date, "
            "last_date = excluded.last_date, entities = excluded.entities",
            (
                values["id"],
                values["kind"],
                values["story_id"],
                values["founder"],
                json.dumps(values["centroid"]),
                values["size"],
                values["first_date"],
                values["last_date"],
                json.dumps(values["entities"]),
            ),
        )
        if index_terms is not None:
            self._conn.execute("DELETE FROM link_story_terms WHERE story_id = ?", (values["id"],))
            self._conn.executemany(
                "INSERT INTO link_story_terms (term, story_id) VALUES (?, ?)",
                [(t, values["id"]) for t in index_terms],
            )
        if index_entities is not None:
            self._conn.execute(
                "DELETE FROM link_story_entities WHERE story_id = ?", (values["id"],)
            )
            self._conn.executemany(
                "INSERT INTO link_story_entities (entity, story_id) VALUES (?, ?)",
                [(e, values["id"]) for e in index_entities],
            )

    def clear(self) -> None:
        """Forget every link result (a full re-link starts over)."""
        for table in _TABLES:
            self._conn.execute(f"DELETE FROM {table}")

    # ------------------------------------------------------------------ pending work

    def mark_pending(self, kind: PendingKind, ids: Iterable[str]) -> None:
        """Note work a link run still owes: an article's entities, a story's products."""
        self._conn.executemany(
            "INSERT OR IGNORE INTO link_pending (kind, id) VALUES (?, ?)",
            [(kind, i) for i in sorted(set(ids))],
        )

    def pending(self, kind: PendingKind) -> list[str]:
        return [
            r[0]
            for r in self._conn.execute(
                "SELECT id FROM link_pending WHERE kind = ? ORDER BY id", (kind,)
            )
        ]

    def clear_pending(self, kind: PendingKind, ids: Iterable[str]) -> None:
        for chunk in chunks(sorted(set(ids))):
            self._conn.execute(
                f"DELETE FROM link_pending WHERE kind = ? AND id IN ({marks(chunk)})",
                [kind, *chunk],
            )

    # ------------------------------------------------------------------ articles

    def several_languages(self) -> bool:
        """Whether the stored articles are in more than one known language (two look-ups on
        the language index, whatever the store's size)."""
        first = self._conn.execute(
            "SELECT language FROM articles WHERE language IS NOT NULL LIMIT 1"
        ).fetchone()
        if first is None:
            return False
        other = self._conn.execute(
            "SELECT 1 FROM articles WHERE language IS NOT NULL AND language != ? LIMIT 1",
            (first[0],),
        ).fetchone()
        return other is not None

    def unlinked_article_ids(self) -> list[str]:
        """Stored articles the link stage has not seen, oldest publication first."""
        # articles.story_id is set for every linked article and indexed: the scan stays on the
        # new rows instead of the whole table (sorting in SQL would make it walk the date index)
        rows = self._conn.execute(
            "SELECT a.id, a.published, a.seq FROM articles a WHERE a.story_id IS NULL AND NOT "
            "EXISTS (SELECT 1 FROM link_articles l WHERE l.article_id = a.id)"
        ).fetchall()
        rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[2]))
        return [r[0] for r in rows]

    def save_article(self, values: Mapping[str, Any]) -> None:
        """Record one article's link row (``LINK_COLUMNS``); ``articles`` follows by trigger."""
        self._conn.execute(
            f"INSERT OR REPLACE INTO link_articles ({', '.join(LINK_COLUMNS)}) "
            f"VALUES ({marks(LINK_COLUMNS)})",
            [values[c] for c in LINK_COLUMNS],
        )

    def set_copy(
        self, article_id: str, copy: Mapping[str, Any], story_id: str, event_id: str
    ) -> None:
        """Re-point a stored article: its copy relation (``COPY_COLUMNS``, all None for an
        original), story and event."""
        self._conn.execute(
            "UPDATE link_articles SET copy_of = ?, copy_kind = ?, copy_similarity = ?, "
            "copy_added = ?, copy_cut = ?, story_id = ?, event_id = ? WHERE article_id = ?",
            [*(copy[c] for c in COPY_COLUMNS), story_id, event_id, article_id],
        )

    def copies_of(self, article_id: str) -> list[str]:
        """Ids of the stored copies of ``article_id``."""
        rows = self._conn.execute(
            "SELECT article_id FROM link_articles WHERE copy_of = ? ORDER BY article_id",
            (article_id,),
        )
        return [r[0] for r in rows]

    def copy_rows(self, article_ids: Sequence[str] | None = None) -> list[sqlite3.Row]:
        """The copy relations (of the copies ``article_ids``, or all), by copy id."""
        return copy_rows(self._conn, article_ids)

    def copy_candidates(
        self,
        text_hash: str,
        story_ids: Sequence[str],
        days: tuple[str, str] | None,
        url: str | None = None,
    ) -> list[sqlite3.Row]:
        """Stored originals that may be what a new article copies: same hash, same URL, or
        the same story within ``days`` (ISO first and last day). Rows carry the original's
        ``outlet`` and ``url`` from ``articles``."""
        select = (
            "SELECT l.*, a.outlet AS outlet, a.url AS url FROM link_articles l "
            "JOIN articles a ON a.id = l.article_id WHERE l.copy_of IS NULL"
        )
        rows = list(self._conn.execute(f"{select} AND l.text_hash = ?", (text_hash,)))
        if url:
            rows.extend(self._conn.execute(f"{select} AND a.url = ?", (url,)))
        if story_ids:
            sql = f"{select} AND l.story_id IN ({marks(story_ids)})"
            params: list[Any] = list(story_ids)
            if days is not None:
                sql += " AND (l.date IS NULL OR l.date BETWEEN ? AND ?)"
                params += list(days)
            rows.extend(self._conn.execute(sql + " LIMIT 200", params))
        unique: dict[str, sqlite3.Row] = {}
        for row in rows:
            unique.setdefault(row["article_id"], row)
        return list(unique.values())

    def copy_map(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Copy id -> original id for the copies among ``article_ids``."""
        out: dict[str, str] = {}
        for chunk in chunks(sorted(set(article_ids))):
            for r in self._conn.execute(
                f"SELECT article_id, copy_of FROM link_articles WHERE article_id IN "
                f"({marks(chunk)}) AND copy_of IS NOT NULL",
                list(chunk),
            ):
                out[r[0]] = r[1]
        return out

    def inferred_dates(self, article_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Article id -> (inferred publication date, evidence) for the undated among them."""
        out: dict[str, tuple[str, str]] = {}
        for chunk in chunks(sorted(set(article_ids))):
            for r in self._conn.execute(
                "SELECT article_id, inferred_date, inferred_evidence FROM link_articles "
                f"WHERE article_id IN ({marks(chunk)}) AND inferred_date IS NOT NULL",
                list(chunk),
            ):
                out[r[0]] = (r[1], r[2] or "")
        return out

    def link_rows(self) -> dict[str, sqlite3.Row]:
        """Every article's story, event and original (not its vectors or signatures)."""
        return {
            r["article_id"]: r
            for r in self._conn.execute(
                "SELECT article_id, story_id, event_id, copy_of FROM link_articles"
            )
        }

    def story_rows(self) -> list[sqlite3.Row]:
        return list(
            self._conn.execute(
                "SELECT * FROM link_clusters WHERE kind = 'story' ORDER BY first_date, id"
            )
        )

    def cluster_heads(
        self, kind: Literal["story", "event"], story_id: str | None = None
    ) -> list[sqlite3.Row]:
        """The stories (or the events, all or those of ``story_id``) by first date, each with
        what names it: ``neutral_title`` (a story's stored title), and ``founder_found``,
        ``founder_title`` and ``founder_text`` (its founding article, if still stored)."""
        sql = (
            "SELECT c.*, t.title AS neutral_title, a.id IS NOT NULL AS founder_found, "
            "a.title AS founder_title, a.text AS founder_text FROM link_clusters c "
            "LEFT JOIN articles a ON a.id = c.founder "
            "LEFT JOIN link_story_titles t ON t.story_id = c.id AND c.kind = 'story' "
            "WHERE c.kind = ?"
        )
        params: list[Any] = [kind]
        if story_id:
            sql += " AND c.story_id = ?"
            params.append(story_id)
        return list(self._conn.execute(sql + " ORDER BY c.first_date, c.id", params))

    def original_members(
        self, kind: Literal["story", "event"], story_id: str | None = None
    ) -> dict[str, list[str]]:
        """Story (or event) id -> its articles that are not copies, by date; with
        ``story_id``, only the members of that story's events."""
        column = {"story": "story_id", "event": "event_id"}[kind]
        sql = f"SELECT article_id, {column} FROM link_articles WHERE coalesce(copy_of, '') = ''"
        params: list[Any] = []
        if story_id:
            sql += f" AND {column} IN (SELECT id FROM link_clusters WHERE story_id = ?)"
            params.append(story_id)
        out: dict[str, list[str]] = {}
        for row in self._conn.execute(sql + " ORDER BY date, article_id", params):
            out.setdefault(row[1], []).append(row[0])
        return out

    def members(
        self, column: Literal["story_id", "event_id"], cluster_id: str
    ) -> list[sqlite3.Row]:
        """The link rows of a story's or an event's articles, by date."""
        assert column in {"story_id", "event_id"}
        return list(
            self._conn.execute(
                f"SELECT * FROM link_articles WHERE {column} = ? ORDER BY date, article_id",
                (cluster_id,),
            )
        )

    def member_published(self, event_id: str) -> list[str | None]:
        """The publication dates of an event's articles."""
        rows = self._conn.execute(
            "SELECT published FROM link_articles WHERE event_id = ?", (event_id,)
        )
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ story products

    def save_products(self, story_id: str, timeline: str, outlets: str, claims: str | None) -> None:
        """Store a story's products (JSON lists; ``claims`` None when not computed)."""
        self._conn.execute(
            "INSERT INTO link_story_products (story_id, timeline, outlets, claims) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (story_id) DO UPDATE SET timeline = "
            "excluded.timeline, outlets = excluded.outlets, claims = excluded.claims",
            (story_id, timeline, outlets, claims),
        )

    def delete_products(self, story_id: str) -> None:
        self._conn.execute("DELETE FROM link_story_products WHERE story_id = ?", (story_id,))
        self.save_timeline_inputs(story_id, None)

    def timeline_inputs(self, story_id: str) -> str | None:
        """The digest of what the story's stored timeline was built from (None: not known)."""
        row = self._conn.execute(
            "SELECT value FROM link_state WHERE key = ?", (_TIMELINE_INPUTS + story_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def save_timeline_inputs(self, story_id: str, digest: str | None) -> None:
        """Note (or with None forget) the digest of the inputs of the story's stored timeline."""
        key = _TIMELINE_INPUTS + story_id
        if digest is None:
            self._conn.execute("DELETE FROM link_state WHERE key = ?", (key,))
            return
        self._conn.execute(
            "INSERT INTO link_state (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, digest),
        )
        save_story_title(self._conn, story_id, None)

    def products_row(self, story_id: str) -> sqlite3.Row | None:
        return products_row(self._conn, story_id)

    # ------------------------------------------------------------------ story identity

    def save_story_title(self, story_id: str, title: str | None) -> None:
        save_story_title(self._conn, story_id, title)

    def story_titles(self, story_ids: Sequence[str]) -> dict[str, str]:
        return _story_titles(self._conn, story_ids)

    def save_story_aliases(self, aliases: Mapping[str, str]) -> None:
        """Record that each old id now lives on as another story (earlier aliases follow)."""
        for old_id, story_id in aliases.items():
            self._conn.execute(
                "INSERT INTO link_story_aliases (old_id, story_id) VALUES (?, ?) "
                "ON CONFLICT (old_id) DO UPDATE SET story_id = excluded.story_id",
                (old_id, story_id),
            )
            self._conn.execute(
                "UPDATE link_story_aliases SET story_id = ? WHERE story_id = ?",
                (story_id, old_id),
            )
        # an id in use again is a story, not an alias
        self._conn.execute(
            "DELETE FROM link_story_aliases WHERE old_id IN "
            "(SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL)"
        )


# ---------------------------------------------------------------------------- readers


def copy_rows(
    conn: sqlite3.Connection, article_ids: Sequence[str] | None = None
) -> list[sqlite3.Row]:
    """The stored copy relations (of the copies ``article_ids``, or all), by copy id."""
    select = (
        "SELECT article_id, copy_of, copy_kind, copy_similarity, copy_added, copy_cut "
        "FROM link_articles WHERE copy_of IS NOT NULL"
    )
    if article_ids is None:
        return list(conn.execute(f"{select} ORDER BY article_id"))
    rows: list[sqlite3.Row] = []
    for chunk in chunks(sorted(set(article_ids))):
        rows += conn.execute(f"{select} AND article_id IN ({marks(chunk)})", list(chunk))
    rows.sort(key=lambda r: r["article_id"])
    return rows


def products_row(conn: sqlite3.Connection, story_id: str) -> sqlite3.Row | None:
    """The stored products of ``story_id`` (JSON columns); None when none are stored."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM link_story_products WHERE story_id = ?", (story_id,)
    ).fetchone()
    return row


def save_story_title(conn: sqlite3.Connection, story_id: str, title: str | None) -> None:
    """Store (or with None forget) a story's neutral title."""
    if title is None:
        conn.execute("DELETE FROM link_story_titles WHERE story_id = ?", (story_id,))
        return
    conn.execute(
        "INSERT INTO link_story_titles (story_id, title) VALUES (?, ?) "
        "ON CONFLICT (story_id) DO UPDATE SET title = excluded.title",
        (story_id, title),
    )


def _story_titles(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, str]:
    """The stored neutral titles of ``story_ids`` (those that have one)."""
    out: dict[str, str] = {}
    for chunk in chunks(list(dict.fromkeys(story_ids))):
        for row in conn.execute(
            f"SELECT story_id, title FROM link_story_titles WHERE story_id IN ({marks(chunk)})",
            list(chunk),
        ):
            out[row[0]] = row[1]
    return out


#: The stored neutral titles of the given stories, read with the store.
story_titles = reader(_story_titles)


@reader
def resolve_story_id(conn: sqlite3.Connection, story_id: str) -> str | None:
    """The story an old, merged story id now lives on as (None when it is not an alias)."""
    seen = {story_id}
    current = story_id
    for _ in range(8):
        row = conn.execute(
            "SELECT story_id FROM link_story_aliases WHERE old_id = ?", (current,)
        ).fetchone()
        if row is None or row[0] in seen:
            break
        current = row[0]
        seen.add(current)
    return current if current != story_id else None
