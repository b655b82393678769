"""TimeML values: calendar points at a precision, their arithmetic and their spelling.

A :class:`Point` is a day standing for a period (the day itself, its ISO week, month,
quarter, season, year, decade or century) plus an optional time of day. Shifting moves it
by whole periods; :meth:`Point.value` writes the TIMEX3 ``value``.

>>> from datetime import date
>>> Point(date(2024, 11, 25), "week").shift(-1).value()
'2024-W47'
>>> Point(date(2024, 5, 30), "quarter").value()
'2024-Q2'
>>> Point(date(1994, 1, 1), "decade").value()
'199'
>>> duration_value(2, "Y"), duration_value(3, "H", time=True), duration_value(None, "W")
('P2Y', 'PT3H', 'PXW')
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

Grain = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]

#: Season codes and the month each is taken to start in (northern meteorological seasons).
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}

#: Granularities from fine to coarse, for "is this at least as precise as a month".
GRAIN_ORDER: tuple[Grain, ...] = (
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
    "decade",
    "century",
)


@dataclass(frozen=True)
class Point:
    """A calendar period identified by one of its days."""

    day: date
    grain: Grain = "day"
    time: str | None = None  # "14:00", or a part of day: "MO", "AF", "EV", "NI"
    season: str | None = None  # set when grain == "season"

    def value(self) -> str:
        """The TIMEX3 value: 2024-05-30, 2024-W22, 2024-05, 2024-Q2, 2024-SU, 2024, 202."""
        d = self.day
        if self.grain == "day":
            base = d.isoformat()
            if self.time is None:
                return base
            return f"{base}T{self.time}"
        if self.grain == "week":
            year, week, _ = d.isocalendar()
            return f"{year}-W{week:02d}"
        if self.grain == "month":
            return f"{d.year:04d}-{d.month:02d}"
        if self.grain == "quarter":
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if self.grain == "season":
            return f"{d.year:04d}-{self.season or season_of(d)}"
        if self.grain == "year":
            return f"{d.year:04d}"
        if self.grain == "decade":
            return f"{d.year // 10:03d}"
        return f"{d.year // 100:02d}"

    def shift(self, n: int, grain: Grain | None = None) -> Point:
        """Move by ``n`` periods of ``grain`` (default: the point's own grain)."""
        grain = grain or self.grain
        d = self.day
        if grain == "day":
            d = d + timedelta(days=n)
        elif grain == "week":
            d = d + timedelta(weeks=n)
        elif grain == "month":
            d = d + relativedelta(months=n)
        elif grain == "quarter":
            d = d + relativedelta(months=3 * n)
        elif grain in {"season", "year"}:
            d = d + relativedelta(years=n)
        elif grain == "decade":
            d = d + relativedelta(years=10 * n)
        else:
            d = d + relativedelta(years=100 * n)
        return dataclasses.replace(self, day=d)

    def coarsen(self, grain: Grain) -> Point:
        """The same point seen at a coarser grain (a day's month, a month's year)."""
        return dataclasses.replace(self, grain=grain, time=None)

    def at_time(self, time: str | None) -> Point:
        return dataclasses.replace(self, grain="day", time=time)


def season_of(d: date) -> str:
    """The season code of a day (December counts as the winter of its year)."""
    for code, start in sorted(SEASON_START.items(), key=lambda kv: -kv[1]):
        if d.month >= start:
            return code
    return "WI"


def season_point(year: int, code: str) -> Point:
    month = SEASON_START[code]
    return Point(date(year, month, 1), "season", season=code)


def quarter_point(year: int, quarter: int) -> Point:
    return Point(date(year, 3 * (quarter - 1) + 1, 1), "quarter")


def quarter_of(d: date) -> int:
    return (d.month - 1) // 3 + 1


def weekday_near(dct: date, weekday: int, direction: Literal["past", "future", "nearest"]) -> date:
    """The day named ``weekday`` (1 = Monday) closest to ``dct`` in ``direction``.

    The publication day itself counts on both sides: an article published on a Monday
    that says "on Monday" means that day.
    """
    back = (dct.isoweekday() - weekday) % 7
    ahead = (weekday - dct.isoweekday()) % 7
    if direction == "past":
        return dct - timedelta(days=back)
    if direction == "future":
        return dct + timedelta(days=ahead)
    return dct - timedelta(days=back) if back <= ahead else dct + timedelta(days=ahead)


def month_near(
    dct: date, month: int, direction: Literal["past", "future", "current"], strict: bool = False
) -> date:
    """The first day of the named month nearest ``dct`` in ``direction``.

    ``strict`` excludes the publication month itself ("last May" written in May means the
    May of the year before).
    """
    same = date(dct.year, month, 1)
    if direction == "current":
        return same
    if direction == "past":
        if month < dct.month or (month == dct.month and not strict):
            return same
        return date(dct.year - 1, month, 1)
    if month > dct.month or (month == dct.month and not strict):
        return same
    return date(dct.year + 1, month, 1)


#: A half of a unit written in the next smaller one: "2 1/2 years" is P2Y6M.
_HALVES = {
    ("Y", False): ("6", "M", False),
    ("D", False): ("12", "H", True),
    ("H", True): ("30", "M", True),
    ("M", True): ("30", "S", True),
}


def duration_value(amount: float | None, code: str, time: bool = False) -> str:
    """A TimeML duration: P2Y, P2Y6M, PT3H, or PXW when the amount is vague.

    >>> duration_value(2.5, "Y"), duration_value(0.5, "H", time=True)
    ('P2Y6M', 'PT30M')
    """
    if amount is None:
        return f"PTX{code}" if time else f"PX{code}"
    whole = int(amount)
    half = amount - whole == 0.5 and (code, time) in _HALVES
    if not float(amount).is_integer() and not half:
        number = f"{amount:g}"
        return f"PT{number}{code}" if time else f"P{number}{code}"
    parts = [f"{whole}{code}"] if whole else []
    rest_time = time
    if half:
        count, smaller, rest_time = _HALVES[(code, time)]
        if rest_time and not time:
            parts.append("T")
        parts.append(f"{count}{smaller}")
    body = "".join(parts) or f"0{code}"
    return f"PT{body}" if time else f"P{body}"


def unknown_value(grain: Grain, month: int | None = None, day: int | None = None) -> str:
    """The value of a relative expression when there is no publication date to resolve it."""
    if grain == "day" and month is not None and day is not None:
        return f"XXXX-{month:02d}-{day:02d}"
    if grain == "month" and month is not None:
        return f"XXXX-{month:02d}"
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "season": "XXXX-XX",
        "year": "XXXX",
        "decade": "XXX",
        "century": "XX",
    }[grain]
