"""Temporal expressions resolved against the publication date: constructions and seeds."""

from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.models import Article, DateMention, Metadata, MetaValue, SourceRef
from storyline.pipeline.dates.step import dates_step, find_dates, parse_dct

pytestmark = pytest.mark.slow  # the parse gives the tense of the governing verb

DCT = "2024-11-25"  # a Monday


def _find(mentions: list[DateMention], text: str, nth: int = 0) -> DateMention:
    found = [m for m in mentions if m.text == text]
    assert len(found) > nth, f"{text!r} not among {[m.text for m in mentions]}"
    return found[nth]


# sentence, expression, type, value, precision, anchor
CONSTRUCTIONS: list[tuple[str, str, str, str, str, str | None]] = [
    # weekdays take the direction of the tense; the publication day counts on both sides
    ("The ministry announced the deal on Monday.", "Monday", "DATE", "2024-11-25", "day", "dct"),
    ("The talks collapsed on Thursday.", "Thursday", "DATE", "2024-11-21", "day", "dct"),
    ("Putin spoke Thursday.", "Thursday", "DATE", "2024-11-21", "day", "dct"),
    ("The ministers will meet on Thursday.", "Thursday", "DATE", "2024-11-28", "day", "dct"),
    ("The vote is expected to take place Friday.", "Friday", "DATE", "2024-11-29", "day", "dct"),
    ("Kyiv struck the depot last Tuesday.", "last Tuesday", "DATE", "2024-11-19", "day", "dct"),
    ("The envoy arrives next Tuesday.", "next Tuesday", "DATE", "2024-11-26", "day", "dct"),
    # weeks, months, years relative to the publication date
    ("Last week, officials declined to comment.", "Last week", "DATE", "2024-W47", "week", "dct"),
    ("The president travels to Kyiv this week.", "this week", "DATE", "2024-W48", "week", "dct"),
    ("Putin warned earlier this week.", "earlier this week", "DATE", "2024-W48", "week", "dct"),
    ("A summit is planned for next month.", "next month", "DATE", "2024-12", "month", "dct"),
    ("Exports fell last year.", "last year", "DATE", "2023", "year", "dct"),
    ("The plant was built two years ago.", "two years ago", "DATE", "2022", "year", "dct"),
    ("The strike came three days ago.", "three days ago", "DATE", "2024-11-22", "day", "dct"),
    ("Sales rose in the third quarter.", "the third quarter", "DATE", "2024-Q3", "quarter", "dct"),
    ("The offensive stalled last summer.", "last summer", "DATE", "2024-SU", "season", "dct"),
    # month names: the occurrence in the direction of the tense
    ("Russia began the assault in May.", "May", "DATE", "2024-05", "month", "dct"),
    ("Troops have been fighting there since August.", "August", "DATE", "2024-08", "month", "dct"),
    ("Elections will be held in May.", "May", "DATE", "2025-05", "month", "dct"),
    ("Congress approved the aid in April 2024.", "April 2024", "DATE", "2024-04", "month", None),
    # written dates
    (
        "The ceasefire took effect on June 3, 2023.",
        "June 3, 2023",
        "DATE",
        "2023-06-03",
        "day",
        None,
    ),
    ("The report was published on June 3.", "June 3", "DATE", "2024-06-03", "day", "dct"),
    (
        "Voting ends Sunday, December first.",
        "Sunday, December first",
        "DATE",
        "2024-12-01",
        "day",
        "dct",
    ),
    ("The decree is dated 2024-05-30.", "2024-05-30", "DATE", "2024-05-30", "day", None),
    ("The war began in 2022.", "2022", "DATE", "2022", "year", None),
    ("Oil prices collapsed in the 1990s.", "the 1990s", "DATE", "199", "decade", None),
    # times of day
    (
        "The meeting started at 2 p.m. Thursday.",
        "2 p.m. Thursday",
        "TIME",
        "2024-11-21T14:00",
        "time",
        "dct",
    ),
    ("The sirens sounded this morning.", "this morning", "TIME", "2024-11-25TMO", "time", "dct"),
    ("Drones attacked Kyiv last night.", "last night", "TIME", "2024-11-24TNI", "time", "dct"),
    (
        "The deadline expires at midnight on Dec. 31.",
        "midnight on Dec. 31",
        "TIME",
        "2024-12-31T24:00",
        "time",
        "dct",
    ),
    ("The vote is planned for Q1 2025.", "Q1 2025", "DATE", "2025-Q1", "quarter", None),
    # durations, sets and references
    (
        "It was the first strike of the over two-year war.",
        "over two-year",
        "DURATION",
        "P2Y",
        "none",
        None,
    ),
    ("The talks lasted three hours.", "three hours", "DURATION", "PT3H", "none", None),
    (
        "The rescue took a minute and a half.",
        "a minute and a half",
        "DURATION",
        "PT1M30S",
        "none",
        None,
    ),
    ("The war has lasted 2 1/2 years.", "2 1/2 years", "DURATION", "P2Y6M", "none", None),
    (
        "Fighting has raged for the past six months.",
        "the past six months",
        "DURATION",
        "P6M",
        "none",
        None,
    ),
    ("The mission flies daily.", "daily", "SET", "P1D", "none", None),
    ("The council meets every Monday.", "every Monday", "SET", "XXXX-WXX-1", "none", None),
    (
        "Ukraine has used the weapons in recent days.",
        "recent days",
        "DATE",
        "PAST_REF",
        "none",
        "dct",
    ),
    ("Kyiv can now strike targets in Russia.", "now", "DATE", "PRESENT_REF", "none", "dct"),
    ("The rules currently forbid it.", "currently", "DATE", "PRESENT_REF", "none", "dct"),
    ("Officials will decide in the future.", "the future", "DATE", "FUTURE_REF", "none", "dct"),
    # rates are sets (TimeML: "a month" in "500 tonnes a month" is P1M, quant EVERY)
    ("Russia launched 500 drones a month.", "a month", "SET", "P1M", "none", None),
    ("Output rose to 2,000 barrels per day.", "per day", "SET", "P1D", "none", None),
    ("The ministers meet twice a year.", "twice a year", "SET", "P1Y", "none", None),
    ("The talks lasted a month.", "a month", "DURATION", "P1M", "none", None),
    ("Talks resumed a week before the vote.", "a week", "DURATION", "P1W", "none", None),
    # ordinal days, ranges of days, weeks named by a day
    (
        "The ceasefire began on the third of March.",
        "the third of March",
        "DATE",
        "2024-03-03",
        "day",
        "dct",
    ),
    ("The talks ended on the 21st.", "the 21st", "DATE", "2024-11-21", "day", "dct"),
    ("The summit ran March 3-5.", "March 3-5", "DATE", "2024-03-03", "day", "dct"),
    ("Delegates arrived April 24 and 25.", "April 24 and 25", "DATE", "2024-04-24", "day", "dct"),
    ("The week of Nov. 18 was quiet.", "The week of Nov. 18", "DATE", "2024-W47", "week", "dct"),
    ("Fighting raged between May and August.", "May", "DATE", "2024-05", "month", "dct"),
]


