"""Small stream adapters: put sniffed bytes back in front, and make gzip truncation loud."""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO


def read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes or until end of stream (pipes return short reads)."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        chunk = stream.read(remaining)
        if not chunk:
            break
        parts.append(chunk)
        remaining -= len(chunk)
    return b"".join(parts)


class PrefixedStream(io.RawIOBase):
    """The bytes already read to sniff the format, followed by the rest of the stream.

    Lets one code path serve files and non-seekable standard input alike.
    """

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest
        self._position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        target = memoryview(buffer).cast("B")
        if self._prefix:
            count = min(len(target), len(self._prefix))
            target[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
        else:
            chunk = self._rest.read(len(target))
            count = len(chunk)
            target[:count] = chunk
        self._position += count
        return count

    def tell(self) -> int:
        return self._position


class TruncatedGzip(Exception):
    """The compressed data ends before its gzip member does."""


class StrictGzipReader(io.RawIOBase):
    """Decompress multi-member gzip, raising :class:`TruncatedGzip` where the data is cut.

    warcio treats ``EOFError`` as a normal end of archive, so a cut ``.warc.gz`` would end
    silently; this reader turns the cut into its own exception and returns partial data
    with ``read1`` so every complete record before the cut is still read.
    """

    def __init__(self, compressed: BinaryIO) -> None:
        self._gzip = gzip.GzipFile(fileobj=compressed, mode="rb")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        target = memoryview(buffer).cast("B")
        try:
            chunk = self._gzip.read1(len(target))
        except EOFError as exc:
            raise TruncatedGzip(str(exc)) from exc
        target[: len(chunk)] = chunk
        return len(chunk)
