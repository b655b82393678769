"""Resolution rules for calendar expressions: written dates, years, quarters, seasons,
decades and centuries, holidays, ISO timestamps.

Written dates go to dateparser (:mod:`.absolute`); a year-less date gets the year
nearest the publication date, leaning with the tense ("June 3" in a past-tense report).
Quarters follow financial reporting: "the third quarter" reported in January is last
year's, "the year-ago quarter" is the quarter in focus a year before.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from storyline.pipeline.dates.absolute import choose_year, holiday_date, parse_calendar
from storyline.pipeline.dates.grammar import (
    Anchor,
    Context,
    Resolution,
    direction_of,
    grammar,
    resolved_point,
    unresolved,
)
from storyline.pipeline.dates.values import (
    Grain,
    Point,
    quarter_of,
    quarter_point,
    season_of,
    season_point,
)


def rule_iso(text: str, ctx: Context) -> Resolution | None:
    """ISO dates and timestamps: "2024-05-30", "2024-05-31T04:06+0000"."""
    m = re.fullmatch(
        r"(\d{4})-(\d\d)-(\d\d)(?:[t ](\d\d):(\d\d)(?::\d\d)?(?:\.\d+)?(?:z|[+-]\d\d:?\d\d)?)?",
        text,
    )
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    time = f"{m.group(4)}:{m.group(5)}" if m.group(4) else None
    return resolved_point(Point(day, "day", time=time), None)


_DECADE_SHIFT = {"this": 0, "the current": 0, "the last": -1, "last": -1, "next": 1, "the next": 1}


def rule_decade(text: str, ctx: Context) -> Resolution | None:
    """Decades and centuries: "the 1990s" (199), "the '80s", "the nineties", "the 20th
    century" (19), "this century"; "the past decade" is a duration (P10Y)."""
    lex = ctx.lex
    g = grammar(lex)
    body = re.sub(rf"^(?:the )?(?:(?:{g.position})[ -]?)?(?:the )?", "", text)
    if m := re.fullmatch(r"(\d{3})0'?s", body):
        start = date(int(m.group(1)) * 10, 1, 1)
        return resolved_point(Point(start, "decade"), None)
    m = re.fullmatch(r"'?(\d)0'?s", body)
    digit = int(m.group(1)) if m else lex.decade_words.get(body)
    if digit is not None:
        # "the '20s" written after 2020 are the 2020s; "the '90s" the 1990s
        recent = ctx.dct is not None and ctx.dct.year >= 2000 and digit * 10 <= ctx.dct.year % 100
        year = (20 if recent else 19) * 100 + digit * 10
        return resolved_point(Point(date(year, 1, 1), "decade"), None)
    if m := re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)? century|({g.ordinal}) century", body):
        number = int(m.group(1)) if m.group(1) else lex.ordinals[m.group(2)]
        if 1 <= number <= 21:
            return resolved_point(Point(date(max(1, (number - 1) * 100), 1, 1), "century"), None)
    m = re.fullmatch(
        r"(this|the current|the last|last|the past|past|next|the next) (century|decade)", text
    )
    if not m:
        return None
    determiner, unit = m.group(1), m.group(2)
    if determiner in {"the past", "past"} or (
        determiner in {"the last", "last"} and unit == "century"
    ):
        return Resolution("DURATION", "P100Y" if unit == "century" else "P10Y", "none")
    grain: Grain = "decade" if unit == "decade" else "century"
    if ctx.dct is None:
        return unresolved(grain)
    return resolved_point(Point(ctx.dct, grain).shift(_DECADE_SHIFT[determiner]), "dct")


def rule_holiday(text: str, ctx: Context) -> Resolution | None:
    """Named days: "Thanksgiving", "last Christmas", "Easter 1998"."""
    lex = ctx.lex
    m = re.fullmatch(r"(?:(last|next|this) )?(.+?)(?: (\d{4}))?", text)
    if not m or m.group(2) not in lex.holidays:
        return None
    name, year_text = m.group(2), m.group(3)
    if year_text:
        day = holiday_date(name, int(year_text), lex)
        return resolved_point(Point(day), None) if day else None
    if ctx.dct is None:
        return unresolved("day")
    direction = {"last": "past", "next": "future"}.get(m.group(1) or "", direction_of(ctx))
    options = [
        holiday_date(name, y, lex) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
    ]
    days = [d for d in options if d is not None]
    if direction == "past":
        chosen = max((d for d in days if d <= ctx.dct), default=days[0])
    elif direction == "future":
        chosen = min((d for d in days if d >= ctx.dct), default=days[-1])
    else:
        chosen = min(days, key=lambda d: abs((d - ctx.dct).days))  # type: ignore[operator]
    return resolved_point(Point(chosen), "dct", year_inferred=True)


