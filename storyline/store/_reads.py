"""Read functions for the interfaces (web pages, API, report, export): paged lists, counts
and aggregates in plain SQL.

They read the columns of the ``articles`` table, the fact tables and the link stage's tables
(never the article JSON) so that listing stays fast on a large store. The interfaces shape
the rows they return; they run no SQL of their own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from storyline.store._db import chunks, marks, reader
from storyline.store._filters import QuoteFilters, SearchFilters

#: The fact tables with one row per fact of an article.
FACT_TABLES: tuple[str, ...] = ("quotes", "dates", "mentions")


# --------------------------------------------------------------------------- outlets


@reader
def outlet_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every named outlet with its number of articles, most articles first."""
    rows = conn.execute(
        "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY count(*) DESC, outlet"
    )
    return [(r[0], int(r[1])) for r in rows]


@reader
def article_outlets(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Article id -> its outlet (None where unknown), for every stored article."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, outlet FROM articles")}


@reader
def top_speakers(conn: sqlite3.Connection, limit: int = 8) -> list[tuple[str, int]]:
    """The most quoted named people and organisations (full names where known)."""
    rows = conn.execute(
        "SELECT coalesce(speaker_canonical, speaker) AS name, count(*) AS n FROM quotes "
        "WHERE speaker IS NOT NULL AND speaker_kind IN ('person', 'organization') "
        "GROUP BY lower(name) ORDER BY n DESC, name LIMIT ?",
        (limit,),
    )
    return [(r[0], int(r[1])) for r in rows]


@reader
def top_names(conn: sqlite3.Connection, limit: int = 8) -> list[tuple[str, int]]:
    """The names mentioned in the most articles (in-article full forms)."""
    rows = conn.execute(
        "SELECT canonical, count(DISTINCT article_id) AS n FROM mentions "
        "WHERE kind IN ('person', 'organization', 'place') "
        "GROUP BY lower(canonical) ORDER BY n DESC, canonical LIMIT ?",
        (limit,),
    )
    return [(r[0], int(r[1])) for r in rows]


@reader
def outlet_aggregates(
    conn: sqlite3.Connection, outlet: str | None = None
) -> tuple[list[sqlite3.Row], dict[str | None, int]]:
    """Per outlet (only ``outlet``, in any case, when given): the article aggregate rows
    (name, articles, undated, stories, first_date, last_date) and the quote counts."""
    cond = SearchFilters(outlet=outlet).conditions()
    where, params = cond.sql(), cond.params
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
    return rows, quotes


@reader
def outlet_speakers(conn: sqlite3.Connection, name: str, limit: int = 10) -> list[tuple[str, int]]:
    """Whom the outlet quotes most (full names where known)."""
    rows = conn.execute(
        "SELECT coalesce(q.speaker_canonical, q.speaker) AS who, count(*) AS n FROM quotes q "
        "JOIN articles a ON a.id = q.article_id WHERE a.outlet = ? COLLATE NOCASE AND "
        "q.speaker IS NOT NULL GROUP BY lower(who) ORDER BY n DESC, who LIMIT ?",
        (name, limit),
    )
    return [(r[0], int(r[1])) for r in rows]


@reader
def outlet_story_counts(
    conn: sqlite3.Connection, name: str, limit: int = 20
) -> list[tuple[str, int]]:
    """The stories the outlet covered most: (story id, articles)."""
    rows = conn.execute(
        "SELECT story_id, count(*) AS n FROM articles WHERE outlet = ? COLLATE NOCASE AND "
        "story_id IS NOT NULL GROUP BY story_id ORDER BY n DESC, story_id LIMIT ?",
        (name, limit),
    ).fetchall()
    return [(r[0], int(r[1])) for r in rows]


# --------------------------------------------------------------------------- stories


_STORY_AGGREGATE = """
    SELECT a.story_id AS id,
           sum(a.copy_of IS NULL) AS originals,
           sum(a.copy_of IS NOT NULL) AS copies,
           min(substr(coalesce(a.published, l.inferred_date), 1, 10)) AS first_date,
           max(substr(coalesce(a.published, l.inferred_date), 1, 10)) AS last_date
    FROM articles a LEFT JOIN link_articles l ON l.article_id = a.id
    WHERE a.story_id IS NOT NULL {where}
    GROUP BY a.story_id
"""


