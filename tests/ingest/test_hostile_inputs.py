"""Inputs that once ended or hid a run: odd file names, pipes, broken links, hostile JSON."""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import count_documents, read_inputs
from storyline.ingest._sniff import is_project_file
from storyline.models import IngestFailure, RawDocument

GOOD = "Quay reopens\n\nThe harbour authority said the northern quay would reopen on Monday.\n"


@pytest.fixture(autouse=True)
def _never_hang() -> Iterator[None]:
    """Reading a FIFO would block forever: fail the test instead."""

    def hung(*_: object) -> None:
        raise TimeoutError("reading the inputs blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _read(*paths: str | Path, **kw: object) -> list[RawDocument | IngestFailure]:
    return list(read_inputs([os.fspath(p) for p in paths], Settings(), **kw))  # type: ignore[arg-type]


def _failures(items: list[RawDocument | IngestFailure]) -> dict[str, str]:
    return {str(i.source): i.reason for i in items if isinstance(i, IngestFailure)}


def test_a_fifo_named_on_the_command_line_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    failures = _failures(_read(fifo))
    assert "named pipe (FIFO)" in failures[str(fifo)]


def test_a_folder_walk_reports_pipes_sockets_dangling_links_and_loops(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    os.mkfifo(folder / "fifo.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock"))
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    os.symlink(folder / "loop.txt", folder / "loop.txt")
    os.symlink(folder, folder / "again")
    skipped: list[tuple[str, str]] = []
    try:
        items = _read(folder, on_skip=lambda name, why: skipped.append((name, why)))
    finally:
        server.close()
    failures = _failures(items)
    assert "named pipe" in failures[str(folder / "fifo.txt")]
    assert "socket" in failures[str(folder / "sock")]
    assert "target does not exist" in failures[str(folder / "dangling.txt")]
    assert "symbolic links" in failures[str(folder / "loop.txt")]
    assert [i.source.file for i in items if isinstance(i, RawDocument)] == [
        str(folder / "good.txt")
    ]
    assert (str(folder / "again"), "a symbolic link to a folder; links are not followed") in skipped


def test_file_names_that_are_not_utf8_or_hold_newlines_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw_name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw_name, "wb") as handle:
        handle.write(GOOD.encode())
    (folder / "two\nfailed: forged.txt").write_text(GOOD)
    items = _read(folder)
    names = sorted(i.source.file for i in items if isinstance(i, RawDocument))
    assert names == [f"{folder}/caf\\xe9.txt", f"{folder}/two\\nfailed: forged.txt"]
    assert all(name.encode("utf-8") for name in names)


def test_readme_licence_and_copyright_files_are_skipped_and_said(tmp_path: Path) -> None:
    for name in ("copyright", "README-en.txt", "LICENSE", "notes.csv", "story.txt"):
        (tmp_path / name).write_text(GOOD)
    skipped: list[str] = []
    items = _read(tmp_path, on_skip=lambda name, why: skipped.append(Path(name).name))
    assert [Path(i.source.file).name for i in items] == ["story.txt"]
    assert sorted(skipped) == ["LICENSE", "README-en.txt", "copyright", "notes.csv"]
    assert not is_project_file("licence-plates-seized.txt.html")


def test_count_documents_knows_totals_only_for_one_article_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.html").write_text("<p>x</p>")
    assert count_documents([str(tmp_path)]) == 2
    (tmp_path / "c.jsonl").write_text("{}")
    assert count_documents([str(tmp_path)]) is None
    assert count_documents(["-"]) is None


def test_a_url_is_fetched_through_the_guarded_fetcher(tmp_path: Path) -> None:
    failures = _failures(_read("http://127.0.0.1:9/article"))
    (reason,) = failures.values()
    assert "no such file" not in reason
    assert "refusing to fetch" in reason and "loopback address" in reason


def test_hostile_json_lines_fail_alone_and_the_rest_is_read(tmp_path: Path) -> None:
    good = {"id": "ok", "text": GOOD, "outlet": "Port News"}
    lines = [
        json.dumps({**good, "id": "first"}),
        '{"a": ' * 5000 + "1" + "}" * 5000,
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",
        json.dumps({"id": "sur", "text": GOOD, "outlet": "Out\ud83d"}),
        json.dumps(good),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    failures = _failures(items)
    assert "too deeply" in failures[f"{path} [line 2]"]
    assert "digits" in failures[f"{path} [line 3]"]
    docs = {i.given["id"]: i for i in items if isinstance(i, RawDocument)}
    assert sorted(docs) == ["first", "ok", "sur"]
    assert docs["sur"].given["outlet"] == "Out\ufffd"
    assert any("lone surrogate" in w for w in docs["sur"].warnings)


BOMB = (
    '<?xml version="1.0" encoding="{enc}"?>\n<!DOCTYPE rss [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;">]>\n<rss version="2.0"><channel><title>T</title>'
    "<item><title>A</title><description>&lol2;</description></item></channel></rss>"
)


@pytest.mark.parametrize(
    "encoding, codec",
    [("UTF-16", "utf-16"), ("UTF-16LE", "utf-16-le"), ("UTF-8", "utf-8"), ("latin-1", "latin-1")],
)
def test_entity_declarations_are_found_in_any_readable_encoding(
    tmp_path: Path, encoding: str, codec: str
) -> None:
    from storyline.ingest._feeds import unsafe_xml_reason

    data = BOMB.format(enc=encoding).encode(codec)
    reason = unsafe_xml_reason(data[:-5])  # not well-formed: only the text check can see it
    assert reason is not None and "entit" in reason


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-le", "utf-32-be", "cp500"])
def test_a_feed_that_cannot_be_checked_is_refused(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "feed.xml"
    from storyline.ingest._feeds import unsafe_xml_reason

    data = BOMB.format(enc="UTF-32").encode(codec)
    assert "cannot be checked" in (unsafe_xml_reason(data) or "")
    path.write_bytes(data)
    items = _read(path)
    assert len(items) == 1 and isinstance(items[0], IngestFailure)  # refused, never parsed


def test_a_warc_record_shorter_than_its_content_is_reported(tmp_path: Path) -> None:
    def record(uri: str, html: bytes, short_by: int = 0) -> bytes:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        head = (
            f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-05-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{len(uri)}>\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) - short_by}\r\n\r\n"
        ).encode()
        return head + http + b"\r\n\r\n"

    page = b"<html><body><p>" + b"The quay would reopen on Monday, they said. " * 20 + b"</p>"
    path = tmp_path / "cut.warc"
    path.write_bytes(record("http://a.example/1", page, 300) + record("http://a.example/2", page))
    items = _read(path)
    failures = _failures(items)
    assert "Content-Length is smaller" in failures[f"{path} [record 1 http://a.example/1]"]
    assert [i.given["url"] for i in items if isinstance(i, RawDocument)] == ["http://a.example/2"]


def test_overlong_utf8_is_refused_not_read_as_mojibake(tmp_path: Path) -> None:
    text = GOOD * 20
    path = tmp_path / "odd.txt"
    path.write_bytes(bytes(x for c in text.encode() for x in (0xC0 | c >> 6, 0x80 | c & 0x3F)))
    (reason,) = _failures(_read(path)).values()
    assert "overlong UTF-8" in reason
