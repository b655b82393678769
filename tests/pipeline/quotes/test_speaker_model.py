"""The learned speaker models: which word names a source, whom "he"/"she" refers to, and
when to leave a pronoun unresolved."""

from __future__ import annotations

import pytest

from storyline.pipeline.quotes.candidates import QuoteCandidate
from storyline.pipeline.quotes.cues import load_cue_lexicon
from storyline.pipeline.quotes.speaker_model import (
    AntecedentEvidence,
    choose_antecedent,
    load_speaker_model,
    score_sources,
    word_counts,
)
from storyline.pipeline.quotes.step import find_quotes


def test_the_packaged_models_were_trained() -> None:
    model = load_speaker_model()
    source, antecedent = model["source"], model["antecedent"]
    assert source["groups"] > 1000 and antecedent["groups"] > 500
    # what the training split taught: the subject of the cue verb names the source far more
    # often than a word elsewhere in the sentence
    weights = source["weights"]
    assert weights["relation=subject"] > weights["relation=none"]
    assert 0.0 <= antecedent["margin"] < 1.0


def _evidence(name: str, recency: int, gender: str, spoke: bool) -> AntecedentEvidence:
    return AntecedentEvidence(
        canonical=name,
        last_position=100 - recency,
        last_sentence_gap=recency,
        mentions=2,
        recency_rank=recency,
        speaker_rank=0 if spoke else None,
        subject_rank=0 if spoke else None,
        gender=gender,
        first_named=recency == 1,
        same_paragraph=recency == 0,
    )


def test_an_unclear_preference_leaves_the_pronoun_unresolved() -> None:
    model = {"intercept": 0.0, "weights": {"speaker=0": 2.0}, "margin": 0.3, "floor": 0.0}
    clear = [_evidence("Ana Ruiz", 0, "match", True), _evidence("Tom Lee", 1, "unknown", False)]
    assert choose_antecedent(clear, model)[0] == "Ana Ruiz"
    tied = [_evidence("Ana Ruiz", 0, "match", True), _evidence("Eva Holm", 1, "match", True)]
    chosen, scored = choose_antecedent(tied, model)
    assert chosen is None
    assert [name for name, _ in scored] == ["Ana Ruiz", "Eva Holm"]
    assert choose_antecedent([], model) == (None, [])


@pytest.mark.slow
def test_the_subject_of_the_cue_scores_highest(nlp) -> None:
    text = (
        "The mayor met Governor Lena Park in Albany on Monday. "
        'Park told reporters that the budget "will not pass this year."'
    )
    doc = nlp(text)
    start = text.index("the budget")
    cue = next(t.i for t in doc if t.text == "told")
    candidate = QuoteCandidate(
        start=start, end=len(text) - 1, kind="indirect", via="clause-after", cue=(cue, cue)
    )
    scored = score_sources(
        doc, candidate, load_cue_lexicon(), word_counts(doc), load_speaker_model()["source"]
    )
    assert scored[0].token.text == "Park"
    # people and places of the sentence before are candidates too
    assert {s.token.text for s in scored} >= {"Park", "Albany", "reporters"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "words", "canonical"),
    [
        # one earlier man, who has just spoken: resolved
        (
            "Senator Mike Rounds said he agreed with the decision. "
            '"I have no problem with Ukraine using the ATACMS," he said.',
            "I have no problem",
            "Mike Rounds",
        ),
        # a man of unknown gender ("Chris") and a woman: "she" is not guessed onto him
        (
            "New Jersey Gov. Chris Christie called Hillary Clinton a disgrace on Tuesday. "
            '"We are not going to be divided," she said at a rally.',
            "We are not going to be divided",
            None,
        ),
    ],
)
def test_pronouns_resolve_only_on_clear_evidence(
    nlp, text: str, words: str, canonical: str | None
) -> None:
    quotes = [q for q in find_quotes(text, nlp(text)) if words in q.text]
    assert quotes, f"no quote with {words!r}"
    assert quotes[0].resolved_via == "pronoun"
    assert quotes[0].speaker_canonical == canonical
