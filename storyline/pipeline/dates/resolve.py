"""Resolving one temporal expression to its TimeML type and value.

The resolver reads the expression (found by :mod:`.find`) and computes the value
against the document creation time (DCT), the tense of the governing verb and the
previously mentioned date. The rules (``rules_*``) are tried in order; the first
that reads the expression answers. What dateparser reads well (calendar dates, clock
times) goes through :mod:`.absolute`; the rest is what TimeML adds: ISO weeks,
quarters, seasons, decades, durations, sets, ``*_REF`` values, years chosen by tense and
expressions anchored on the previous date ("the next day").

>>> from datetime import date
>>> ctx = Context(dct=date(2024, 11, 25), tense="past")
>>> r = resolve("last Tuesday", ctx)
>>> (r.type, r.value, r.anchor)
('DATE', '2024-11-19', 'dct')
>>> resolve("two-year", ctx).value
'P2Y'
>>> resolve("Last week", ctx).value
'2024-W47'
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable

from storyline.pipeline.dates.absolute import parse_clock
from storyline.pipeline.dates.grammar import (
    Context,
    Resolution,
    grammar,
    normalize,
    time_on,
)
from storyline.pipeline.dates.lexicon import Lexicon
from storyline.pipeline.dates.rules_amounts import rule_duration, rule_reference, rule_set
from storyline.pipeline.dates.rules_calendar import (
    rule_calendar,
    rule_day_of_month,
    rule_decade,
    rule_holiday,
    rule_iso,
    rule_quarter,
    rule_season,
    rule_week_of,
)
from storyline.pipeline.dates.rules_relative import (
    rule_anaphoric_day,
    rule_deictic,
    rule_offset,
    rule_part_of_narrative_day,
    rule_relative_unit,
    rule_weekday,
)
from storyline.pipeline.dates.values import Point

__all__ = ["Context", "Resolution", "resolve"]


def resolve(expression: str, context: Context) -> Resolution | None:
    """The TimeML type and value of ``expression``, or None when no rule reads it.

    When no rule reads the whole expression, the longest run of its words that a rule
    reads gives the value ("just a decade ago", "the night of Friday, Oct. 23").
    """
    text = normalize(expression)
    if not text:
        return None
    result = _apply_rules(text, context)
    if result is not None:
        return result
    words = text.split(" ")
    parts = [
        " ".join(words[start : start + size])
        for size in range(len(words) - 1, 0, -1)
        for start in range(0, len(words) - size + 1)
    ]
    # Named days, months and numbers say more than "the day" around them.
    specific = _specific_words(context.lex)
    parts.sort(key=lambda part: not specific.search(part))
    for part in parts:
        if _is_function_words(part):
            continue
        result = _apply_rules(part, context, _PART_RULES)
        if result is not None:
            return result
    return None


@functools.lru_cache(maxsize=4)
def _specific_words(lex: Lexicon) -> re.Pattern[str]:
    g = grammar(lex)
    return re.compile(rf"\d|\b(?:{g.month}|{g.weekday}|today|yesterday|tomorrow|tonight|now)\b")


def _apply_rules(
    text: str, context: Context, rules: tuple[Rule, ...] | None = None
) -> Resolution | None:
    for rule in rules or _RULES:
        result = rule(text, context)
        if result is not None:
            return result
    return None


def _is_function_words(text: str) -> bool:
    return all(
        w in {"the", "a", "an", "of", "and", "or", "this", "that", "last", "next"}
        for w in text.split()
    )


_CLOCK = (
    r"(?:\d{1,2}(?::\d\d)?(?::\d\d)? ?(?:am|pm)?|noon|midnight|midday)"
    r"(?: (?:[ecmp][sd]t|gmt|utc))?"
)


def rule_clock(text: str, ctx: Context) -> Resolution | None:
    """Clock times: "10:35 a.m.", "9 a.m. EST Tuesday", "noon Thursday", "4 in the morning".

    The day is the one written with the time, else the last day mentioned, else the DCT.
    """
    g = grammar(ctx.lex)
    body = re.sub(rf"^(?:{g.approx}) ", "", text)
    body = re.sub(
        r"^(\d{1,2}(?::\d\d)?)(?: o'clock)? in the (morning|afternoon|evening|night)",
        lambda m: m.group(1) + (" am" if m.group(2) == "morning" else " pm"),
        body,
    )
    if m := re.fullmatch(rf"({_CLOCK})(?:,? (?:on )?(.+))?", body):
        clock_text, rest = m.group(1), m.group(2)
    elif m := re.fullmatch(rf"(.+?),? (?:at )?({_CLOCK})", body):
        clock_text, rest = m.group(2), m.group(1)
    else:
        return None
    if not re.search(r"am|pm|:|noon|midnight|midday", clock_text):
        return None  # a bare number is no time
    time = parse_clock(clock_text)
    if time is None:
        return None
    if rest:
        day = resolve(rest, ctx)
        if day is None or day.point is None or day.point.grain != "day" or day.point.time:
            return None
        return dataclasses.replace(
            time_on(day.point, time, day.anchor), year_inferred=day.year_inferred
        )
    if ctx.previous_day is not None:
        return time_on(ctx.previous_day, time, "previous")
    if ctx.dct is None:
        return Resolution("TIME", f"XXXX-XX-XXT{time}", "time", anchor="dct")
    return time_on(Point(ctx.dct), time, "dct")


Rule = Callable[[str, Context], Resolution | None]

_RULES: tuple[Rule, ...] = (
    rule_iso,
    rule_reference,
    rule_set,
    rule_decade,
    rule_holiday,
    rule_deictic,
    rule_clock,
    rule_offset,
    rule_part_of_narrative_day,
    rule_anaphoric_day,
    rule_relative_unit,
    rule_weekday,
    rule_quarter,
    rule_season,
    rule_week_of,
    rule_day_of_month,
    rule_calendar,
    rule_duration,
)

#: Rules for a part of an expression no rule reads whole: "the 5th" is a day only when it
#: stands alone ("ended on the 5th"), not inside "the 5th year".
_PART_RULES = tuple(rule for rule in _RULES if rule is not rule_day_of_month)
