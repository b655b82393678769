from __future__ import annotations

import pytest

from storyline.pipeline.stance_lexicon import base_lemma, concept, cue_pattern


@pytest.mark.parametrize(
    "a, b",
    [
        ("ban", "blockade"),
        ("ban", "restriction"),
        ("curb", "embargo"),
        ("lift", "ease"),
        ("export", "delivery"),
        ("shipment", "sale"),
        ("missile", "rocket"),
    ],
)
def test_paraphrases_share_a_class(a: str, b: str) -> None:
    assert concept(a) == concept(b)


@pytest.mark.parametrize("a, b", [("ban", "dam"), ("export", "water"), ("lift", "minister")])
def test_other_words_keep_their_own_class(a: str, b: str) -> None:
    assert concept(a) != concept(b)


@pytest.mark.parametrize(
    "lemma, expected",
    [("easing", "ease"), ("lifting", "lift"), ("banning", "ban"), ("building", "building")],
)
def test_nominal_ing_forms_fold_to_their_verb(lemma: str, expected: str) -> None:
    assert base_lemma(lemma) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The regime has cut off ore deliveries.", True),
        ("Velmora eased the export curbs on Tuesday.", True),
        ("The blockade ends after four months.", True),
        ("Kyiv is able to strike the depots.", True),
        ("The minister spoke to reporters in the capital.", False),
    ],
)
def test_cue_pattern_finds_sentences_worth_parsing(sentence: str, expected: bool) -> None:
    assert bool(cue_pattern().search(sentence)) is expected
