"""Resolution rules for expressions relative to the publication date or to the date
mentioned before: "yesterday", "last week", "two years ago", "the next day", "Thursday".

A bare weekday takes the direction of the tense of its verb: the day on or before the
publication date in past-tense sentences, on or after it in future ones, the nearest
otherwise. "the next day", "a day later", "that week" count from the previous date.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from storyline.pipeline.dates.grammar import (
    PRECISION,
    Context,
    Resolution,
    anchor_base,
    direction_of,
    grammar,
    parse_amount,
    resolved_point,
    time_on,
    unit_duration,
    unit_grain,
    unresolved,
)
from storyline.pipeline.dates.lexicon import Unit
from storyline.pipeline.dates.rules_calendar import quarter_in_focus, relative_season
from storyline.pipeline.dates.values import GRAIN_ORDER, Grain, Point, month_near, weekday_near


def rule_deictic(text: str, ctx: Context) -> Resolution | None:
    """ "today", "yesterday afternoon", "tonight", "this morning", "last night"."""
    lex = ctx.lex
    g = grammar(lex)
    lead = r"(?:(?:early|late|earlier|later|mid) )?"
    part_re = rf"(?:mid-?|early |late )?({g.part}|afternoon)"
    days = r"(today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow)"
    word: str
    part_word: str | None
    m = re.fullmatch(rf"{lead}{days}(?: {part_re})?", text)
    if m:
        word, part_word = str(m.group(1)), m.group(2)
    elif m := re.fullmatch(rf"{lead}(this|last) {part_re}", text):
        word = "today" if m.group(1) == "this" else "yesterday"
        part_word = m.group(2)
        if m.group(1) == "last" and part_word != "night":
            return None
    elif m := re.fullmatch(rf"{lead}{part_re} (today|yesterday|tomorrow)", text):
        word, part_word = str(m.group(2)), m.group(1)
    else:
        return None
    offset = {
        "today": 0,
        "tonight": 0,
        "yesterday": -1,
        "tomorrow": 1,
        "the day before yesterday": -2,
        "the day after tomorrow": 2,
    }[word]
    part = lex.parts_of_day.get(re.sub(r"^mid-?", "", part_word or ""))
    if word == "tonight":
        part = "NI"
    if ctx.dct is None:
        value = "XXXX-XX-XX" + (f"T{part}" if part else "")
        return Resolution(
            "TIME" if part else "DATE", value, "time" if part else "day", anchor="dct"
        )
    point = Point(ctx.dct).shift(offset)
    if part:
        return time_on(point, part, "dct")
    return resolved_point(point, "dct")


def rule_part_of_narrative_day(text: str, ctx: Context) -> Resolution | None:
    """ "the next morning", "that evening", "overnight": a part of the day in focus."""
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"(?:(the next|the following|that|the same|the|later that|early that|late that) )?({g.part})",
        text,
    )
    if not m or (m.group(1) is None and m.group(2) != "overnight"):
        return None
    shift = 1 if m.group(1) in {"the next", "the following"} else 0
    base, anchor = anchor_base(ctx, True, "day")
    part = lex.parts_of_day[m.group(2)]
    if base is None:
        return Resolution("TIME", f"XXXX-XX-XXT{part}", "time", anchor=anchor)
    return time_on(Point(base.day).shift(shift), part, anchor)


def rule_offset(text: str, ctx: Context) -> Resolution | None:
    """ "two years ago", "a day later", "three weeks earlier", "a year from now"."""
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"(?:(?:{g.approx}) )?(?:({g.amount}) )?({g.unit})(?: or so)?(?: (?:ago|earlier|later|before|after|hence|from now|back|prior|previously|on))",
        text,
    )
    if not m:
        return None
    direction_word = text.rsplit(" ", 1)[-1] if not text.endswith("from now") else "from now"
    sign = (
        -1 if direction_word in {"ago", "earlier", "before", "back", "prior", "previously"} else 1
    )
    unit = lex.unit(m.group(2))
    if unit is None:
        return None
    plural = m.group(2) not in lex.units
    amount = None if m.group(1) is None and plural else parse_amount(m.group(1), lex)
    if amount is None:
        ref = "PAST_REF" if sign < 0 else "FUTURE_REF"
        return Resolution("DATE", ref, "none", anchor="dct")
    grain = unit_grain(unit)
    anchored_on_previous = direction_word in {
        "earlier",
        "later",
        "before",
        "after",
        "on",
        "previously",
        "prior",
    }
    base, anchor = anchor_base(ctx, anchored_on_previous, grain)
    count = int(amount * unit.multiplier) if float(amount * unit.multiplier).is_integer() else None
    if grain is None or count is None:
        if base is None:
            return Resolution("DATE", "XXXX-XX-XXTXX:XX", "time", anchor=anchor)
        return Resolution("DATE", base.value(), PRECISION[base.grain], anchor=anchor, point=base)
    if unit.multiplier > 1:
        grain = "year"
    if base is None:
        return unresolved(grain, anchor)
    comparative = grain == "year" and sign < 0 and count == 1
    try:
        point = _offset_point(base, grain, sign * count, comparative, ctx)
    except (ValueError, OverflowError):  # "7,000 years ago": before the calendar's year 1
        return None
    if comparative and ctx.focus_quarter is not None:
        anchor = "previous"
    return dataclasses.replace(resolved_point(point, anchor), comparative=comparative)


def _offset_point(base: Point, grain: Grain, n: int, comparative: bool, ctx: Context) -> Point:
    if comparative and ctx.focus_quarter is not None:
        # "a year ago" in a quarterly report: the same quarter a year before
        return ctx.focus_quarter.shift(-1, "year")
    if grain == "year" and base.grain == "quarter":
        return base.shift(n, "year")
    if (
        grain in {"year", "month", "week"}
        and base.grain != "day"
        and _finer_or_equal(base.grain, grain)
    ):
        return base.coarsen(grain).shift(n, grain)
    return Point(base.day, grain).shift(n)


def _finer_or_equal(a: Grain, b: Grain) -> bool:
    return GRAIN_ORDER.index(a) <= GRAIN_ORDER.index(b)


def rule_relative_unit(text: str, ctx: Context) -> Resolution | None:
    """ "last week", "this month", "next year", "the following day", "earlier this week"."""
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"({g.determiner}) ?((?:fiscal |calendar )?{g.unit}|{g.season}|{g.weekday}|{g.month})",
        text,
    )
    if not m:
        return None
    determiner, noun = m.group(1), m.group(2).replace("fiscal ", "").replace("calendar ", "")
    shift = lex.relative_determiners[determiner]
    if noun in lex.weekdays:
        return _relative_weekday(determiner, lex.weekdays[noun], ctx)
    if noun in lex.months:
        return _relative_month(shift, lex.months[noun], ctx)
    if noun in lex.seasons:
        if determiner == "the":
            return relative_season(_season_direction(ctx), lex.seasons[noun], ctx)
        return relative_season(shift, lex.seasons[noun], ctx)
    unit = lex.unit(noun)
    if unit is None or noun.endswith("s") and noun not in lex.units:
        return None
    if determiner == "the" and noun != "weekend":
        return _the_unit(unit, ctx)
    if unit.name == "weekend":
        return _weekend(shift, ctx, determiner)
    grain = unit_grain(unit)
    if grain is None:
        return None
    if determiner in {"the past", "the last"} and grain in {"decade", "century"}:
        return Resolution("DURATION", unit_duration(unit.multiplier, unit), "none")
    on_previous = determiner in lex.anaphoric_determiners
    base, anchor = anchor_base(ctx, on_previous, grain)
    if base is None:
        return unresolved(grain, anchor)
    if on_previous and determiner in {"the next", "the following", "following"}:
        shift = 1
    if grain == "quarter" and shift == -1 and not on_previous:
        # "last quarter": the last completed one
        return resolved_point(Point(base.day, "quarter").shift(-1), anchor)
    point = Point(base.day, grain).shift(shift)
    return resolved_point(point, anchor)


def _season_direction(ctx: Context) -> int:
    """Which "the summer": the last one after a verb in the past ("passed in the summer"),
    the next one after a verb in the future that it modifies ("will leave in the summer"),
    else the nearest ("by the summer" in January is the coming one). A future read through
    an infinitive ("made it hard to meet demand into the summer") is not firm enough."""
    if ctx.tense == "past":
        return -1
    if ctx.tense == "future" and ctx.tense_direct:
        return 1
    return 0


def _the_unit(unit: Unit, ctx: Context) -> Resolution | None:
    """ "the week", "the quarter", "the year": the period in focus, or a duration."""
    grain = unit_grain(unit)
    if grain is None:
        return None  # "the hour", "the second"
    if grain == "quarter":
        return quarter_in_focus("the quarter", False, ctx)
    if grain in {"year", "month"}:
        return Resolution("DURATION", unit_duration(unit.multiplier, unit), "none")
    if grain == "day":
        base, anchor = anchor_base(ctx, True, "day")
        if base is None:
            return unresolved("day", anchor)
        return resolved_point(Point(base.day), anchor)
    if ctx.dct is None:
        return unresolved(grain)
    return resolved_point(Point(ctx.dct, grain), "dct")


def _weekend(shift: int, ctx: Context, determiner: str) -> Resolution:
    """ "last weekend", "this weekend"; "the weekend" by the tense (2024-W47-WE)."""
    if ctx.dct is None:
        return Resolution("DATE", "XXXX-WXX-WE", "week", anchor="dct")
    if determiner == "the":
        direction = direction_of(ctx)
        shift = -1 if direction == "past" and ctx.dct.isoweekday() < 6 else 0
    point = Point(ctx.dct, "week").shift(shift)
    return Resolution("DATE", point.value() + "-WE", "week", anchor="dct", point=point)


def _relative_weekday(determiner: str, weekday: int, ctx: Context) -> Resolution:
    """ "last Tuesday" (strictly before the DCT), "next Tuesday", "the following Tuesday"."""
    lex = ctx.lex
    if (
        determiner in lex.anaphoric_determiners
        and ctx.previous is not None
        and determiner != "that"
    ):
        following = determiner in {"the following", "following", "the next"}
        step = 1 if following else -1
        base = ctx.previous.day + timedelta(days=step)  # strictly after / before
        day = weekday_near(base, weekday, "future" if following else "past")
        return resolved_point(Point(day), "previous")
    if ctx.dct is None:
        return Resolution("DATE", f"XXXX-WXX-{weekday}", "day", anchor="dct")
    shift = lex.relative_determiners.get(determiner, 0)
    if shift < 0:
        day = weekday_near(ctx.dct - timedelta(days=1), weekday, "past")
    elif shift > 0:
        day = weekday_near(ctx.dct + timedelta(days=1), weekday, "future")
    else:
        day = weekday_near(ctx.dct, weekday, direction_of(ctx))
    return resolved_point(Point(day), "dct")


def _relative_month(shift: int, month: int, ctx: Context) -> Resolution:
    """ "last May" (the May before the DCT's month), "next May", "this May"."""
    if ctx.dct is None:
        return unresolved("month", month=month)
    if shift < 0:
        day = month_near(ctx.dct, month, "past", strict=True)
    elif shift > 0:
        day = month_near(ctx.dct, month, "future", strict=True)
    else:
        day = date(ctx.dct.year, month, 1)
    return resolved_point(Point(day, "month"), "dct")


def rule_weekday(text: str, ctx: Context) -> Resolution | None:
    """ "Thursday", "Wednesday night", "early Friday": by the tense of the governing verb."""
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"(?:(?:early|late|earlier|later) )?({g.weekday})(?: ({g.part}))?|(?:(?:early|late) )?({g.part}) (?:of )?({g.weekday})",
        text,
    )
    if not m:
        return None
    name = m.group(1) or m.group(4)
    part_word = m.group(2) or m.group(3)
    weekday = lex.weekdays[name]
    part = lex.parts_of_day.get(part_word or "")
    if ctx.dct is None:
        value = f"XXXX-WXX-{weekday}" + (f"T{part}" if part else "")
        return Resolution(
            "TIME" if part else "DATE", value, "time" if part else "day", anchor="dct"
        )
    day = weekday_near(ctx.dct, weekday, direction_of(ctx))
    if part:
        return time_on(Point(day), part, "dct")
    return resolved_point(Point(day), "dct")


def rule_anaphoric_day(text: str, ctx: Context) -> Resolution | None:
    """ "that day", "the same day", "the day before", "the previous day", "that year"."""
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"(?:(?:earlier|later) )?(?:the ({g.unit}) (before|after|earlier|later)|(?:that|the same|that same) ({g.unit}))",
        text,
    )
    if not m:
        return None
    word = m.group(1) or m.group(3)
    unit = lex.unit(word) if word in lex.units else None
    if unit is None or unit.name in {"weekend", "quarter"}:
        return None
    grain = unit_grain(unit)
    if grain is None:
        return None
    shift = {"before": -1, "earlier": -1, "after": 1, "later": 1}.get(m.group(2) or "", 0)
    base, anchor = anchor_base(ctx, True, grain)
    if base is None:
        return unresolved(grain, anchor)
    return resolved_point(Point(base.day, grain).shift(shift), anchor)
