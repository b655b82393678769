"""Full-text search over articles (SQLite FTS5) combined with the listing filters."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from storyline.errors import QueryError, StoreError
from storyline.models import Model
from storyline.store._filters import article_conditions

MAX_LIMIT = 1000
#: Bounds on what one search may ask, whatever the caller: an offset SQLite can hold, and a
#: query short enough to plan quickly (a 3,000-term query ran 16 s). The API applies the
#: stricter ``max_query_chars``/``max_query_terms`` settings before reaching these.
MAX_OFFSET = 1_000_000_000
MAX_QUERY_CHARS = 2_000
MAX_QUERY_TERMS = 64

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


def check_query_size(query: str | None, max_chars: int, max_terms: int) -> None:
    """Raise :class:`QueryError` when ``query`` is longer or has more words than allowed."""
    if not query:
        return
    if len(query) > max_chars:
        raise QueryError(
            f"the search query has {len(query):,} characters; at most {max_chars:,} are "
            "allowed (max_query_chars)"
        )
    terms = len(query.split())
    if terms > max_terms:
        raise QueryError(
            f"the search query has {terms:,} words; at most {max_terms} are allowed "
            "(max_query_terms)"
        )


def check_fts_query(conn: sqlite3.Connection, query: str) -> None:
    """Raise :class:`QueryError` explaining what is wrong when ``query`` is not valid FTS5."""
    try:
        conn.execute(
            "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (query,)
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if getattr(exc, "sqlite_errorname", "SQLITE_ERROR") != "SQLITE_ERROR":
            raise StoreError(f"search failed: {exc}") from exc
        raise QueryError(f"search query {query!r} is malformed ({exc}). {_FTS_HELP}") from None


def search_articles(
    conn: sqlite3.Connection,
    query: str | None,
    *,
    outlet: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    limit: int = 20,
    offset: int = 0,
    plain: bool = False,
    highlight: tuple[str, str] = ("[", "]"),
    count: bool = False,
) -> tuple[list[SearchHit], int | None]:
    """Articles matching ``query`` and the filters, best first, and (with ``count``) how
    many match in all.

    Without a text query the filters alone select articles, newest first.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET:,}, got {offset}")
    check_query_size(query, MAX_QUERY_CHARS, MAX_QUERY_TERMS)
    cond = article_conditions(
        "a", outlet=outlet, since=since, until=until, speaker=speaker, entity=entity, story=story
    )
    params = dict(cond.params, limit=limit, offset=offset, open=highlight[0], close=highlight[1])
    text = plain_query(query or "") if plain else (query or "").strip()
    if text:
        check_fts_query(conn, text)
        params["query"] = text
        source = (
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            f"WHERE articles_fts MATCH :query AND {cond.sql()}"
        )
        sql = f"""
            SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id,
                   snippet(articles_fts, 1, :open, :close, '...', 24) AS snippet,
                   bm25(articles_fts, 4.0, 1.0) AS score
            {source}
            ORDER BY score, a.seq
            LIMIT :limit OFFSET :offset
        """
    else:
        source = f"FROM articles a WHERE {cond.sql()}"
        sql = f"""
            SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id,
                   substr(a.text, 1, 160) AS snippet, NULL AS score
            {source}
            ORDER BY a.published IS NULL, a.published DESC, a.seq
            LIMIT :limit OFFSET :offset
        """
    try:
        rows = conn.execute(sql, params).fetchall()
        total = (
            int(conn.execute(f"SELECT count(*) {source}", params).fetchone()[0]) if count else None
        )
    except sqlite3.OperationalError as exc:  # a query FTS5 accepts alone but not in context
        raise QueryError(f"search query {query!r} cannot be run: {exc}. {_FTS_HELP}") from None
    hits = [
        SearchHit(
            article_id=row["id"],
            title=row["title"],
            outlet=row["outlet"],
            published=row["published"],
            url=row["url"],
            snippet=row["snippet"] or "",
            score=row["score"],
            story_id=row["story_id"],
        )
        for row in rows
    ]
    return hits, total
