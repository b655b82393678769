"""Plain text and HTML files: one input, one raw document, decoded but otherwise untouched.

HTML is kept whole: extracting the article from the page is the pipeline's job (it needs the
markup for metadata), so ingest only decodes it with the charset the page declares.
"""

from __future__ import annotations

from typing import Literal

from storyline.errors import Errors, InputError
from storyline.ingest._decode import decode_bytes
from storyline.models import RawDocument, SourceRef


def read_document(data: bytes, file: str, fmt: Literal["text", "html"]) -> RawDocument:
    """Decode one text or HTML input; raises :class:`InputError` when it holds only whitespace."""
    decoded = decode_bytes(data, markup=fmt == "html")
    if not decoded.text.strip():
        raise InputError(file, Errors.E203())
    return RawDocument(
        source=SourceRef(file),
        body=decoded.text,
        format=fmt,
        encoding=decoded.encoding,
        warnings=list(decoded.warnings),
    )