@pytest.mark.parametrize(
    ("sentence", "expression", "kind", "value", "precision", "anchor"), CONSTRUCTIONS
)
def test_constructions_against_a_fixed_dct(
    nlp, sentence: str, expression: str, kind: str, value: str, precision: str, anchor: str | None
) -> None:
    mention = _find(find_dates(sentence, DCT, nlp=nlp), expression)
    assert (mention.type, mention.value, mention.precision, mention.anchor) == (
        kind,
        value,
        precision,
        anchor,
    )
    assert sentence[mention.start : mention.end] == expression


# Month names and weekdays in clauses under a reporting verb take the tense of their own
# verb ("said ... began in March" is the March before), firmly when they modify that
# verb; through an adjective, an infinitive or a bounding preposition the tense only
# leans. The publication date is a Wednesday.
EMBEDDED_DCT = "2024-11-27"
EMBEDDED: list[tuple[str, str, str]] = [
    ("On Monday, officials said the talks began in March.", "March", "2024-03"),
    ("On Monday, officials said the talks began in March.", "Monday", "2024-11-25"),
    ("Officials said the talks will begin in March.", "March", "2025-03"),
    ("Officials say the talks begin in March.", "March", "2025-03"),
    ("He said the ceasefire took effect in December.", "December", "2023-12"),
    ("The minister said the army withdrew on Dec. 1.", "Dec. 1", "2023-12-01"),
    ("Officials said the talks began on March 3.", "March 3", "2024-03-03"),
    (
        "Officials said the talks, which began in January, would resume in February.",
        "January",
        "2024-01",
    ),
    (
        "Officials said the talks, which began in January, would resume in February.",
        "February",
        "2025-02",
    ),
    ("The minister said talks would resume in October.", "October", "2025-10"),
    ("Officials said on Friday that the envoy arrived on Tuesday.", "Friday", "2024-11-22"),
    ("Officials said on Friday that the envoy arrived on Tuesday.", "Tuesday", "2024-11-26"),
    ("Officials said the envoy will arrive on Tuesday.", "Tuesday", "2024-12-03"),
    # a failure or refusal reported with "could not", "would not" is past
    ("The spokesman could not be reached for comment Tuesday.", "Tuesday", "2024-11-26"),
    ("Officials would not comment Monday.", "Monday", "2024-11-25"),
    ("Talks could resume Friday.", "Friday", "2024-11-29"),
    # a possessive day names an event the story reports, whatever the verb around it
    ("They will appeal Monday's ruling.", "Monday", "2024-11-25"),
    # the tense only leans: the nearest occurrence wins unless far off
    ("The company declared a dividend payable Dec. 15.", "Dec. 15", "2024-12-15"),
    ("The vote, scheduled for Dec. 15, was postponed.", "Dec. 15", "2024-12-15"),
    ("The court has set Dec. 10 as the deadline.", "Dec. 10", "2024-12-10"),
    ("They expect the deal to be completed by Dec. 15.", "Dec. 15", "2024-12-15"),
    ("Lenders have extended the loans through January.", "January", "2025-01"),
    ("The index closed near its record high set on Aug. 6.", "Aug. 6", "2024-08-06"),
]


