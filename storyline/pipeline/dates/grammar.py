"""The shared vocabulary of date resolution: results, context, normalised text, grammar.

Every resolution rule (``rules_*``) reads a normalised expression (lower case,
number words as digits) with regex fragments built from the lexicon (:func:`grammar`)
and answers with a :class:`Resolution` built by the helpers here.

>>> normalize("the Past Twenty-Four Hours")
'the past 24 hours'
>>> normalize("nineteen ninety-six")
'1996'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from storyline.models import Precision
from storyline.pipeline.dates.lexicon import Lexicon, Unit, load_lexicon
from storyline.pipeline.dates.tense import Tense
from storyline.pipeline.dates.values import Grain, Point, duration_value, unknown_value

Direction = Literal["past", "future", "nearest"]

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Anchor = Literal["dct", "previous"]


@dataclass(frozen=True)
class Resolution:
    """A resolved expression; ``point`` is kept so later expressions can anchor on it."""

    type: TimexType
    value: str
    precision: Precision
    year_inferred: bool = False
    anchor: Anchor | None = None
    point: Point | None = None
    #: "a year earlier", "the year-ago quarter": a comparison, not a new date in focus
    comparative: bool = False


@dataclass(frozen=True)
class Context:
    """What resolution may look at besides the expression itself."""

    dct: date | None
    tense: Tense | None = None
    previous: Point | None = None  # the last date mentioned before this expression
    previous_day: Point | None = None  # the last day mentioned ("Oct. 23", "Tuesday")
    focus_quarter: Point | None = None  # the last quarter mentioned ("the third quarter")
    lexicon: Lexicon | None = None
    #: the expression modifies its verb directly ("began in March"), so the tense is firm
    tense_direct: bool = False

    @property
    def lex(self) -> Lexicon:
        """The lexicon given, or the default one."""
        return self.lexicon or load_lexicon()


def normalize(expression: str) -> str:
    """Lower case, plain punctuation, number words as digits, no trailing periods.

    >>> normalize("the Past Twenty-Four Hours")
    'the past 24 hours'
    >>> normalize("nineteen ninety-six")
    '1996'
    """
    s = expression.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    s = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", s)
    s = re.sub(r"\b([a-z]{2,5})\.", r"\1", s)  # "sept." -> "sept"
    s = re.sub(r"\s+", " ", s).strip(" ,;:.!?\"'()")
    s = re.sub(r"'s$", "", s)
    s = _number_words(load_lexicon()).sub(_number_run, s)
    # "a minute and a half" -> "1.5 minute", "two years and a half" -> "2.5 years"
    return re.sub(
        r"\b(a|an|one|\d+) ([a-z]+) and a half\b",
        lambda m: f"{1 if not m.group(1).isdigit() else int(m.group(1))}.5 {m.group(2)}",
        s,
    )


@functools.lru_cache(maxsize=4)
def _number_words(lex: Lexicon) -> re.Pattern[str]:
    words = [w for w in lex.numbers if w not in {"a", "an", "half"}]
    word = "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"
    return re.compile(rf"\b{word}(?:[\s-]+{word})*\b")


def _number_run(m: re.Match[str]) -> str:
    lex = load_lexicon()
    values = [lex.numbers[w] for w in re.split(r"[\s-]+", m.group())]
    value = _number_run_value(values)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _number_run_value(run: list[float]) -> float:
    """ "nineteen ninety six" is a year, "twenty four" a sum, "two hundred" a product."""
    if len(run) >= 2 and 11 <= run[0] < 100 and 10 <= run[1] < 100:
        rest = sum(run[1:])
        if rest < 100:
            return run[0] * 100 + rest
    total = 0.0
    current = 0.0
    for v in run:
        if v in {100, 1000}:
            current = (current or 1) * v
            if v == 1000:
                total += current
                current = 0
        else:
            current += v
    return total + current


@dataclass(frozen=True)
class Grammar:
    unit: str  # alternation of unit words, singular or plural
    month: str
    weekday: str
    season: str
    part: str
    amount: str
    approx: str
    position: str
    determiner: str  # "last", "the following", "earlier this" ... (relative_determiners)
    ordinal: str  # "first", "3rd", "twentieth"


def _alt(words: Iterable[str]) -> str:
    """A regex alternation of phrases, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")"


