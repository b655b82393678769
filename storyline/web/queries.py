"""Read queries behind the pages and the API: paged lists with their totals.

The SQL lives in the store's read functions (:mod:`storyline.store._reads`, which read
table columns, never the article JSON); this module checks paging, builds filters and
shapes the rows into the models the pages and the API show. Search goes through
:meth:`~storyline.store.Store.search_page`, and what the link stage derived (copies, inferred
dates, entities) through its readers in :mod:`storyline.link`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from storyline.errors import Errors, QueryError
from storyline.link import inferred_dates, list_copies, speaker_entities
from storyline.link.name_lookup import entity_ids_named
from storyline.models import Model
from storyline.store import NO_FILTERS, QuoteFilters, SearchFacets, SearchFilters, Store, _reads
from storyline.store import entity_names as entity_names_of
from storyline.store import story_titles as neutral_titles
from storyline.store._reads import (
    count_stories,
    entity_article_ids,
    entity_kinds,
    mention_entities,
    outlet_counts,
    quotes_about,
    speaker_names,
    top_names,
    top_speakers,
)
from storyline.store._search import MAX_OFFSET
from storyline.web.charts import day_of
from storyline.web.search_query import check_syntax, read_plain_query

#: Largest page any list returns.
MAX_PAGE = 100
#: How an article without a known outlet is shown, everywhere.
UNKNOWN_OUTLET = "(unknown outlet)"
#: Marks the search snippet's matched words; control characters never occur in article text.
HIT_OPEN, HIT_CLOSE = "\x02", "\x03"


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise QueryError(Errors.E412(most=MAX_PAGE, limit=limit))
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(Errors.E413(max_offset=MAX_OFFSET, offset=offset))


# --------------------------------------------------------------------------- outlets


# --------------------------------------------------------------------------- stories


@dataclass
class StorySummary(Model):
    """A story as the story list shows it; ``days`` holds one date per original article."""

    id: str
    title: str
    articles: int
    copies: int
    first_date: str | None
    last_date: str | None
    outlets: dict[str, int] = field(default_factory=dict)
    days: list[str] = field(default_factory=list)

    def day_values(self) -> list[dt.date]:
        return [d for v in self.days if (d := day_of(v)) is not None]


def list_story_summaries(
    store: Store, limit: int = 20, offset: int = 0
) -> tuple[list[StorySummary], int]:
    """Stories with their latest coverage first, and how many stories there are."""
    check_page(limit, offset)
    rows = _reads.story_aggregates(store, limit, offset)
    return _complete(store, rows), count_stories(store)


def get_story_summary(store: Store, story_id: str) -> StorySummary | None:
    rows = _reads.story_aggregate(store, story_id)
    found = _complete(store, rows)
    return found[0] if found else None


def _complete(store: Store, rows: Sequence[sqlite3.Row]) -> list[StorySummary]:
    """Titles, outlets and article dates for the aggregated story rows (two queries)."""
    ids = [r["id"] for r in rows]
    if not ids:
        return []
    titles = story_titles(store, ids)  # the link stage's neutral title, when it has one
    outlets: dict[str, Counter[str]] = {i: Counter() for i in ids}
    days: dict[str, list[str]] = {i: [] for i in ids}
    for r in _reads.story_article_days(store, ids):
        sid = r["story_id"]
        outlets[sid][r["outlet"] or UNKNOWN_OUTLET] += 1
        if r["copy_of"] is None and r["day"]:
            days[sid].append(r["day"])
        titles.setdefault(sid, r["title"] or _first_line(r["lead"]))
    return [
        StorySummary(
            id=r["id"],
            title=titles.get(r["id"], r["id"]),
            articles=int(r["originals"] or 0),
            copies=int(r["copies"] or 0),
            first_date=r["first_date"],
            last_date=r["last_date"],
            outlets=dict(outlets[r["id"]].most_common()),
            days=days[r["id"]],
        )
        for r in rows
    ]


def _first_line(text: str | None) -> str:
    line = (text or "").strip().split("\n", 1)[0]
    return line[:120] or "(untitled)"


# --------------------------------------------------------------------------- articles


@dataclass
class ArticleRow(Model):
    id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    author: str | None
    language: str | None
    story_id: str | None
    event_id: str | None
    copy_of: str | None


def _article_row(r: sqlite3.Row) -> ArticleRow:
    return ArticleRow(**{k: r[k] for k in ArticleRow.__dataclass_fields__})


def list_articles(
    store: Store,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    story: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[ArticleRow], int]:
    """Articles matching the filters, newest first, and how many match."""
    check_page(limit, offset)
    filters = SearchFilters(outlet=outlet, since=since, until=until, story=story)
    hits, total = store.search_page(None, filters, limit=limit, offset=offset)
    rows = article_rows(store, [h.article_id for h in hits])
    return [rows[h.article_id] for h in hits if h.article_id in rows], total


def article_rows(store: Store, ids: Sequence[str]) -> dict[str, ArticleRow]:
    """The listing rows of the given articles, by id."""
    return {r["id"]: _article_row(r) for r in _reads.article_listing(store, ids)}


@dataclass
class CopyInfo(Model):
    """How an article relates to the one it copies: kind, similarity, what it added and cut."""

    copy_of: str
    kind: str | None
    similarity: float | None
    added: list[dict[str, Any]] = field(default_factory=list)
    cut: list[dict[str, Any]] = field(default_factory=list)


def copy_info(store: Store, article_id: str) -> CopyInfo | None:
    """How ``article_id`` copies another article, as the link stage stored it."""
    found = list_copies(store, [article_id])
    if not found:
        return None
    link = found[0]
    return CopyInfo(
        link.copy_of,
        link.kind,
        link.similarity,
        [s.to_dict() for s in link.added],
        [s.to_dict() for s in link.cut],
    )


def copies_of(store: Store, article_id: str) -> list[ArticleRow]:
    return [_article_row(r) for r in _reads.copy_rows(store, article_id)]


def inferred_date(store: Store, article_id: str) -> tuple[str, str] | None:
    """The publication date the link stage inferred for an undated article, with evidence."""
    return inferred_dates(store, [article_id]).get(article_id)


# --------------------------------------------------------------------------- quotes


@dataclass
class QuoteRow(Model):
    id: str
    article_id: str
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_kind: str | None
    speaker_title: str | None
    speaker_canonical: str | None
    cue: str | None
    idx: int
    outlet: str | None
    published: str | None
    title: str | None
    story_id: str | None
    speaker_entity_id: str | None = None


def list_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    speaker_entity: str | None = None,
    story: str | None = None,
    article: str | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> tuple[list[QuoteRow], int]:
    """Quotes matching the filters, oldest first, and how many match.

    ``speaker`` matches the speaker in any spelling or by surname alone (the entities
    :func:`~storyline.link.speaker_entities` finds for the name, see
    :class:`~storyline.store.QuoteFilters`); ``speaker_entity`` the entity id the link stage
    gave the speaker (every spelling).
    ``outlet``, ``since`` and ``until`` filter by the quoting article.
    """
    check_page(limit, offset)
    filters = QuoteFilters(
        speaker=speaker or None,
        speaker_ids=tuple(speaker_entities(store, speaker)) if speaker else (),
        speaker_entity=speaker_entity or None,
        article=article or None,
        kind=kind or None,
        articles=SearchFilters(outlet=outlet, since=since, until=until, story=story),
    )
    rows, total = _reads.quote_page(store, filters, limit, offset)
    return [QuoteRow(**dict(r)) for r in rows], total


# --------------------------------------------------------------------------- search


@dataclass
class SearchResult(Model):
    """One search hit; ``snippet`` marks matched words between :data:`HIT_OPEN`/``CLOSE``."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    story_id: str | None
    snippet: str
    score: float | None


