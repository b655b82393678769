"""TimeML values: calendar arithmetic, ISO weeks, durations, year choice for year-less dates."""

from __future__ import annotations

from datetime import date

import pytest

from storyline.pipeline.dates.absolute import choose_year, holiday_date, parse_calendar, parse_clock
from storyline.pipeline.dates.values import (
    Point,
    duration_value,
    month_near,
    unknown_value,
    weekday_near,
)


@pytest.mark.parametrize(
    ("point", "shift", "value"),
    [
        (Point(date(2024, 11, 25), "week"), -1, "2024-W47"),
        (Point(date(2025, 1, 2), "week"), -1, "2024-W52"),
        (Point(date(2024, 12, 30), "week"), 0, "2025-W01"),  # ISO week of the next year
        (Point(date(2024, 1, 31), "month"), 1, "2024-02"),
        (Point(date(2024, 11, 25), "quarter"), -1, "2024-Q3"),
        (Point(date(2024, 2, 10), "quarter"), -1, "2023-Q4"),
        (Point(date(2024, 6, 1), "season", season="SU"), -1, "2023-SU"),
        (Point(date(2024, 11, 25), "year"), -2, "2022"),
        (Point(date(1994, 1, 1), "decade"), 0, "199"),
        (Point(date(1994, 1, 1), "century"), 0, "19"),
        (Point(date(2024, 5, 30), "day", time="14:00"), 0, "2024-05-30T14:00"),
        (Point(date(2024, 5, 30), "day", time="MO"), 1, "2024-05-31TMO"),
    ],
)
def test_point_values_and_shifts(point: Point, shift: int, value: str) -> None:
    assert point.shift(shift).value() == value


@pytest.mark.parametrize(
    ("dct", "weekday", "direction", "expected"),
    [
        (date(2024, 11, 25), 1, "past", date(2024, 11, 25)),  # the DCT's own weekday
        (date(2024, 11, 25), 1, "future", date(2024, 11, 25)),
        (date(2024, 11, 25), 2, "past", date(2024, 11, 19)),
        (date(2024, 11, 25), 2, "future", date(2024, 11, 26)),
        (date(2024, 11, 25), 4, "nearest", date(2024, 11, 28)),
        (date(2024, 11, 25), 6, "nearest", date(2024, 11, 23)),
    ],
)
def test_weekday_near(dct: date, weekday: int, direction: str, expected: date) -> None:
    assert weekday_near(dct, weekday, direction) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("month", "direction", "strict", "expected"),
    [
        (5, "past", False, date(2024, 5, 1)),
        (11, "past", False, date(2024, 11, 1)),
        (11, "past", True, date(2023, 11, 1)),
        (5, "future", False, date(2025, 5, 1)),
        (12, "future", True, date(2024, 12, 1)),
    ],
)
def test_month_near(month: int, direction: str, strict: bool, expected: date) -> None:
    assert month_near(date(2024, 11, 25), month, direction, strict) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "code", "time", "value"),
    [
        (2, "Y", False, "P2Y"),
        (2.5, "Y", False, "P2Y6M"),
        (3, "H", True, "PT3H"),
        (0.5, "H", True, "PT30M"),
        (1.5, "D", False, "P1DT12H"),
        (None, "W", False, "PXW"),
        (None, "M", True, "PTXM"),
    ],
)
def test_duration_value(amount: float | None, code: str, time: bool, value: str) -> None:
    assert duration_value(amount, code, time) == value


def test_unknown_values_keep_what_the_text_gives() -> None:
    assert unknown_value("day", month=6, day=3) == "XXXX-06-03"
    assert unknown_value("month", month=5) == "XXXX-05"
    assert unknown_value("week") == "XXXX-WXX"


@pytest.mark.parametrize(
    ("month", "day", "dct", "direction", "weekday", "year"),
    [
        (6, 3, date(2024, 6, 5), "past", None, 2024),  # two days before
        (12, 15, date(1989, 10, 31), "past", None, 1989),  # "payable Dec. 15": soon after
        (5, 10, date(2024, 11, 25), "past", None, 2024),
        (5, 10, date(2024, 11, 25), "future", None, 2025),
        (1, 5, date(2024, 12, 28), "nearest", None, 2025),  # across the new year
        (10, 26, date(1998, 10, 25), "past", 1, 1998),  # "Monday, Oct. 26": 1998 fits
        (5, None, date(2024, 11, 25), "past", None, 2024),
        (4, None, date(1999, 3, 12), "past", None, 1999),  # next month beats last April
    ],
)
def test_choose_year(
    month: int, day: int | None, dct: date, direction: str, weekday: int | None, year: int
) -> None:
    assert choose_year(month, day, dct, direction, weekday) == year  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("month", "day", "dct", "direction", "year"),
    [
        (3, None, date(2024, 11, 27), "past", 2024),  # "the talks began in March"
        (12, None, date(2024, 11, 27), "past", 2023),  # "took effect in December"
        (12, 1, date(2024, 11, 27), "past", 2023),
        (11, 28, date(2024, 11, 27), "past", 2024),  # a day ahead: time zones
        (10, None, date(2024, 11, 27), "future", 2025),  # "will resume in October"
        (11, None, date(2024, 11, 27), "past", 2024),  # the publication month itself
    ],
)
def test_choose_year_with_a_firm_tense(
    month: int, day: int | None, dct: date, direction: str, year: int
) -> None:
    assert choose_year(month, day, dct, direction, firm=True) == year  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "year", "month", "day"),
    [
        ("Aug. 7, 1998", 1998, 8, 7),
        ("June 3", None, 6, 3),
        ("May 2024", 2024, 5, None),
        ("Monday, Oct. 26", None, 10, 26),
        ("the 3rd of March", None, 3, 3),
        ("1998", 1998, None, None),
    ],
)
def test_parse_calendar_keeps_only_the_fields_written(
    text: str, year: int | None, month: int | None, day: int | None
) -> None:
    cal = parse_calendar(text)
    assert cal is not None
    assert (cal.year, cal.month, cal.day) == (year, month, day)


@pytest.mark.parametrize(
    ("text", "clock"),
    [("9 a.m. EST", "09:00"), ("10:35 p.m.", "22:35"), ("noon", "12:00"), ("7:15pm", "19:15")],
)
def test_parse_clock(text: str, clock: str) -> None:
    assert parse_clock(text) == clock


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("thanksgiving", 2024, date(2024, 11, 28)),
        ("memorial day", 2024, date(2024, 5, 27)),
        ("christmas", 2024, date(2024, 12, 25)),
        ("easter", 2024, date(2024, 3, 31)),
    ],
)
def test_holiday_date(name: str, year: int, expected: date) -> None:
    assert holiday_date(name, year) == expected
