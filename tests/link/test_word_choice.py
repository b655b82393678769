from __future__ import annotations

from collections import Counter

import pytest

from storyline.link.word_choice import (
    WordChoiceParams,
    article_terms,
    distinctive_terms,
    log_odds_z,
)
from storyline.models import Article, SourceRef, Tokens


def tokenised(article_id: str, outlet: str, words: list[tuple[str, str, str]]) -> Article:
    """An article from (written, lemma, pos) triples, one sentence."""
    text, starts, ends = "", [], []
    for written, _, _ in words:
        text += " " if text else ""
        starts.append(len(text))
        text += written
        ends.append(len(text))
    article = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    article.meta.outlet.value = outlet
    article.tokens = Tokens([w[1] for w in words], [w[2] for w in words], starts, ends, [0])
    return article


ILLEGAL = [("illegal", "illegal", "ADJ"), ("immigrants", "immigrant", "NOUN")]
UNDOCUMENTED = [("undocumented", "undocumented", "ADJ"), ("immigrants", "immigrant", "NOUN")]
BORDER = [("crossed", "cross", "VERB"), ("the", "the", "DET"), ("border", "border", "NOUN")]
STOP = [(".", ".", "PUNCT")]


def test_terms_are_one_to_three_lemmas_without_function_words_at_the_edges() -> None:
    article = tokenised("a", "x", [*ILLEGAL, *BORDER, *STOP])
    terms = [t for t, _, _ in article_terms(article)]
    assert "illegal immigrant" in terms and "cross the border" in terms
    assert "the border" not in terms and "the" not in terms
    assert "immigrant cross the" not in terms  # longer than three or ending on "the"
    assert all(t != "." for t in terms)


def test_log_odds_prefers_the_outlets_own_term_and_not_a_shared_one() -> None:
    mine = Counter({"illegal immigrant": 12, "border": 10})
    others = Counter({"undocumented immigrant": 15, "border": 11})
    scores = log_odds_z(mine, others, mine + others, prior_size=100)
    assert scores["illegal immigrant"][1] > 1.96
    assert abs(scores["border"][1]) < 1.0
    assert scores["illegal immigrant"][0] > 0


def _corpus(per_article: int) -> dict[str, list[Article]]:
    fox = [
        tokenised(f"f{i}", "fox", [*ILLEGAL, *STOP, *BORDER, *STOP] * per_article) for i in range(3)
    ]
    hpo = [
        tokenised(f"h{i}", "hpo", [*UNDOCUMENTED, *STOP, *BORDER, *STOP] * per_article)
        for i in range(3)
    ]
    return {"fox": fox, "hpo": hpo}


def test_distinctive_terms_show_counts_forms_and_evidence() -> None:
    found = distinctive_terms(_corpus(3), WordChoiceParams(prior_size=50))
    fox = {t.term: t for t in found["fox"]}
    hpo = {t.term: t for t in found["hpo"]}
    assert "illegal immigrant" in fox and "undocumented immigrant" in hpo
    term = fox["illegal immigrant"]
    assert term.count == 9 and term.articles == 3 and term.others == {"hpo": 0}
    assert term.forms == {"illegal immigrants": 9}
    assert term.z >= 1.96
    assert {e.article_id for e in term.examples} == {"f0", "f1", "f2"}
    assert "cross the border" not in fox  # both outlets write it as often


@pytest.mark.parametrize("min_articles, expected", [(1, True), (2, False)])
def test_one_article_does_not_make_a_pattern(min_articles: int, expected: bool) -> None:
    groups = _corpus(3)
    groups["fox"] = groups["fox"][:1]
    params = WordChoiceParams(prior_size=50, min_articles=min_articles, min_z=0.5)
    found = distinctive_terms(groups, params)
    assert any(t.term == "illegal immigrant" for t in found["fox"]) is expected