@reader
def count_stories(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT count(DISTINCT story_id) FROM articles WHERE story_id IS NOT NULL")
    return int(row.fetchone()[0])


@reader
def story_ids(conn: sqlite3.Connection) -> list[str]:
    """Every story id, sorted."""
    rows = conn.execute("SELECT DISTINCT story_id FROM articles WHERE story_id IS NOT NULL")
    return sorted(r[0] for r in rows)


@reader
def has_story(conn: sqlite3.Connection, story_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM articles WHERE story_id = ? LIMIT 1", (story_id,))
    return row.fetchone() is not None


@reader
def story_aggregates(conn: sqlite3.Connection, limit: int, offset: int) -> list[sqlite3.Row]:
    """Story aggregate rows (id, originals, copies, first_date, last_date), latest first."""
    return conn.execute(
        _STORY_AGGREGATE.format(where="")
        + " ORDER BY last_date IS NULL, last_date DESC, first_date DESC, id LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()


@reader
def story_aggregate(conn: sqlite3.Connection, story_id: str) -> list[sqlite3.Row]:
    """The aggregate row of one story (an empty list for an unknown story)."""
    return conn.execute(_STORY_AGGREGATE.format(where="AND a.story_id = ?"), (story_id,)).fetchall()


@reader
def founder_heads(conn: sqlite3.Connection, story_ids: Sequence[str]) -> list[sqlite3.Row]:
    """``(id, title, lead)`` of each given story's founding article (lead: first 160 chars)."""
    ids = list(story_ids)
    if not ids:
        return []
    return conn.execute(
        "SELECT c.id, a.title, substr(a.text, 1, 160) AS lead FROM link_clusters c "
        f"JOIN articles a ON a.id = c.founder WHERE c.id IN ({marks(ids)})",
        ids,
    ).fetchall()


@reader
def story_article_days(conn: sqlite3.Connection, story_ids: Sequence[str]) -> list[sqlite3.Row]:
    """The articles of the given stories with outlet, title, lead, copy_of and day
    (published, else inferred), dated ones first by day."""
    ids = list(story_ids)
    return conn.execute(
        "SELECT a.story_id, a.outlet, a.title, substr(a.text, 1, 160) AS lead, a.copy_of, "
        "substr(coalesce(a.published, l.inferred_date), 1, 10) AS day "
        "FROM articles a LEFT JOIN link_articles l ON l.article_id = a.id "
        f"WHERE a.story_id IN ({marks(ids)}) ORDER BY day IS NULL, day, a.seq",
        ids,
    ).fetchall()


# --------------------------------------------------------------------------- articles


ARTICLE_COLUMNS = (
    "a.id, a.title, a.outlet, a.published, a.url, a.author, a.language, a.story_id, "
    "a.event_id, a.copy_of"
)


@reader
def article_listing(conn: sqlite3.Connection, ids: Sequence[str]) -> list[sqlite3.Row]:
    """The :data:`ARTICLE_COLUMNS` of the given articles (any order)."""
    out: list[sqlite3.Row] = []
    for chunk in chunks(list(dict.fromkeys(ids))):
        out.extend(
            conn.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({marks(chunk)})", chunk
            )
        )
    return out


@reader
def copy_rows(conn: sqlite3.Connection, article_id: str) -> list[sqlite3.Row]:
    """The :data:`ARTICLE_COLUMNS` of the articles copying ``article_id``, oldest first."""
    return conn.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.copy_of = ? ORDER BY a.published",
        (article_id,),
    ).fetchall()


@reader
def count_undated(conn: sqlite3.Connection) -> int:
    """How many stored articles have no publication date."""
    return int(conn.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()[0])


@reader
def undated_sources(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """``(id, source file)`` of every article without a publication date, in insertion order."""
    rows = conn.execute(
        "SELECT id, source_file FROM articles WHERE published IS NULL ORDER BY seq"
    ).fetchall()
    return [(r[0], r[1]) for r in rows]


@reader
def article_page(
    conn: sqlite3.Connection, limit: int, offset: int, undated: bool, filters: SearchFilters
) -> tuple[list[sqlite3.Row], int]:
    """One page of articles newest first (undated ones last) with their quote counts, and
    how many match ``filters``; ``undated`` keeps only the articles without a date."""
    cond = filters.conditions("a")
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
    return rows, total


@reader
def fact_counts(conn: sqlite3.Connection) -> dict[str, dict[str, int]]:
    """Article id -> its number of quotes, dates and mentions (articles without any fact
    absent)."""
    counts: dict[str, dict[str, int]] = {}
    for table in FACT_TABLES:
        for article_id, n in conn.execute(
            f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"
        ):
            counts.setdefault(article_id, dict.fromkeys(FACT_TABLES, 0))[table] = n
    return counts


@reader
def article_table_rows(
    conn: sqlite3.Connection, columns: Sequence[str], story: str | None
) -> Iterator[sqlite3.Row]:
    """The given ``articles`` columns, in date order (of one story when given)."""
    where = "WHERE story_id = ?" if story else ""
    yield from conn.execute(
        f"SELECT {', '.join(columns)} FROM articles {where} "
        "ORDER BY published IS NULL, published, seq",
        (story,) if story else (),
    )


@reader
def fact_table_rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], story: str | None
) -> Iterator[sqlite3.Row]:
    """The given columns of a fact table with the article's outlet, published, title and
    story_id, in article then fact order (of one story when given)."""
    select = ", ".join(f'f."{c}"' for c in columns)
    where = "WHERE a.story_id = ?" if story else ""
    yield from conn.execute(
        f"SELECT {select}, a.outlet, a.published, a.title, a.story_id FROM {table} f "
        f"JOIN articles a ON a.id = f.article_id {where} ORDER BY a.seq, f.idx",
        (story,) if story else (),
    )


