"""Agreement of "he"/"she" with the person it stands for: honorifics, first names (from
the gender-guesser package's name statistics) and unresolved rather than guessed."""

from __future__ import annotations

import pytest

from storyline.models import Quote
from storyline.pipeline.quotes.gender import agreed, first_name_gender
from storyline.pipeline.quotes.step import find_quotes


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Hillary Clinton", "she"),
        ("Paul Manafort", "he"),
        ("Melania Trump", "she"),
        ("Donald Trump Jr.", "he"),
        ("Sen. Tim Kaine", "he"),  # the abbreviated title is skipped
        ("Crooked Hillary Clinton", "she"),  # an epithet the statistics do not know
        ("Trump", None),  # a surname alone says nothing
        ("Obama", None),
        ("Kim Jong Un", None),  # Kim is given to both
    ],
)
def test_first_name_gender(name: str, gender: str | None) -> None:
    assert first_name_gender(name) == gender


def test_agreed_needs_one_answer() -> None:
    assert agreed(["she", None, "she"]) == "she"
    assert agreed(["she", "he"]) is None
    assert agreed([None]) is None


def _speaker_of(quotes: list[Quote], words: str) -> Quote:
    found = [q for q in quotes if words in q.text]
    assert found, f"no quote with {words!r} in {[q.text for q in quotes]}"
    return found[0]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # the nearest person is a man: "she" skips him for the woman named before
        (
            "Hillary Clinton spoke in Ohio on Monday. Paul Manafort watched from the back "
            'of the hall.\n\n"We will win this state," she said.',
            "We will win this state",
            "Hillary Clinton",
        ),
        # and "he" skips the woman for the man
        (
            "Paul Manafort met donors in Ohio. Hillary Clinton spoke later that evening.\n\n"
            '"The campaign is in good shape," he said.',
            "The campaign is in good shape",
            "Paul Manafort",
        ),
        # an honorific says who "she" is when the names alone do not
        (
            "Mrs. Okafor and Mr. Lindqvist met the press on Tuesday. Mr. Lindqvist left "
            'early.\n\n"We expect a deal by Friday," she said.',
            "We expect a deal by Friday",
            "Okafor",
        ),
        # the subject of a reported clause is not whom the next "he" continues with
        (
            "Wayne Cox, who runs the lobby, says Mr. Obama is trying to distract voters. "
            'He says Americans "do not need another lecture."',
            "do not need another lecture",
            "Wayne Cox",
        ),
    ],
)
def test_pronoun_agrees_with_its_person(nlp, text: str, words: str, speaker: str) -> None:
    quote = _speaker_of(find_quotes(text, nlp(text)), words)
    assert quote.resolved_via == "pronoun"
    assert quote.speaker_canonical is not None and speaker in quote.speaker_canonical


@pytest.mark.slow
def test_ambiguous_pronoun_is_left_unresolved(nlp) -> None:
    # "Sanders" is a surname alone (gender unknown) and Jane Sanders fits "she" too
    text = (
        "Jane Okonjo spoke to reporters on Monday. Then Sanders took the stage.\n\n"
        '"This race is not over," she said.'
    )
    quote = _speaker_of(find_quotes(text, nlp(text)), "This race is not over")
    assert quote.speaker == "she" and quote.speaker_canonical is None
