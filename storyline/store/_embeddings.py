"""Stored text embeddings: one row per distinct text, so a model embeds each text once."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence

import numpy as np

from storyline.store._db import transaction

Embed = Callable[[list[str]], np.ndarray]


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def cached_embedder(conn: sqlite3.Connection, embed: Embed) -> Embed:
    """``embed`` behind the ``text_embeddings`` table: texts seen before are read back (as
    float32, rows as stored), only new ones reach the model, and those are stored.

    >>> from storyline.store import open_store
    >>> calls = []
    >>> def fake(texts):
    ...     calls.append(list(texts))
    ...     return np.ones((len(texts), 2), dtype=np.float32)
    >>> with open_store(":memory:") as store:
    ...     embed = cached_embedder(store.connection, fake)
    ...     _ = embed(["a", "b"]); _ = embed(["b", "c"])
    >>> calls
    [['a', 'b'], ['c']]
    """

    def cached(texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(t) for t in texts]
        known: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(dict.fromkeys(keys[start : start + 500]))
            marks = ", ".join("?" for _ in chunk)
            for row in conn.execute(
                f"SELECT key, vector FROM text_embeddings WHERE key IN ({marks})", chunk
            ):
                known[row[0]] = np.frombuffer(row[1], dtype=np.float32)
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in known))
        if missing:
            fresh = np.asarray(embed(missing), dtype=np.float32)
            rows = [(text_key(t), v.tobytes()) for t, v in zip(missing, fresh, strict=True)]
            with transaction(conn):
                conn.executemany(
                    "INSERT OR IGNORE INTO text_embeddings (key, vector) VALUES (?, ?)", rows
                )
            known.update((k, np.frombuffer(v, dtype=np.float32)) for k, v in rows)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([known[k] for k in keys])

    return cached
