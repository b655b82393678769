"""Choosing a reader from the name and the first bytes, and refusing non-articles."""

from __future__ import annotations

import gzip

import pytest

from storyline.errors import InputError
from storyline.ingest._sniff import binary_kind, detect_format, format_from_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("story.txt", "text"),
        ("notes.MD", "text"),
        ("page.htm", "html"),
        ("feed.rss", "feed"),
        ("news.atom", "feed"),
        ("crawl.warc.gz", "warc"),
        ("crawl.WARC", "warc"),
        ("lines.ndjson", "jsonl"),
        ("README", None),
        ("archive.tar.gz", None),
        (".hidden", None),
    ],
)
def test_format_from_name(name: str, expected: str | None) -> None:
    assert format_from_name(name) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"Kyiv, May 31 (Reuters) - Ukraine may now strike", "text"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html lang=en>", "html"),
        (b"  <!-- saved page -->\n<html><head><title>x</title>", "html"),
        (b"<div class='story'><p>Body</p></div>", "html"),
        (b"<?xml version='1.0'?>\n<!DOCTYPE html><html xmlns='x'>", "html"),
        (b"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel>", "feed"),
        (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>", "feed"),
        (b'{"text": "Body", "outlet": "AP"}\n{"text": "More"}\n', "jsonl"),
        (b'{\n  "text": "pretty printed"\n}\n', "text"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("Україна".encode("utf-16"), "text"),
    ],
)
def test_sniffing_unnamed_input(head: bytes, expected: str) -> None:
    assert detect_format(head, None).format == expected


def test_gzip_holding_a_warc_is_a_compressed_warc() -> None:
    sniffed = detect_format(gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n"), None)
    assert (sniffed.format, sniffed.gzipped) == ("warc", True)


def test_the_name_wins_for_text_formats_except_xhtml_in_xml() -> None:
    assert detect_format(b"<html><body>x</body></html>", "text").format == "text"
    assert detect_format(b"<html><body>x</body></html>", "feed").format == "html"


@pytest.mark.parametrize(
    ("head", "name", "needle"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.txt", "looks like PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", None, "looks like PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "report.html", "looks like ZIP"),
        (gzip.compress(b"just some text"), "notes.gz", "not a WARC archive"),
        (b"plain text", "crawl.warc", "not a WARC archive"),
        (b"abc\x00\x01\x02def", None, "NUL bytes"),
        (b"<?xml version='1.0'?><urlset xmlns='x'><url>", None, "root is <urlset>"),
    ],
)
def test_non_articles_are_refused_with_a_reason(head: bytes, name: str | None, needle: str) -> None:
    with pytest.raises(InputError) as caught:
        detect_format(head, format_from_name(name) if name else None, source="in")
    assert needle in caught.value.reason
    assert caught.value.source == "in"


@pytest.mark.parametrize(
    "head",
    [
        "Київ — столиця України".encode("cp1251"),
        b"Tab\tand\r\nnewlines\x0cform feed",
        "UTF-16 text".encode("utf-16"),
    ],
)
def test_text_in_any_encoding_is_not_binary(head: bytes) -> None:
    assert binary_kind(head) is None


def test_many_control_bytes_mean_binary() -> None:
    assert "control bytes" in (binary_kind(bytes(range(1, 32)) * 20 + b"text") or "")
