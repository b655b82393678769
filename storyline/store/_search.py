"""Full-text search over articles (SQLite FTS5) combined with the listing filters."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import Errors, QueryError, StoreError
from storyline.models import Model
from storyline.store._filters import NO_FILTERS, Conditions, SearchFilters

MAX_LIMIT = 1000
#: Characters of the article's opening shown when there is no text query.
LEAD_CHARS = 160
#: Values listed per facet.
FACET_VALUES = 10
#: Bounds on what one search may ask, whatever the caller: an offset SQLite can hold, and a
#: query short enough to plan quickly (a 3,000-term query ran 16 s). The API applies the
#: stricter ``max_query_chars``/``max_query_terms`` settings before reaching these.
MAX_OFFSET = 1_000_000_000
MAX_QUERY_CHARS = 2_000
MAX_QUERY_TERMS = 64
#: Matching articles facets count at most (a common word matches the whole corpus).
FACET_SCAN = 5000
#: Matching articles a text search ranks at most: a word in every one of 100,000 articles
#: took seconds to rank, so such a search (without filters) ranks its most recently stored
#: RANK_SCAN matches (the count of all matches stays exact).
RANK_SCAN = 5_000

_FTS_HELP = (
    'FTS5 syntax: words are ANDed, "quote phrases", use OR / NOT / NEAR in capitals, '
    "prefix* for prefixes, title: to search titles only; punctuation such as . ' - : "
    "must be inside double quotes (or search in plain mode)"
)


@dataclass
class SearchHit(Model):
    """One matching article; ``snippet`` marks matched words, ``score`` is BM25 (lower is
    better, ``None`` when there was no text query); ``story_id`` is its story, if linked."""

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    snippet: str
    score: float | None
    story_id: str | None = None


def plain_query(text: str) -> str:
    """Turn free text into an FTS5 query that matches every word, whatever punctuation it has.

    >>> plain_query("U.S. limits on Kyiv's strikes")
    '"U.S." "limits" "on" "Kyiv\\'s" "strikes"'
    """
    words = [w.replace('"', '""') for w in text.split()]
    return " ".join(f'"{w}"' for w in words if w.strip('"'))


def lead_snippet(text: str, limit: int = LEAD_CHARS) -> str:
    """The opening of ``text`` cut at a word boundary, with an ellipsis when cut.

    >>> lead_snippet("Brisa bans cruise ships from its old harbour", 20)
    'Brisa bans cruise…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else flat[:limit]).rstrip(" ,;:") + "…"


def check_query_size(query: str | None, max_chars: int, max_terms: int) -> None:
    """Raise :class:`QueryError` when ``query`` is longer or has more words than allowed."""
    if not query:
        return
    if len(query) > max_chars:
        raise QueryError(Errors.E410(n_query=len(query), max_chars=max_chars))
    terms = len(query.split())
    if terms > max_terms:
        raise QueryError(Errors.E411(terms=terms, max_terms=max_terms))


