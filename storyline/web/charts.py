"""Charts drawn on the server as inline SVG: no script, no external asset, works offline.

Every text that goes into a chart is escaped here; colours travel as presentation attributes
(``fill="#0072B2"``), which the page's Content-Security-Policy allows where inline styles are
not. Charts scale with their container (``viewBox`` plus ``width: 100%`` in the stylesheet).

>>> import datetime as dt
>>> svg = sparkline([dt.date(2025, 3, 4), dt.date(2025, 3, 5), dt.date(2025, 6, 24)], "coverage")
>>> svg.startswith("<svg") and 'aria-label="coverage"' in svg
True
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from markupsafe import Markup, escape

Unit = Literal["day", "week", "month"]


def _attrs(**values: object) -> str:
    """Escaped ``name="value"`` pairs; ``class_`` becomes ``class``, ``_`` becomes ``-``."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        text = f"{value:.1f}" if isinstance(value, float) else str(value)
        parts.append(f'{key}="{escape(text)}"')
    return " ".join(parts)


def _tag(name: str, body: str = "", **values: object) -> str:
    return f"<{name} {_attrs(**values)}>{body}</{name}>"


# ----------------------------------------------------------------------------- buckets


def bucket_unit(first: dt.date, last: dt.date) -> Unit:
    """A bucket size that gives a readable number of bars for the span."""
    days = (last - first).days
    if days > 150:
        return "month"
    if days > 28:
        return "week"
    return "day"


def bucket_start(day: dt.date, unit: Unit) -> dt.date:
    if unit == "month":
        return day.replace(day=1)
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    return day


def _next(day: dt.date, unit: Unit) -> dt.date:
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=7 if unit == "week" else 1)