_COMPARATIVE = re.compile(
    r"\b(?:year-earlier|year-ago|year earlier|year ago|comparable|corresponding)\b"
)


def rule_quarter(text: str, ctx: Context) -> Resolution | None:
    """ "the third quarter", "third-quarter", "the year-ago quarter", "fiscal 1989"."""
    lex = ctx.lex
    comparative = bool(_COMPARATIVE.search(text))
    m = re.fullmatch(
        r"(?:(this|last|next) year's |the |its |their )?(?:(\d{4}) )?(?:(?:fiscal|latest|comparable|year-earlier|year-ago|same|flat) )*"
        r"(first|second|third|fourth|1st|2nd|3rd|4th|final|last)(?: fiscal)?[ -](quarter|half)"
        r"(?: of (?:fiscal )?(\d{4}|this year|last year|next year))?",
        text,
    )
    if m:
        ordinal = m.group(3)
        number = 4 if ordinal in {"final", "last"} else lex.ordinals.get(ordinal, 0)
        if m.group(4) == "half":
            number = min(number, 2)
        qualifier = m.group(1) or m.group(2) or m.group(5)
        year, anchor, inferred = _quarter_year(number, qualifier, m.group(4), ctx)
        letter = "H" if m.group(4) == "half" else "Q"
        if year is None:
            return Resolution("DATE", f"XXXX-{letter}{number}", "quarter", anchor="dct")
        if comparative:
            year -= 1
        if letter == "H":
            return Resolution(
                "DATE", f"{year}-H{number}", "quarter", inferred, anchor, None, comparative
            )
        resolved = resolved_point(quarter_point(year, number), anchor, year_inferred=inferred)
        return dataclasses.replace(resolved, comparative=comparative)
    if re.fullmatch(r"(?:the )?(?:year-earlier|year-ago)", text):
        if ctx.focus_quarter is not None:
            return quarter_in_focus(text, True, ctx)
        if ctx.dct is None:
            return unresolved("year")
        return dataclasses.replace(
            resolved_point(Point(ctx.dct, "year").shift(-1), "dct"), comparative=True
        )
    m = re.fullmatch(
        r"(?:the )?(?:(?:fiscal|calendar) )?(\d{4}) (?:fiscal )?(?:quarter|period)", text
    )
    if m:
        year = int(m.group(1))
        if ctx.focus_quarter is None:
            return resolved_point(Point(date(year, 1, 1), "year"), None)
        quarter = quarter_of(ctx.focus_quarter.day)
        return dataclasses.replace(
            resolved_point(quarter_point(year, quarter), "previous"), comparative=True
        )
    m = re.fullmatch(
        r"(?:(?:that|this|the|its|their|(?:last|this) year's) )?(?:(latest|comparable|year-earlier|year-ago|same|current|previous|recent|fiscal|last|corresponding|just-ended|just-completed|flat) ?)* ?(quarter|period)",
        text,
    )
    if m and (m.group(1) or m.group(2) == "quarter"):
        return quarter_in_focus(text, comparative or text.startswith("last year's"), ctx)
    m = re.fullmatch(r"(?:(?:the )?q([1-4]),? (?:of )?(\d{4})|(\d{4}) q([1-4]))", text)
    if m:  # "Q1 2025", "2025 Q1"
        quarter_text, year_text = (m[1], m[2]) if m[1] else (m[4], m[3])
        return resolved_point(quarter_point(int(year_text), int(quarter_text)), None)
    m = re.fullmatch(
        r"(?:fiscal|calendar|the fiscal year|the calendar year|the year|fiscal year) (\d{4})", text
    )
    if m:
        return resolved_point(Point(date(int(m.group(1)), 1, 1), "year"), None)
    return None


