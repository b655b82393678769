"""Quotes on the real seed articles: every quoted passage found, with the speaker a careful
reader would name."""

from __future__ import annotations

import dataclasses

import pytest

from storyline.config import Settings
from storyline.models import Article, Quote, SourceRef
from storyline.pipeline.quotes.marks import find_quoted_spans
from storyline.pipeline.quotes.speaker import mentions_from_doc
from storyline.pipeline.quotes.step import find_quotes, quotes_step

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_quotes(seed_texts: dict[str, str], nlp) -> dict[str, list[Quote]]:
    return {key: find_quotes(text, nlp(text), article_id=key) for key, text in seed_texts.items()}


def _quote(quotes: list[Quote], words: str, kind: str | None = None) -> Quote:
    matches = [q for q in quotes if words in q.text and (kind is None or q.kind == kind)]
    assert matches, f"no {kind or ''} quote containing {words!r}; found {[q.text for q in quotes]}"
    return min(matches, key=lambda q: len(q.text))


# seed, words in the quote, kind, speaker, speaker kind
SPEAKERS = [
    ("000", "did change the guidance", "partial", "John Kirby", "person"),
    (
        "000",
        "and we gave them guidance that they could use them",
        "partial",
        "John Kirby",
        "person",
    ),
    ("000", "that's taken place in around Kursk", "direct", "John Kirby", "person"),
    (
        "000",
        "I'd let the Ukrainians speak to their use of ATACMS",
        "direct",
        "John Kirby",
        "person",
    ),
    ("001", "no change to the guidance", "direct", "John Kirby", "person"),
    ("001", "But we’re still having conversations with them", "direct", "John Kirby", "person"),
    ("001", "the restrictions remain unchanged", "indirect", "John Kirby", "person"),
    (
        "001",
        "he could not confirm reports about HIMARS strikes",
        "indirect",
        "John Kirby",
        "person",
    ),
    ("001", "to deal with imminent threats", "partial", "John Kirby", "person"),
    (
        "002",
        "Our policy with respect to prohibiting the use of ATACMS",
        "direct",
        "a State Department spokesperson",
        "role",
    ),
    ("002", "This is a new reality", "direct", "one insider", "anonymous"),
    ("002", "flexibility", "partial", "one US official", "anonymous"),
    (
        "002",
        "could be subject to further loosening",
        "partial",
        "Cited administration officials",
        "anonymous",
    ),
    (
        "002",
        "The Pentagon has been instructed to develop precise recommendations",
        "indirect",
        "the New York Times",
        "organization",
    ),
    ("003", "The president recently directed his team", "direct", "a U.S. official", "anonymous"),
    (
        "003",
        "Our policy regarding prohibiting the use of ATACMS",
        "direct",
        "a U.S. official",
        "anonymous",
    ),
    ("003", "significantly strengthen", "partial", "Sergiy Nykyforov", "person"),
    ("003", "positive signals from diplomatic channels", "partial", "Sergiy Nykyforov", "person"),
    (
        "003",
        "This will significantly strengthen our ability",
        "direct",
        "Sergiy Nykyforov",
        "person",
    ),
    ("003", "in its now well-established manner", "partial", "John Herbst", "person"),
    ("003", "does the minimum to help Ukraine", "partial", "John Herbst", "person"),
    ("003", "This half-step is certainly better than nothing", "direct", "John Herbst", "person"),
    ("003", "does not send the necessary message", "partial", "John Herbst", "person"),
    ("003", "especially those based in Europe", "partial", "Vladimir Putin", "person"),
    ("003", "They need to keep in mind", "direct", "Vladimir Putin", "person"),
    (
        "003",
        "This constant escalation can have serious consequences",
        "direct",
        "Vladimir Putin",
        "person",
    ),
    (
        "003",
        "This is another step towards a serious conflict",
        "direct",
        "Vladimir Putin",
        "person",
    ),
    ("004", "We’re just not in a position on a day-to-day basis", "direct", "John Kirby", "person"),
    ("004", "It’s certainly at a tactical level", "direct", "John Kirby", "person"),
    ("004", "I have no problem with Ukraine using the ATACMS", "direct", "Mike Rounds", "person"),
    (
        "004",
        "to stop the fighting, protect civilians",
        "partial",
        "Qatar News Agency",
        "organization",
    ),
    (
        "004",
        "Ukraine has used U.S. weapons to strike inside Russia",
        "indirect",
        "a U.S. senator and a Western official familiar with the matter",
        "anonymous",
    ),
]


@pytest.mark.parametrize(("seed", "words", "kind", "speaker", "speaker_kind"), SPEAKERS)
def test_speaker_of_each_quote(
    seed_quotes: dict[str, list[Quote]],
    seed: str,
    words: str,
    kind: str,
    speaker: str,
    speaker_kind: str,
) -> None:
    quote = _quote(seed_quotes[seed], words, kind)
    assert (quote.speaker, quote.speaker_kind) == (speaker, speaker_kind)
    if speaker_kind == "person":
        assert quote.speaker_canonical == speaker