@pytest.mark.parametrize(("sentence", "expression", "value"), EMBEDDED)
def test_months_and_weekdays_follow_the_tense_of_their_own_clause(
    nlp, sentence: str, expression: str, value: str
) -> None:
    mention = _find(find_dates(sentence, EMBEDDED_DCT, nlp=nlp), expression)
    assert (mention.type, mention.value, mention.anchor) == ("DATE", value, "dct")


# sentence, expression, value: anchored on the date mentioned before
ANCHORED: list[tuple[str, str, str]] = [
    (
        "Kyiv struck on Tuesday, and the next day it hit a command post.",
        "the next day",
        "2024-11-20",
    ),
    ("The order came on Nov. 12. A day later, the army withdrew.", "A day later", "2024-11-13"),
    (
        "The order came on Nov. 12. Two days earlier, talks had failed.",
        "Two days earlier",
        "2024-11-10",
    ),
    (
        "Talks began in the week of Oct. 7 and resumed the following week.",
        "the following week",
        "2024-W42",
    ),
    ("The bridge fell on Oct. 3; that day, the mayor resigned.", "that day", "2024-10-03"),
    (
        "The bridge fell on Oct. 3. In 2023 it had been repaired. That evening, the mayor resigned.",
        "That evening",
        "2024-10-03TEV",
    ),
    ("The bridge fell on Oct. 3. At 10 p.m., the mayor resigned.", "10 p.m.", "2024-10-03T22:00"),
    ("Talks began on November 3 and ended on the 5th.", "the 5th", "2024-11-05"),
]


