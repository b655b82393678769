"""Ingest: bytes in, :class:`~storyline.models.RawDocument` out.

Reads plain text, HTML, RSS/Atom feeds, WARC archives and JSON Lines from files,
directories or standard input. Every input that cannot be read becomes an
:class:`~storyline.models.IngestFailure` whose reason says what is wrong and what to do;
the stream always goes on.

>>> from storyline.config import Settings
>>> for item in read_inputs(["articles/"], Settings()):  # doctest: +SKIP
...     print(item.source)
"""

from storyline.ingest._decode import Decoded, decode_bytes
from storyline.ingest._read import (
    STDIN_NAME,
    STDIN_PATH,
    OnSkip,
    count_documents,
    read_inputs,
    read_path,
    read_stream,
    read_url,
)

__all__ = [
    "STDIN_NAME",
    "STDIN_PATH",
    "Decoded",
    "OnSkip",
    "count_documents",
    "decode_bytes",
    "read_inputs",
    "read_path",
    "read_stream",
    "read_url",
]