def _search_args(
    store: Store, query: str | None, filters: SearchFilters, *, syntax: str, plain: bool
) -> tuple[str | None, SearchFilters]:
    """The store's FTS5 query for a reader's query, and ``filters`` with the entities their
    names stand for."""
    if filters.entity:
        filters = replace(filters, entity_ids=tuple(entity_ids_named(store, filters.entity)))
    if filters.speaker:  # the same people a quotes list finds for this name
        speaker = filters.speaker
        ids = speaker_entities(store, speaker) or entity_ids_named(store, speaker)
        filters = replace(filters, speaker_ids=tuple(ids))
    if check_syntax(syntax) == "fts" and not plain:
        return query, filters
    return read_plain_query(store, query or "").fts or None, filters


def search(
    store: Store,
    query: str | None,
    filters: SearchFilters = NO_FILTERS,
    *,
    plain: bool = False,
    syntax: str = "plain",
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[SearchResult], int]:
    """Search within ``filters``, and the match count.

    ``query`` is plain words (all required, punctuation as is; a name matches every
    spelling of its entity, a surname the person) unless ``syntax="fts"`` asks for FTS5
    syntax. The ``entity`` and ``speaker`` filters match a name in any spelling, or an
    entity id. A malformed FTS5 query raises :class:`QueryError` explaining the syntax.
    """
    check_page(limit, offset)
    fts, filters = _search_args(store, query, filters, syntax=syntax, plain=plain)
    hits, total = store.search_page(
        fts, filters, limit=limit, offset=offset, highlight=(HIT_OPEN, HIT_CLOSE)
    )
    return [
        SearchResult(
            h.article_id, h.title, h.outlet, h.published, h.url, h.story_id, h.snippet, h.score
        )
        for h in hits
    ], total


