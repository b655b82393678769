"""The deontic units and words the pipeline stores with a sentence, for claims to compare."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.config import Settings
from storyline.models import Article, DateMention, SentenceFacts, SourceRef
from storyline.pipeline.sentence_claims import NOT_A_TERM, STOP, analyse_claim_text
from storyline.pipeline.sentences import sentences_step

pytestmark = pytest.mark.slow

TEXT = (
    "Ore Ban Lifted\n"
    "Velmora lifted its ban on tungsten ore exports on Monday, the minister said.\n"
    "The harbour was busy all week with ferries."
)


def _article() -> Article:
    article = Article("a", SourceRef("a.txt"), TEXT, TEXT)
    day = TEXT.index("on Monday") + 3
    article.dates = [DateMention("a", "Monday", day, day + 6, "DATE", "2025-06-23", "day")]
    return article


def test_a_statement_with_a_permission_keeps_its_unit_words_and_tied_date(nlp: Any) -> None:
    article = sentences_step(_article(), nlp(TEXT), Settings())
    with_units = [s for s in article.sentences if s.units]
    assert len(with_units) == 1
    (sentence,) = with_units
    assert TEXT[sentence.start : sentence.end].startswith("Velmora lifted its ban")
    (unit,) = sentence.units
    assert unit.stance == "supports" and unit.polarity == 1
    theme = TEXT[unit.theme_start : unit.theme_end]
    assert "tungsten ore exports" in theme
    assert sentence.start <= unit.scope_start < unit.scope_end <= sentence.end
    assert unit.dates == [TEXT.index("Monday")]  # "lifted ... on Monday" is tied
    words = {w[1]: w for w in sentence.words}
    assert words["lifted"][2] == "lift" and TEXT[words["lifted"][0] :].startswith("lifted")
    assert words["its"][4] & STOP and words[","][4] & NOT_A_TERM
    # a sentence with no deontic cue stores no words
    other = next(s for s in article.sentences if "harbour" in TEXT[s.start : s.end])
    assert other.units == [] and other.words == []


def test_the_facts_round_trip_through_the_model(nlp: Any) -> None:
    article = sentences_step(_article(), nlp(TEXT), Settings())
    assert Article.from_dict(article.to_dict()).sentences == article.sentences


@pytest.mark.parametrize(
    ("query", "stance"),
    [
        ("Ukraine is prohibited from using ATACMS inside Russia.", "refutes"),
        ("Ukraine is allowed to use ATACMS inside Russia.", "supports"),
    ],
)
def test_a_proposition_is_read_as_a_stored_sentence(nlp: Any, query: str, stance: str) -> None:
    facts = analyse_claim_text(query, nlp)
    assert isinstance(facts, SentenceFacts)
    assert (facts.start, facts.end) == (0, len(query))
    assert [u.stance for u in facts.units] == [stance]
    assert [w[1] for w in facts.words][:2] == ["Ukraine", "is"]
