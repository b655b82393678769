"""Extents of temporal expressions (TIMEX3 conventions) and the tense that resolves them."""

from __future__ import annotations

import pytest

from storyline.pipeline.dates.find import find_spans
from storyline.pipeline.dates.tense import governing_tense, read_tense

pytestmark = pytest.mark.slow


# sentence, the expressions found (in order)
EXTENTS: list[tuple[str, list[str]]] = [
    # the signal ("on", "since", "in") stays outside; modifiers stay inside
    ("The White House acknowledged it on Monday.", ["Monday"]),
    ("Troops have operated there since August.", ["August"]),
    ("Officials spoke earlier this week.", ["earlier this week"]),
    ("The talks lasted about two years.", ["about two years"]),
    ("It was the start of a two-week truce.", ["two-week"]),
    (
        "Ukraine fired missiles last Tuesday, and the next day it struck Kursk.",
        ["last Tuesday", "the next day"],
    ),
    ("Protests grew Wednesday night.", ["Wednesday night"]),
    ("The deadline is 9 a.m. Tuesday.", ["9 a.m. Tuesday"]),
    ("He returned Monday, Oct. 26, 1998.", ["Monday, Oct. 26, 1998"]),
    ("Last month's decision angered Moscow.", ["Last month"]),
    ("Prices rose between 1994 and 1997.", ["1994", "1997"]),
    ("Sales in the quarter ended Sept. 30 fell.", ["the quarter", "Sept. 30"]),
    ("The rule applies between now and Feb. 10.", ["now", "Feb. 10"]),
    ("Kyiv can now strike targets in Russia.", ["now"]),
    ("Flights leave daily.", ["daily"]),
    ("Russia launched 500 drones a month.", ["a month"]),
    ("The talks ended on the 21st, officials said.", ["the 21st"]),
    ("Fighting raged between May and August.", ["May", "August"]),
    # not temporal expressions
    ("The 6-year-old boy stayed in Miami.", []),
    ("Smith, who is in his 30s, declined to comment.", []),
    ("The company raised its quarterly dividend.", []),
    ("The Communist Party daily Granma criticized the move.", []),
    ("Officials may meet again.", []),
    ("He said on ABC's This Week that talks continue.", []),
    ("Prices will fall further.", []),
    ("He lives on the 5th floor.", []),
    ("The vote came on the 3rd try.", []),
    ("The DAX dropped 19.69 points Friday to 1462.93.", ["Friday"]),
    ("It was a month of heavy fighting.", ["a month"]),
]


@pytest.mark.parametrize(("sentence", "expected"), EXTENTS)
def test_extents(nlp, sentence: str, expected: list[str]) -> None:
    assert [text for text, _, _ in find_spans(sentence, nlp(sentence))] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kyiv struck the depot last Tuesday.", ["last Tuesday"]),
        ("The talks lasted three hours on June 3, 2024.", ["three hours", "June 3, 2024"]),
        ("Officials may meet in May.", ["May"]),
    ],
)
def test_extents_without_a_parse(sentence: str, expected: list[str]) -> None:
    assert [text for text, _, _ in find_spans(sentence)] == expected


@pytest.mark.parametrize(
    ("sentence", "expression", "tense"),
    [
        ("The ministry announced the deal on Monday.", "Monday", "past"),
        ("Officials have said since August that talks would resume.", "August", "past"),
        ("Troops have been fighting there since August.", "August", "past"),
        ("The ministers will meet on Thursday.", "Thursday", "future"),
        ("The vote is expected to take place Friday.", "Friday", "future"),
        ("He is meeting the envoy Tuesday.", "Tuesday", "future"),
        ("The envoy arrives Tuesday.", "Tuesday", "present"),
        (
            "Putin, in a televised address on Thursday, said Moscow struck a factory.",
            "Thursday",
            "past",
        ),
    ],
)
def test_governing_tense(nlp, sentence: str, expression: str, tense: str) -> None:
    start = sentence.index(expression)
    assert governing_tense(nlp(sentence), start, start + len(expression)) == tense


@pytest.mark.parametrize(
    ("sentence", "expression", "tense", "direct"),
    [
        ("Officials said the talks began in March.", "March", "past", True),
        ("Officials said the talks will begin in March.", "March", "future", True),
        ("He left Tuesday for Kyiv.", "Tuesday", "past", True),
        # through a noun or an adjective the verb's tense says less about the date
        ("The company declared a dividend payable Dec. 15.", "Dec. 15", "past", False),
        ("Shares rose over Thursday's closing price.", "Thursday", "past", False),
        # a bound, not the time of the event
        ("Lenders have extended the loans through January.", "January", "past", False),
        # an infinitive borrows its tense from the verb above
        ("He subpoenaed the boy to testify on Feb. 10.", "Feb. 10", "past", False),
        # scheduled, not past
        ("The vote, scheduled for Dec. 15, was postponed.", "Dec. 15", None, False),
        ("A summit was set for Washington in April.", "April", None, True),
        ("The spokesman could not be reached Tuesday.", "Tuesday", "past", True),
        ("They will appeal Monday's ruling.", "Monday", "past", False),
    ],
)
def test_read_tense_says_whether_the_date_modifies_its_verb(
    nlp, sentence: str, expression: str, tense: str | None, direct: bool
) -> None:
    start = sentence.index(expression)
    reading = read_tense(nlp(sentence), start, start + len(expression))
    assert (reading.tense, reading.direct) == (tense, direct)


def test_patterns_run_only_near_temporal_words_and_find_the_same(
    seed_texts: dict[str, str],
) -> None:
    """The lexicon patterns run on windows around temporal words (for speed); a pattern
    without such a word would be missed, so the windows must find what a full scan finds."""
    from storyline.pipeline.dates.find import Candidate, _keep, _pattern_candidates
    from storyline.pipeline.dates.lexicon import load_lexicon

    lex = load_lexicon()
    for seed, text in seed_texts.items():
        full = {
            Candidate(*m.span("timex" if "timex" in p.groupindex else 0), name)
            for name, p in lex.patterns.items()
            for m in p.finditer(text)
        }
        windowed = set(_pattern_candidates(text, lex))
        assert {c for c in full if _keep(text, c, lex, None)} == {
            c for c in windowed if _keep(text, c, lex, None)
        }, seed
