"""Stored text embeddings: a text reaches the model once, whatever the number of runs."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.store import cached_embedder, open_store


def _counting_model(calls: list[list[str]]):  # type: ignore[no-untyped-def]
    def embed(texts: list[str]) -> np.ndarray:
        calls.append(list(texts))
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    return embed


def test_each_text_is_embedded_once_across_runs(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    calls: list[list[str]] = []
    with open_store(db) as store:
        first = cached_embedder(store.connection, _counting_model(calls))(["Киев", "Kyiv"])
    with open_store(db) as store:  # a later run of the link stage
        again = cached_embedder(store.connection, _counting_model(calls))(["Kyiv", "Київ", "Kyiv"])
    assert calls == [["Киев", "Kyiv"], ["Київ"]]
    assert first.tolist() == [[4.0, 1.0], [4.0, 1.0]]
    assert again.tolist() == [[4.0, 1.0], [4.0, 1.0], [4.0, 1.0]]
    assert again.dtype == np.float32


def test_nothing_to_embed_asks_the_model_nothing(tmp_path: Path) -> None:
    calls: list[list[str]] = []
    with open_store(tmp_path / "e.db") as store:
        out = cached_embedder(store.connection, _counting_model(calls))([])
    assert calls == [] and len(out) == 0
