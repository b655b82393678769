"""The link tables (migrations ``0002_link.sql``, ``0003``) read and written through the
store's connection.

:class:`StoreIndex` is the :class:`~storyline.link.clustering.ClusterIndex` over SQLite: a
new article reads the document frequencies of its own terms and the candidate stories that
share its heaviest terms or entities, never the whole corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal

import numpy as np
from datasketch import LeanMinHash

from storyline.link._text import top_items
from storyline.link.clustering import INDEX_TERMS, MAX_CANDIDATES, Cluster
from storyline.link.duplicates import CopyLink, Fingerprint, Span, canonical_url
from storyline.link.features import ArticleFeatures

_CHUNK = 500
#: datasketch's hashing scheme of the stored signatures (see duplicates.fingerprint).
SIGNATURE_SCHEME = "affine32"


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


class StoreIndex:
    """Stories, events and document frequencies kept in the link tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        row = conn.execute("SELECT value FROM link_state WHERE key = 'n_docs'").fetchone()
        self.n_docs = int(row[0]) if row else 0

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(terms))
        out = dict.fromkeys(wanted, 0)
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            for term, df in self.conn.execute(
                f"SELECT term, df FROM link_df WHERE term IN ({marks})", list(chunk)
            ):
                out[term] = df
        return out

    def add_document(self, terms: Iterable[str]) -> None:
        self.conn.executemany(
            "INSERT INTO link_df (term, df) VALUES (?, 1) "
            "ON CONFLICT (term) DO UPDATE SET df = df + 1",
            [(t,) for t in sorted(set(terms))],
        )
        self.n_docs += 1
        self.conn.execute(
            "INSERT INTO link_state (key, value) VALUES ('n_docs', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(self.n_docs),),
        )

    def story_candidates(self, terms: Sequence[str], entities: Iterable[str]) -> list[Cluster]:
        keys = list(terms)
        ents = sorted(set(entities))[:50]
        if not keys and not ents:
            return []
        parts, params = [], []
        if keys:
            parts.append(
                f"SELECT story_id FROM link_story_terms WHERE term IN ({', '.join('?' * len(keys))})"
            )
            params.extend(keys)
        if ents:
            parts.append(
                "SELECT story_id FROM link_story_entities "
                f"WHERE entity IN ({', '.join('?' * len(ents))})"
            )
            params.extend(ents)
        rows = self.conn.execute(
            f"SELECT story_id, count(*) AS hits FROM ({' UNION ALL '.join(parts)}) "
            "GROUP BY story_id ORDER BY hits DESC, story_id LIMIT ?",
            [*params, MAX_CANDIDATES],
        ).fetchall()
        return self.clusters([r[0] for r in rows])

    def clusters(self, ids: Sequence[str]) -> list[Cluster]:
        found: dict[str, Cluster] = {}
        for chunk in _chunks(list(ids)):
            marks = ", ".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT * FROM link_clusters WHERE id IN ({marks})", list(chunk)
            ):
                found[row["id"]] = _cluster(row)
        return [found[i] for i in ids if i in found]

    def events_of(self, story_id: str, date: dt.date | None, window_days: int) -> list[Cluster]:
        sql = "SELECT * FROM link_clusters WHERE kind = 'event' AND story_id = ?"
        params: list[Any] = [story_id]
        if date is not None:
            sql += " AND (last_date IS NULL OR (last_date >= ? AND first_date <= ?))"
            params += [
                _iso(date - dt.timedelta(days=window_days)),
                _iso(date + dt.timedelta(days=window_days)),
            ]
        return [_cluster(row) for row in self.conn.execute(sql, params)]

    def save(self, cluster: Cluster, is_event: bool) -> None:
        self.conn.execute(
            "INSERT INTO link_clusters (id, kind, story_id, founder, centroid, size, first_date, "
            "last_date, entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "centroid = excluded.centroid, size = excluded.size, first_date = excluded.first_date, "
            "last_date = excluded.last_date, entities = excluded.entities",
            (
                cluster.id,
                "event" if is_event else "story",
                cluster.story_id if is_event else None,
                cluster.founder,
                json.dumps(cluster.centroid),
                cluster.size,
                _iso(cluster.first),
                _iso(cluster.last),
                json.dumps(dict(cluster.entities.most_common(30))),
            ),
        )
        if is_event:
            return
        self.conn.execute("DELETE FROM link_story_terms WHERE story_id = ?", (cluster.id,))
        self.conn.executemany(
            "INSERT INTO link_story_terms (term, story_id) VALUES (?, ?)",
            [(t, cluster.id) for t in top_items(cluster.centroid, INDEX_TERMS)],
        )
        self.conn.execute("DELETE FROM link_story_entities WHERE story_id = ?", (cluster.id,))
        self.conn.executemany(
            "INSERT INTO link_story_entities (entity, story_id) VALUES (?, ?)",
            [(e, cluster.id) for e, _ in cluster.entities.most_common(10)],
        )