# seed, words in the quote, how the speaker was reached, the words naming it at the cue
RESOLUTION = [
    ("000", "that's taken place in around Kursk", "pronoun", "he"),
    ("001", "But we’re still having conversations with them", "role", "the official"),
    ("001", "no change to the guidance", "name", "Kirby"),
    ("003", "does the minimum to help Ukraine", "role", "the former ambassador"),
    ("003", "This is another step towards a serious conflict", "role", "the Russian leader"),
    ("003", "Our policy regarding prohibiting the use of ATACMS", "role", "the US official"),
    ("004", "I have no problem with Ukraine using the ATACMS", "pronoun", "he"),
    (
        "002",
        "Our policy with respect to prohibiting the use of ATACMS",
        "document",
        "the statement",
    ),
]


@pytest.mark.parametrize(("seed", "words", "via", "named_as"), RESOLUTION)
def test_how_the_speaker_is_reached(
    seed_quotes: dict[str, list[Quote]],
    seed_texts: dict[str, str],
    seed: str,
    words: str,
    via: str,
    named_as: str,
) -> None:
    quote = _quote(seed_quotes[seed], words)
    assert quote.resolved_via == via
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert seed_texts[seed][quote.speaker_start : quote.speaker_end] == named_as


@pytest.mark.parametrize(
    ("seed", "words", "continues"),
    [
        ("003", "This constant escalation can have serious consequences", "They need to keep"),
        ("004", "It’s certainly at a tactical level", "We’re just not in a position"),
    ],
)
def test_quote_after_he_said_continues_the_same_speaker(
    seed_quotes: dict[str, list[Quote]], seed: str, words: str, continues: str
) -> None:
    quote = _quote(seed_quotes[seed], words, "direct")
    first = _quote(seed_quotes[seed], continues, "direct")
    assert quote.resolved_via == "continuation"
    assert quote.speaker_canonical == first.speaker_canonical is not None
    assert quote.cue == first.cue


@pytest.mark.parametrize(
    ("seed", "words", "title"),
    [
        ("000", "did change the guidance", "National Security Council spokesperson"),
        ("003", "significantly strengthen", "President Volodymyr Zelensky's press secretary"),
        ("003", "This is another step towards a serious conflict", "Russian President"),
        ("004", "We’re just not in a position", "White House national security spokesman"),
        (
            "001",
            "the restrictions remain unchanged",
            "National Security Council Coordinator for Strategic Communications",
        ),
    ],
)
def test_apposition_title(
    seed_quotes: dict[str, list[Quote]], seed: str, words: str, title: str
) -> None:
    assert _quote(seed_quotes[seed], words).speaker_title == title


def test_headline_quote_in_single_marks(seed_quotes: dict[str, list[Quote]]) -> None:
    headline = seed_quotes["000"][0]
    assert headline.text.startswith("Right now, they are able to use ATACMS")
    assert headline.text.endswith("immediate-need basis")  # the joining comma is dropped
    assert (headline.kind, headline.speaker, headline.cue) == ("direct", "John Kirby", "says")


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_every_quoted_passage_is_attributed(
    seed_texts: dict[str, str], seed_quotes: dict[str, list[Quote]], seed: str
) -> None:
    text = seed_texts[seed]
    quotes = [q for q in seed_quotes[seed] if q.kind in {"direct", "partial"}]
    for span in (s for s in find_quoted_spans(text) if s.depth == 0):
        inside = [q for q in quotes if span.inner_start <= q.start and q.end <= span.inner_end]
        assert inside, f"quoted passage not found: {text[span.start : span.end]!r}"
        assert all(q.speaker for q in inside), f"no speaker for {text[span.start : span.end]!r}"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_spans_ids_and_order(
    seed_texts: dict[str, str], seed_quotes: dict[str, list[Quote]], seed: str
) -> None:
    text = seed_texts[seed]
    quotes = seed_quotes[seed]
    assert [q.id for q in quotes] == [f"{seed}:q{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        if q.cue is not None:
            assert text[q.cue_start : q.cue_end] == q.cue


def test_step_sets_quotes_and_prefers_the_entities_step_names(
    seed_texts: dict[str, str], nlp
) -> None:
    text = seed_texts["004"]
    doc = nlp(text)
    # The entities step may know a fuller name than this article spells out.
    mentions = [
        dataclasses.replace(m, canonical="John F. Kirby") if m.text == "Kirby" else m
        for m in mentions_from_doc(doc)
    ]
    article = Article(id="a4", source=SourceRef("004.txt"), raw=text, text=text, mentions=mentions)
    out = quotes_step(article, doc, Settings())
    assert out is not article and article.quotes == []
    quote = _quote(out.quotes, "We’re just not in a position", "direct")
    assert quote.speaker_canonical == "John F. Kirby"
    assert quote.id.startswith("a4:q") and quote.article_id == "a4"


def test_mentions_from_doc_give_in_article_full_names(seed_texts: dict[str, str], nlp) -> None:
    mentions = mentions_from_doc(nlp(seed_texts["004"]))
    kirby = [m for m in mentions if m.text == "Kirby"]
    assert kirby and all(m.canonical == "John Kirby" and m.kind == "person" for m in kirby)


def test_text_without_quotes_or_cues(nlp) -> None:
    text = "The weapons were used under recently approved guidance."
    assert find_quotes(text, nlp(text)) == []


def test_doc_must_match_text(nlp) -> None:
    with pytest.raises(ValueError, match="parse of text"):
        find_quotes("One text.", nlp("Another text."))
