"""Calendar dates and clock times written out ("June 3", "Aug. 7, 1998", "9 a.m.").

dateparser reads the calendar fields; this module adds what TimeML needs on top: which
fields the text actually gave (so "June 3" is a day whose year was inferred and "May
2024" a month), and the year of a year-less date chosen by the tense of the sentence
("June 3" in a past-tense report is the last June 3 on or before the publication date).

>>> from datetime import date
>>> parse_calendar("Aug. 7, 1998")
CalendarDate(year=1998, month=8, day=7)
>>> parse_calendar("June 3").year is None
True
>>> parse_clock("9 a.m. EST")
'09:00'
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from dateparser.date import DateDataParser
from dateutil.easter import easter

from storyline.pipeline.dates.lexicon import Lexicon, load_lexicon

Direction = Literal["past", "future", "nearest"]

_EXPLICIT_YEAR = re.compile(
    r"(?<![\d/])(?:1[0-9]|20)\d\d(?![\d/])|'\d\d\b|\b\d{1,2}/\d{1,2}/\d{2}\b"
)
_HAS_DAY_NUMBER = re.compile(r"(?<![\d:])\b(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?!:)")
#: The base for parsing fields; a leap year so that "Feb. 29" parses.
_PARSE_BASE = datetime(2000, 1, 1)


@dataclass(frozen=True)
class CalendarDate:
    """The fields a written date gives; ``None`` where the text leaves them out."""

    year: int | None
    month: int | None
    day: int | None = None


@functools.lru_cache(maxsize=1)
def _parser() -> DateDataParser:
    """One English parser for written dates; relative phrases are resolved by our rules."""
    return DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": _PARSE_BASE,
            "PREFER_DATES_FROM": "current_period",
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_TIME_AS_PERIOD": True,
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
        },
    )


@functools.lru_cache(maxsize=4096)
def parse_calendar(text: str) -> CalendarDate | None:
    """The year, month and day written in ``text`` ("Monday, Oct. 26" -> month 10, day 26).

    Returns None when dateparser cannot read a calendar date in it.
    """
    cleaned = _clean(text)
    if not cleaned:
        return None
    data = _parser().get_date_data(cleaned)
    parsed = data.date_obj
    if parsed is None or data.period not in {"day", "month", "year"}:
        return None
    year = parsed.year if _EXPLICIT_YEAR.search(cleaned) else None
    if data.period == "year":
        return CalendarDate(year, None) if year is not None else None
    if data.period == "month":
        return CalendarDate(year, parsed.month)
    day = parsed.day if _HAS_DAY_NUMBER.search(_without_year(cleaned)) else None
    return CalendarDate(year, parsed.month, day)


@functools.lru_cache(maxsize=1024)
def parse_clock(text: str) -> str | None:
    """The clock time in ``text`` as "HH:MM" ("10:35 a.m." -> "10:35", "noon" -> "12:00")."""
    lex = load_lexicon()
    lowered = text.lower().strip()
    if lowered in lex.clock_words:
        return lex.clock_words[lowered]
    cleaned = re.sub(r"\b([ap])\.?\s?m\b\.?", r"\1m", lowered)
    cleaned = re.sub(r"\b(?:[ecmp][sd]t|gmt|utc)\b", "", cleaned).strip()
    if not re.search(r"\d", cleaned) and cleaned not in {"noon", "midnight"}:
        return None
    data = _parser().get_date_data(cleaned)
    if data.date_obj is None or data.period != "time":
        return None
    return f"{data.date_obj.hour:02d}:{data.date_obj.minute:02d}"


#: How much farther a date against the tense may be and still win: a past-tense report
#: of "Dec. 15" written in late October means the coming Dec. 15, not last year's, when
#: the tense comes from a verb the date does not modify ("declared a dividend payable
#: Dec. 15").
AGAINST_TENSE_PENALTY = 2.0
#: When the date modifies the verb itself ("the talks began in March") the tense is firm:
#: only a day this close to the publication date may lie against it (time zones).
FIRM_TENSE_SLACK_DAYS = 2


def choose_year(
    month: int,
    day: int | None,
    dct: date,
    direction: Direction,
    weekday: int | None = None,
    firm: bool = False,
) -> int:
    """The year of a year-less date: the occurrence nearest the DCT, leaning with the tense.

    Distances on the side the tense does not point to count double; when the tense is
    ``firm`` (the date modifies the verb: "the talks began in March") that side is out.
    A weekday written with the date ("Monday, Oct. 26") decides when one candidate year
    fits it.
    """
    reference = dct if day is not None else date(dct.year, dct.month, 1)
    candidates = [
        (y, _safe_date(y, month, day or 1)) for y in (dct.year - 1, dct.year, dct.year + 1)
    ]
    if weekday is not None and day is not None:
        fitting = [(y, d) for y, d in candidates if d.isoweekday() == weekday]
        if len(fitting) == 1:
            return fitting[0][0]

    def cost(candidate: tuple[int, date]) -> float:
        delta = (candidate[1] - reference).days
        against = (direction == "past" and delta > 0) or (direction == "future" and delta < 0)
        if not against:
            return abs(delta)
        if firm:
            slack = FIRM_TENSE_SLACK_DAYS if day is not None else 0
            return abs(delta) if abs(delta) <= slack else math.inf
        return abs(delta) * AGAINST_TENSE_PENALTY

    return min(candidates, key=cost)[0]


def holiday_date(name: str, year: int, lex: Lexicon | None = None) -> date | None:
    """The date of a named holiday in ``year`` ("thanksgiving" -> fourth Thursday of November)."""
    lex = lex or load_lexicon()
    rule = lex.holidays.get(name.lower())
    if rule is None:
        return None
    if isinstance(rule, str) and rule.startswith("easter"):
        return easter(year) + timedelta(days=int(rule[len("easter") :] or 0))
    if isinstance(rule, str):
        month, day = (int(x) for x in rule.split("-"))
        return date(year, month, day)
    nth, weekday, month = rule
    if nth > 0:
        first = date(year, month, 1)
        offset = (weekday - first.isoweekday()) % 7
        return first + timedelta(days=offset + 7 * (nth - 1))
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.isoweekday() - weekday) % 7)


def _clean(text: str) -> str:
    cleaned = re.sub(r"\s+", " ", text).strip(" ,;:")
    cleaned = re.sub(r"^(?:the|on|in|of|an?)\s+", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", cleaned)
    return cleaned


def _without_year(text: str) -> str:
    return _EXPLICIT_YEAR.sub(" ", text)


def _safe_date(year: int, month: int, day: int) -> date:
    while day > 28:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1
    return date(year, month, day)
