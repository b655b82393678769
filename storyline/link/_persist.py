"""The link stage's values to and from the store's link tables (:class:`storyline.store._links.LinkTables`,
migrations ``0002``, ``0003``): clusters, fingerprints and copy relations become rows and
back. No SQL here; the store runs it.

:class:`StoreIndex` is the :class:`~storyline.link.clustering.ClusterIndex` over the store: a
new article reads the document frequencies of its own terms and the candidate stories that
share its heaviest terms or entities, never the whole corpus.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from datasketch import LeanMinHash

from storyline.link._text import top_items
from storyline.link.clustering import INDEX_TERMS, MAX_CANDIDATES, Cluster, StoryQuery
from storyline.link.duplicates import CopyLink, Fingerprint, Span, canonical_url
from storyline.link.features import ArticleFeatures
from storyline.store._links import LinkTables

#: datasketch's hashing scheme of the stored signatures (see duplicates.fingerprint).
SIGNATURE_SCHEME = "affine32"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def days_around(date: dt.date | None, window_days: int) -> tuple[str, str] | None:
    """The ISO first and last day within ``window_days`` of ``date`` (None without a date)."""
    if date is None:
        return None
    delta = dt.timedelta(days=window_days)
    return (date - delta).isoformat(), (date + delta).isoformat()


class StoreIndex:
    """Stories, events and document frequencies kept in the store's link tables."""

    def __init__(self, tables: LinkTables) -> None:
        self.tables = tables
        self.n_docs = tables.n_docs()

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        return self.tables.document_frequencies(terms)

    def add_document(self, terms: Iterable[str]) -> None:
        self.n_docs += 1
        self.tables.add_document(terms, self.n_docs)

    def story_candidates(self, query: StoryQuery) -> list[Cluster]:
        ids = self.tables.story_candidates(
            list(query.terms),
            sorted(query.entities)[:50],
            MAX_CANDIDATES,
            days_around(query.date, query.window_days),
        )
        return self.clusters(ids)

    def clusters(self, ids: Sequence[str]) -> list[Cluster]:
        found = self.tables.cluster_rows(ids)
        return [_cluster(found[i]) for i in ids if i in found]

    def events_of(self, story_id: str, date: dt.date | None, window_days: int) -> list[Cluster]:
        days = days_around(date, window_days)
        rows = self.tables.event_rows_near(story_id, *(days or (None, None)))
        return [_cluster(row) for row in rows]

    def save(self, cluster: Cluster, is_event: bool) -> None:
        values = {
            "id": cluster.id,
            "kind": "event" if is_event else "story",
            "story_id": cluster.story_id if is_event else None,
            "founder": cluster.founder,
            "centroid": cluster.centroid,
            "size": cluster.size,
            "first_date": _iso(cluster.first),
            "last_date": _iso(cluster.last),
            "entities": dict(cluster.entities.most_common(30)),
        }
        if is_event:
            self.tables.save_cluster(values)
            return
        self.tables.save_cluster(
            values,
            top_items(cluster.centroid, INDEX_TERMS),
            [e for e, _ in cluster.entities.most_common(10)],
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


def _copy_values(copy: CopyLink | None) -> dict[str, Any]:
    return {
        "copy_of": copy.copy_of if copy else None,
        "copy_kind": copy.kind if copy else None,
        "copy_similarity": copy.similarity if copy else None,
        "copy_added": json.dumps([s.to_dict() for s in copy.added]) if copy else None,
        "copy_cut": json.dumps([s.to_dict() for s in copy.cut]) if copy else None,
    }


def save_article(
    tables: LinkTables,
    features: ArticleFeatures,
    fp: Fingerprint,
    story_id: str,
    event_id: str,
    copy: CopyLink | None,
    scores: tuple[float, float],
    inferred: tuple[str, str] | None = None,
) -> None:
    """Record one article's link row (story, event, copy, fingerprint, vectors)."""
    tables.save_article(
        {
            "article_id": features.article_id,
            "story_id": story_id,
            "event_id": event_id,
            **_copy_values(copy),
            "text_hash": fp.text_hash,
            "signature": fp.signature.hashvalues.astype("<u8").tobytes(),
            "shingles": fp.shingles,
            "length": fp.length,
            "published": fp.published,
            "date": _iso(features.date),
            "inferred_date": inferred[0] if inferred else None,
            "inferred_evidence": inferred[1] if inferred else None,
            "vector": json.dumps(features.vector),
            "lead_vector": json.dumps(features.lead_vector),
            "entities": json.dumps(sorted(features.entities)),
            "story_score": scores[0],
            "event_score": scores[1],
        }
    )


def set_copy(
    tables: LinkTables, article_id: str, copy: CopyLink | None, story_id: str, event_id: str
) -> None:
    """Re-point a stored article: it becomes a copy (``copy``) or an original (None)."""
    tables.set_copy(article_id, _copy_values(copy), story_id, event_id)


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


def copy_links(tables: LinkTables, article_ids: Sequence[str] | None = None) -> list[CopyLink]:
    """Every stored copy relation (or those of the copies ``article_ids``), by copy id."""
    return [
        CopyLink(
            r["article_id"],
            r["copy_of"],
            r["copy_kind"],
            r["copy_similarity"],
            [Span(**s) for s in json.loads(r["copy_added"] or "[]")],
            [Span(**s) for s in json.loads(r["copy_cut"] or "[]")],
        )
        for r in tables.copy_rows(article_ids)
    ]
