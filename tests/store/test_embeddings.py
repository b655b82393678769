"""Stored text embeddings: the vector the pipeline computed for a title and lead is kept
when the article is added and read back by text, without the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from storyline.models import Article, Metadata, MetaValue, SourceRef
from storyline.pipeline.embed import encode_vector
from storyline.pipeline.embed_lead import embedding_text
from storyline.store import open_store
from storyline.store._embeddings import read_embeddings, write_embeddings
from tests.conftest import store_sql


def _article(article_id: str, title: str, vector: list[float] | None) -> Article:
    text = f"{title}\nThe lead of {article_id}."
    return Article(
        article_id,
        SourceRef(f"{article_id}.txt"),
        text,
        text,
        Metadata(title=MetaValue(title)),
        lead_embedding=encode_vector(np.array(vector, dtype=np.float32)) if vector else None,
    )


def test_a_text_keeps_its_first_vector_across_runs(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    with open_store(db) as store, store.transaction():
        write_embeddings(store_sql(store), {"Киев": np.array([1.0, 0.0], dtype=np.float32)})
    with open_store(db) as store, store.transaction():
        write_embeddings(store_sql(store), {"Киев": np.array([0.0, 1.0], dtype=np.float32)})
    with open_store(db) as store:
        found = read_embeddings(store_sql(store), ["Киев", "Kyiv", "Киев"])
    assert list(found) == ["Киев"]
    assert found["Киев"].tolist() == [1.0, 0.0] and found["Киев"].dtype == np.float32


def test_an_added_article_leaves_its_lead_vector_in_the_table_not_in_its_json(
    tmp_path: Path,
) -> None:
    with_vector = _article("a", "Kyiv may strike", [0.6, 0.8])
    without = _article("b", "Київ може бити", None)
    with open_store(tmp_path / "e.db") as store:
        store.add_articles([with_vector, without])
        found = store.lead_embeddings([store.get_article("a"), store.get_article("b")])
        stored = store.get_article("a")
    assert list(found) == ["a"]
    assert np.allclose(found["a"], [0.6, 0.8], atol=1e-3)
    assert stored.lead_embedding is None  # one home: the table
    assert embedding_text(stored) == embedding_text(with_vector)


def test_nothing_asked_reads_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path / "e.db") as store:
        assert read_embeddings(store_sql(store), []) == {}
        assert store.lead_embeddings([]) == {}
