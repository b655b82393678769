"""WARC archives: HTML 2xx responses only, crawl dates, and damage reported where it is."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import read_path, read_stream
from storyline.models import IngestFailure, RawDocument


def _page(n: int) -> tuple[str, str, str, bytes]:
    paragraphs = "".join(
        f"<p>Paragraph {i} of report {n}: officials in Kyiv and Washington discussed range "
        f"limits, air defence and the front near Kharkiv on day {i}.</p>"
        for i in range(40)
    )
    html = f"<html><head><title>Report {n}</title></head><body>{paragraphs}</body></html>"
    return (f"https://news.example/report/{n}", "200 OK", "text/html; charset=utf-8", html.encode())


PAGES = [_page(n) for n in range(4)]
EXTRAS = [
    ("https://news.example/gone", "404 Not Found", "text/html", b"<html><p>Not found</p></html>"),
    ("https://news.example/old", "301 Moved Permanently", "text/html", b"<html>moved</html>"),
    ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n..."),
]


def _split(
    items: list[RawDocument | IngestFailure],
) -> tuple[list[RawDocument], list[IngestFailure]]:
    return (
        [i for i in items if isinstance(i, RawDocument)],
        [i for i in items if isinstance(i, IngestFailure)],
    )


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_2xx_responses_become_documents(
    write_warc: Callable[..., Path], name: str, gzip: bool
) -> None:
    path = write_warc(name, PAGES + EXTRAS, gzip=gzip)
    docs, failures = _split(list(read_path(path, Settings())))
    assert failures == []
    assert [d.given["url"] for d in docs] == [f"https://news.example/report/{n}" for n in range(4)]
    first = docs[0]
    assert first.format == "html"
    assert "<title>Report 0</title>" in first.body
    assert "front near Kharkiv on day 39." in first.body
    # warcinfo is record 1, then a request and a response per page
    assert first.source.record == "record 3 https://news.example/report/0"
    assert docs[1].source.record == "record 5 https://news.example/report/1"
    assert first.crawl_date is not None and first.crawl_date.startswith("20")
    assert "published" not in first.given
    assert first.given_source == "input"


def test_http_charset_decides_the_page_encoding(write_warc: Callable[..., Path]) -> None:
    body = "<html><body><p>Міністр оборони заявив про нові поставки.</p></body></html>"
    page = (
        "https://novyny.example/1",
        "200 OK",
        "text/html; charset=windows-1251",
        body.encode("cp1251"),
    )
    (doc,) = read_path(write_warc("cp1251.warc.gz", [page]), Settings())
    assert isinstance(doc, RawDocument)
    assert "Міністр оборони заявив про нові поставки." in doc.body
    assert doc.encoding == "cp1251"
    assert doc.warnings == []


def test_an_archive_without_html_pages_says_what_it_skipped(
    write_warc: Callable[..., Path],
) -> None:
    (failure,) = read_path(write_warc("none.warc.gz", EXTRAS), Settings())
    assert isinstance(failure, IngestFailure)
    assert failure.source.file.endswith("none.warc.gz")
    assert "no HTML page fetched with a 2xx status" in failure.reason
    assert "status 404" in failure.reason and "image/png" in failure.reason


@pytest.mark.parametrize("fraction", [0.3, 0.55, 0.8, 0.97])
def test_a_truncated_gzip_warc_keeps_the_pages_before_the_cut(
    warc_bytes: Callable[..., bytes], tmp_path: Path, fraction: float
) -> None:
    data = warc_bytes(PAGES)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * fraction)])
    docs, failures = _split(list(read_path(path, Settings())))
    assert len(failures) == 1
    reason = failures[0].reason
    assert failures[0].source.file == str(path)
    assert "cut off or corrupt" in reason
    assert "record" in reason and f"The {len(docs)} HTML page(s) before that point" in reason
    # every kept page is complete, and in order
    assert [d.given["url"] for d in docs] == [p[0] for p in PAGES[: len(docs)]]
    assert all(d.body.endswith("</body></html>") for d in docs)
    if fraction > 0.9:
        assert len(docs) == 3


def test_a_truncated_plain_warc_is_reported_inside_the_record(
    warc_bytes: Callable[..., bytes],
) -> None:
    data = warc_bytes(PAGES, gzip=False)
    cut = data.index(b"Paragraph 20 of report 2")
    docs, failures = _split(list(read_stream(io.BytesIO(data[:cut]), Settings(), name="x.warc")))
    assert [d.given["url"] for d in docs] == [p[0] for p in PAGES[:2]]
    (failure,) = failures
    assert "inside record 7 (https://news.example/report/2)" in failure.reason


def test_corrupt_gzip_data_is_reported(warc_bytes: Callable[..., bytes]) -> None:
    data = bytearray(warc_bytes(PAGES))
    middle = len(data) // 2
    data[middle : middle + 40] = b"\x00" * 40
    docs, failures = _split(
        list(read_stream(io.BytesIO(bytes(data)), Settings(), name="bad.warc.gz"))
    )
    assert len(failures) == 1 and "cut off or corrupt" in failures[0].reason
    assert 0 < len(docs) < len(PAGES)


def test_a_page_over_the_size_limit_is_skipped_with_a_failure(
    write_warc: Callable[..., Path],
) -> None:
    small = ("https://news.example/brief", "200 OK", "text/html", b"<html><p>Brief.</p></html>")
    path = write_warc("mixed.warc.gz", [PAGES[0], small])
    items = list(read_path(path, Settings(max_input_bytes=2_000)))
    docs, failures = _split(items)
    assert [d.given["url"] for d in docs] == ["https://news.example/brief"]
    (failure,) = failures
    assert failure.source.record == "record 3 https://news.example/report/0"
    assert "max_input_bytes (2,000 bytes)" in failure.reason


def test_an_undecodable_page_fails_alone(write_warc: Callable[..., Path]) -> None:
    good = b"<html><body><p>Readable article text.</p></body></html>"
    garbage = bytes(range(0x80, 0x100)) * 8
    path = write_warc(
        "mixed.warc.gz",
        [
            ("https://a.example/1", "200 OK", "text/html", good),
            ("https://a.example/2", "200 OK", "text/html", garbage),
            ("https://a.example/3", "200 OK", "text/html", good),
        ],
    )
    items = list(read_path(path, Settings()))
    documents = [i for i in items if isinstance(i, RawDocument)]
    failures = [i for i in items if isinstance(i, IngestFailure)]
    assert [d.given["url"] for d in documents] == ["https://a.example/1", "https://a.example/3"]
    assert len(failures) == 1 and "https://a.example/2" in str(failures[0].source)
