"""RSS 2.0 and Atom feeds: one raw document per entry, with the metadata the entry states.

The bytes go through defusedxml first: feedparser would otherwise expand entity
declarations, and a few hundred bytes of nested entities ("billion laughs") can fill memory.
"""

from __future__ import annotations

import codecs
import email.utils
import html
import io
import re
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree
import feedparser
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from storyline.errors import Errors
from storyline.models import IngestFailure, RawDocument, SourceRef

_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY_DECLARATION = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_UTF32_STARTS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b"\x00\x00\x00<", b"<\x00\x00\x00")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}")
_SAX_POSITION = re.compile(r"<unknown>:(\d+):(\d+):")


def read_feed(data: bytes, file: str) -> Iterator[RawDocument | IngestFailure]:
    """Yield each entry of an RSS/Atom feed, or one failure naming what is wrong with the feed.

    A feed that is not well-formed but still yields entries (feedparser's lenient mode) is
    read, with a warning on each entry; one with no entries is a failure quoting the parser.
    """
    unsafe = unsafe_xml_reason(data)
    if unsafe is not None:
        yield IngestFailure(SourceRef(file), unsafe)
        return

    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries", [])
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        reason = Errors.E251(problem=_describe(problem)) if problem is not None else Errors.E252()
        yield IngestFailure(SourceRef(file), reason)
        return

    warnings = []
    if problem is not None and not isinstance(problem, feedparser.CharacterEncodingOverride):
        warnings.append(
            f"the feed is not well-formed XML ({_describe(problem)}); entries were recovered "
            "by a lenient parser, check them"
        )
    feed: Mapping[str, Any] = parsed.get("feed", {})
    encoding = str(parsed.get("encoding") or "utf-8")
    for number, entry in enumerate(entries, start=1):
        document = _entry_document(entry, number, feed, file, encoding, warnings)
        if isinstance(document, IngestFailure) and warnings:
            document.reason += f"; {warnings[0]}"
        yield document


def unsafe_xml_reason(data: bytes) -> str | None:
    """Why an XML document must not be parsed (entity declarations, external references).

    The document is decoded first (BOM, then its XML declaration) and the text searched for
    entity declarations, so a declaration in UTF-16 or any other encoding is found; one in
    an encoding that cannot be checked (UTF-32, an unknown label) is refused unread.
    """
    text = xml_text(data)
    if text is None:
        return Errors.E228()
    try:
        defusedxml.ElementTree.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except EntitiesForbidden as exc:
        return Errors.E229(name=exc.name)
    except DTDForbidden:
        return Errors.E230()
    except DefusedXmlException as exc:
        return Errors.E231(exc=exc)
    except ParseError:
        # Malformed XML is for feedparser's lenient mode to judge, but an entity declaration
        # that the strict parser did not reach is still refused.
        if _ENTITY_DECLARATION.search(text):
            return Errors.E232()
    return None


def xml_text(data: bytes) -> str | None:
    """The XML document as text, decoded as an XML parser would; None when it cannot be."""
    if data.startswith(_UTF32_STARTS):
        return None
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if data.startswith(b"\x00<"):
        return data.decode("utf-16-be", errors="replace")
    if data.startswith(b"<\x00"):
        return data.decode("utf-16-le", errors="replace")
    declared = _XML_ENCODING.match(data.lstrip()[:200])
    codec = "utf-8"
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            return None
        if codec.startswith(("utf-32", "utf-16")):
            return None  # declared but without a BOM or the byte pattern: cannot be trusted
    text = data.decode(codec, errors="replace")
    # XML starts with markup: bytes that neither do nor decode cleanly are in an encoding
    # we did not recognise (EBCDIC, ...), where a declaration could hide
    if not text.lstrip().startswith("<") and "\ufffd" in text:
        return None
    return text


def _entry_document(
    entry: Mapping[str, Any],
    number: int,
    feed: Mapping[str, Any],
    file: str,
    encoding: str,
    warnings: list[str],
) -> RawDocument | IngestFailure:
    guid = _clean(entry.get("id"))
    link = _clean(entry.get("link"))
    labels = [f"entry {number}", *dict.fromkeys(v for v in (guid, link) if v)]
    source = SourceRef(file, " ".join(labels))

    body = _entry_body(entry)
    if not body.strip():
        where = f"; read the page at {link} instead" if link else ""
        return IngestFailure(source, Errors.E233(where=where))

    given = {
        "title": _clean(entry.get("title")),
        "author": _author(entry),
        "published": _entry_date(entry),
        "url": link,
        "outlet": _clean(feed.get("title")),
        "language": _language(feed.get("language")),
    }
    is_markup = bool(_MARKUP.search(body))
    return RawDocument(
        source=source,
        # feedparser leaves RSS descriptions entity-escaped even when they hold no markup
        body=body if is_markup else html.unescape(body),
        format="html" if is_markup else "text",
        given={key: value for key, value in given.items() if value},
        given_source="feed",
        encoding=encoding,
        warnings=list(warnings),
    )


def _entry_body(entry: Mapping[str, Any]) -> str:
    """The full content when the entry has it (the longest part), else the summary."""
    contents = [str(c.get("value") or "") for c in entry.get("content", [])]
    longest = max(contents, key=len, default="")
    return longest if longest.strip() else str(entry.get("summary") or "")


def _entry_date(entry: Mapping[str, Any]) -> str | None:
    """ISO 8601, keeping the feed's own UTC offset when the raw string can be read.

    feedparser's parsed struct is in UTC, which moves a 23:30 US-Eastern story to the next
    day; the raw RFC 822 / RFC 3339 string keeps the outlet's local date.
    """
    for key in ("published", "updated"):
        raw = _clean(entry.get(key))
        if raw:
            exact = _parse_feed_date(raw)
            if exact is not None:
                return exact
        parsed = entry.get(f"{key}_parsed")
        if isinstance(parsed, time.struct_time):
            return datetime(*parsed[:6], tzinfo=UTC).isoformat()
    return None


def _parse_feed_date(raw: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw).isoformat()
    except ValueError:
        return None


def _author(entry: Mapping[str, Any]) -> str | None:
    """The author's name; RSS writes ``desk@outlet.com (Jane Roe)``, Atom a separate name."""
    raw = _clean(entry.get("author"))
    if raw and "@" in raw:
        name, _address = email.utils.parseaddr(raw)
        return _clean(name) or raw
    return raw


def _language(value: object) -> str | None:
    """The primary language subtag of the feed's language ("en-us" -> "en")."""
    text = _clean(value)
    primary = text.replace("_", "-").split("-")[0] if text else ""
    return primary.lower() if _LANGUAGE.fullmatch(primary) else None


def _clean(value: object) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _describe(problem: object) -> str:
    message = _SAX_POSITION.sub(r"line \1, column \2:", str(problem).strip())
    return f"{type(problem).__name__}: {message}" if message else type(problem).__name__
