"""Which reader an input needs: from its name when that is telling, else from its first bytes.

The first bytes also reveal inputs that are not articles at all (images, PDFs, archives),
which are refused with a message naming what they look like.

>>> detect_format(b"<?xml version='1.0'?><rss version='2.0'>", None).format
'feed'
>>> detect_format(b"Kyiv, May 31 -- ...", format_from_name("story.txt")).format
'text'
"""

from __future__ import annotations

import codecs
import json
import re
import zlib
from dataclasses import dataclass
from typing import Literal

from storyline.errors import Errors, InputError

Format = Literal["text", "html", "feed", "warc", "jsonl"]

#: How many leading bytes are enough to tell formats apart.
HEAD_BYTES = 65_536

_BY_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}

#: Names of project files that sit beside articles in a corpus folder (code, configuration,
#: tables, ground truth, documentation); a folder walk passes over them without a word.
_PROJECT_SUFFIXES = frozenset(
    [
        ".py",
        ".pyc",
        ".ipynb",
        ".js",
        ".mjs",
        ".ts",
        ".css",
        ".scss",
        ".sh",
        ".bat",
        ".ps1",
        ".toml",
        ".yaml",
        ".yml",
        ".ini",
        ".cfg",
        ".conf",
        ".lock",
        ".json",
        ".csv",
        ".tsv",
        ".sql",
        ".db",
        ".sqlite",
        ".log",
        ".gitignore",
    ]
)
_PROJECT_STEMS = frozenset(
    [
        "readme",
        "license",
        "licence",
        "changelog",
        "notice",
        "copying",
        "copyright",
        "authors",
        "makefile",
    ]
)
#: The same names with a language, backup or format tag (README-en.txt, LICENSE_old,
#: COPYRIGHT.debian), but not an article that starts with one ("licence-plates-seized.txt").
_PROJECT_NAME = re.compile(
    r"(?:readme|licen[cs]e|changelog|notice|copying|copyright|authors)"
    r"(?:[-_.](?:[a-z]{2}|old|bak|orig|txt|md|rst|debian|html?))*",
    re.IGNORECASE,
)

