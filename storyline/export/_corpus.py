"""Turning a store into export records that follow ``schema.json``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from storyline._hooks import optional_hook
from storyline.export._schema import SCHEMA_VERSION, load_schema
from storyline.models import Article
from storyline.store import ArticleLinks, Store, article_fields

#: Top-level sections the cross-article link stage may add to an export.
LINK_SECTIONS = ("entities", "copies", "stories", "events", "timeline", "claims", "outlets")


def article_record(article: Article, links: ArticleLinks | None = None) -> dict[str, Any]:
    """One article as ``$defs/article``: flat metadata values, removed lines, provenance."""
    record: dict[str, Any] = {
        **article_fields(article),
        "removed": [line.to_dict() for line in article.removed],
        "source": article.source.to_dict(),
        "metadata": article.meta.to_dict(),
        "warnings": list(article.warnings),
    }
    if links is not None:
        record.update(story_id=links.story_id, event_id=links.event_id, copy_of=links.copy_of)
    return record


def iter_article_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every stored article as an export record, oldest publication first."""
    links = store.article_links()
    for article in store.iter_articles():
        yield article_record(article, links.get(article.id))


def _link_sections(store: Store) -> Mapping[str, Any]:
    hook = optional_hook("storyline.link", "export_sections")
    return hook(store) if hook is not None else {}


def export_corpus(store: Store, sections: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole store as one dict following the export schema.

    Articles come with every quote, date and entity mention as top-level lists (each with
    its ``article_id`` and span). ``sections`` adds the cross-article results (entities,
    copies, stories, events, timeline, claims, outlets); by default they are asked of the link
    stage's ``export_sections(store)`` when that stage is installed.
    """
    links = store.article_links()
    articles: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for article in store.iter_articles():
        articles.append(article_record(article, links.get(article.id)))
        quotes.extend(dict(q.to_dict(), article_id=article.id) for q in article.quotes)
        dates.extend(dict(d.to_dict(), article_id=article.id) for d in article.dates)
        mentions.extend(dict(m.to_dict(), article_id=article.id) for m in article.mentions)
    corpus: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "articles": articles,
        "quotes": quotes,
        "dates": dates,
        "mentions": mentions,
    }
    extra = _link_sections(store) if sections is None else sections
    allowed = set(load_schema()["properties"]) - set(corpus)
    for name, items in extra.items():
        if name not in allowed:
            raise ValueError(
                f"export section {name!r} is not in the export schema; known: {sorted(allowed)}"
            )
        corpus[name] = [item.to_dict() if hasattr(item, "to_dict") else item for item in items]
    return corpus
