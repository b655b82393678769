"""The list pages' rows: every article, every outlet, one outlet.

Like :mod:`storyline.web.queries` they shape what the store's read functions
(:mod:`storyline.store._reads`) return; the SQL lives there. Quotes are listed by
:func:`storyline.web.queries.list_quotes`.
"""

from __future__ import annotations

from dataclasses import dataclass

from storyline.models import Model
from storyline.store import SearchFilters, Store, _reads
from storyline.store._reads import count_undated, outlet_speakers
from storyline.web.queries import UNKNOWN_OUTLET, check_page, story_titles

__all__ = [
    "ArticleListRow",
    "OutletRow",
    "count_undated",
    "get_outlet",
    "list_all_articles",
    "list_outlets",
    "outlet_speakers",
    "outlet_stories",
]


@dataclass
class ArticleListRow(Model):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    story_id: str | None
    story_title: str | None
    copy_of: str | None
    quotes: int


def list_all_articles(
    store: Store,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    story: str | None = None,
    undated: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[ArticleListRow], int]:
    """Articles newest first (undated ones last) with their story titles, and the count.

    ``undated`` keeps only the articles without a publication date.
    """
    check_page(limit, offset)
    filters = SearchFilters(outlet=outlet, since=since, until=until, story=story)
    rows, total = _reads.article_page(store, limit, offset, undated, filters)
    titles = story_titles(store, [r["story_id"] for r in rows if r["story_id"]])
    return [
        ArticleListRow(
            id=r["id"],
            title=r["title"],
            outlet=r["outlet"],
            published=r["published"],
            url=r["url"],
            story_id=r["story_id"],
            story_title=titles.get(r["story_id"]) if r["story_id"] else None,
            copy_of=r["copy_of"],
            quotes=int(r["quotes"]),
        )
        for r in rows
    ], total


@dataclass
class OutletRow(Model):
    """One outlet: ``name`` is None for the articles whose outlet is unknown."""

    name: str | None
    label: str
    articles: int
    undated: int
    stories: int
    quotes: int
    first_date: str | None
    last_date: str | None


def _outlet_rows(store: Store, outlet: str | None = None) -> list[OutletRow]:
    rows, quotes = _reads.outlet_aggregates(store, outlet)
    return [
        OutletRow(
            name=r["name"],
            label=r["name"] or UNKNOWN_OUTLET,
            articles=int(r["articles"]),
            undated=int(r["undated"] or 0),
            stories=int(r["stories"]),
            quotes=int(quotes.get(r["name"], 0)),
            first_date=r["first_date"],
            last_date=r["last_date"],
        )
        for r in rows
    ]


def list_outlets(store: Store) -> list[OutletRow]:
    """Every outlet with its counts, most articles first (unknown outlet included)."""
    return _outlet_rows(store)


def get_outlet(store: Store, name: str) -> OutletRow | None:
    """One named outlet (any case), or None."""
    if not name:
        return None
    found = _outlet_rows(store, name)
    return found[0] if found else None


def outlet_stories(store: Store, name: str, limit: int = 20) -> list[tuple[str, str, int]]:
    """The stories the outlet covered most: (id, title, articles)."""
    rows = _reads.outlet_story_counts(store, name, limit)
    titles = story_titles(store, [r[0] for r in rows])
    return [(r[0], titles.get(r[0], r[0]), int(r[1])) for r in rows]