def bucket_counts(
    dates: Iterable[dt.date],
    unit: Unit | None = None,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> list[tuple[dt.date, int]]:
    """Counts per day, week or month over a continuous range (empty buckets included).

    >>> bucket_counts([dt.date(2025, 3, 4), dt.date(2025, 5, 20)], "month")
    [(datetime.date(2025, 3, 1), 1), (datetime.date(2025, 4, 1), 0), (datetime.date(2025, 5, 1), 1)]
    """
    days = sorted(dates)
    if not days and (first is None or last is None):
        return []
    low = first or days[0]
    high = last or days[-1]
    unit = unit or bucket_unit(low, high)
    counts = Counter(bucket_start(d, unit) for d in days)
    out = []
    cursor = bucket_start(low, unit)
    while cursor <= high:
        out.append((cursor, counts.get(cursor, 0)))
        cursor = _next(cursor, unit)
    return out


def _month_label(day: dt.date, with_year: bool) -> str:
    name = calendar.month_abbr[day.month]
    return f"{name} {day.year}" if with_year else name


def short_date(day: dt.date) -> str:
    """``4 Mar 2025``: day first, unambiguous in every English-speaking newsroom."""
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


# ----------------------------------------------------------------------------- sparkline


def sparkline(
    dates: Sequence[dt.date],
    label: str,
    *,
    color: str = "#0072B2",
    width: int = 120,
    height: int = 28,
) -> Markup:
    """A small column chart of how many articles appeared per bucket (week or month)."""
    buckets = bucket_counts(dates)
    if not buckets:
        return Markup("")
    top = max(c for _, c in buckets) or 1
    gap = 1.0
    bar = max((width - gap * (len(buckets) - 1)) / len(buckets), 1.0)
    bars = []
    for i, (start, count) in enumerate(buckets):
        x = i * (bar + gap)
        h = 2.0 if count == 0 else max(3.0, (height - 2) * count / top)
        shade = "#D9DEE4" if count == 0 else color
        tip = f"{short_date(start)}: {count} article{'s' if count != 1 else ''}"
        bars.append(
            _tag(
                "rect",
                _tag("title", escape(tip)),
                x=x,
                y=height - h,
                width=bar,
                height=h,
                rx=1,
                fill=shade,
            )
        )
    return Markup(
        f'<svg class="sparkline" role="img" {_attrs(aria_label=label)} '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'preserveAspectRatio="none">{"".join(bars)}</svg>'
    )


# ----------------------------------------------------------------------------- coverage


@dataclass
class CoveragePoint:
    """Articles of one outlet on one day; ``href`` links the dot (``None``: no link)."""

    day: dt.date
    count: int
    label: str
    href: str | None = None


@dataclass
class CoverageRow:
    outlet: str
    color: str
    points: list[CoveragePoint] = field(default_factory=list)


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    days = (last - first).days
    if days <= 45:
        cursor = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        ticks = []
        while cursor <= last:
            ticks.append((cursor, f"{cursor.day} {calendar.month_abbr[cursor.month]}"))
            cursor += dt.timedelta(days=7)
        return ticks or [(first, short_date(first))]
    step = 1 if days <= 400 else 3 if days <= 1200 else 12
    cursor = _next(first.replace(day=1), "month") if first.day > 1 else first
    ticks = []
    previous_year = None
    while cursor <= last:
        if (cursor.month - 1) % step == 0:
            ticks.append((cursor, _month_label(cursor, cursor.year != previous_year)))
            previous_year = cursor.year
        cursor = _next(cursor, "month")
    return ticks


def coverage_chart(
    rows: Sequence[CoverageRow],
    label: str,
    *,
    first: dt.date | None = None,
    last: dt.date | None = None,
    width: int = 760,
) -> Markup:
    """Swimlanes: one row per outlet, one dot per day it published (bigger for more articles).

    Dots are links when their point has an ``href``, so the chart doubles as navigation;
    each carries an accessible name ("Outlet, 4 Mar 2025: title").
    """
    days = [p.day for r in rows for p in r.points]
    if not days:
        return Markup("")
    first = first or min(days)
    last = last or max(days)
    if first == last:
        first, last = first - dt.timedelta(days=3), last + dt.timedelta(days=3)
    lane = 30
    left, right, top = 150, 16, 8
    plot = width - left - right
    height = top + lane * len(rows) + 26
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return left + plot * (day - first).days / span

    parts: list[str] = []
    for day, text in _ticks(first, last):
        parts.append(
            _tag("line", x1=x(day), x2=x(day), y1=top, y2=height - 22, class_="grid")
            + _tag("text", escape(text), x=x(day), y=height - 6, class_="tick")
        )
    for i, row in enumerate(rows):
        y = top + lane * i + lane / 2
        name = row.outlet if len(row.outlet) <= 22 else row.outlet[:21] + "\u2026"
        parts.append(
            _tag("line", x1=left, x2=width - right, y1=y, y2=y, class_="lane")
            + _tag("text", escape(name), x=left - 10, y=y + 4, class_="lane-label")
        )
        for point in sorted(row.points, key=lambda p: p.day):
            radius = min(5.0 + 2.0 * (point.count - 1), 11.0)
            dot = _tag(
                "circle",
                _tag("title", escape(point.label)),
                cx=x(point.day),
                cy=y,
                r=radius,
                fill=row.color,
                class_="dot",
            )
            if point.href:
                dot = f"<a {_attrs(href=point.href, aria_label=point.label)}>{dot}</a>"
            parts.append(dot)
    return Markup(
        f'<svg class="chart coverage" role="group" {_attrs(aria_label=label)} '
        f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


# ----------------------------------------------------------------------------- bars


def column_chart(
    buckets: Sequence[tuple[dt.date, int]],
    label: str,
    *,
    unit: Unit = "month",
    color: str = "#0072B2",
    width: int = 560,
    height: int = 120,
) -> Markup:
    """Columns with value labels and a date axis (mentions of an entity per month)."""
    if not buckets:
        return Markup("")
    top = max(c for _, c in buckets) or 1
    left, bottom, head = 8, 22, 14
    slot = (width - 2 * left) / len(buckets)
    bar = max(slot * 0.7, 2.0)
    parts = []
    every = max(1, -(-len(buckets) // 7))  # at most seven date labels
    for i, (start, count) in enumerate(buckets):
        h = (height - bottom - head) * count / top
        cx = left + slot * i + slot / 2
        text = (
            _month_label(start, i == 0 or start.month == 1)
            if unit == "month"
            else (f"{start.day} {calendar.month_abbr[start.month]}")
        )
        tip = f"{text}: {count}"
        parts.append(
            _tag(
                "rect",
                _tag("title", escape(tip)),
                x=cx - bar / 2,
                y=height - bottom - h,
                width=bar,
                height=max(h, 0.5),
                fill=color if count else "#D9DEE4",
                rx=2,
            )
        )
        if count:
            parts.append(_tag("text", str(count), x=cx, y=height - bottom - h - 3, class_="value"))
        if i % every == 0:
            parts.append(_tag("text", escape(text), x=cx, y=height - 6, class_="tick"))
    return Markup(
        f'<svg class="chart columns" role="img" {_attrs(aria_label=label)} '
        f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def stacked_bar(
    parts: Sequence[tuple[str, int, str]],
    label: str,
    *,
    width: int = 240,
    height: int = 14,
) -> Markup:
    """One horizontal bar split into ``(name, value, colour)`` parts (a sourcing mix)."""
    total = sum(value for _, value, _ in parts)
    if total <= 0:
        return Markup("")
    x = 0.0
    rects = []
    for name, value, color in parts:
        if value <= 0:
            continue
        w = width * value / total
        tip = f"{name}: {value} ({round(100 * value / total)}%)"
        rects.append(
            _tag("rect", _tag("title", escape(tip)), x=x, y=0, width=w, height=height, fill=color)
        )
        x += w
    return Markup(
        f'<svg class="stacked" role="img" {_attrs(aria_label=label)} '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none">{"".join(rects)}</svg>'
    )


def day_of(value: str | None) -> dt.date | None:
    """The calendar day of an ISO date or datetime string, or ``None``."""
    if not value or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
