"""Article text and metadata out of an HTML page, by trafilatura and htmldate.

trafilatura finds the article body and the page metadata; htmldate finds the original
publication date (not the last-modified one). Scripts, styles and comments never reach the
text: trafilatura drops them while it prunes the tree, and reader comments are switched off.

>>> text, meta = extract_html(
...     "<html><head><title>Storm</title></head><body><article><p>"
...     + "The storm hit the coast on Friday, cutting power to thousands of homes. " * 3
...     + "</p></article></body></html>", url=None)
>>> text.startswith("The storm hit the coast")
True
"""

from __future__ import annotations

import logging
from typing import Any

from htmldate import find_date
from lxml.etree import LxmlError
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

__all__ = ["HTML_META_FIELDS", "extract_html"]

#: The keys of the metadata dict, each a string or ``None``.
HTML_META_FIELDS = ("title", "author", "date", "sitename", "url", "hostname")

# trafilatura and htmldate log every page they find hard; the caller reports failures.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def _blocks(body: Any) -> list[str]:
    """The text of each top-level block of trafilatura's body, in order."""
    blocks = []
    for element in body:
        text = xmltotxt(element, include_formatting=False).strip()
        if text:
            blocks.append(text)
    return blocks


def _publication_date(html: str, url: str | None) -> str | None:
    try:
        return find_date(html, url=url, original_date=True)
    except (ValueError, TypeError):
        return None


def extract_html(html: str, url: str | None) -> tuple[str, dict[str, Any]]:
    """Return the article text of ``html`` (blocks joined by blank lines) and its metadata.

    The metadata dict has the keys of :data:`HTML_META_FIELDS`; ``date`` is htmldate's
    original publication date, falling back to trafilatura's. A page without an article
    body gives empty text, which the caller reports.
    """
    meta: dict[str, Any] = dict.fromkeys(HTML_META_FIELDS)
    try:
        document = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError, RecursionError, LxmlError):
        document = None  # an unparseable page holds no article: the caller reports it
    if document is None:
        return "", meta
    for key in HTML_META_FIELDS:
        value = getattr(document, key, None)
        meta[key] = value.strip() if isinstance(value, str) and value.strip() else None
    meta["date"] = _publication_date(html, url or meta["url"]) or meta["date"]
    body = getattr(document, "body", None)
    text = "\n\n".join(_blocks(body)) if body is not None else ""
    return text, meta