def search_facets(
    store: Store,
    query: str | None,
    filters: SearchFilters = NO_FILTERS,
    *,
    plain: bool = False,
    syntax: str = "plain",
) -> SearchFacets:
    """The facets of :func:`search` (same arguments): counts by outlet, month, speaker,
    entity and story, with entity names and story titles as labels."""
    fts, filters = _search_args(store, query, filters, syntax=syntax, plain=plain)
    facets = store.search_facets(fts, filters)
    names = entity_names_of(store, [f.value for f in facets.entity + facets.speaker])
    for f in facets.entity + facets.speaker:
        f.label = names.get(f.value, f.label)
    titles = story_titles(store, [f.value for f in facets.story])
    for f in facets.story:
        f.label = titles.get(f.value, f.value)
    for f in facets.outlet:
        f.label = f.value or UNKNOWN_OUTLET
    for f in facets.month:
        f.label = f.value or "undated"
    return facets


def story_titles(store: Store, story_ids: Sequence[str]) -> dict[str, str]:
    """Story id -> title for the given stories (the link stage's neutral title, else the
    founding article's headline)."""
    ids = list(dict.fromkeys(story_ids))
    if not ids:
        return {}
    titles = {
        r["id"]: r["title"] or _first_line(r["lead"]) for r in _reads.founder_heads(store, ids)
    }
    titles.update(neutral_titles(store, ids))
    return titles


# --------------------------------------------------------------------------- entities


def entity_mention_days(store: Store, entity_id: str) -> list[dt.date]:
    """One publication day per mention of the entity (undated articles left out)."""
    published = _reads.entity_mention_published(store, entity_id)
    return [d for v in published if (d := day_of(v)) is not None]


__all__ = [
    "MAX_PAGE",
    "UNKNOWN_OUTLET",
    "HIT_OPEN",
    "HIT_CLOSE",
    "ArticleRow",
    "CopyInfo",
    "QuoteRow",
    "SearchResult",
    "StorySummary",
    "article_rows",
    "check_page",
    "copies_of",
    "copy_info",
    "count_stories",
    "entity_article_ids",
    "entity_kinds",
    "entity_mention_days",
    "get_story_summary",
    "inferred_date",
    "list_articles",
    "list_quotes",
    "list_story_summaries",
    "mention_entities",
    "outlet_counts",
    "quotes_about",
    "search",
    "search_facets",
    "speaker_names",
    "story_titles",
    "top_names",
    "top_speakers",
]