# --------------------------------------------------------------------------- quotes


QUOTE_COLUMNS = (
    "q.id, q.article_id, q.text, q.start, q.end, q.kind, q.speaker, q.speaker_kind, "
    "q.speaker_title, q.speaker_canonical, q.cue, q.idx, a.outlet, a.published, a.title, "
    "a.story_id, q.speaker_entity_id"
)


@reader
def quote_page(
    conn: sqlite3.Connection, filters: QuoteFilters, limit: int, offset: int
) -> tuple[list[sqlite3.Row], int]:
    """The :data:`QUOTE_COLUMNS` of the quotes ``filters`` keeps, oldest first, and how many
    it keeps.

    A filter on the quotes themselves (:attr:`QuoteFilters.narrow`) finds few of them: those
    drive the join; else the articles do, in their listing order, and the page stops after
    ``limit`` rows instead of sorting every matching quote.
    """
    cond = filters.conditions()
    where, params = cond.sql(), cond.params
    if filters.articles.conditions().clauses:
        counted = f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}"
    else:  # every quote has its article (foreign key), so no join is needed to count them
        counted = f"FROM quotes q WHERE {where}"
    total = int(conn.execute(f"SELECT count(*) {counted}", params).fetchone()[0])
    join = "quotes q JOIN articles a" if filters.narrow else "articles a CROSS JOIN quotes q"
    rows = conn.execute(
        f"SELECT {QUOTE_COLUMNS} FROM {join} ON a.id = q.article_id WHERE {where} "
        "ORDER BY a.published IS NULL, a.published, a.seq, q.idx LIMIT :limit OFFSET :offset",
        dict(params, limit=limit, offset=offset),
    ).fetchall()
    return rows, total


# --------------------------------------------------------------------------- entities


@reader
def entity_article_ids(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """The articles mentioning the entity, newest first."""
    rows = conn.execute(
        "SELECT a.id FROM articles a WHERE a.id IN (SELECT m.article_id FROM mentions m "
        "WHERE m.entity_id = ?) ORDER BY a.published IS NULL, a.published DESC, a.seq DESC",
        (entity_id,),
    )
    return [r[0] for r in rows]


@reader
def entity_mention_published(conn: sqlite3.Connection, entity_id: str) -> list[str | None]:
    """The publication date of the article of each mention of the entity."""
    rows = conn.execute(
        "SELECT a.published FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.entity_id = ?",
        (entity_id,),
    )
    return [r[0] for r in rows]


@reader
def story_entity_ids(conn: sqlite3.Connection, story_id: str) -> set[str]:
    """The entities mentioned in the story's articles."""
    return {
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT m.entity_id FROM mentions m JOIN articles a ON a.id = "
            "m.article_id WHERE a.story_id = ? AND m.entity_id IS NOT NULL",
            (story_id,),
        )
    }


@reader
def speaker_names(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """How the quotes name the entity as their speaker (full names where known)."""
    rows = conn.execute(
        "SELECT DISTINCT coalesce(speaker_canonical, speaker) FROM quotes "
        "WHERE speaker_entity_id = ? ORDER BY 1",
        (entity_id,),
    )
    return [r[0] for r in rows if r[0]]


@reader
def quotes_about(conn: sqlite3.Connection, entity_id: str, limit: int = 50) -> list[sqlite3.Row]:
    """Quotes whose words mention the entity (a mention inside the quoted span), oldest first."""
    return conn.execute(
        "SELECT DISTINCT q.*, a.outlet, a.published, a.title FROM mentions m "
        "JOIN quotes q ON q.article_id = m.article_id AND q.start <= m.start AND m.end <= q.end "
        "JOIN articles a ON a.id = q.article_id WHERE m.entity_id = ? "
        "ORDER BY a.published IS NULL, a.published, q.article_id, q.idx LIMIT ?",
        (entity_id, limit),
    ).fetchall()


@reader
def entity_kinds(conn: sqlite3.Connection) -> list[str]:
    """The types of the stored entities (person, organization, place, ...)."""
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM entities ORDER BY type")]


@reader
def mention_entities(conn: sqlite3.Connection, article_id: str) -> dict[int, str]:
    """Mention index -> entity id for one article (the article page links its names)."""
    rows = conn.execute(
        "SELECT idx, entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL",
        (article_id,),
    )
    return {int(r[0]): r[1] for r in rows}
