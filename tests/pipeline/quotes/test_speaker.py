"""Speakers when the entity recognizer errs, and reported clauses in dateline leads.

The mentions are written out by hand so that each case fixes what the recognizer said
(a country tagged as a person, a person tagged as an organization) and tests how the
quotes step weighs it against the text.
"""

from __future__ import annotations

import re

import pytest

from storyline.models import EntityMention, Quote
from storyline.pipeline.quotes.step import find_quotes

pytestmark = pytest.mark.slow

# (name, spaCy label, kind, canonical); each occurrence of the name becomes a mention.
Tagged = tuple[str, str, str, str]


def _mentions(text: str, tagged: list[Tagged]) -> list[EntityMention]:
    out = []
    for name, label, kind, canonical in tagged:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            out.append(EntityMention(name, match.start(), match.end(), label, kind, canonical))
    return sorted(out, key=lambda m: m.start)


def _quote(quotes: list[Quote], words: str) -> Quote:
    matches = [q for q in quotes if words in q.text]
    assert matches, f"no quote containing {words!r}; found {[q.text for q in quotes]}"
    return min(matches, key=lambda q: len(q.text))


COUNTRY_AS_SPEAKER = (
    "Trade Minister Piet Varga signed the order on Monday, the ministry said.\n\n"
    "Norland says the new dam has cut the river's flow since May. Norland's farmers have "
    "lost a third of their harvest.\n\n"
    '"The order stays until the water comes back," he said.'
)


@pytest.mark.parametrize(
    ("possessive_label", "farmers", "evidence"),
    [
        ("GPE", "Norland's farmers", "tagged as a place at another mention"),
        ("PERSON", "Norlandian farmers", "a demonym is made from the name"),
    ],
)
def test_a_country_is_never_the_antecedent_of_he(
    nlp, possessive_label: str, farmers: str, evidence: str
) -> None:
    text = COUNTRY_AS_SPEAKER.replace("Norland's farmers", farmers)
    mentions = _mentions(
        text,
        [
            ("Piet Varga", "PERSON", "person", "Piet Varga"),
            ("Norland", "PERSON", "person", "Norland"),
        ],
    )
    for m in mentions:
        if text[m.end : m.end + 2] == "'s":
            m.label = possessive_label
    quotes = find_quotes(text, nlp(text), mentions)
    pronoun = _quote(quotes, "The order stays")
    assert (pronoun.speaker, pronoun.resolved_via) == ("Piet Varga", "pronoun"), evidence
    country = _quote(quotes, "the new dam has cut")
    assert (country.speaker, country.speaker_kind) == ("Norland", "organization"), evidence


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Norland bans timber exports as river row deepens\n\n"
            "HALDEN (NTB) – Norland has banned all exports of timber to Sweland, Trade "
            "Minister Piet Varga said on Monday, escalating the dispute.",
            "Norland has banned all exports of timber to Sweland",
            "Piet Varga",
        ),
        (
            "No change to timber ban, Varga says\n\n"
            "HALDEN (NTB) – The ban on timber exports to Sweland remains in force, Trade "
            "Minister Piet Varga said, rejecting a request to reopen the border.",
            "The ban on timber exports to Sweland remains in force",
            "Piet Varga",
        ),
    ],
)
def test_reported_clause_in_a_dateline_lead(nlp, text: str, content: str, speaker: str) -> None:
    tagged: list[Tagged] = [("Piet Varga", "PERSON", "person", "Piet Varga")]
    quotes = find_quotes(text, nlp(text), _mentions(text, tagged))
    quote = _quote(quotes, content)
    assert quote.kind == "indirect"
    assert quote.text == content  # neither the headline nor the dateline is content
    assert quote.speaker == speaker


@pytest.mark.parametrize(
    ("text", "tagged", "words", "speaker", "kind"),
    [
        (
            "Greta Lund, Norland's former ambassador to Sweland, said the deal was fragile.",
            [("Greta Lund", "ORG", "organization", "Greta Lund")],
            "the deal was fragile",
            "Greta Lund",
            "person",
        ),
        (
            "Halden Timber Works said in a statement that it expected the first logs on Friday.",
            [],
            "it expected the first logs",
            "Halden Timber Works",
            "organization",
        ),
    ],
)
def test_speaker_kind_follows_the_text(
    nlp, text: str, tagged: list[Tagged], words: str, speaker: str, kind: str
) -> None:
    quotes = find_quotes(text, nlp(text), _mentions(text, tagged))
    quote = _quote(quotes, words)
    assert (quote.speaker, quote.speaker_kind) == (speaker, kind)
