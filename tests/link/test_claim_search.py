"""Claims found in stored sentences: words, names and embeddings; the learned stance."""

from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link._stage import query_claim
from storyline.link.claim_search import ClaimSearch
from storyline.link.stance_model import FEATURES, load_model
from storyline.models import Article, RawDocument, SourceRef
from storyline.pipeline import analyze_articles, prepare_article
from storyline.pipeline.embed import shared_encoder
from storyline.store import Store, article_statements, open_store

ARTICLES = {
    "atacms": (
        "2024-11-18",
        "Kyiv Post",
        "Biden authorizes Ukraine to use ATACMS inside Russia. The decision was taken on "
        "Sunday after weeks of debate. Officials confirmed the change.",
    ),
    "jet": (
        "2024-08-02",
        "Daily Ledger",
        "The Ukrainian air force denied that any of its fighter jets was shot down over "
        "Crimea, calling the Russian report a hoax. No evidence of a crash has been found, "
        "a spokesman said. The ministry dismissed the claim as fake news.",
    ),
    "weather": (
        "2024-08-03",
        "Daily Ledger",
        "Heavy rain flooded several streets in the capital on Friday. Forecasters expect "
        "more storms over the weekend. Schools will stay open.",
    ),
}


@pytest.fixture(scope="module")
def store(nlp) -> Store:  # type: ignore[no-untyped-def]
    settings = Settings(embed_sentences=6)
    raws = []
    for key, (published, outlet, text) in ARTICLES.items():
        raws.append(
            RawDocument(
                SourceRef(f"{key}.txt"),
                text,
                given={"id": key, "published": published, "outlet": outlet},
            )
        )
    articles = analyze_articles([prepare_article(r, settings) for r in raws], nlp, settings)
    store = open_store(":memory:")
    store.add_articles(articles)
    return store


def _ids(found) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.statement.article_id for f in found}


def test_the_model_ships_with_the_features_it_reads() -> None:
    model = load_model()
    assert tuple(model.feature_names) == FEATURES
    assert set(model.classes) == {"supports", "refutes", "discusses", "unrelated"}


def test_sentences_are_stored_with_embeddings_of_the_first_statements(store: Store) -> None:
    statements = article_statements(store, ["jet"])["jet"]
    assert len(statements) == 3 and all(s.vector is not None for s in statements)
    article: Article = store.get_article("jet")
    assert article.sentences and all(s.embedding is None for s in article.sentences)


def test_a_paraphrase_sharing_no_word_is_found_by_its_embedding_only(store: Store) -> None:
    claim = "Washington lets Kyiv hit targets deep in Russian territory with long-range missiles"
    with_meaning = ClaimSearch(store, Settings(), shared_encoder())
    words_only = ClaimSearch(store, Settings(), None)
    assert "atacms" in with_meaning.candidates(with_meaning.claim(claim))
    assert "atacms" not in words_only.candidates(words_only.claim(claim))


def test_a_denial_reads_as_refuting_and_an_unrelated_article_is_left_out(store: Store) -> None:
    search = ClaimSearch(store, Settings(), shared_encoder())
    found = search.find("Russia shot down a Ukrainian fighter jet over Crimea")
    by_article = {f.statement.article_id: f for f in found}
    assert by_article["jet"].article_stance == "refutes"
    assert "deny" in by_article["jet"].statement.reasons
    assert "weather" not in by_article


def test_query_claim_without_spacy_keeps_spans_stances_and_reasons(store: Store) -> None:
    search = ClaimSearch(store, Settings(), shared_encoder())
    claim = query_claim(
        store, "Biden allows Ukraine to fire ATACMS into Russia", None, Settings(), None, search
    )
    statement = next(s for s in claim.statements if s.article_id == "atacms")
    text = store.get_article("atacms").text
    assert text[statement.start : statement.end] == statement.text
    assert statement.text.startswith("Biden authorizes Ukraine to use ATACMS")
    # the learned model reads a flat report as taking the claim's side or reporting it
    assert statement.stance in {"supports", "discusses"}
    assert statement.date == "2024-11-18" and statement.outlet == "Kyiv Post"
    assert "learned" in statement.reasons
    assert "weather" not in {s.article_id for s in claim.statements}
