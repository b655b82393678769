"""JSON Lines: one article per line; a bad line fails alone, naming its number."""

from __future__ import annotations

import io
import json

import pytest

from storyline.config import Settings
from storyline.ingest._jsonl import read_jsonl
from storyline.models import IngestFailure, RawDocument


def _read(text: str | bytes, settings: Settings | None = None) -> list[RawDocument | IngestFailure]:
    data = text.encode() if isinstance(text, str) else text
    return list(read_jsonl(io.BytesIO(data), "in.jsonl", settings or Settings()))


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False) + "\n"


def test_fields_become_given_metadata() -> None:
    (doc,) = _read(
        _line(
            id="ap-2024-0531",
            url="https://apnews.example/ukraine-strikes",
            outlet="AP",
            title="Biden quietly allows strikes",
            author="Aamer Madhani",
            published="2024-05-31T10:15:00-04:00",
            language="en",
            text="WASHINGTON (AP) — President Joe Biden has authorized Ukraine to strike.",
        )
    )
    assert isinstance(doc, RawDocument)
    assert doc.body.startswith("WASHINGTON (AP) — President Joe Biden")
    assert doc.format == "text"
    assert doc.given == {
        "id": "ap-2024-0531",
        "url": "https://apnews.example/ukraine-strikes",
        "outlet": "AP",
        "title": "Biden quietly allows strikes",
        "author": "Aamer Madhani",
        "published": "2024-05-31T10:15:00-04:00",
        "language": "en",
    }
    assert doc.given_source == "input"
    assert doc.source.record == "line 1"
    assert doc.warnings == []


def test_html_body_and_numeric_id() -> None:
    (doc,) = _read(_line(id=17, html="<html><body><p>Körper</p></body></html>"))
    assert isinstance(doc, RawDocument)
    assert doc.format == "html" and doc.body == "<html><body><p>Körper</p></body></html>"
    assert doc.given == {"id": "17"}


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ('{"text": "unterminated\n', "not valid JSON"),
        ('["a", "list"]\n', "JSON array, not an object"),
        (_line(title="No body"), 'neither a "text" nor an "html" field'),
        (_line(text="   "), '"text" field is empty'),
        (_line(text="Body", published="31/05/2024"), "not an ISO 8601 date"),
        (_line(text="Body", published="May 31"), "2024-05-31"),
        (_line(text=["not", "a", "string"]), '"text" must be a string, not a JSON array'),
        (_line(text="Body", outlet=42), '"outlet" must be a string'),
    ],
)
def test_a_bad_line_fails_alone(line: str, needle: str) -> None:
    good = _line(text="First article body.")
    items = _read(good + line + "\n" + good)
    assert [type(i).__name__ for i in items] == ["RawDocument", "IngestFailure", "RawDocument"]
    failure = items[1]
    assert isinstance(failure, IngestFailure)
    assert failure.source.record == "line 2"
    assert needle in failure.reason
    assert items[2].source.record == "line 4"  # the blank line 3 is skipped, numbers stay true


@pytest.mark.parametrize("published", ["2024-05-31", "2024-05-31T14:05:00Z", "2024-11-17 20:00"])
def test_iso_dates_and_datetimes_are_accepted(published: str) -> None:
    (doc,) = _read(_line(text="Body.", published=published))
    assert isinstance(doc, RawDocument) and doc.given["published"] == published


def test_unknown_fields_and_double_bodies_are_warnings() -> None:
    (doc,) = _read(_line(text="Clean text.", html="<p>Clean text.</p>", section="World"))
    assert isinstance(doc, RawDocument)
    assert doc.body == "Clean text." and doc.format == "text"
    assert any("both text and html" in w for w in doc.warnings)
    assert any("section" in w for w in doc.warnings)


def test_a_line_over_the_limit_fails_and_the_next_line_is_read() -> None:
    items = _read(_line(text="x" * 5_000) + _line(text="Short."), Settings(max_input_bytes=1_000))
    first, second = items
    assert isinstance(first, IngestFailure)
    assert first.source.record == "line 1" and "max_input_bytes (1,000)" in first.reason
    assert isinstance(second, RawDocument) and second.body == "Short."
    assert second.source.record == "line 2"


def test_a_bom_and_a_legacy_encoded_line_are_read() -> None:
    data = b"\xef\xbb\xbf" + _line(text="Перший рядок.").encode()
    data += '{"text": "Другий рядок у cp1251, який старий інструмент не перекодував."}\n'.encode(
        "cp1251"
    )
    first, second = _read(data)
    assert isinstance(first, RawDocument) and first.body == "Перший рядок."
    assert isinstance(second, RawDocument)
    assert second.body == "Другий рядок у cp1251, який старий інструмент не перекодував."


@pytest.mark.parametrize(
    "document",
    ['{\n  "text": "pretty"\n}\n', '[{"text": "one"}, {"text": "two"}]\n'],
)
def test_a_single_json_document_is_one_clear_failure(document: str) -> None:
    (failure,) = _read(document)
    assert isinstance(failure, IngestFailure)
    assert failure.source.record is None
    assert "not JSON Lines" in failure.reason


def test_a_file_that_is_not_json_at_all_stops_early() -> None:
    items = _read("date,outlet,text\n" + "2024-05-31,AP,Body\n" * 100)
    assert len(items) == 21
    assert "gave up after 20 lines" in items[-1].reason  # type: ignore[union-attr]


def test_blank_lines_only_is_an_empty_file() -> None:
    (failure,) = _read("\n  \n\n")
    assert isinstance(failure, IngestFailure) and "empty file" in failure.reason


def test_a_line_that_is_not_text_fails_alone() -> None:
    garbage = bytes(range(0x80, 0x100)) * 4 + b"\n"
    good = _line(text="First article body.").encode()
    items = _read(good + garbage + good)
    assert [type(i).__name__ for i in items] == ["RawDocument", "IngestFailure", "RawDocument"]
    assert items[1].source.record == "line 2"
    assert "not text" in items[1].reason
