from __future__ import annotations

import pytest

from storyline.link.sourcing import anonymous_phrases, source_uses, wire_articles
from storyline.models import Article, Quote, SourceRef


@pytest.mark.parametrize(
    "text, outlet, expected",
    [
        ("Law enforcement sources told Fox News the suspect fled.", "Fox News",
         "Law enforcement sources told Fox News"),
        ("Fox News has learned that the plan is off.", "Fox News", "Fox News has learned"),
        ("Fox News is told the deal fell apart.", "Fox News", "Fox News is told"),
        ("Officials told Fox the deal fell apart.", "Fox News", "Officials told Fox"),
        ("The talks stalled, people familiar with the matter said.", None,
         "people familiar with"),
        ("He spoke on condition of anonymity.", None, "on condition of anonymity"),
        ("according to two senior administration officials", None,
         "according to two senior administration officials"),
    ],
)  # fmt: skip
def test_anonymous_sourcing_phrases(text: str, outlet: str | None, expected: str) -> None:
    found = anonymous_phrases(text, outlet)
    assert [t for t, _, _ in found] == [expected]
    _, start, end = found[0]
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "text",
    [
        "a State Department spokesperson told Sputnik on Friday",  # a role, not anonymous
        "Fox News reported the vote on Tuesday.",
        "Sources of energy were discussed.",
    ],
)
def test_named_or_plain_wording_is_not_anonymous(text: str) -> None:
    assert anonymous_phrases(text, "Fox News" if "Fox" in text else "Sputnik") == []


def _article(article_id: str, text: str, outlet: str) -> Article:
    article = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    article.meta.outlet.value = outlet
    return article


def test_source_uses_count_quotes_and_phrases_with_their_spans() -> None:
    text = '"We will act," said Senator Jane Roe. Fox News has learned the vote slipped.'
    article = _article("a", text, "Fox News")
    article.quotes = [
        Quote("q", "a", "We will act,", 1, 13, "direct", "Jane Roe", "person",
              speaker_start=28, speaker_end=36, speaker_title="Senator"),
    ]  # fmt: skip
    uses = source_uses([article], "Fox News")
    assert [(u.kind, u.official, u.text) for u in uses] == [
        ("named", True, "Jane Roe"),
        ("anonymous", False, "Fox News has learned"),
    ]
    assert text[uses[1].citation.start : uses[1].citation.end] == "Fox News has learned"


def test_agency_copy_is_told_apart_from_own_reporting() -> None:
    own = _article("own", "WASHINGTON - The Senate voted on Friday.", "The Daily")
    wire = _article("wire", "WASHINGTON (AP) – The Senate voted on Friday.", "The Daily")
    agency = _article("ap", "WASHINGTON (AP) – The Senate voted on Friday.", "AP")
    assert wire_articles([own, wire, agency]) == ["wire"]
    assert wire_articles([own], copies=["own"]) == ["own"]