def quarter_in_focus(text: str, comparative: bool, ctx: Context) -> Resolution:
    """ "the quarter", "the latest quarter", "the year-ago period": the quarter being reported."""
    latest = re.search(r"\b(?:latest|just-ended|just-completed|recent)\b", text)
    if ctx.focus_quarter is not None and not latest:
        base, anchor = ctx.focus_quarter, "previous"
    elif ctx.dct is not None:
        base, anchor = Point(ctx.dct, "quarter").shift(-1), "dct"
    else:
        return unresolved("quarter")
    if "current" in text or text.startswith("this "):
        if ctx.dct is None:
            return unresolved("quarter")
        base, anchor = Point(ctx.dct, "quarter"), "dct"
    if comparative:
        base = base.shift(-1, "year")
    elif "previous" in text:
        base = base.shift(-1)
    resolved = resolved_point(base, anchor)  # type: ignore[arg-type]
    return dataclasses.replace(resolved, comparative=comparative)


def _quarter_year(
    number: int, qualifier: str | None, kind: str, ctx: Context
) -> tuple[int | None, Anchor | None, bool]:
    if qualifier and qualifier.isdigit():
        return int(qualifier), None, False
    if ctx.dct is None:
        return None, "dct", True
    shift = {"last": -1, "last year": -1, "next": 1, "next year": 1}.get(qualifier or "", 0)
    if qualifier:
        return ctx.dct.year + shift, "dct", False
    current = quarter_of(ctx.dct) if kind != "half" else (1 if ctx.dct.month <= 6 else 2)
    year = ctx.dct.year
    if number > current and ctx.tense != "future":
        year -= 1  # "the fourth quarter" reported in January is last year's
    return year, "dct", True


