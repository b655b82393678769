"""Recognisers for the metadata lines a text dump carries: header, stamp, byline, dateline.

The cleaner uses them to take these lines out of the body (reason ``metadata:<kind>``);
:mod:`storyline.pipeline.metadata.step` uses the same recognisers on the raw text to read the
values and their character spans. Keeping both on one set of patterns means a line is
never removed as metadata without the metadata being read from it.

>>> match_byline("Author: Jane Doe").group("names")
'Jane Doe'
>>> match_dateline("WASHINGTON (Reuters) - Officials said on Friday.").group("place")
'WASHINGTON'
"""

from __future__ import annotations

import re

from storyline.pipeline.clean_rules import (
    FUNCTION_WORDS,
    HEADER_WORDS,
    KICKER_WORDS,
    NAME_PARTICLES,
    ORGANIZATION_WORDS,
    SECTION_WORDS,
    SENTENCE_END,
    TIMESTAMP_WORDS,
    UI_WORDS,
)

#: Alphabetic words (digits and punctuation split them).
WORD = re.compile(r"[^\W\d_]+")

#: Web addresses, with or without a scheme.
URL = re.compile(r"\bhttps?://[^\s<>\"'()]+|\bwww\.[^\s<>\"'()]+\.[a-z]{2,}[^\s<>\"'()]*", re.I)

_DATE_OR_TIME = re.compile(
    r"\d{1,2}:\d{2}|\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
    r"|\b\d+\s*(?:h|hours?|minutes?|mins?)\s+ago\b",
    re.IGNORECASE,
)

_CALENDAR = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")

_BYLINE = re.compile(
    r"^(?:(?:written|reported|words|story|text|posted)\s+by|by|authors?)\s*[:\-–—]?\s*"
    r"(?P<names>\S.*?)\s*$",
    re.IGNORECASE,
)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")

_PLACE = r"[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}"
_REGION = r"[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,2}"
_LONE_DATELINE = re.compile(rf"^(?P<place>{_PLACE})(?:,\s*(?P<region>{_REGION}))?$")
_INLINE_DATELINE = re.compile(
    rf"""^(?:
        (?P<place>{_PLACE})(?:,\s*(?P<region>{_REGION}))?
        (?:,?\s+(?P<date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?
        \s*(?:\((?P<agency>[^()]{{2,40}})\))?
      | (?P<mixed_place>[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){{0,2}})
        (?:,?\s+(?P<mixed_date>[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}}))?
        \s*\((?P<mixed_agency>[^()]{{2,40}})\)
    )\s*(?:[–—:]|--?)\s+(?=\S)""",
    re.VERBOSE,
)
_NOT_PLACES = SECTION_WORDS | UI_WORDS | KICKER_WORDS


def is_timestamp_line(text: str) -> bool:
    """Whether a line is only a date/time stamp ("04:06 GMT 31.05.2024 (Updated: ...)")."""
    if not _DATE_OR_TIME.search(text):
        return False
    words = WORD.findall(text)
    return len(words) <= 12 and all(w.casefold() in TIMESTAMP_WORDS for w in words)


def has_calendar_date(text: str) -> bool:
    """Whether a stamp names a day of the calendar (a year with it), not only a clock time.

    A page's machine stamps carry the date; a lone "11:30 a.m." is the heading of a live
    blog entry, which is reporting structure.
    """
    return bool(_CALENDAR.search(text))


def match_header(text: str) -> re.Match[str] | None:
    """The first URL of a metadata header line (" date 2024-05-31 https://..."), if it is one.

    A header line holds one or more URLs and, besides them, only stamp or label words.
    """
    first = URL.search(text)
    if first is None:
        return None
    rest = WORD.findall(URL.sub(" ", text))
    if len(rest) > 6 or not all(w.casefold() in HEADER_WORDS for w in rest):
        return None
    return first


def match_byline(text: str) -> re.Match[str] | None:
    """Match a byline ("By Jane Doe and John Roe", "Author: Daryna Vialko")."""
    match = _BYLINE.match(text)
    if match is None:
        return None
    names = match.group("names")
    if SENTENCE_END.search(names) and not re.search(r"\b[A-Z]\.$", names):
        return None
    pieces = [p for p in _NAME_SEPARATORS.split(names) if p]
    if not pieces or len(WORD.findall(names)) > 10:
        return None
    for piece in pieces:
        tokens = piece.split()
        if not 1 <= len(tokens) <= 4:
            return None
        if not all(t[0].isupper() or t.casefold() in NAME_PARTICLES for t in tokens):
            return None
    return match


def byline_people(match: re.Match[str]) -> tuple[int, int] | None:
    """The span (in the matched string) of the people a byline names, without the
    organisations listed with them ("By Jane Doe and John Roe, Reuters" -> the names)."""
    names = match.group("names")
    offset = match.start("names")
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _NAME_SEPARATORS.split(names):
        start = names.find(piece, cursor)
        cursor = start + len(piece)
        words = {w.casefold() for w in WORD.findall(piece)}
        if piece and not words & ORGANIZATION_WORDS:
            spans.append((offset + start, offset + cursor))
    if not spans:
        return None
    return spans[0][0], spans[-1][1]


def _is_place(place: str) -> bool:
    """Whether capitals read as a place, not a kicker ("BOOM:", "FIX IS IN:")."""
    letters = [c for c in place if c.isalpha()]
    words = [w.casefold() for w in WORD.findall(place)]
    if words and words[0] == "the":
        words = words[1:]
    return (
        len(letters) >= 4
        and bool(words)
        and not any(w in _NOT_PLACES or w in FUNCTION_WORDS for w in words)
    )


def match_lone_dateline(text: str) -> re.Match[str] | None:
    """Match a line that is only a dateline in capitals ("WASHINGTON", "KYIV, Ukraine")."""
    match = _LONE_DATELINE.match(text)
    if match is None or not _is_place(match.group("place")):
        return None
    # "ABSTRACT." is a label; "WASHINGTON, D.C." ends in an abbreviation.
    if re.search(r"[^\W\d_]{4,}\.$", text):
        return None
    return match


def match_dateline(text: str) -> re.Match[str] | None:
    """Match the dateline that opens a lead ("WASHINGTON (Sputnik) –", "KYIV:").

    The match has groups ``place`` and ``agency`` (the wire credited in brackets); a place
    in mixed case is accepted only with such a credit ("Kyiv (Reuters) -").
    """
    match = _INLINE_DATELINE.match(text)
    if match is None:
        return None
    place = match.group("place") or match.group("mixed_place")
    if not _is_place(place):
        return None
    return match


def dateline_place(match: re.Match[str]) -> tuple[str, int, int]:
    """The place named by a dateline match, with its span in the matched string."""
    group = "place" if match.group("place") else "mixed_place"
    return match.group(group), match.start(group), match.end(group)


def dateline_agency(match: re.Match[str]) -> tuple[str, int, int] | None:
    """The wire credited in a dateline match ("Sputnik"), with its span, if any."""
    for group in ("agency", "mixed_agency"):
        if group in match.re.groupindex and match.group(group):
            return match.group(group).strip(), match.start(group), match.end(group)
    return None
