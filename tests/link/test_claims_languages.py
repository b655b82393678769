"""Claims read statements in every language: the seeds' ATACMS track holds the Russian and
Ukrainian reports of the same decision, each statement in its own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import read_inputs
from storyline.link import list_stories
from storyline.link._stage import link_store, query_claim, story_claims
from storyline.link.claim_languages import WordEstimate, other_language
from storyline.link.claim_search import LANGUAGE_REASON, ClaimSearch
from storyline.link.stance_model import FEATURES
from storyline.models import Article, RawDocument, SourceRef
from storyline.pipeline import analyze_articles, prepare_article
from storyline.pipeline.embed import shared_encoder
from storyline.pipeline.sentence_claims import analyse_claim_text
from storyline.store import Store, open_store

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
ATACMS = "Ukraine may use US-supplied long-range missiles (ATACMS) inside Russia"


def test_other_language_needs_two_known_and_different_codes() -> None:
    assert other_language("en", "ru")
    assert not other_language("en", "en")
    assert not other_language(None, "ru") and not other_language("en", None)


def test_the_word_estimate_rises_with_similarity_and_keeps_the_cues() -> None:
    passages = [(0.70, 0.0), (0.75, 0.05), (0.80, 0.2), (0.85, 0.4), (0.90, 0.8)] * 2
    articles = [(0.72, 0.05, 0.02), (0.82, 0.3, 0.2), (0.9, 0.7, 0.5)]
    estimate = WordEstimate.fit(passages, articles)
    assert estimate is not None
    assert estimate.passage_words(0.70) < estimate.passage_words(0.86) < 0.8
    row = [0.0] * len(FEATURES)
    col = {n: i for i, n in enumerate(FEATURES)}
    row[col["emb"]], row[col["article_emb_max"]], row[col["cue_deny"]] = 0.9, 0.9, 0.7
    row[col["cue_negation"]] = 0.69
    out = estimate.apply(row)
    assert out[col["words"]] == pytest.approx(0.8)
    assert out[col["article_words"]] == pytest.approx(0.7)
    assert out[col["words_x_deny"]] == pytest.approx(0.8 * 0.7)
    assert out[col["cue_negation"]] == 0.69  # the statement's own cues stay
    assert WordEstimate.fit(passages[:3], articles) is None  # too little to learn from


@pytest.fixture(scope="module")
def corpus(nlp) -> list[Article]:  # type: ignore[no-untyped-def]
    if not SEEDS.is_dir():
        pytest.skip("seed articles not found (../shared/seeds)")
    settings = Settings()
    raws: list[RawDocument] = []
    for path in sorted(SEEDS.glob("*.txt")):
        given = {"id": path.name[:3], "published": SEED_DATES[path.name[:3]]}
        raws.append(
            RawDocument(SourceRef(path.name), path.read_text(encoding="utf-8"), given=given)
        )
    raws += [r for r in read_inputs([MULTILINGUAL], settings) if isinstance(r, RawDocument)]
    return analyze_articles([prepare_article(r, settings) for r in raws], nlp, settings)


@pytest.fixture(scope="module")
def store(corpus: list[Article]) -> Store:
    store = open_store(":memory:")
    store.add_articles(corpus)
    link_store(store, Settings())
    return store


def _languages(corpus: list[Article]) -> dict[str, str | None]:
    return {a.id: a.meta.language.value for a in corpus}


@pytest.mark.slow
def test_russian_and_ukrainian_articles_get_statements_with_their_own_cues(
    corpus: list[Article],
) -> None:
    by_language = {a.meta.language.value: a for a in reversed(corpus)}
    russian = by_language["ru"]
    statements = [s for s in russian.sentences if s.statement]
    assert len(statements) >= 6 and all(s.embedding for s in statements[:6])
    ban = next(s for s in statements if "запрет" in russian.text[s.start : s.end])
    assert russian.text[ban.start : ban.end].startswith("По его словам, запрет")
    assert ban.cues["hedge"] == 1  # "по словам"
    kirby = next(
        s
        for s in by_language["uk"].sentences
        if by_language["uk"].text[s.start : s.end].startswith("За словами Кірбі")
    )
    assert kirby.statement and kirby.cues["negation"] == 1 and kirby.cues["hedge"] == 1


@pytest.mark.slow
def test_the_story_atacms_track_holds_statements_from_every_language(
    corpus: list[Article], store: Store
) -> None:
    languages = _languages(corpus)
    texts = {a.id: a.text for a in corpus}
    (story,) = list_stories(store)
    tracks = [
        c
        for c in story_claims(store, story.id)
        if "ATACMS" in c.proposition and any(s.step == "changed" for s in c.statements)
    ]
    assert len(tracks) == 1
    statements = tracks[0].statements
    assert {languages[s.article_id] for s in statements} == {"en", "ru", "uk"}
    for s in statements:  # each shown in its own language, at its own span
        assert s.text == texts[s.article_id][s.start : s.end]
        if languages[s.article_id] != "en":
            assert f"{LANGUAGE_REASON}{languages[s.article_id]}" in s.reasons
    russian = [s.text for s in statements if languages[s.article_id] == "ru"]
    assert any("ATACMS" in t and "запрет" in t for t in russian)
    ukrainian = [s.text for s in statements if languages[s.article_id] == "uk"]
    assert any(t.startswith("Обмеження на використання ракет ATACMS") for t in ukrainian)
    # the English track is read as before: prohibited in May, permitted in November
    english = [s for s in statements if s.step]
    assert english[0].stance == "refutes" and english[-1].stance == "supports"
    assert english[-1].step == "changed" and english[-1].date.startswith("2024-11")


@pytest.mark.slow
def test_a_query_claim_finds_statements_in_every_language(
    corpus: list[Article],
    store: Store,
    nlp,  # type: ignore[no-untyped-def]
) -> None:
    languages = _languages(corpus)
    search = ClaimSearch(store, Settings(), shared_encoder())
    claim = query_claim(store, ATACMS, analyse_claim_text(ATACMS, nlp), Settings(), None, search)
    found = {languages[s.article_id] for s in claim.statements}
    assert found == {"en", "ru", "uk"}
    words_only = ClaimSearch(store, Settings(), None)
    plain = [f.statement for f in words_only.find(ATACMS)]
    assert all(languages[s.article_id] == "en" for s in plain)
