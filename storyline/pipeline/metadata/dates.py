"""Publication dates from strings, stamp lines and URLs, via dateparser and htmldate.

Every function returns a full calendar date (``YYYY-MM-DD``) or ``None``: a date missing
its day, month or year is never completed from the clock, because a wrong publication
date misplaces every relative date of the article.

>>> parse_date("Fri, 31 May 2024 04:06:00 GMT")
'2024-05-31'
>>> parse_date("May 31") is None
True
>>> find_date_in_line("04:06 GMT 31.05.2024 (Updated: 04:59 GMT 31.05.2024)")
('2024-05-31', 0, 20)
>>> find_date_in_line("04.03.2025 11:02")
('2025-03-04', 0, 16)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

import dateparser
from dateparser.search import search_dates
from htmldate import find_date

__all__ = ["date_from_url", "find_date_in_line", "parse_date", "plausible"]

_SETTINGS: Any = {
    # Only dates written out: no "yesterday" or "2 hours ago" resolved against the clock,
    # no digit runs (ids in URLs) read as Unix timestamps.
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DATES_FROM": "past",
}
#: Dotted numeric dates ("04.03.2025") are day-first wherever they are written.
_DAY_FIRST = {**_SETTINGS, "DATE_ORDER": "DMY"}
_DOTTED = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")
_LANGUAGES = ["en"]
_ISO = re.compile(
    r"\b(?P<date>(?:19|20)\d{2}-[01]\d-[0-3]\d)"
    r"(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?!\d)"
)
_COMPACT_URL_DATE = re.compile(r"/(?P<date>(?:19|20)\d{6})(?=[/_-])")
_UPDATED_BEFORE = re.compile(r"(?:updated|modified|edited)\W*$", re.IGNORECASE)
_MIN_YEAR = 1900


def _settings_for(text: str) -> Any:
    return _DAY_FIRST if _DOTTED.search(text) else _SETTINGS


def _iso(value: date | datetime) -> str | None:
    day = value.date() if isinstance(value, datetime) else value
    return day.isoformat() if day.year >= _MIN_YEAR else None


def _iso_match(text: str) -> re.Match[str] | None:
    for match in _ISO.finditer(text):
        try:
            date.fromisoformat(match.group("date"))
        except ValueError:
            continue
        return match
    return None


def parse_date(text: str) -> str | None:
    """The calendar date a string states in full (ISO, RFC 822, "31 May 2024"), else None."""
    text = text.strip()
    if not text:
        return None
    match = _iso_match(text)
    if match is not None and match.start() == 0:
        return _iso(date.fromisoformat(match.group("date")))
    parsed = dateparser.parse(text, languages=_LANGUAGES, settings=_settings_for(text))
    return _iso(parsed) if parsed is not None else None


def find_date_in_line(line: str) -> tuple[str, int, int] | None:
    """The first full date in a stamp or header line, skipping "Updated: ..." dates.

    Returns ``(iso_date, start, end)`` with the span of the date's words in ``line``.
    """
    match = _iso_match(line)
    if match is not None:
        value = _iso(date.fromisoformat(match.group("date")))
        return (value, match.start(), match.end()) if value else None
    found = search_dates(line, languages=_LANGUAGES, settings=_settings_for(line)) or []
    cursor = 0
    for words, moment in found:
        start = line.find(words, cursor)
        if start < 0:
            continue
        cursor = start + len(words)
        if _UPDATED_BEFORE.search(line[:start]):
            continue
        value = _iso(moment)
        if value is not None:
            return value, start, cursor
    return None


def date_from_url(url: str) -> str | None:
    """The date a URL path states ("/2024/05/31/", "/20240531/"), else None."""
    try:
        found = find_date("<html></html>", url=url, extensive_search=False)
    except (ValueError, TypeError):
        found = None
    if found:
        return found
    match = _COMPACT_URL_DATE.search(url)
    if match is None:
        return None
    try:
        return _iso(datetime.strptime(match.group("date"), "%Y%m%d"))
    except ValueError:
        return None


def plausible(value: str, crawl_date: str | None) -> bool:
    """Whether a publication date can be true: not after the page was fetched."""
    return crawl_date is None or value <= crawl_date[:10]
