"""WARC archives (plain or gzip): every HTML page a crawler fetched successfully.

Archives are streamed record by record, so their size is bounded per page
(``max_input_bytes``), not per file: crawls are routinely gigabytes. A cut or corrupt
archive keeps the pages read before the damage and reports where it broke.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from storyline.config import Settings
from storyline.errors import Errors, InputError
from storyline.ingest._decode import decode_bytes
from storyline.ingest._streams import StrictGzipReader, TruncatedGzip
from storyline.models import IngestFailure, RawDocument, SourceRef

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
#: What reading a damaged archive raises; warcio itself trips with AttributeError or
#: TypeError over a header block cut in the middle.
_DAMAGE = (
    TruncatedGzip,
    AttributeError,
    TypeError,
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
)


class _CutRecord(Exception):
    """A record's block is shorter than its Content-Length says."""


def read_warc(
    stream: BinaryIO, file: str, settings: Settings, *, gzipped: bool
) -> Iterator[RawDocument | IngestFailure]:
    """Yield the HTML ``response`` records with a 2xx status, one raw document each.

    Other records (requests, metadata, images, redirects, errors) are skipped without a
    word, unless nothing is left, which is reported with a tally of what was skipped.
    """
    records = ArchiveIterator(StrictGzipReader(stream) if gzipped else stream)
    skipped: Counter[str] = Counter()
    read = failed = 0
    index = 0
    inside = False
    uri: str | None = None
    # A record is yielded only once the archive has moved past it: warcio notices a
    # Content-Length smaller than the record only when it looks for the next one.
    pending: RawDocument | IngestFailure | None = None
    errors = 0
    try:
        for index, record in enumerate(_quiet(records), start=1):
            if pending is not None:
                item = _checked(pending, records.err_count > errors)
                pending = None
                read += isinstance(item, RawDocument)
                failed += isinstance(item, IngestFailure)
                yield item
            errors = records.err_count
            inside = True
            uri = record.rec_headers.get_header("WARC-Target-URI")
            declared = record.rec_headers.get_header("Content-Length") or ""
            if not record.rec_type or not declared.strip().isdigit():
                raise _CutRecord("the record's header block is incomplete")
            kept = _html_payload(record, skipped, settings.max_input_bytes)
            _check_complete(record)
            if isinstance(kept, str):
                pending = IngestFailure(SourceRef(file, f"record {index} {uri}"), kept)
            elif kept is not None:
                try:
                    pending = _document(record, kept, file, index, uri)
                except InputError as exc:  # one undecodable page fails alone
                    pending = IngestFailure(SourceRef(file, f"record {index} {uri}"), exc.reason)
            inside = False
        if pending is not None:
            item = _checked(pending, records.err_count > errors)
            pending = None
            read += isinstance(item, RawDocument)
            failed += isinstance(item, IngestFailure)
            yield item
        if records.next_line:
            # warcio ends quietly when the archive stops inside a record's header block
            raise _CutRecord("the archive ends inside the header of the next record")
    except (*_DAMAGE, _CutRecord) as exc:
        if pending is not None:  # complete before the damage
            read += isinstance(pending, RawDocument)
            yield pending
        where = f"inside record {index}" if inside else f"after record {index}"
        if inside and uri:
            where += f" ({uri})"
        yield IngestFailure(
            SourceRef(file),
            Errors.E248(where=where, problem=exc or type(exc).__name__, read=read),
        )
        return
    if read == 0 and failed == 0:
        tally = ", ".join(f"{count} {what}" for what, count in skipped.most_common())
        yield IngestFailure(
            SourceRef(file),
            Errors.E253(skipped=f"skipped: {tally}" if tally else "it has no records"),
        )


def _quiet(records: ArchiveIterator) -> Iterator[Any]:
    """Iterate without warcio's own warnings on stderr (they print raw page bytes); what
    they report is read from ``err_count`` instead."""
    iterator = iter(records)
    while True:
        with contextlib.redirect_stderr(io.StringIO()):
            record = next(iterator, None)
        if record is None:
            return
        yield record


def _checked(item: RawDocument | IngestFailure, cut: bool) -> RawDocument | IngestFailure:
    """A page whose record was followed by stray bytes was cut by a wrong Content-Length."""
    if not cut or isinstance(item, IngestFailure):
        return item
    return IngestFailure(
        item.source,
        Errors.E247(),
    )


def _html_payload(record: Any, skipped: Counter[str], limit: int) -> bytes | str | None:
    """The decoded-transfer payload of an HTML 2xx response; a reason string when too big."""
    if record.rec_type != "response":
        skipped[f"{record.rec_type} record(s)"] += 1
        return None
    http = record.http_headers
    if http is None:
        skipped["response(s) without HTTP headers"] += 1
        return None
    mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if mime not in _HTML_TYPES:
        skipped[f"{mime or 'untyped'} response(s)"] += 1
        return None
    status = http.get_statuscode() or "?"
    if not status.startswith("2"):
        skipped[f"response(s) with status {status}"] += 1
        return None
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return Errors.E246(limit=limit)
    if not payload.strip():
        skipped["empty response(s)"] += 1
        return None
    return payload


def _check_complete(record: Any) -> None:
    """Raise when the archive ends before the record's declared length (an uncompressed cut).

    Reads what is left of the record, which warcio would otherwise skip over itself.
    """
    raw = record.raw_stream
    while raw.read(65_536):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        raise _CutRecord(f"the data ends {missing:,} bytes before the record does")


def _document(record: Any, payload: bytes, file: str, index: int, uri: str | None) -> RawDocument:
    content_type = record.http_headers.get_header("Content-Type") or ""
    decoded = decode_bytes(payload, declared=_charset(content_type), markup=True)
    return RawDocument(
        source=SourceRef(file, f"record {index} {uri}" if uri else f"record {index}"),
        body=decoded.text,
        format="html",
        given={"url": uri} if uri else {},
        given_source="input",
        encoding=decoded.encoding,
        crawl_date=record.rec_headers.get_header("WARC-Date"),
        warnings=list(decoded.warnings),
    )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None