#: Magic numbers of common non-text files, so the refusal can say what the file looks like.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "PNG"),
    (0, b"\xff\xd8\xff", "JPEG"),
    (0, b"GIF87a", "GIF"),
    (0, b"GIF89a", "GIF"),
    (8, b"WEBP", "WebP"),
    (0, b"%PDF-", "PDF"),
    (0, b"PK\x03\x04", "ZIP (or a Word/Excel/EPUB document)"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (0, b"\x1f\x8b", "gzip-compressed data"),
    (4, b"1AY&SY", "bzip2-compressed data"),
    (0, b"\xfd7zXZ\x00", "xz-compressed data"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (0, b"(\xb5/\xfd", "zstd-compressed data"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\x7fELF", "an executable (ELF)"),
    (0, b"ID3", "MP3 audio"),
    (0, b"OggS", "Ogg audio/video"),
    (4, b"ftyp", "MP4 video"),
    (0, b"II*\x00", "TIFF"),
    (0, b"MM\x00*", "TIFF"),
)
_BINARY_HINT = "give Storyline plain text, HTML, an RSS/Atom feed, a WARC archive or JSON Lines"
#: Control bytes that never occur in text (tab, newlines, form feed and escape excluded).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b") + b"\x7f"
_CONTROL_SHARE = 0.05
_TEXT_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_PROLOG = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE\b[^>\[]*(?:\[.*?\])?\s*>)*", re.S | re.I
)
_FIRST_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_FEED_ROOTS = {"rss", "feed", "rdf:rdf"}


@dataclass(frozen=True)
class Sniffed:
    """The reader to use; ``gzipped`` tells the WARC reader to decompress first."""

    format: Format
    gzipped: bool = False


def format_from_name(name: str) -> Format | None:
    """The format a file name promises, or None when the name says nothing useful."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    dot = lower.rfind(".")
    return _BY_SUFFIX.get(lower[dot:]) if dot > 0 else None


def is_project_file(name: str) -> bool:
    """Whether a file met in a folder walk is part of the project rather than an article.

    Only folder walks skip these; a file named on the command line is always read.
    """
    lower = name.lower()
    stem, dot, suffix = lower.rpartition(".")
    return (
        (stem if dot else lower) in _PROJECT_STEMS
        or (bool(dot) and f".{suffix}" in _PROJECT_SUFFIXES)
        or _PROJECT_NAME.fullmatch(lower) is not None
    )


def detect_format(head: bytes, by_name: Format | None, source: str = "") -> Sniffed:
    """Decide how to read an input from its first bytes and the format its name promises.

    The name wins for text formats (a ``.txt`` holding markup stays text), except that an
    ``.xml`` file holding XHTML is read as HTML. Raises :class:`InputError` naming ``source``
    when the bytes are not an article in any supported format.
    """
    if head.startswith(b"\x1f\x8b"):
        if _gunzip_head(head).startswith(b"WARC/"):
            return Sniffed("warc", gzipped=True)
        raise InputError(
            source,
            Errors.E206(),
        )
    if head.startswith(b"WARC/"):
        return Sniffed("warc")
    if by_name == "warc":
        raise InputError(source, Errors.E207())
    kind = binary_kind(head)
    if kind is not None:
        raise InputError(source, Errors.E208(kind=kind, binary_hint=_BINARY_HINT))

    sniffed = _sniff_text(head)
    if by_name == "feed" and sniffed == "html":
        return Sniffed("html")
    if by_name is not None:
        return Sniffed(by_name)
    if sniffed == "xml":
        raise InputError(
            source,
            Errors.E209(root=_root(head), binary_hint=_BINARY_HINT),
        )
    return Sniffed(sniffed)


def binary_kind(head: bytes) -> str | None:
    """What a binary input looks like ("PNG", "PDF", ...), or None when it looks like text."""
    if head.startswith(_TEXT_BOMS):
        return None
    for offset, magic, kind in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return kind
    sample = head[:8192]
    if b"\x00" in sample:
        return "binary data (it holds NUL bytes)"
    controls = sum(1 for b in sample if b in _CONTROL)
    if sample and controls / len(sample) > _CONTROL_SHARE:
        return "binary data (it holds many control bytes)"
    return None


def _sniff_text(head: bytes) -> Literal["text", "html", "feed", "jsonl", "xml"]:
    text = _head_text(head)
    prolog = _PROLOG.match(text)
    rest = text[prolog.end() :] if prolog else text
    if rest.startswith("<"):
        root = _FIRST_TAG.match(rest)
        name = root.group(1).lower() if root else ""
        if name in _FEED_ROOTS:
            return "feed"
        if re.match(r"\s*<\?xml", text) and name not in {"html", "head", "body"}:
            return "xml"
        return "html"
    if re.match(r"\s*<!doctype\s+html", text, re.I):
        return "html"
    return "jsonl" if _first_line_is_object(rest) else "text"


def _first_line_is_object(text: str) -> bool:
    line = text.lstrip().split("\n", 1)[0].strip()
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        # a long first line may be cut by the head; a JSON-looking start is enough
        return len(line) > 4_000 and line.startswith('{"')


def _head_text(head: bytes) -> str:
    """The head as text, good enough to read ASCII markup whatever the real encoding."""
    sample = head[:4096]
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32")):
        if sample.startswith(bom):
            return sample.decode(codec, errors="ignore")
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return sample.decode("utf-16", errors="ignore")
    return sample.removeprefix(codecs.BOM_UTF8).decode("latin-1")


def _root(head: bytes) -> str:
    text = _head_text(head)
    prolog = _PROLOG.match(text)
    found = _FIRST_TAG.match(text[prolog.end() :] if prolog else text)
    return found.group(1) if found else "?"


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return b""