@pytest.mark.parametrize(("sentence", "expression", "value"), ANCHORED)
def test_expressions_anchored_on_the_previous_date(
    nlp, sentence: str, expression: str, value: str
) -> None:
    mention = _find(find_dates(sentence, DCT, nlp=nlp), expression)
    assert (mention.value, mention.anchor) == (value, "previous")


def test_year_inferred_only_when_the_text_leaves_it_out(nlp) -> None:
    mentions = find_dates("Strikes on June 3 followed the accord of June 3, 2023.", DCT, nlp=nlp)
    assert [(m.value, m.year_inferred) for m in mentions] == [
        ("2024-06-03", True),
        ("2023-06-03", False),
    ]


# A season without a year: the one the verb points at, else the nearest (the coming one on
# a tie), never last year's summer for "by the summer" written in January.
SEASONS: list[tuple[str, str, str, str]] = [
    ("The bill will pass by the summer.", "2019-01-10", "the summer", "2019-SU"),
    ("The bill passed in the summer.", "2019-01-10", "the summer", "2018-SU"),
    ("Troops will leave in the summer.", "2019-10-10", "the summer", "2020-SU"),
    ("Demand was hard to meet well into the summer.", "2019-10-26", "the summer", "2019-SU"),
    ("Prices rose this summer.", "2019-10-10", "this summer", "2019-SU"),
    ("Prices will rise this summer.", "2019-01-10", "this summer", "2019-SU"),
    ("The deal will be done before Christmas.", "2019-01-10", "Christmas", "2019-12-25"),
    ("Talks broke down before Christmas.", "2019-01-10", "Christmas", "2018-12-25"),
]


@pytest.mark.parametrize(("sentence", "dct", "expression", "value"), SEASONS)
def test_forward_references_resolve_forward(
    nlp, sentence: str, dct: str, expression: str, value: str
) -> None:
    assert _find(find_dates(sentence, dct, nlp=nlp), expression).value == value


# Without a publication date, relative expressions stay unresolved (X placeholders).
NO_DCT: list[tuple[str, str, str, str]] = [
    ("The talks collapsed on Monday.", "Monday", "XXXX-WXX-1", "day"),
    ("Last week, officials declined to comment.", "Last week", "XXXX-WXX", "week"),
    ("The report was published on June 3.", "June 3", "XXXX-06-03", "day"),
    ("Russia began the assault in May.", "May", "XXXX-05", "month"),
    ("The plant was built two years ago.", "two years ago", "XXXX", "year"),
    ("The ceasefire took effect on June 3, 2023.", "June 3, 2023", "2023-06-03", "day"),
    ("The talks lasted three hours.", "three hours", "PT3H", "none"),
]


@pytest.mark.parametrize(("sentence", "expression", "value", "precision"), NO_DCT)
def test_without_dct_relative_expressions_stay_unresolved(
    nlp, sentence: str, expression: str, value: str, precision: str
) -> None:
    mention = _find(find_dates(sentence, None, nlp=nlp), expression)
    assert (mention.value, mention.precision) == (value, precision)


def test_without_a_parse_the_patterns_still_find_and_resolve() -> None:
    mentions = find_dates("Kyiv struck the depot last Tuesday, on June 3, 2024.", DCT)
    assert [(m.text, m.value) for m in mentions] == [
        ("last Tuesday", "2024-11-19"),
        ("June 3, 2024", "2024-06-03"),
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-31", "2024-05-31"),
        ("2024-05-31T04:06+0000", "2024-05-31"),
        ("2024-05-31T04:06:00+00:00", "2024-05-31"),
        ("19980108", "1998-01-08"),
        ("", None),
        (None, None),
        ("next week", None),
    ],
)
def test_parse_dct(value: str | None, expected: str | None) -> None:
    parsed = parse_dct(value)
    assert (parsed.isoformat() if parsed else None) == expected


# ------------------------------------------------------------------ seed articles

