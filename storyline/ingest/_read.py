"""Inputs to raw documents: files, directories and standard input, one failure per bad input.

Whole-file formats (text, HTML, feeds) are refused above ``max_input_bytes`` before they are
read; streamed formats (WARC, JSON Lines) are bounded per record instead.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from storyline._printable import printable
from storyline.config import Settings
from storyline.errors import Errors, InputError
from storyline.ingest._documents import read_document
from storyline.ingest._feeds import read_feed
from storyline.ingest._jsonl import read_jsonl
from storyline.ingest._sniff import (
    HEAD_BYTES,
    detect_format,
    format_from_name,
    is_project_file,
)
from storyline.ingest._streams import PrefixedStream, read_up_to
from storyline.ingest._warc import read_warc
from storyline.models import IngestFailure, RawDocument, SourceRef

#: The path that means "read standard input", and the name its documents carry.
STDIN_PATH = "-"
STDIN_NAME = "<stdin>"

Item = RawDocument | IngestFailure
_URL = re.compile(r"https?://", re.IGNORECASE)


#: Told about each file a folder walk passes over, with the reason (a README, code, a table).
OnSkip = Callable[[str, str], None]


def read_inputs(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    stdin: BinaryIO | None = None,
    on_skip: OnSkip | None = None,
) -> Iterator[Item]:
    """Read every input in order; a bad one becomes an :class:`IngestFailure`, never an error.

    Paths may be files, directories (read recursively in sorted order, hidden entries
    skipped), ``http(s)://`` addresses (fetched with the same guards as the API's ingest by
    URL) or ``-`` for ``stdin`` (defaults to the process's standard input), whose format is
    sniffed from its first bytes. ``on_skip(name, reason)`` hears of every file a folder
    walk passes over.

    >>> from storyline.config import Settings
    >>> [str(x) for x in read_inputs(["no/such.txt"], Settings())]
    ['no/such.txt: no such file or directory; check the path']
    """
    for given in paths:
        path = os.fspath(given)
        if path == STDIN_PATH:
            yield from read_stream(stdin if stdin is not None else sys.stdin.buffer, settings)
        elif _URL.match(path):
            yield from read_url(path, settings)
        else:
            yield from read_path(path, settings, on_skip)


def read_url(url: str, settings: Settings) -> Iterator[Item]:
    """Fetch an article or feed by URL (public addresses only, bounded in size and time)."""
    from storyline.api._fetch import FetchFailed, FetchRefused, FetchTooLarge, fetch_url

    try:
        fetched = fetch_url(url, settings)
    except (FetchRefused, FetchFailed, FetchTooLarge) as exc:
        yield IngestFailure(SourceRef(url), exc.args[0])
        return
    for item in read_stream(io.BytesIO(fetched.content), settings, fetched.url):
        if isinstance(item, RawDocument):
            item.given.setdefault("url", fetched.url)
        yield item


def count_documents(paths: Iterable[str]) -> int | None:
    """How many documents ``paths`` hold, when that is known without reading them: every
    input a text or HTML file (one article each). None when a feed, archive, JSON Lines
    file, URL or standard input is among them."""
    total = 0
    for path in paths:
        if path == STDIN_PATH or _URL.match(path):
            return None
        if os.path.isdir(path):
            files, _, _ = _files_under(path)
        else:
            files = [path]
        if any(format_from_name(f) not in {"text", "html"} for f in files):
            return None
        total += len(files)
    return total


def read_path(
    path: str | os.PathLike[str], settings: Settings, on_skip: OnSkip | None = None
) -> Iterator[Item]:
    """Read one file, or every file under a directory in sorted order.

    A directory walk passes over hidden entries and project files that live beside a
    corpus (code, configuration, CSV/JSON tables, README and LICENSE files); anything else
    it meets is read, and reported when it is not an article.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        yield IngestFailure(SourceRef(name), _missing_reason(name))
        return
    except OSError as exc:
        yield IngestFailure(SourceRef(name), _os_reason(exc))
        return
    if not stat.S_ISDIR(info.st_mode):
        special = _special_kind(info)
        if special is not None:
            yield IngestFailure(SourceRef(name), _special_reason(special))
            return
        yield from _guarded(name, _read_file(name, info, settings))
        return

    files, problems, skipped = _files_under(name)
    yield from problems
    if on_skip is not None:
        for file, reason in skipped:
            on_skip(printable(file), reason)
    if not files and not problems:
        yield IngestFailure(
            SourceRef(name),
            Errors.E219(),
        )
    for file in files:
        yield from _guarded(file, _read_file(file, None, settings))


def read_stream(stream: BinaryIO, settings: Settings, name: str = STDIN_NAME) -> Iterator[Item]:
    """Read a binary stream of unknown size (standard input, an upload), sniffing its format.

    ``name`` labels the documents and, when it has a telling extension, picks the format.
    At most ``max_input_bytes`` (plus one, to notice excess) are read for whole-file formats.
    """
    yield from _guarded(name, _read_open(stream, name, None, settings))


def _read_file(name: str, info: os.stat_result | None, settings: Settings) -> Iterator[Item]:
    info = info or os.stat(name)
    size = info.st_size if stat.S_ISREG(info.st_mode) else None
    with open(name, "rb") as handle:
        yield from _read_open(handle, name, size, settings)


def _read_open(stream: BinaryIO, name: str, size: int | None, settings: Settings) -> Iterator[Item]:
    limit = settings.max_input_bytes
    by_name = format_from_name(name)
    if size is not None and size > limit and by_name in {"text", "html", "feed"}:
        raise InputError(name, _too_large(size, limit))
    head = read_up_to(stream, HEAD_BYTES)
    if not head:
        raise InputError(name, Errors.E204())
    sniffed = detect_format(head, by_name, name)

    if sniffed.format in {"warc", "jsonl"}:
        whole = io.BufferedReader(PrefixedStream(head, stream))
        if sniffed.format == "warc":
            yield from read_warc(whole, name, settings, gzipped=sniffed.gzipped)
        else:
            yield from read_jsonl(whole, name, settings)
        return

    if size is not None and size > limit:
        raise InputError(name, _too_large(size, limit))
    data = head + read_up_to(stream, limit + 1 - len(head))
    if len(data) > limit:
        raise InputError(
            name,
            Errors.E205(limit=limit),
        )
    if sniffed.format == "feed":
        yield from read_feed(data, name)
    elif sniffed.format in {"text", "html"}:
        yield read_document(data, name, "html" if sniffed.format == "html" else "text")


def _guarded(name: str, items: Iterator[Item]) -> Iterator[Item]:
    """Turn whatever goes wrong with one input into a failure naming it, so the batch goes on."""
    try:
        yield from items
    except InputError as exc:
        source = exc.source if isinstance(exc.source, SourceRef) else SourceRef(name)
        yield IngestFailure(source, exc.reason)
    except OSError as exc:
        yield IngestFailure(SourceRef(name), _os_reason(exc))
    except Exception as exc:  # a library tripping over odd bytes must not end the batch
        yield IngestFailure(
            SourceRef(name),
            Errors.E220(kind=type(exc).__name__, exc=exc),
        )


def _files_under(
    root: str,
) -> tuple[list[str], list[IngestFailure], list[tuple[str, str]]]:
    """Below ``root``: article candidates sorted by path, entries that are problems (folders
    that cannot be read, dangling links, link loops, pipes and sockets), and files passed
    over as not articles, with the reason."""
    files: list[str] = []
    problems: list[IngestFailure] = []
    skipped: list[tuple[str, str]] = []

    def report(exc: OSError) -> None:
        problems.append(IngestFailure(SourceRef(str(exc.filename or root)), _os_reason(exc)))

    for folder, subfolders, names in os.walk(root, onerror=report):
        for sub in list(subfolders):
            full = os.path.join(folder, sub)
            if os.path.islink(full) and not sub.startswith("."):
                skipped.append((full, Errors.E256()))
        subfolders[:] = [
            d
            for d in subfolders
            if not d.startswith(".") and not os.path.islink(os.path.join(folder, d))
        ]
        for file_name in names:
            full = os.path.join(folder, file_name)
            if file_name.startswith("."):
                continue
            if is_project_file(file_name):
                skipped.append((full, Errors.E257()))
                continue
            try:
                info = os.stat(full)
            except FileNotFoundError:
                problems.append(IngestFailure(SourceRef(full), _missing_reason(full)))
                continue
            except OSError as exc:
                problems.append(IngestFailure(SourceRef(full), _os_reason(exc)))
                continue
            special = _special_kind(info)
            if special is not None:
                problems.append(IngestFailure(SourceRef(full), _special_reason(special)))
            elif stat.S_ISREG(info.st_mode):
                files.append(full)
    files.sort(key=lambda f: Path(f).relative_to(root).parts)
    return files, problems, skipped


def _special_kind(info: os.stat_result) -> str | None:
    """What a path that is neither a regular file nor a folder is (opening a FIFO blocks)."""
    mode = info.st_mode
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None


def _special_reason(kind: str) -> str:
    return Errors.E214(kind=kind)


def _missing_reason(name: str) -> str:
    if os.path.islink(name):
        return Errors.E216()
    return Errors.E215()


def _too_large(size: int, limit: int) -> str:
    return Errors.E217(size=size, megabytes=size / 1e6, limit=limit)


def _os_reason(exc: OSError) -> str:
    return Errors.E218(problem=exc.strerror or exc)
