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
