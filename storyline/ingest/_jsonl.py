"""JSON Lines: one article object per line, with the metadata the user states.

Files are streamed line by line (a corpus export can be far larger than one article), so
``max_input_bytes`` bounds each line. A bad line is a failure for that line only.

A line looks like::

    {"id": "a1", "url": "https://...", "outlet": "Reuters", "published": "2024-05-31",
     "title": "...", "author": "...", "language": "en", "text": "..."}
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from storyline._printable import without_surrogates
from storyline.config import Settings
from storyline.errors import Errors, InputError
from storyline.ingest._decode import decode_bytes
from storyline.iso_dates import is_iso_date
from storyline.models import IngestFailure, RawDocument, SourceRef

#: Metadata fields a line may carry besides its body (``text`` or ``html``).
METADATA_FIELDS = ("id", "url", "outlet", "title", "author", "published", "language")
BODY_FIELDS = ("text", "html")
_KNOWN = {*METADATA_FIELDS, *BODY_FIELDS}
#: Stop after this many leading lines that are not JSON: the file is not JSON Lines at all.
_GIVE_UP_AFTER = 20


class _LineTooLong:
    def __init__(self, size: int) -> None:
        self.size = size


def read_jsonl(
    stream: BinaryIO, file: str, settings: Settings
) -> Iterator[RawDocument | IngestFailure]:
    """Yield one raw document per valid line and one failure per bad line, naming the line."""
    limit = settings.max_input_bytes
    articles = not_json = 0
    saw_content = False
    for number, line in _lines(stream, limit):
        source = SourceRef(file, f"line {number}")
        if isinstance(line, _LineTooLong):
            yield IngestFailure(
                source,
                Errors.E243(size=line.size, limit=limit),
            )
            continue
        if isinstance(line, IngestFailure):
            yield IngestFailure(source, line.reason)
            continue
        if not line.strip():
            continue
        saw_content = True
        result = _parse_line(line, source)
        if isinstance(result, RawDocument):
            articles += 1
        elif result.reason.startswith("not valid JSON"):
            not_json += 1
        if number == 1 and isinstance(result, IngestFailure) and _is_json_document(line):
            yield IngestFailure(
                SourceRef(file),
                Errors.E244(),
            )
            return
        yield result
        if articles == 0 and not_json >= _GIVE_UP_AFTER:
            yield IngestFailure(
                SourceRef(file),
                Errors.E245(not_json=not_json),
            )
            return
    if not saw_content:
        yield IngestFailure(SourceRef(file), Errors.E239())


def _lines(
    stream: BinaryIO, limit: int
) -> Iterator[tuple[int, str | _LineTooLong | IngestFailure]]:
    """Numbered, decoded lines; an over-long line is skipped without holding it in memory."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size = len(raw)
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(1 << 20)
                size += len(raw)
            yield number, _LineTooLong(size)
            continue
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        try:
            yield number, _decode_line(raw)
        except InputError as exc:  # one undecodable line fails alone
            yield number, IngestFailure(SourceRef("", None), exc.reason)


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # JSON must be UTF-8, but exports from old tools are not; decode as best we can
        return decode_bytes(raw).text


def _parse_line(line: str, source: SourceRef) -> RawDocument | IngestFailure:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return IngestFailure(
            source,
            Errors.E240(msg=exc.msg, column=exc.colno),
        )
    except RecursionError:
        return IngestFailure(source, Errors.E241())
    except ValueError as exc:  # an integer too long to convert, and the like
        return IngestFailure(source, Errors.E242(exc=exc))
    if not isinstance(record, dict):
        return IngestFailure(source, Errors.E238(kind=_json_kind(record)))
    problem = _field_problem(record)
    if problem is not None:
        return IngestFailure(source, problem)

    body_field = "text" if record.get("text") is not None else "html"
    warnings: list[str] = []
    if record.get("text") is not None and record.get("html") is not None:
        warnings.append("the line has both text and html; the text was used")
    unknown = sorted(set(record) - _KNOWN)
    if unknown:
        warnings.append(
            f"ignored unknown field(s) {', '.join(unknown)}; known fields are "
            f"{', '.join(sorted(_KNOWN))}"
        )
    given = {
        name: str(record[name]).strip()
        for name in METADATA_FIELDS
        if record.get(name) is not None and str(record[name]).strip()
    }
    body = record[body_field]
    broken = sorted(
        name
        for name, value in (*given.items(), (body_field, body))
        if without_surrogates(value) != value
    )
    if broken:
        given = {name: without_surrogates(value) for name, value in given.items()}
        body = without_surrogates(body)
        warnings.append(
            f"the field(s) {', '.join(broken)} hold invalid Unicode (lone surrogate escapes "
            "such as \\ud83d); those characters were replaced with U+FFFD"
        )
    return RawDocument(
        source=source,
        body=body,
        format="text" if body_field == "text" else "html",
        given=given,
        given_source="input",
        warnings=warnings,
    )


def _field_problem(record: dict[str, Any]) -> str | None:
    """Why a line's fields cannot make an article, or None."""
    bodies = [name for name in BODY_FIELDS if record.get(name) is not None]
    if not bodies:
        return Errors.E234()
    for name in (*BODY_FIELDS, *METADATA_FIELDS):
        value = record.get(name)
        if value is None:
            continue
        allowed = (str, int) if name == "id" else (str,)
        if isinstance(value, bool) or not isinstance(value, allowed):
            return Errors.E237(name=name, kind=_json_kind(value))
    if not any(str(record[name]).strip() for name in bodies):
        return Errors.E235(field=bodies[0])
    published = record.get("published")
    if published is not None and not is_iso_date(published.strip()):
        return Errors.E236(published=published)
    return None


def _is_json_document(first_line: str) -> bool:
    """A pretty-printed JSON file starts with a lone brace or an array."""
    stripped = first_line.strip()
    return stripped in {"{", "["} or stripped.startswith("[")


def _json_kind(value: object) -> str:
    names = {list: "array", dict: "object", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")