def _cluster(row: sqlite3.Row) -> Cluster:
    return Cluster(
        id=row["id"],
        founder=row["founder"],
        centroid=json.loads(row["centroid"]),
        size=row["size"],
        first=_date(row["first_date"]),
        last=_date(row["last_date"]),
        entities=Counter(json.loads(row["entities"])),
        story_id=row["story_id"],
    )


def clear_link_tables(conn: sqlite3.Connection) -> None:
    for table in (
        "link_articles",
        "link_clusters",
        "link_story_terms",
        "link_story_entities",
        "link_df",
        "link_state",
        "link_story_products",
        "link_pending",
    ):
        conn.execute(f"DELETE FROM {table}")


PendingKind = Literal["entities", "story"]


def mark_pending(conn: sqlite3.Connection, kind: PendingKind, ids: Iterable[str]) -> None:
    """Note work a link run still owes: an article's entities, a story's products."""
    conn.executemany(
        "INSERT OR IGNORE INTO link_pending (kind, id) VALUES (?, ?)",
        [(kind, i) for i in sorted(set(ids))],
    )


def pending(conn: sqlite3.Connection, kind: PendingKind) -> list[str]:
    return [
        r[0]
        for r in conn.execute("SELECT id FROM link_pending WHERE kind = ? ORDER BY id", (kind,))
    ]


def clear_pending(conn: sqlite3.Connection, kind: PendingKind, ids: Iterable[str]) -> None:
    for chunk in _chunks(sorted(set(ids))):
        conn.execute(
            f"DELETE FROM link_pending WHERE kind = ? AND id IN ({', '.join('?' * len(chunk))})",
            [kind, *chunk],
        )


def story_ids(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT id FROM link_clusters WHERE kind = 'story'")]


def unlinked_article_ids(conn: sqlite3.Connection) -> list[str]:
    """Stored articles the link stage has not seen, oldest publication first."""
    # articles.story_id is set for every linked article and indexed: the scan stays on the
    # new rows instead of the whole table (sorting in SQL would make it walk the date index)
    rows = conn.execute(
        "SELECT a.id, a.published, a.seq FROM articles a WHERE a.story_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM link_articles l WHERE l.article_id = a.id)"
    ).fetchall()
    rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[2]))
    return [r[0] for r in rows]


def save_article(
    conn: sqlite3.Connection,
    features: ArticleFeatures,
    fp: Fingerprint,
    story_id: str,
    event_id: str,
    copy: CopyLink | None,
    scores: tuple[float, float],
    inferred: tuple[str, str] | None = None,
) -> None:
    """Record one article's link row and mirror story/event/copy in ``articles``."""
    conn.execute(
        "INSERT OR REPLACE INTO link_articles (article_id, story_id, event_id, copy_of, copy_kind, "
        "copy_similarity, copy_added, copy_cut, text_hash, signature, shingles, length, "
        "published, date, inferred_date, inferred_evidence, vector, lead_vector, entities, "
        "story_score, event_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            features.article_id,
            story_id,
            event_id,
            copy.copy_of if copy else None,
            copy.kind if copy else None,
            copy.similarity if copy else None,
            json.dumps([s.to_dict() for s in copy.added]) if copy else None,
            json.dumps([s.to_dict() for s in copy.cut]) if copy else None,
            fp.text_hash,
            fp.signature.hashvalues.astype("<u8").tobytes(),
            fp.shingles,
            fp.length,
            fp.published,
            _iso(features.date),
            inferred[0] if inferred else None,
            inferred[1] if inferred else None,
            json.dumps(features.vector),
            json.dumps(features.lead_vector),
            json.dumps(sorted(features.entities)),
            scores[0],
            scores[1],
        ),
    )
    conn.execute(
        "UPDATE articles SET story_id = ?, event_id = ?, copy_of = ? WHERE id = ?",
        (story_id, event_id, copy.copy_of if copy else None, features.article_id),
    )


def fingerprint_from_row(row: sqlite3.Row) -> Fingerprint:
    """The stored fingerprint; outlet and URL come along when the row joined ``articles``."""
    values = np.frombuffer(row["signature"], dtype="<u8").astype(np.uint64)
    signature = LeanMinHash(seed=1, hashvalues=values, scheme=SIGNATURE_SCHEME)
    keys = row.keys()
    return Fingerprint(
        row["article_id"],
        row["text_hash"],
        signature,
        row["shingles"],
        row["published"],
        row["length"],
        row["outlet"] if "outlet" in keys else None,
        canonical_url(row["url"]) if "url" in keys else None,
    )


def copies_of(conn: sqlite3.Connection, article_id: str) -> list[str]:
    """Ids of the stored copies of ``article_id``."""
    rows = conn.execute(
        "SELECT article_id FROM link_articles WHERE copy_of = ? ORDER BY article_id", (article_id,)
    )
    return [r[0] for r in rows]


