"""Builders for ingest inputs: real WARC archives written with warcio."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

#: (target URI, HTTP status line, content type, payload)
Page = tuple[str, str, str, bytes]


def build_warc(pages: Sequence[Page], *, gzip: bool = True) -> bytes:
    """A WARC with a warcinfo record, then a request and a response record per page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    for uri, status, content_type, payload in pages:
        request = StatusAndHeaders(
            "GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=headers
        )
        writer.write_record(record)
    return buffer.getvalue()


@pytest.fixture
def warc_bytes() -> Callable[..., bytes]:
    """``warc_bytes(pages, gzip=True)`` builds an archive in memory."""
    return build_warc


@pytest.fixture
def write_warc(tmp_path: Path) -> Callable[..., Path]:
    """``write_warc(name, pages, gzip=True)`` writes an archive into ``tmp_path``."""

    def write(name: str, pages: Sequence[Page], *, gzip: bool = True) -> Path:
        path = tmp_path / name
        path.write_bytes(build_warc(pages, gzip=gzip))
        return path

    return write