def relative_season(shift: int, code: str, ctx: Context) -> Resolution:
    """ "last summer", "this winter", "next spring" (winter is labelled by its December)."""
    if ctx.dct is None:
        return Resolution("DATE", f"XXXX-{code}", "season", anchor="dct")
    order = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}
    current_code = season_of(ctx.dct)
    current_year = ctx.dct.year - (1 if current_code == "WI" and ctx.dct.month < 3 else 0)
    current = current_year * 4 + order[current_code]
    options = [year * 4 + order[code] for year in range(current_year - 1, current_year + 2)]
    if shift < 0:
        chosen = max(i for i in options if i < current)
    elif shift > 0:
        chosen = min(i for i in options if i > current)
    elif code == current_code:
        chosen = current
    else:
        # the nearest such season, the coming one on a tie: "this summer" or "the summer"
        # in January is the summer ahead, in October the summer just past
        chosen = min(options, key=lambda i: (abs(i - current), i < current))
    return resolved_point(season_point(chosen // 4, code), "dct")


def rule_season(text: str, ctx: Context) -> Resolution | None:
    lex = ctx.lex
    g = grammar(lex)
    m = re.fullmatch(
        rf"(?:(?:early|late|mid)[ -]?)?(?:the )?(?:(?:early|late) )?({g.season})(?: of)?(?: (\d{{4}}))?",
        text,
    )
    if not m:
        return None
    code = lex.seasons[m.group(1)]
    if m.group(2):
        return resolved_point(season_point(int(m.group(2)), code), None)
    if ctx.dct is None:
        return Resolution("DATE", f"XXXX-{code}", "season", anchor="dct")
    shift = {"past": -1, "future": 1}.get(direction_of(ctx), 0)
    if shift == 0 or code == season_of(ctx.dct):
        shift = 0
    resolved = relative_season(shift, code, ctx)
    return dataclasses.replace(resolved, year_inferred=True)


_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DAY_RANGE = re.compile(rf"\b({_DAY}) ?(?:-|to|and|or|through|until|till) ?{_DAY}\b")


def rule_day_of_month(text: str, ctx: Context) -> Resolution | None:
    """ "the 5th" alone: a day of the month in focus ("Talks began Nov. 3 and ended on the
    5th"), else of the publication month, leaning with the tense."""
    m = re.fullmatch(r"(?:the )?([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)", text)
    if not m:
        return None
    day_number = int(m.group(1))
    if ctx.previous is not None and ctx.previous.grain in {"day", "week", "month"}:
        month_start, anchor = ctx.previous.day.replace(day=1), "previous"
    elif ctx.dct is not None:
        month_start, anchor = ctx.dct.replace(day=1), "dct"
        direction = direction_of(ctx)
        if direction == "past" and day_number > ctx.dct.day:
            month_start = (month_start - timedelta(days=1)).replace(day=1)
        elif direction == "future" and day_number < ctx.dct.day:
            month_start = (month_start + timedelta(days=31)).replace(day=1)
    else:
        return Resolution("DATE", f"XXXX-XX-{day_number:02d}", "day", True, "dct")
    try:
        day = month_start.replace(day=day_number)
    except ValueError:
        return None
    return resolved_point(Point(day), anchor, year_inferred=True)  # type: ignore[arg-type]


def rule_week_of(text: str, ctx: Context) -> Resolution | None:
    """ "the week of March 6": the ISO week holding that day."""
    m = re.fullmatch(r"(?:the )?week of (.+)", text)
    if not m:
        return None
    inner = rule_calendar(m.group(1), ctx)
    if inner is None or inner.point is None or inner.point.grain != "day":
        return None
    point = Point(inner.point.day, "week")
    return dataclasses.replace(
        resolved_point(point, inner.anchor), year_inferred=inner.year_inferred
    )


def rule_calendar(text: str, ctx: Context) -> Resolution | None:
    """Written dates: "June 3", "Aug. 7, 1998", "May 2024", "early September", "1998"."""
    lex = ctx.lex
    g = grammar(lex)
    body = re.sub(rf"^(?:(?:{g.position})[ -]?)", "", text).strip()
    body = re.sub(r"^(?:the |mid-?)", "", body)
    if (
        not re.search(rf"\b{g.month}\b|\d", body)
        or re.search(rf"\b{g.unit}\b", body)
        and not re.search(rf"\b{g.month}\b", body)
    ):
        return None
    direction = direction_of(ctx)
    relative_m = re.fullmatch(r"(last|this|next|this past|this coming) (.+)", body)
    if relative_m and re.search(r"\d", relative_m.group(2)):
        direction = "past" if relative_m.group(1) in {"last", "this past"} else "future"
        if relative_m.group(1) == "this":
            direction = direction_of(ctx)
        body = relative_m.group(2)
    # "March eighth" -> "March 8", "the third of March" -> "March 3"
    body = re.sub(
        rf"\b({g.month}) (?:the )?({g.ordinal})\b",
        lambda m: f"{m.group(1)} {lex.ordinals[m.group(2)]}",
        body,
    )
    body = re.sub(
        rf"^({g.ordinal}) (?:of )?({g.month})\b",
        lambda m: f"{m.group(2)} {lex.ordinals[m.group(1)]}",
        body,
    )
    # a range of days gives its first day: "March 3-5", "April 24 and 25", "Nov. 3 to 5"
    body = _DAY_RANGE.sub(r"\1", body)
    weekday: int | None = None
    weekday_m = re.fullmatch(rf"({g.weekday}),? (.+)", body)
    if weekday_m:
        weekday = lex.weekdays[weekday_m.group(1)]
        body = weekday_m.group(2)
    if re.fullmatch(r"\d{4}", body):
        year = int(body)
        if not 1000 <= year <= 2099:
            return None
        return resolved_point(Point(date(year, 1, 1), "year"), None)
    m = re.fullmatch(rf"({g.month})(?: of)? (this|last|next) year", body)
    if m:
        if ctx.dct is None:
            return unresolved("month", month=lex.months[m.group(1)])
        year = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[m.group(2)]
        return resolved_point(Point(date(year, lex.months[m.group(1)], 1), "month"), "dct")
    if not re.search(rf"\b{g.month}\b", body) and not re.search(r"\d{1,2}/\d{1,2}", body):
        return None
    cal = parse_calendar(body)
    if cal is None or cal.month is None:
        return None
    if cal.year is not None:
        if cal.day is None:
            return resolved_point(Point(date(cal.year, cal.month, 1), "month"), None)
        return resolved_point(Point(date(cal.year, cal.month, cal.day)), None)
    if ctx.dct is None:
        if cal.day is None:
            return Resolution("DATE", f"XXXX-{cal.month:02d}", "month", True, "dct")
        return Resolution("DATE", f"XXXX-{cal.month:02d}-{cal.day:02d}", "day", True, "dct")
    firm = ctx.tense_direct and not relative_m
    year = choose_year(cal.month, cal.day, ctx.dct, direction, weekday, firm)
    if cal.day is None:
        return resolved_point(Point(date(year, cal.month, 1), "month"), "dct", year_inferred=True)
    try:
        day = date(year, cal.month, cal.day)
    except ValueError:
        return None
    return resolved_point(Point(day), "dct", year_inferred=True)