def set_copy(
    conn: sqlite3.Connection, article_id: str, copy: CopyLink | None, story_id: str, event_id: str
) -> None:
    """Re-point a stored article: it becomes a copy (``copy``) or an original (None)."""
    conn.execute(
        "UPDATE link_articles SET copy_of = ?, copy_kind = ?, copy_similarity = ?, "
        "copy_added = ?, copy_cut = ?, story_id = ?, event_id = ? WHERE article_id = ?",
        (
            copy.copy_of if copy else None,
            copy.kind if copy else None,
            copy.similarity if copy else None,
            json.dumps([s.to_dict() for s in copy.added]) if copy else None,
            json.dumps([s.to_dict() for s in copy.cut]) if copy else None,
            story_id,
            event_id,
            article_id,
        ),
    )
    conn.execute(
        "UPDATE articles SET story_id = ?, event_id = ?, copy_of = ? WHERE id = ?",
        (story_id, event_id, copy.copy_of if copy else None, article_id),
    )


def copy_links(
    conn: sqlite3.Connection, article_ids: Sequence[str] | None = None
) -> list[CopyLink]:
    """Every stored copy relation (or those of the copies ``article_ids``), by copy id."""
    select = (
        "SELECT article_id, copy_of, copy_kind, copy_similarity, copy_added, copy_cut "
        "FROM link_articles WHERE copy_of IS NOT NULL"
    )
    if article_ids is None:
        rows = list(conn.execute(f"{select} ORDER BY article_id"))
    else:
        rows = []
        for chunk in _chunks(sorted(set(article_ids))):
            rows += conn.execute(
                f"{select} AND article_id IN ({', '.join('?' * len(chunk))})", list(chunk)
            )
        rows.sort(key=lambda r: r["article_id"])
    return [
        CopyLink(
            r["article_id"],
            r["copy_of"],
            r["copy_kind"],
            r["copy_similarity"],
            [Span(**s) for s in json.loads(r["copy_added"] or "[]")],
            [Span(**s) for s in json.loads(r["copy_cut"] or "[]")],
        )
        for r in rows
    ]


def copy_candidates(
    conn: sqlite3.Connection,
    text_hash: str,
    story_ids: Sequence[str],
    date: dt.date | None,
    window_days: int,
    url: str | None = None,
) -> list[sqlite3.Row]:
    """Stored originals that may be what a new article copies: same hash, same URL, or the
    same story nearby. Rows carry the original's ``outlet`` and ``url`` from ``articles``."""
    select = (
        "SELECT l.*, a.outlet AS outlet, a.url AS url FROM link_articles l "
        "JOIN articles a ON a.id = l.article_id WHERE l.copy_of IS NULL"
    )
    rows = list(conn.execute(f"{select} AND l.text_hash = ?", (text_hash,)))
    if url:
        rows.extend(conn.execute(f"{select} AND a.url = ?", (url,)))
    if story_ids:
        marks = ", ".join("?" * len(story_ids))
        sql = f"{select} AND l.story_id IN ({marks})"
        params: list[Any] = list(story_ids)
        if date is not None:
            sql += " AND (l.date IS NULL OR l.date BETWEEN ? AND ?)"
            params += [
                _iso(date - dt.timedelta(days=window_days)),
                _iso(date + dt.timedelta(days=window_days)),
            ]
        rows.extend(conn.execute(sql + " LIMIT 200", params))
    unique: dict[str, sqlite3.Row] = {}
    for row in rows:
        unique.setdefault(row["article_id"], row)
    return list(unique.values())


def copy_map(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """Copy id -> original id for the copies among ``article_ids``."""
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        marks = ", ".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT article_id, copy_of FROM link_articles WHERE article_id IN ({marks}) "
            "AND copy_of IS NOT NULL",
            list(chunk),
        ):
            out[r[0]] = r[1]
    return out


def inferred_dates(
    conn: sqlite3.Connection, article_ids: Sequence[str]
) -> dict[str, tuple[str, str]]:
    """Article id -> (inferred publication date, evidence) for the undated among ``article_ids``."""
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(sorted(set(article_ids))):
        marks = ", ".join("?" * len(chunk))
        for r in conn.execute(
            "SELECT article_id, inferred_date, inferred_evidence FROM link_articles "
            f"WHERE article_id IN ({marks}) AND inferred_date IS NOT NULL",
            list(chunk),
        ):
            out[r[0]] = (r[1], r[2] or "")
    return out


def link_rows(conn: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    return {r["article_id"]: r for r in conn.execute("SELECT * FROM link_articles")}


def story_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return list(
        conn.execute("SELECT * FROM link_clusters WHERE kind = 'story' ORDER BY first_date, id")
    )


def event_rows(conn: sqlite3.Connection, story_id: str | None = None) -> list[sqlite3.Row]:
    sql = "SELECT * FROM link_clusters WHERE kind = 'event'"
    params: list[Any] = []
    if story_id:
        sql += " AND story_id = ?"
        params.append(story_id)
    return list(conn.execute(sql + " ORDER BY first_date, id", params))


def members(conn: sqlite3.Connection, column: str, cluster_id: str) -> list[sqlite3.Row]:
    assert column in {"story_id", "event_id"}
    return list(
        conn.execute(
            f"SELECT * FROM link_articles WHERE {column} = ? ORDER BY date, article_id",
            (cluster_id,),
        )
    )
