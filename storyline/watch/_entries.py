"""What a watched source lists: the entries of an RSS/Atom feed (feedparser) or the URLs of
a (news) sitemap (defusedxml), each with the key that tells it apart across polls.

>>> rss = b'''<rss version="2.0"><channel><title>T</title><item><title>A</title>
... <link>https://news.example/a</link><guid>a-1</guid></item></channel></rss>'''
>>> [(e.key, e.url, e.title) for e in list_entries(rss, "https://news.example/feed")]
[('a-1', 'https://news.example/a', 'A')]
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree
import feedparser

from storyline.errors import Errors, InputError
from storyline.ingest._feeds import _entry_body, _entry_date, unsafe_xml_reason

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


@dataclass
class Entry:
    """One listed article: its key (guid, else link), page URL and what the listing says."""

    key: str
    url: str | None
    title: str | None = None
    published: str | None = None
    body: str | None = None  # the feed's own text, used when the page cannot be fetched
    body_format: str = "html"
    source_name: str | None = None  # the feed's title / the sitemap's publication name

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        return cls(**data)


def list_entries(data: bytes, source_url: str) -> list[Entry]:
    """The entries of a feed or sitemap; raises :class:`InputError` when it is neither."""
    unsafe = unsafe_xml_reason(data)
    if unsafe is not None:
        raise InputError(source_url, unsafe)
    root = _root(data)
    if root is not None and root.tag in (f"{_SITEMAP_NS}urlset", "urlset"):
        return _sitemap_entries(root)
    if root is not None and root.tag in (f"{_SITEMAP_NS}sitemapindex", "sitemapindex"):
        raise InputError(
            source_url,
            Errors.E254(sitemaps=", ".join(_texts(root, "sitemap", "loc")[:5])),
        )
    return _feed_entries(data, source_url)


def _root(data: bytes) -> Element | None:
    try:
        root: Element = defusedxml.ElementTree.fromstring(data)
        return root
    except (ParseError, ValueError):
        return None  # feedparser's lenient mode may still read it


def _texts(root: Element, outer: str, inner: str) -> list[str]:
    out = []
    for node in root.iter():
        if node.tag.endswith(outer):
            for child in node:
                if child.tag.endswith(inner) and child.text:
                    out.append(child.text.strip())
    return out


def _child_text(node: Element, tag: str) -> str | None:
    found = node.find(tag)
    return found.text.strip() if found is not None and found.text else None


def _sitemap_entries(root: Element) -> list[Entry]:
    entries = []
    for node in root:
        if not node.tag.endswith("url"):
            continue
        loc = _child_text(node, f"{_SITEMAP_NS}loc") or _child_text(node, "loc")
        if not loc:
            continue
        news = node.find(f"{_NEWS_NS}news")
        title = published = name = None
        if news is not None:
            title = _child_text(news, f"{_NEWS_NS}title")
            published = _child_text(news, f"{_NEWS_NS}publication_date")
            publication = news.find(f"{_NEWS_NS}publication")
            if publication is not None:
                name = _child_text(publication, f"{_NEWS_NS}name")
        published = published or _child_text(node, f"{_SITEMAP_NS}lastmod")
        entries.append(Entry(loc, loc, title, published, source_name=name))
    return entries


def _feed_entries(data: bytes, source_url: str) -> list[Entry]:
    parsed = feedparser.parse(io.BytesIO(data))
    raw_entries = parsed.get("entries", [])
    if not raw_entries:
        problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
        if problem is not None:
            raise InputError(source_url, Errors.E213(problem=problem))
        return []
    feed_title = parsed.get("feed", {}).get("title")
    entries = []
    for entry in raw_entries:
        link = (entry.get("link") or "").strip() or None
        key = (entry.get("id") or "").strip() or link
        body = _entry_body(entry)
        if key is None:
            if not body.strip():
                continue
            key = "body:" + hashlib.sha1(body.encode("utf-8")).hexdigest()[:16]
        entries.append(
            Entry(
                key,
                link,
                (entry.get("title") or "").strip() or None,
                _entry_date(entry),
                body if body.strip() else None,
                "html",
                feed_title,
            )
        )
    return entries
