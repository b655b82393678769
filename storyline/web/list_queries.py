"""Read queries behind the list pages: every article, every outlet, one outlet.

Like :mod:`storyline.web.queries` they read the table columns, never the article JSON, so
they stay fast on a large store. Quotes are listed by
:func:`storyline.web.queries.list_quotes`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from storyline.models import Model
from storyline.store._filters import article_conditions
from storyline.web.queries import UNKNOWN_OUTLET, check_page, story_titles


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
    conn: sqlite3.Connection,
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
    cond = article_conditions("a", outlet=outlet, since=since, until=until, story=story)
    if undated:
        cond.add("a.published IS NULL")
    total = int(
        conn.execute(f"SELECT count(*) FROM articles a WHERE {cond.sql()}", cond.params).fetchone()[
            0
        ]
    )
    # the page's rows first (in index order), then their quote counts
    rows = conn.execute(
        "SELECT p.*, (SELECT count(*) FROM quotes q WHERE q.article_id = p.id) AS quotes FROM "
        "(SELECT a.id, a.title, a.outlet, a.published, a.url, a.story_id, a.copy_of "
        f"FROM articles a WHERE {cond.sql()} "
        "ORDER BY a.published IS NULL, a.published DESC, a.seq LIMIT :limit OFFSET :offset) p",
        dict(cond.params, limit=limit, offset=offset),
    ).fetchall()
    titles = story_titles(conn, [r["story_id"] for r in rows if r["story_id"]])
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


def count_undated(conn: sqlite3.Connection) -> int:
    """How many stored articles have no publication date."""
    return int(conn.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0])


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


def _outlet_rows(conn: sqlite3.Connection, where: str, params: dict[str, Any]) -> list[OutletRow]:
    rows = conn.execute(
        "SELECT a.outlet AS name, count(*) AS articles, sum(a.published IS NULL) AS undated, "
        "count(DISTINCT a.story_id) AS stories, "
        "min(substr(a.published, 1, 10)) AS first_date, "
        "max(substr(a.published, 1, 10)) AS last_date "
        f"FROM articles a WHERE {where} GROUP BY a.outlet ORDER BY articles DESC, name",
        params,
    ).fetchall()
    quotes = dict(
        conn.execute(
            "SELECT a.outlet, count(*) FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"WHERE {where} GROUP BY a.outlet",
            params,
        ).fetchall()
    )
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


def list_outlets(conn: sqlite3.Connection) -> list[OutletRow]:
    """Every outlet with its counts, most articles first (unknown outlet included)."""
    return _outlet_rows(conn, "1", {})


def get_outlet(conn: sqlite3.Connection, name: str) -> OutletRow | None:
    """One named outlet (any case), or None."""
    found = _outlet_rows(conn, "a.outlet = :name COLLATE NOCASE", {"name": name})
    return found[0] if found else None


def outlet_speakers(conn: sqlite3.Connection, name: str, limit: int = 10) -> list[tuple[str, int]]:
    """Whom the outlet quotes most (full names where known)."""
    rows = conn.execute(
        "SELECT coalesce(q.speaker_canonical, q.speaker) AS who, count(*) AS n FROM quotes q "
        "JOIN articles a ON a.id = q.article_id WHERE a.outlet = ? COLLATE NOCASE AND "
        "q.speaker IS NOT NULL GROUP BY lower(who) ORDER BY n DESC, who LIMIT ?",
        (name, limit),
    )
    return [(r[0], int(r[1])) for r in rows]


def outlet_stories(
    conn: sqlite3.Connection, name: str, limit: int = 20
) -> list[tuple[str, str, int]]:
    """The stories the outlet covered most: (id, title, articles)."""
    rows = conn.execute(
        "SELECT story_id, count(*) AS n FROM articles WHERE outlet = ? COLLATE NOCASE AND "
        "story_id IS NOT NULL GROUP BY story_id ORDER BY n DESC, story_id LIMIT ?",
        (name, limit),
    ).fetchall()
    titles = story_titles(conn, [r[0] for r in rows])
    return [(r[0], titles.get(r[0], r[0]), int(r[1])) for r in rows]