# seed, publication date, expression, occurrence, value, type, year inferred, anchor
SEEDS: list[tuple[str, str, str, int, str, str, bool, str | None]] = [
    ("000", "2024-11-25", "Monday", 0, "2024-11-25", "DATE", False, "dct"),
    ("000", "2024-11-25", "last Tuesday", 0, "2024-11-19", "DATE", False, "dct"),
    ("000", "2024-11-25", "the next day", 0, "2024-11-20", "DATE", False, "previous"),
    ("000", "2024-11-25", "Thursday", 0, "2024-11-21", "DATE", False, "dct"),
    ("000", "2024-11-25", "Last week", 0, "2024-W47", "DATE", False, "dct"),
    ("000", "2024-11-25", "May", 0, "2024-05", "DATE", True, "dct"),
    ("000", "2024-11-25", "August", 0, "2024-08", "DATE", True, "dct"),
    ("000", "2024-11-25", "over two-year", 0, "P2Y", "DURATION", False, None),
    ("004", "2024-06-05", "Tuesday", 0, "2024-06-04", "DATE", False, "dct"),
    ("004", "2024-06-05", "June 3", 0, "2024-06-03", "DATE", True, "dct"),
    ("004", "2024-06-05", "June 1", 0, "2024-06-01", "DATE", True, "dct"),
    ("004", "2024-06-05", "recent days", 0, "PAST_REF", "DATE", False, "dct"),
    ("003", "2024-05-31", "Thursday", 0, "2024-05-30", "DATE", False, "dct"),
    # "told reporters on Friday" in a piece dated Friday 2024-05-31: a past-tense weekday
    # resolves to the latest such day on or before the publication date, the DCT itself.
    # (Were the piece written the day after, its publication date should say so.)
    ("003", "2024-05-31", "Friday", 0, "2024-05-31", "DATE", False, "dct"),
    ("003", "2024-05-31", "earlier this week", 0, "2024-W22", "DATE", False, "dct"),
    ("003", "2024-05-31", "May 29, 2024", 0, "2024-05-29", "DATE", False, None),
    ("003", "2024-05-31", "February 2022", 0, "2022-02", "DATE", False, None),
    ("002", "2024-05-31", "Thursday", 0, "2024-05-30", "DATE", False, "dct"),
    ("002", "2024-05-31", "May 10", 0, "2024-05-10", "DATE", True, "dct"),
]


@pytest.mark.parametrize(
    ("seed", "dct", "expression", "nth", "value", "kind", "inferred", "anchor"), SEEDS
)
def test_seed_articles(
    nlp,
    seed_texts: dict[str, str],
    seed: str,
    dct: str,
    expression: str,
    nth: int,
    value: str,
    kind: str,
    inferred: bool,
    anchor: str | None,
) -> None:
    text = seed_texts[seed]
    mention = _find(find_dates(text, dct, nlp=nlp, article_id=seed), expression, nth)
    assert (mention.value, mention.type, mention.year_inferred, mention.anchor) == (
        value,
        kind,
        inferred,
        anchor,
    )
    assert mention.article_id == seed
    assert text[mention.start : mention.end] == expression


def test_seed_mentions_are_ordered_spans_of_the_text(nlp, seed_texts: dict[str, str]) -> None:
    for seed, text in seed_texts.items():
        mentions = find_dates(text, "2024-06-01", nlp=nlp)
        starts = [m.start for m in mentions]
        assert starts == sorted(starts), seed
        assert all(text[m.start : m.end] == m.text for m in mentions), seed
        assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False)), seed


def test_dates_step_resolves_against_the_article_publication_date(
    nlp, seed_texts: dict[str, str]
) -> None:
    text = seed_texts["004"]
    meta = Metadata(published=MetaValue("2024-06-05", "input"))
    article = Article(id="a004", source=SourceRef("004.txt"), raw=text, text=text, meta=meta)
    enriched = dates_step(article, nlp(text), Settings())
    assert enriched.dates and article.dates == []
    assert {m.article_id for m in enriched.dates} == {"a004"}
    assert _find(enriched.dates, "June 3").value == "2024-06-03"
