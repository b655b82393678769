"""Recognisers of metadata lines: bylines, datelines, stamps, header lines."""

from __future__ import annotations

import pytest

from storyline.pipeline.metadata.lines import (
    byline_people,
    dateline_agency,
    dateline_place,
    is_timestamp_line,
    match_byline,
    match_dateline,
    match_header,
    match_lone_dateline,
)


@pytest.mark.parametrize(
    ("line", "people"),
    [
        ("Author: Daryna Vialko", "Daryna Vialko"),
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("By Jane Doe, Velmora Press Agency", "Jane Doe"),
        ("Written by Ludwig van Beethoven", "Ludwig van Beethoven"),
        ("By Jane Q. Doe", "Jane Q. Doe"),
    ],
)
def test_bylines(line: str, people: str) -> None:
    match = match_byline(line)
    assert match is not None
    span = byline_people(match)
    assert span is not None
    assert line[span[0] : span[1]] == people


@pytest.mark.parametrize(
    "line",
    [
        "By Thursday, the troops had left the city and crossed the river.",
        "By the end of the week, officials said.",
        "Bystanders watched the fire",
        "By Velmora Press Agency",  # an organisation, not a person
    ],
)
def test_not_bylines(line: str) -> None:
    match = match_byline(line)
    assert match is None or byline_people(match) is None


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("WASHINGTON (Sputnik) – US President Joe Biden has ...", "WASHINGTON", "Sputnik"),
        ("WASHINGTON: Ukraine has used U.S. weapons ...", "WASHINGTON", None),
        ("KYIV, Ukraine (AP) — Officials said ...", "KYIV", "AP"),
        ("NEW YORK -- Stocks fell on Friday.", "NEW YORK", None),
        ("Kyiv (Reuters) - Officials said on Friday.", "Kyiv", "Reuters"),
        ("THE HAGUE – Judges ruled on Friday.", "THE HAGUE", None),
    ],
)
def test_datelines(line: str, place: str, agency: str | None) -> None:
    match = match_dateline(line)
    assert match is not None
    assert dateline_place(match)[0] == place
    found = dateline_agency(match)
    assert (found[0] if found else None) == agency


@pytest.mark.parametrize(
    "line",
    [
        "BOOM: The senator walked out of the hearing.",
        "WATCH: The moment the dam burst.",
        "FIX IS IN: Officials said the vote was decided.",
        "US President Joe Biden has greenlighted strikes.",
        "Kyiv - the capital - was quiet on Friday.",  # mixed case without a wire credit
        "UN: Aid convoys reached the city.",  # too short to tell from an acronym
    ],
)
def test_not_datelines(line: str) -> None:
    assert match_dateline(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("WASHINGTON", True),
        ("KYIV, Ukraine", True),
        ("WASHINGTON, D.C.", True),
        ("ABSTRACT.", False),
        ("Washington", False),
        ("BREAKING", False),
    ],
)
def test_lone_datelines(line: str, expected: bool) -> None:
    assert (match_lone_dateline(line) is not None) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024-05-31T04:06+0000", True),
        ("04:06 GMT 31.05.2024 (Updated: 04:59 GMT 31.05.2024)", True),
        ("Updated 10:32 AM EDT, Fri May 31, 2024", True),
        ("11:30 a.m.", True),
        ("2 hours ago", True),
        ("May 2024 was the wettest month on record.", False),
        ("Section 2", False),
    ],
)
def test_timestamp_lines(line: str, expected: bool) -> None:
    assert is_timestamp_line(line) is expected


@pytest.mark.parametrize(
    ("line", "url"),
    [
        (" date 2024-05-31 https://example.com/a.html", "https://example.com/a.html"),
        ("https://example.com/a", "https://example.com/a"),
        ("Source: https://example.com/a", "https://example.com/a"),
    ],
)
def test_header_lines(line: str, url: str) -> None:
    match = match_header(line)
    assert match is not None
    assert match.group() == url


def test_a_sentence_with_a_link_is_not_a_header() -> None:
    assert match_header("The full report is published at https://example.com/report today.") is None