@functools.lru_cache(maxsize=4)
def grammar(lex: Lexicon) -> Grammar:
    """Regex fragments for the lexicon's word classes (cached per lexicon)."""
    alt = _alt
    unit_words = set(lex.units) | {w + "s" for w in lex.units} | set(lex.irregular_plurals)
    vague = set(lex.vague_numbers)
    return Grammar(
        unit=alt(unit_words),
        month=alt(lex.months),
        weekday=alt(lex.weekdays),
        season=alt(lex.seasons),
        part=alt(lex.parts_of_day),
        amount=(
            r"(?:\d+(?:\.\d+)?(?: 1/2| and a half)?|a couple of|a couple|couple of|a|an|one|"
            r"half an?|a half|" + alt(vague)[3:-1] + ")"
        ),
        approx=alt(lex.approximate),
        position=alt(lex.position),
        determiner=alt(lex.relative_determiners),
        ordinal=alt(lex.ordinals),
    )


def parse_amount(text: str | None, lex: Lexicon) -> float | None:
    """The count in "two", "2 1/2", "a", "several" (None: vague, written PX...)."""
    if text is None or text == "":
        return 1.0
    text = text.strip()
    if text in {"a", "an", "one"}:
        return 1.0
    if "couple" in text:
        return 2.0
    if text.startswith("half"):
        return 0.5
    m = re.fullmatch(r"(\d+(?:\.\d+)?)( 1/2| and a half)?", text)
    if m:
        return float(m.group(1)) + (0.5 if m.group(2) else 0.0)
    return None


_UNIT_GRAINS: dict[str, Grain] = {"D": "day", "W": "week", "M": "month", "Q": "quarter"}
_YEAR_GRAINS: dict[int, Grain] = {1: "year", 10: "decade", 100: "century"}


def unit_grain(unit: Unit) -> Grain | None:
    """The calendar granularity a unit counts in (None for hours, minutes, seconds)."""
    if unit.time:
        return None
    if unit.name == "weekend":
        return "week"
    return _UNIT_GRAINS.get(unit.code) or _YEAR_GRAINS.get(unit.multiplier)


PRECISION: dict[str, Precision] = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "season": "season",
    "year": "year",
    "decade": "decade",
    "century": "century",
}


def resolved_point(
    point: Point, anchor: Anchor | None, *, year_inferred: bool = False
) -> Resolution:
    """A DATE (or TIME, when the point has a time of day) resolving to ``point``."""
    kind: TimexType = "TIME" if point.time else "DATE"
    precision: Precision = "time" if point.time else PRECISION[point.grain]
    return Resolution(kind, point.value(), precision, year_inferred, anchor, point)


def unresolved(grain: Grain, anchor: Anchor | None = "dct", **fields: int | None) -> Resolution:
    """A relative DATE without a publication date to count from ("XXXX-WXX")."""
    return Resolution("DATE", unknown_value(grain, **fields), PRECISION[grain], anchor=anchor)


def direction_of(context: Context) -> Direction:
    """Where a bare "Monday" or "June 3" lies from the DCT, after the tense of its verb."""
    if context.tense == "past":
        return "past"
    if context.tense == "future":
        return "future"
    return "nearest"


def anchor_base(
    ctx: Context, on_previous: bool, grain: Grain | None = None
) -> tuple[Point | None, Anchor]:
    """The point to count from: the previous date when asked and known, else the DCT.

    Counting in days ("the next day", "at 10 p.m.") starts from the last day mentioned,
    even when a month or a year was mentioned after it.
    """
    if on_previous and grain == "day" and ctx.previous_day is not None:
        return ctx.previous_day, "previous"
    if on_previous and ctx.previous is not None:
        return ctx.previous, "previous"
    if ctx.dct is None:
        return None, "dct"
    return Point(ctx.dct), "dct"


def unit_duration(amount: float | None, unit: Unit) -> str:
    """The duration of ``amount`` units ("a decade" P10Y, "decades" PXY, "a weekend" P2D)."""
    code = unit.code
    if unit.multiplier in {10, 100, 1000} and amount is None:
        code = "Y"
    if unit.name == "weekend" and amount is not None:
        return duration_value(amount, "D")
    return duration_value(amount, code, time=unit.time)


def time_on(day: Point, time: str, anchor: Anchor | None) -> Resolution:
    """A TIME on ``day``: a clock time ("14:00") or a part of the day ("MO")."""
    point = day.at_time(time)
    return Resolution("TIME", point.value(), "time", anchor=anchor, point=point)