def check_fts_query(conn: sqlite3.Connection, query: str) -> None:
    """Raise :class:`QueryError` explaining what is wrong when ``query`` is not valid FTS5."""
    try:
        conn.execute(
            "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (query,)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "SQLITE_ERROR") != "SQLITE_ERROR":
            raise StoreError(Errors.E308(exc=exc)) from exc
        raise QueryError(Errors.E414(query=query, exc=exc, fts_help=_FTS_HELP)) from None


def search_articles(
    conn: sqlite3.Connection,
    query: str | None,
    filters: SearchFilters = NO_FILTERS,
    *,
    limit: int = 20,
    offset: int = 0,
    plain: bool = False,
    highlight: tuple[str, str] = ("[", "]"),
    count: bool = False,
) -> tuple[list[SearchHit], int | None]:
    """Articles matching ``query`` and ``filters``, best first, and (with ``count``) how
    many match in all. A query without filters matching more than :data:`RANK_SCAN`
    articles is ranked among the most recently stored :data:`RANK_SCAN` of them.

    Without a text query the filters alone select articles, newest first.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(Errors.E412(most=MAX_LIMIT, limit=limit))
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(Errors.E413(max_offset=MAX_OFFSET, offset=offset))
    check_query_size(query, MAX_QUERY_CHARS, MAX_QUERY_TERMS)
    cond = filters.conditions("a")
    source, params = _source(conn, query, plain, cond)
    counted = ranked = source
    if "query" in params and not cond.clauses:  # no filter: the full-text index alone counts
        counted = "FROM articles_fts WHERE articles_fts MATCH :query"
        ranked = source + _rank_floor(conn, counted, params)
    params.update(limit=limit, offset=offset, open=highlight[0], close=highlight[1])
    if "query" in params:
        sql = f"""
            SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id,
                   snippet(articles_fts, 1, :open, :close, '...', 24) AS snippet,
                   bm25(articles_fts, 4.0, 1.0) AS score
            {ranked}
            ORDER BY score, a.seq
            LIMIT :limit OFFSET :offset
        """
    else:
        sql = f"""
            SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id,
                   substr(a.text, 1, {LEAD_CHARS * 2}) AS snippet, NULL AS score
            {source}
            ORDER BY a.published IS NULL, a.published DESC, a.seq
            LIMIT :limit OFFSET :offset
        """
    try:
        rows = conn.execute(sql, params).fetchall()
        total = (
            int(conn.execute(f"SELECT count(*) {counted}", params).fetchone()[0]) if count else None
        )
    except sqlite3.OperationalError as exc:  # a query FTS5 accepts alone but not in context
        raise QueryError(Errors.E415(query=query, exc=exc, fts_help=_FTS_HELP)) from None
    hits = [
        SearchHit(
            article_id=row["id"],
            title=row["title"],
            outlet=row["outlet"],
            published=row["published"],
            url=row["url"],
            snippet=(
                row["snippet"] or ""
                if row["score"] is not None
                else lead_snippet(row["snippet"] or "")
            ),
            score=row["score"],
            story_id=row["story_id"],
        )
        for row in rows
    ]
    return hits, total


def _rank_floor(conn: sqlite3.Connection, source: str, params: dict[str, Any]) -> str:
    """The condition that keeps a search's ranking to its :data:`RANK_SCAN` most recently
    stored matches (empty when it has fewer); sets ``rank_floor`` in ``params``. ``source``
    is the full-text match alone (with filters, finding the floor would cost what it saves)."""
    try:
        row = conn.execute(
            f"SELECT articles_fts.rowid {source} ORDER BY articles_fts.rowid DESC "
            "LIMIT 1 OFFSET :rank_skip",
            dict(params, rank_skip=RANK_SCAN - 1),
        ).fetchone()
    except sqlite3.OperationalError:  # reported by the search itself
        return ""
    if row is None:
        return ""
    params["rank_floor"] = int(row[0])
    return " AND articles_fts.rowid >= :rank_floor"


def _source(
    conn: sqlite3.Connection, query: str | None, plain: bool, cond: Conditions
) -> tuple[str, dict[str, Any]]:
    """The ``FROM ... WHERE ...`` of a search and its parameters (``query`` when there is
    a text query)."""
    params: dict[str, Any] = dict(cond.params)
    text = plain_query(query or "") if plain else (query or "").strip()
    if not text:
        return f"FROM articles a WHERE {cond.sql()}", params
    check_fts_query(conn, text)
    params["query"] = text
    # CROSS JOIN keeps the full-text index as the outer loop: otherwise a filter with an
    # index of its own (the outlet) drives the join and every row of it is matched
    return (
        "FROM articles_fts CROSS JOIN articles a ON a.seq = articles_fts.rowid "
        f"WHERE articles_fts MATCH :query AND {cond.sql()}"
    ), params


@dataclass
class FacetValue(Model):
    """One value of a facet with how many matching articles have it; ``value`` is what
    the filter takes (an entity or story id, an outlet, a month), ``label`` what to show."""

    value: str
    label: str
    count: int


@dataclass
class SearchFacets(Model):
    """How the matching articles divide by outlet, month, speaker, entity and story."""

    outlet: list[FacetValue] = field(default_factory=list)
    month: list[FacetValue] = field(default_factory=list)
    speaker: list[FacetValue] = field(default_factory=list)
    entity: list[FacetValue] = field(default_factory=list)
    story: list[FacetValue] = field(default_factory=list)
    sampled: bool = False  # counted over the first ``FACET_SCAN`` matches only


#: The facets counted in SQL over the matching articles' facts (``hit`` holds their ids,
#: given as a JSON array); outlet, month and story are counted from the hit rows themselves.
_FACET_SQL = {
    "speaker": (
        "SELECT coalesce(q.speaker_entity_id, min(coalesce(q.speaker_canonical, q.speaker))) "
        "AS value, min(coalesce(q.speaker_canonical, q.speaker)) AS label, "
        "count(DISTINCT q.article_id) AS n FROM hit JOIN quotes q ON q.article_id = hit.id "
        "WHERE q.speaker IS NOT NULL GROUP BY coalesce(q.speaker_entity_id, "
        "lower(coalesce(q.speaker_canonical, q.speaker))) ORDER BY n DESC, label "
        "LIMIT :facet_limit"
    ),
    "entity": (
        "SELECT coalesce(m.entity_id, min(m.canonical)) AS value, min(m.canonical) AS label, "
        "count(DISTINCT m.article_id) AS n FROM hit JOIN mentions m ON m.article_id = hit.id "
        "WHERE m.kind IN ('person', 'organization', 'place') GROUP BY coalesce(m.entity_id, "
        "lower(m.canonical)) ORDER BY n DESC, label LIMIT :facet_limit"
    ),
}


def _top_values(values: list[str], limit: int, *, newest: bool = False) -> list[FacetValue]:
    """Facet values with their counts: most frequent first (ties by value), or with
    ``newest`` by value, highest first (months)."""
    counts = Counter(values)
    if newest:
        ordered = sorted(counts.items(), reverse=True)
    else:
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [FacetValue(value, value, n) for value, n in ordered[:limit]]


def search_facets(
    conn: sqlite3.Connection,
    query: str | None,
    filters: SearchFilters = NO_FILTERS,
    *,
    plain: bool = False,
    limit: int = FACET_VALUES,
    scan: int = FACET_SCAN,
) -> SearchFacets:
    """Counts of the articles matching a search by outlet, month, speaker, entity and
    story, most frequent first (months newest first); labels of stories and entities are
    the caller's to look up. An empty outlet or month value stands for "unknown". A
    search matching more than ``scan`` articles is counted over the first ``scan`` of them
    (``sampled``), so that a common word stays fast."""
    source, params = _source(conn, query, plain, filters.conditions("a"))
    params.update(facet_limit=limit, facet_scan=scan + 1)
    facets = SearchFacets()
    try:
        # the matching articles once (at most scan + 1 of them), the facets from those rows
        rows = conn.execute(
            "SELECT a.id, coalesce(a.outlet, '') AS outlet, "
            f"coalesce(substr(a.published, 1, 7), '') AS month, a.story_id {source} "
            "LIMIT :facet_scan",
            params,
        ).fetchall()
        facets.sampled = len(rows) > scan
        rows = rows[:scan]
        facets.outlet = _top_values([r["outlet"] for r in rows], limit)
        facets.month = _top_values([r["month"] for r in rows], limit, newest=True)
        facets.story = _top_values([r["story_id"] for r in rows if r["story_id"]], limit)
        hit = {"hit_ids": json.dumps([r["id"] for r in rows]), "facet_limit": limit}
        for name, sql in _FACET_SQL.items():
            found = conn.execute(
                f"WITH hit AS MATERIALIZED (SELECT value AS id FROM json_each(:hit_ids)) {sql}",
                hit,
            ).fetchall()
            setattr(
                facets,
                name,
                [FacetValue(str(r["value"]), str(r["label"]), int(r["n"])) for r in found],
            )
    except sqlite3.OperationalError as exc:
        raise QueryError(Errors.E415(query=query, exc=exc, fts_help=_FTS_HELP)) from None
    return facets
