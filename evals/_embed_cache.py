"""An on-disk cache of sentence embeddings for the evaluations (texts are embedded once).

Kept under the system temp folder, keyed by a hash of the text and whether it is a query.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from storyline.pipeline.embed import DIM, SentenceEncoder, Vector

CACHE = Path(tempfile.gettempdir()) / "storyline-eval-e5"


def _key(text: str, is_query: bool) -> str:
    return hashlib.sha1(f"{int(is_query)}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors by text; :meth:`fill` embeds the missing ones in batches and saves as it goes."""

    def __init__(self, name: str, encoder: SentenceEncoder | None = None) -> None:
        self.path = CACHE / f"{name}.npz"
        self.encoder = encoder or SentenceEncoder()
        self.vectors: dict[str, Vector] = {}
        if self.path.exists():
            data = np.load(self.path)
            self.vectors = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))

    def save(self) -> None:
        CACHE.mkdir(parents=True, exist_ok=True)
        keys = list(self.vectors)
        vectors = np.stack([self.vectors[k] for k in keys]) if keys else np.zeros((0, DIM))
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, keys=np.array(keys), vectors=vectors.astype(np.float32))
        tmp.replace(self.path)

    def fill(self, texts: Sequence[str], is_query: bool, batch: int = 128) -> None:
        missing = list(dict.fromkeys(t for t in texts if _key(t, is_query) not in self.vectors))
        started = time.perf_counter()
        for n in range(0, len(missing), batch):
            chunk = missing[n : n + batch]
            for text, vector in zip(chunk, self.encoder.encode(chunk, is_query), strict=True):
                self.vectors[_key(text, is_query)] = vector
            self.save()
            done = n + len(chunk)
            rate = done / (time.perf_counter() - started)
            print(f"embedded {done}/{len(missing)} ({rate:.1f}/s)", file=sys.stderr)

    def get(self, text: str, is_query: bool) -> Vector | None:
        return self.vectors.get(_key(text, is_query))
