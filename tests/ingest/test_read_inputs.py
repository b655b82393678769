"""Reading many inputs: files, folders and stdin; every bad input is a failure, never a stop."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import read_inputs, read_path
from storyline.models import IngestFailure, RawDocument

ARTICLE = (
    "Ukraine cleared to hit targets inside Russia\n\n"
    "KYIV — Ukraine may now use Western weapons against military sites across the border, "
    "officials said on Friday, after weeks of debate in Washington."
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02"
HUNDRED_MB = 100 * 1024 * 1024


def _split(
    items: list[RawDocument | IngestFailure],
) -> tuple[list[RawDocument], list[IngestFailure]]:
    return (
        [i for i in items if isinstance(i, RawDocument)],
        [i for i in items if isinstance(i, IngestFailure)],
    )


def _read(paths: list[str], settings: Settings | None = None) -> list[RawDocument | IngestFailure]:
    return list(read_inputs(paths, settings or Settings()))


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("story.txt", ARTICLE.encode(), "text"),
        ("story.md", ARTICLE.encode(), "text"),
        ("story", ARTICLE.encode(), "text"),  # no extension: sniffed
        ("story.dat", ("<!DOCTYPE html><html><body><p>" + ARTICLE + "</p>").encode(), "html"),
        ("page.html", ("<html><body><p>" + ARTICLE + "</p></body></html>").encode(), "html"),
    ],
)
def test_a_text_or_html_file_is_one_document(
    tmp_path: Path, name: str, content: bytes, fmt: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (doc,) = _read([str(path)])
    assert isinstance(doc, RawDocument)
    assert doc.format == fmt
    assert "officials said on Friday" in doc.body
    assert doc.source.file == str(path) and doc.source.record is None
    assert doc.encoding == "utf-8" and doc.warnings == []


def test_html_without_a_body_is_still_ingested(tmp_path: Path) -> None:
    path = tmp_path / "shell.html"
    path.write_text("<html><head><title>Loading…</title></head></html>", encoding="utf-8")
    (doc,) = _read([str(path)])
    assert isinstance(doc, RawDocument)
    assert doc.format == "html" and "<title>Loading…</title>" in doc.body


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Київ, 17 листопада. Президент України подякував союзникам за рішення.", "cp1251"),
        ("Москва. Официальный представитель заявил, что ответ будет жёстким.", "cp1251"),
        ("Genève. Le ministre a déclaré que la décision était « irréversible ».", "latin-1"),
        ("Kyjiw. Die Regierung begrüßte die Entscheidung über Langstreckenwaffen.", "latin-1"),
    ],
)
def test_legacy_encoded_text_files(tmp_path: Path, text: str, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    (doc,) = _read([str(path)])
    assert isinstance(doc, RawDocument)
    assert doc.body == text
    assert doc.encoding in {"cp1251", "cp1252"}
    assert "guessed" in doc.warnings[0]


def test_html_meta_charset_is_used(tmp_path: Path) -> None:
    body = "<p>Зеленський: «Ми отримали дозвіл».</p>"
    page = f'<html><head><meta charset="windows-1251"></head><body>{body}</body></html>'
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("cp1251"))
    (doc,) = _read([str(path)])
    assert isinstance(doc, RawDocument) and body in doc.body
    assert doc.encoding == "cp1251" and doc.warnings == []


def test_invalid_utf8_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("Zelenskyy’s aide said “yes”".encode() + b" \xc3\x28 then more.")
    (doc,) = _read([str(path)])
    assert isinstance(doc, RawDocument)
    assert doc.body.startswith("Zelenskyy’s aide said “yes”") and "then more." in doc.body
    assert "replaced" in doc.warnings[0]


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.txt", b"", "empty file (0 bytes)"),
        ("blank.txt", b"  \n\t\r\n  ", "empty file (only whitespace)"),
        ("photo.txt", PNG, "binary file, not an article (looks like PNG)"),
        ("scan", b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n", "binary file, not an article (looks like PDF)"),
        ("blob.bin", os.urandom(64) + b"\x00" * 16, "binary file, not an article"),
        ("notes.txt.gz", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "not a WARC archive"),
    ],
)
def test_non_articles_are_failures_naming_the_file(
    tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (failure,) = _read([str(path)])
    assert isinstance(failure, IngestFailure)
    assert failure.source.file == str(path)
    assert needle in failure.reason
    assert str(path) in str(failure)


def test_a_huge_file_is_refused_by_size_and_the_batch_goes_on(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: no 100 MB written to disk
        handle.truncate(HUNDRED_MB)
    after = tmp_path / "after.txt"
    after.write_text(ARTICLE, encoding="utf-8")
    failure, doc = _read([str(huge), str(after)])
    assert isinstance(failure, IngestFailure)
    assert failure.source.file == str(huge)
    assert f"{HUNDRED_MB:,} bytes" in failure.reason
    assert "max_input_bytes (20,000,000 bytes)" in failure.reason
    assert isinstance(doc, RawDocument) and doc.body == ARTICLE


def test_a_file_over_a_custom_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (failure,) = _read([str(path)], Settings(max_input_bytes=50))
    assert isinstance(failure, IngestFailure) and "max_input_bytes (50 bytes)" in failure.reason


def test_missing_paths_and_empty_folders_are_failures(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    (empty / ".DS_Store").write_bytes(b"\x00\x00")
    missing, nothing = _read([str(tmp_path / "missing.txt"), str(empty)])
    assert isinstance(missing, IngestFailure) and "no such file or directory" in missing.reason
    assert isinstance(nothing, IngestFailure) and "holds no files" in nothing.reason


def test_a_folder_mixing_good_and_bad_files(
    tmp_path: Path, write_warc: Callable[..., Path]
) -> None:
    root = tmp_path / "corpus"
    (root / "b_sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "b_sub" / "c.html").write_text(f"<html><body><p>{ARTICLE}</p></body></html>")
    (root / "b_sub" / "deeper" / "d.jsonl").write_text(
        json.dumps({"text": "Line one body."}) + "\n" + "{broken\n"
    )
    (root / "b_sub" / "empty.txt").write_bytes(b"")
    (root / "image.png").write_bytes(PNG)
    (root / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    page = ("https://news.example/1", "200 OK", "text/html", b"<html><p>Crawled.</p></html>")
    warc = write_warc("e.warc.gz", [page])
    warc.rename(root / "e.warc.gz")

    items = list(read_path(root, Settings()))
    docs, failures = _split(items)
    relative = [os.path.relpath(d.source.file, root) for d in docs]
    assert relative == ["a.txt", "b_sub/c.html", "b_sub/deeper/d.jsonl", "e.warc.gz"]
    assert docs[2].body == "Line one body." and docs[3].body == "<html><p>Crawled.</p></html>"
    by_file = {os.path.relpath(f.source.file, root): f for f in failures}
    assert set(by_file) == {"b_sub/deeper/d.jsonl", "b_sub/empty.txt", "image.png"}
    assert by_file["b_sub/deeper/d.jsonl"].source.record == "line 2"
    assert "empty file" in by_file["b_sub/empty.txt"].reason
    assert "looks like PNG" in by_file["image.png"].reason
    assert not any(".hidden" in i.source.file or ".git" in i.source.file for i in items)


def test_a_folder_walk_passes_over_project_files(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "story.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "README.md").write_text("# How this corpus was collected", encoding="utf-8")
    (root / "LICENSE").write_text("CC BY 4.0", encoding="utf-8")
    (root / "make_corpus.py").write_text("print('hello')\n", encoding="utf-8")
    (root / "truth.json").write_text('{\n  "stories": []\n}\n', encoding="utf-8")
    (root / "sources.csv").write_text("outlet,url\nAP,https://apnews.example\n")
    (doc,) = read_path(root, Settings())
    assert isinstance(doc, RawDocument) and doc.source.file == str(root / "story.txt")
    # named on the command line, a project file is read like any other input
    (readme,) = _read([str(root / "README.md")])
    assert isinstance(readme, RawDocument) and readme.body.startswith("# How")


def test_stdin_text_is_sniffed() -> None:
    stdin = io.BytesIO(ARTICLE.encode("utf-8"))
    (doc,) = read_inputs(["-"], Settings(), stdin=stdin)
    assert isinstance(doc, RawDocument)
    assert doc.body == ARTICLE and doc.format == "text" and doc.source.file == "<stdin>"


def test_stdin_json_lines_are_sniffed() -> None:
    lines = [
        {"text": "First body.", "outlet": "Reuters", "published": "2024-05-31"},
        {"html": "<p>Second body.</p>", "outlet": "AP"},
        {"title": "no body"},
    ]
    stdin = io.BytesIO("".join(json.dumps(x) + "\n" for x in lines).encode())
    first, second, third = read_inputs(["-"], Settings(), stdin=stdin)
    assert isinstance(first, RawDocument) and first.given["outlet"] == "Reuters"
    assert isinstance(second, RawDocument) and second.format == "html"
    assert isinstance(third, IngestFailure) and third.source.record == "line 3"
    assert third.source.file == "<stdin>"


def test_stdin_warc_and_html_are_sniffed(warc_bytes: Callable[..., bytes]) -> None:
    page = ("https://news.example/1", "200 OK", "text/html", b"<html><p>Crawled.</p></html>")
    (doc,) = read_inputs(["-"], Settings(), stdin=io.BytesIO(warc_bytes([page])))
    assert isinstance(doc, RawDocument) and doc.given["url"] == "https://news.example/1"
    html = b"<!doctype html><html><body><p>Piped page.</p></body></html>"
    (page_doc,) = read_inputs(["-"], Settings(), stdin=io.BytesIO(html))
    assert isinstance(page_doc, RawDocument) and page_doc.format == "html"


class _TrickleStream(io.RawIOBase):
    """A pipe that hands out a few bytes per read and counts what was taken."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        count = min(len(buffer), self.remaining, 4096)
        buffer[:count] = b"a" * count
        self.remaining -= count
        self.taken += count
        return count


def test_stdin_over_the_limit_reads_at_most_limit_plus_one() -> None:
    stream = _TrickleStream(HUNDRED_MB)
    (failure,) = read_inputs(["-"], Settings(max_input_bytes=100_000), stdin=stream)  # type: ignore[arg-type]
    assert isinstance(failure, IngestFailure)
    assert "larger than max_input_bytes (100,000 bytes)" in failure.reason
    assert stream.taken <= 100_001


def test_paths_and_stdin_mix_in_order(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    items = list(
        read_inputs([str(path), "-", str(tmp_path / "nope.txt")], Settings(), io.BytesIO(b"Piped."))
    )
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "IngestFailure"]
    assert [i.source.file for i in items] == [str(path), "<stdin>", str(tmp_path / "nope.txt")]
