"""Publication dates from strings, stamp lines and URLs; never completed from the clock."""

from __future__ import annotations

import pytest

from storyline.pipeline.metadata.dates import (
    date_from_url,
    find_date_in_line,
    parse_date,
    plausible,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-31", "2024-05-31"),
        ("2024-05-31T04:06+0000", "2024-05-31"),
        ("2024-05-31T23:30:00-07:00", "2024-05-31"),
        ("Fri, 31 May 2024 04:06:00 GMT", "2024-05-31"),
        ("May 31, 2024", "2024-05-31"),
        ("31.05.2024", "2024-05-31"),
        ("04.03.2025 11:02", "2025-03-04"),  # dotted dates are day-first
        ("May 31", None),  # no year: not completed from the clock
        ("Friday", None),
        ("yesterday", None),
        ("", None),
        ("not a date", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("04:06 GMT 31.05.2024 (Updated: 04:59 GMT 31.05.2024)", ("2024-05-31", 0, 20)),
        (" date 2024-05-31 https://example.com/x", ("2024-05-31", 6, 16)),
        ("Published: June 5, 2024 at 3:14 p.m. ET", ("2024-06-05", 11, 32)),
        ("Updated: June 6, 2024", None),  # an update is not the publication
        ("11:30 a.m.", None),
    ],
)
def test_find_date_in_line(line: str, expected: tuple[str, int, int] | None) -> None:
    found = find_date_in_line(line)
    if expected is None:
        assert found is None
        return
    assert found is not None
    assert found[0] == expected[0]
    assert found[1] == expected[1]
    assert line[found[1] : found[2]].strip()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.example.com/2024/05/31/storm", "2024-05-31"),
        ("https://sputnikglobe.com/20240531/story-1118709896.html", "2024-05-31"),
        ("https://x.example.com/a/2024-05-31-storm", "2024-05-31"),
        ("https://x.example.com/news/1118709896.html", None),  # an id, not a date
        ("https://x.example.com/news/20241399/x", None),  # month 13
        ("https://x.example.com/2024/05/storm", None),  # no day
    ],
)
def test_date_from_url(url: str, expected: str | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("value", "crawl", "expected"),
    [
        ("2024-05-31", None, True),
        ("2024-05-31", "2024-05-31T10:00:00Z", True),
        ("2024-06-01", "2024-05-31T10:00:00Z", False),
    ],
)
def test_plausible(value: str, crawl: str | None, expected: bool) -> None:
    assert plausible(value, crawl) is expected
