"""Stored text embeddings: one row per distinct text, keyed by a hash of the text.

The pipeline embeds each article's title and lead once (:mod:`storyline.pipeline.embed_lead`);
the store writes the vector here when the article is added and the link stage reads it
back, so linking never runs the model.

>>> from storyline.store._db import connect
>>> from storyline.store._migrations import apply_migrations
>>> conn = connect(":memory:")
>>> _ = apply_migrations(conn)
>>> write_embeddings(conn, {"Kyiv": np.ones(2, dtype=np.float32)})
>>> found = read_embeddings(conn, ["Kyiv", "Київ"])
>>> {text: vector.tolist() for text, vector in found.items()}
{'Kyiv': [1.0, 1.0]}
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping, Sequence

import numpy as np

from storyline.store._db import chunks, marks


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_embeddings(conn: sqlite3.Connection, texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The stored vector (float32) of each of ``texts`` that has one, by text."""
    by_key = {text_key(t): t for t in texts}
    found: dict[str, np.ndarray] = {}
    for chunk in chunks(list(by_key)):
        for row in conn.execute(
            f"SELECT key, vector FROM text_embeddings WHERE key IN ({marks(chunk)})", chunk
        ):
            found[by_key[row[0]]] = np.frombuffer(row[1], dtype=np.float32)
    return found


def write_embeddings(conn: sqlite3.Connection, vectors: Mapping[str, np.ndarray]) -> None:
    """Store the vector of each text (inside the caller's transaction); a text stored
    before keeps its row, since the same text always has the same embedding."""
    rows = [(text_key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()]
    conn.executemany("INSERT OR IGNORE INTO text_embeddings (key, vector) VALUES (?, ?)", rows)
