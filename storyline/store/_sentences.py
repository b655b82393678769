"""Reads of the stored sentences (table ``sentences``, migration 0004): what claims search.

Statements are found three ways -- words (FTS5/BM25 over their text), names (mentions of
the same unified entity inside them) and meaning (their stored e5 embeddings) -- and read
back with their spans, cue counts, embeddings and the entities they mention.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.pipeline.embed import DIM, Vector, decode_vector
from storyline.store._db import chunks, marks, reader


@dataclass
class StoredStatement:
    """A statement as stored: its article, span, text, cue counts, embedding and entities."""

    article_id: str
    idx: int
    start: int
    end: int
    text: str
    cues: dict[str, int]
    vector: Vector | None
    entities: frozenset[str]


@reader
def statements_by_words(conn: sqlite3.Connection, fts_query: str, limit: int) -> list[str]:
    """Article ids of the statements that best match an FTS5 query (BM25), best first."""
    if not fts_query:
        return []
    rows = conn.execute(
        "SELECT s.article_id FROM sentences_fts f JOIN sentences s ON s.rowid = f.rowid "
        "WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts) LIMIT ?",
        (fts_query, limit),
    )
    return list(dict.fromkeys(r["article_id"] for r in rows))


@reader
def mention_keys_spelled(conn: sqlite3.Connection, names: Iterable[str]) -> set[str]:
    """Entity keys (entity id, else the folded canonical name) of mentions spelled ``names``."""
    keys: set[str] = set()
    for name in names:
        for row in conn.execute(
            "SELECT DISTINCT entity_id, canonical FROM mentions "
            "WHERE text = ? COLLATE NOCASE OR canonical = ? COLLATE NOCASE LIMIT 50",
            (name, name),
        ):
            keys.add(row["entity_id"] or row["canonical"].lower())
    return keys


@reader
def articles_mentioning(conn: sqlite3.Connection, keys: Iterable[str], limit: int) -> list[str]:
    """Articles with a mention of any entity key (newest first)."""
    keys = list(keys)
    if not keys:
        return []
    rows = conn.execute(
        f"SELECT DISTINCT m.article_id FROM mentions m JOIN articles a ON a.id = m.article_id "
        f"WHERE m.entity_id IN ({marks(keys)}) OR lower(m.canonical) IN ({marks(keys)}) "
        f"ORDER BY a.published DESC LIMIT ?",
        (*keys, *keys, limit),
    )
    return [r["article_id"] for r in rows]


@dataclass
class EmbeddingMatrix:
    """Every stored statement embedding, loaded once, searched by dot product."""

    article_ids: list[str]
    vectors: np.ndarray

    def nearest_articles(self, query: Vector, limit: int, floor: float) -> list[str]:
        if not len(self.article_ids):
            return []
        scores = self.vectors @ query.astype(np.float16)
        top = np.argsort(-scores)[: limit * 4]
        out: list[str] = []
        for i in top:
            if scores[i] < floor:
                break
            if self.article_ids[i] not in out:
                out.append(self.article_ids[i])
            if len(out) >= limit:
                break
        return out


@reader
def embedding_matrix(conn: sqlite3.Connection) -> EmbeddingMatrix:
    rows = conn.execute(
        "SELECT article_id, embedding FROM sentences WHERE embedding IS NOT NULL "
        "ORDER BY article_id, idx"
    ).fetchall()
    vectors = np.zeros((len(rows), DIM), dtype=np.float16)
    for n, row in enumerate(rows):
        vectors[n] = decode_vector(row["embedding"])
    return EmbeddingMatrix([r["article_id"] for r in rows], vectors)


@reader
def article_statements(
    conn: sqlite3.Connection, article_ids: Sequence[str]
) -> dict[str, list[StoredStatement]]:
    """The statements of each article in text order, with the entities they mention."""
    out: dict[str, list[StoredStatement]] = {a: [] for a in article_ids}
    for chunk in chunks(list(article_ids)):
        chunk_marks = marks(chunk)
        texts = {
            r["id"]: r["text"]
            for r in conn.execute(
                f"SELECT id, text FROM articles WHERE id IN ({chunk_marks})", chunk
            )
        }
        mentions: dict[str, list[tuple[int, str]]] = {}
        for r in conn.execute(
            f"SELECT article_id, start, entity_id, canonical FROM mentions "
            f"WHERE article_id IN ({chunk_marks})",
            chunk,
        ):
            key = r["entity_id"] or r["canonical"].lower()
            mentions.setdefault(r["article_id"], []).append((r["start"], key))
        for r in conn.execute(
            f"SELECT * FROM sentences WHERE statement AND article_id IN ({chunk_marks}) "
            f"ORDER BY article_id, idx",
            chunk,
        ):
            aid, start, end = r["article_id"], r["start"], r["end"]
            inside = frozenset(k for s, k in mentions.get(aid, []) if start <= s < end)
            out[aid].append(
                StoredStatement(
                    aid,
                    r["idx"],
                    start,
                    end,
                    texts.get(aid, "")[start:end],
                    json.loads(r["cues"]),
                    decode_vector(r["embedding"]) if r["embedding"] else None,
                    inside,
                )
            )
    return out


@dataclass
class ArticleHead:
    """What a claim statement shows of its article: day published, outlet, copy of, and the
    language it is written in."""

    published: str | None
    inferred: bool
    outlet: str | None
    copy_of: str | None
    language: str | None = None


@reader
def article_heads(conn: sqlite3.Connection, article_ids: Sequence[str]) -> dict[str, ArticleHead]:
    out: dict[str, ArticleHead] = {}
    for chunk in chunks(list(article_ids)):
        chunk_marks = marks(chunk)
        for r in conn.execute(
            f"SELECT id, published, published_from, outlet, copy_of, language FROM articles "
            f"WHERE id IN ({chunk_marks})",
            chunk,
        ):
            published = r["published"][:10] if r["published"] else None
            inferred = r["published_from"] == "inferred"
            out[r["id"]] = ArticleHead(
                published, inferred, r["outlet"], r["copy_of"], r["language"]
            )
    return out


@reader
def sample_texts(conn: sqlite3.Connection, limit: int) -> list[str]:
    """The texts of up to ``limit`` articles spread over the store (every n-th by seq)."""
    (count,) = conn.execute("SELECT count(*) FROM articles").fetchone()
    step = max(1, count // max(limit, 1))
    rows = conn.execute(
        "SELECT text FROM articles WHERE seq % ? = 0 LIMIT ?", (step, limit)
    ).fetchall()
    return [r["text"] for r in rows]
