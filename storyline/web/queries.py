"""Read queries behind the pages and the API: paged lists with their totals, in plain SQL.

They read the columns of the ``articles`` table and the fact tables (never the article JSON)
so that listing stays fast on a large store; search goes through
:meth:`~storyline.store.Store.search_page`, and what the link stage derived (copies, inferred
dates, entities) through its readers in :mod:`storyline.link`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.errors import QueryError
from storyline.link import inferred_dates, list_copies, speaker_entities
from storyline.link._entity_store import entity_names as entity_names_of
from storyline.link.name_lookup import entity_ids_named
from storyline.link.story_identity import story_titles as neutral_titles
from storyline.models import Model
from storyline.store import SearchFacets, Store
from storyline.store._filters import article_conditions
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
        raise QueryError(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET:,}, got {offset}")


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


# --------------------------------------------------------------------------- outlets


def outlet_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every named outlet with its number of articles, most articles first."""
    rows = conn.execute(
        "SELECT outlet, count(*) FROM articles WHERE outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY count(*) DESC, outlet"
    )
    return [(r[0], int(r[1])) for r in rows]


def top_speakers(conn: sqlite3.Connection, limit: int = 8) -> list[tuple[str, int]]:
    """The most quoted named people and organisations (full names where known)."""
    rows = conn.execute(
        "SELECT coalesce(speaker_canonical, speaker) AS name, count(*) AS n FROM quotes "
        "WHERE speaker IS NOT NULL AND speaker_kind IN ('person', 'organization') "
        "GROUP BY lower(name) ORDER BY n DESC, name LIMIT ?",
        (limit,),
    )
    return [(r[0], int(r[1])) for r in rows]


def top_names(conn: sqlite3.Connection, limit: int = 8) -> list[tuple[str, int]]:
    """The names mentioned in the most articles (in-article full forms)."""
    rows = conn.execute(
        "SELECT canonical, count(DISTINCT article_id) AS n FROM mentions "
        "WHERE kind IN ('person', 'organization', 'place') "
        "GROUP BY lower(canonical) ORDER BY n DESC, canonical LIMIT ?",
        (limit,),
    )
    return [(r[0], int(r[1])) for r in rows]


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


def count_stories(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT count(DISTINCT story_id) FROM articles WHERE story_id IS NOT NULL")
    return int(row.fetchone()[0])


def list_story_summaries(
    conn: sqlite3.Connection, limit: int = 20, offset: int = 0
) -> tuple[list[StorySummary], int]:
    """Stories with their latest coverage first, and how many stories there are."""
    check_page(limit, offset)
    rows = conn.execute(
        _STORY_AGGREGATE.format(where="")
        + " ORDER BY last_date IS NULL, last_date DESC, first_date DESC, id LIMIT ? OFFSET ?",
        (limit, offset),
    ).fetchall()
    return _complete(conn, rows), count_stories(conn)


def get_story_summary(conn: sqlite3.Connection, story_id: str) -> StorySummary | None:
    rows = conn.execute(_STORY_AGGREGATE.format(where="AND a.story_id = ?"), (story_id,)).fetchall()
    found = _complete(conn, rows)
    return found[0] if found else None


def _complete(conn: sqlite3.Connection, rows: Sequence[sqlite3.Row]) -> list[StorySummary]:
    """Titles, outlets and article dates for the aggregated story rows (two queries)."""
    ids = [r["id"] for r in rows]
    if not ids:
        return []
    titles: dict[str, str] = {}
    for r in conn.execute(
        "SELECT c.id, a.title, substr(a.text, 1, 160) AS lead FROM link_clusters c "
        f"JOIN articles a ON a.id = c.founder WHERE c.id IN ({_marks(ids)})",
        ids,
    ):
        titles[r["id"]] = r["title"] or _first_line(r["lead"])
    titles.update(neutral_titles(conn, ids))  # the link stage's neutral title, when it has one
    outlets: dict[str, Counter[str]] = {i: Counter() for i in ids}
    days: dict[str, list[str]] = {i: [] for i in ids}
    for r in conn.execute(
        "SELECT a.story_id, a.outlet, a.title, substr(a.text, 1, 160) AS lead, a.copy_of, "
        "substr(coalesce(a.published, l.inferred_date), 1, 10) AS day "
        "FROM articles a LEFT JOIN link_articles l ON l.article_id = a.id "
        f"WHERE a.story_id IN ({_marks(ids)}) ORDER BY day IS NULL, day, a.seq",
        ids,
    ):
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


_ARTICLE_COLUMNS = (
    "a.id, a.title, a.outlet, a.published, a.url, a.author, a.language, a.story_id, "
    "a.event_id, a.copy_of"
)


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
    hits, total = store.search_page(
        None, outlet=outlet, since=since, until=until, story=story, limit=limit, offset=offset
    )
    rows = article_rows(store.connection, [h.article_id for h in hits])
    return [rows[h.article_id] for h in hits if h.article_id in rows], total


def article_rows(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, ArticleRow]:
    """The listing rows of the given articles, by id."""
    out: dict[str, ArticleRow] = {}
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for r in conn.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({_marks(chunk)})", chunk
        ):
            out[r["id"]] = _article_row(r)
    return out


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


def copies_of(conn: sqlite3.Connection, article_id: str) -> list[ArticleRow]:
    rows = conn.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.copy_of = ? ORDER BY a.published",
        (article_id,),
    )
    return [_article_row(r) for r in rows]


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


def speaker_clause(
    conn: sqlite3.Connection, speaker: str, alias: str = "q"
) -> tuple[str, dict[str, Any]]:
    """SQL condition (and its parameters) for quotes said by ``speaker`` in any spelling: as
    written, the in-article full name, an entity id, any entity the name designates (a
    spelling variant, a surname alone: "Kirby" finds John Kirby), and for quotes not yet
    linked, a full name ending with the surname given."""
    ids = speaker_entities(conn, speaker)
    params: dict[str, Any] = {"speaker": speaker}
    parts = [
        f"{alias}.speaker = :speaker COLLATE NOCASE",
        f"{alias}.speaker_canonical = :speaker COLLATE NOCASE",
        f"{alias}.speaker_entity_id = :speaker",
    ]
    if ids:
        names = [f":speaker_entity_{i}" for i in range(len(ids))]
        params.update(zip((n[1:] for n in names), ids, strict=True))
        parts.append(f"{alias}.speaker_entity_id IN ({', '.join(names)})")
    word = speaker.strip()
    if word and " " not in word and not any(ch in word for ch in "%_\\"):
        params["speaker_surname"] = f"% {word}"
        parts.append(
            f"({alias}.speaker_entity_id IS NULL AND {alias}.speaker_kind = 'person' "
            f"AND {alias}.speaker_canonical LIKE :speaker_surname)"
        )
    return "(" + " OR ".join(parts) + ")", params


def list_quotes(
    conn: sqlite3.Connection,
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

    ``speaker`` matches the speaker in any spelling or by surname alone (see
    :func:`speaker_clause`); ``speaker_entity`` the entity id the link stage gave the
    speaker (every spelling).
    ``outlet``, ``since`` and ``until`` filter by the quoting article.
    """
    check_page(limit, offset)
    article_filter = article_conditions("a", outlet=outlet, since=since, until=until)
    clauses: list[str] = list(article_filter.clauses)
    params: dict[str, Any] = dict(article_filter.params)
    if speaker:
        clause, found = speaker_clause(conn, speaker)
        clauses.append(clause)
        params.update(found)
    if speaker_entity:
        clauses.append("q.speaker_entity_id = :speaker_entity")
        params["speaker_entity"] = speaker_entity
    if story:
        clauses.append("a.story_id = :story")
        params["story"] = story
    if article:
        clauses.append("q.article_id = :article")
        params["article"] = article
    if kind:
        if kind not in {"direct", "partial", "indirect"}:
            raise QueryError(f"kind must be direct, partial or indirect, got {kind!r}")
        clauses.append("q.kind = :kind")
        params["kind"] = kind
    where = " AND ".join(clauses) or "1"
    base = f"FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where}"
    total = int(conn.execute(f"SELECT count(*) {base}", params).fetchone()[0])
    rows = conn.execute(
        "SELECT q.id, q.article_id, q.text, q.start, q.end, q.kind, q.speaker, q.speaker_kind, "
        "q.speaker_title, q.speaker_canonical, q.cue, q.idx, a.outlet, a.published, a.title, "
        f"a.story_id, q.speaker_entity_id {base} ORDER BY a.published IS NULL, a.published, a.seq, q.idx "
        "LIMIT :limit OFFSET :offset",
        dict(params, limit=limit, offset=offset),
    )
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
    store: Store,
    query: str | None,
    *,
    syntax: str,
    plain: bool,
    entity: str | None,
    speaker: str | None,
) -> dict[str, Any]:
    """The store's search arguments for a reader's query and name filters."""
    conn = store.connection
    args: dict[str, Any] = {"entity": entity, "speaker": speaker}
    if entity:
        args["entity_ids"] = entity_ids_named(conn, entity)
    if speaker:
        args["speaker_ids"] = entity_ids_named(conn, speaker)
    if check_syntax(syntax) == "fts" and not plain:
        args.update(query=query, plain=False)
    else:
        args.update(query=read_plain_query(conn, query or "").fts or None, plain=False)
    return args


def search(
    store: Store,
    query: str | None,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    plain: bool = False,
    syntax: str = "plain",
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[SearchResult], int]:
    """Search with filters, and the match count.

    ``query`` is plain words (all required, punctuation as is; a name matches every
    spelling of its entity, a surname the person) unless ``syntax="fts"`` asks for FTS5
    syntax. ``entity`` and ``speaker`` match a name in any spelling, or an entity id.
    A malformed FTS5 query raises :class:`QueryError` explaining the syntax.
    """
    check_page(limit, offset)
    args = _search_args(store, query, syntax=syntax, plain=plain, entity=entity, speaker=speaker)
    hits, total = store.search_page(
        outlet=outlet,
        since=since,
        until=until,
        story=story,
        limit=limit,
        offset=offset,
        highlight=(HIT_OPEN, HIT_CLOSE),
        **args,
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
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    speaker: str | None = None,
    entity: str | None = None,
    story: str | None = None,
    plain: bool = False,
    syntax: str = "plain",
) -> SearchFacets:
    """The facets of :func:`search` (same arguments): counts by outlet, month, speaker,
    entity and story, with entity names and story titles as labels."""
    args = _search_args(store, query, syntax=syntax, plain=plain, entity=entity, speaker=speaker)
    facets = store.search_facets(outlet=outlet, since=since, until=until, story=story, **args)
    conn = store.connection
    names = entity_names_of(conn, [f.value for f in facets.entity + facets.speaker])
    for f in facets.entity + facets.speaker:
        f.label = names.get(f.value, f.label)
    titles = story_titles(conn, [f.value for f in facets.story])
    for f in facets.story:
        f.label = titles.get(f.value, f.value)
    for f in facets.outlet:
        f.label = f.value or UNKNOWN_OUTLET
    for f in facets.month:
        f.label = f.value or "undated"
    return facets


def story_titles(conn: sqlite3.Connection, story_ids: Sequence[str]) -> dict[str, str]:
    """Story id -> title for the given stories (the link stage's neutral title, else the
    founding article's headline)."""
    ids = list(dict.fromkeys(story_ids))
    if not ids:
        return {}
    titles = {
        r["id"]: r["title"] or _first_line(r["lead"])
        for r in conn.execute(
            "SELECT c.id, a.title, substr(a.text, 1, 160) AS lead FROM link_clusters c "
            f"JOIN articles a ON a.id = c.founder WHERE c.id IN ({_marks(ids)})",
            ids,
        )
    }
    titles.update(neutral_titles(conn, ids))
    return titles


# --------------------------------------------------------------------------- entities


def entity_article_ids(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """The articles mentioning the entity, newest first."""
    rows = conn.execute(
        "SELECT a.id FROM articles a WHERE a.id IN (SELECT m.article_id FROM mentions m "
        "WHERE m.entity_id = ?) ORDER BY a.published IS NULL, a.published DESC, a.seq DESC",
        (entity_id,),
    )
    return [r[0] for r in rows]


def entity_mention_days(conn: sqlite3.Connection, entity_id: str) -> list[dt.date]:
    """One publication day per mention of the entity (undated articles left out)."""
    rows = conn.execute(
        "SELECT a.published FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.entity_id = ?",
        (entity_id,),
    )
    return [d for r in rows if (d := day_of(r[0])) is not None]


def speaker_names(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """How the quotes name the entity as their speaker (full names where known)."""
    rows = conn.execute(
        "SELECT DISTINCT coalesce(speaker_canonical, speaker) FROM quotes "
        "WHERE speaker_entity_id = ? ORDER BY 1",
        (entity_id,),
    )
    return [r[0] for r in rows if r[0]]


def quotes_about(conn: sqlite3.Connection, entity_id: str, limit: int = 50) -> list[sqlite3.Row]:
    """Quotes whose words mention the entity (a mention inside the quoted span), oldest first."""
    return conn.execute(
        "SELECT DISTINCT q.*, a.outlet, a.published, a.title FROM mentions m "
        "JOIN quotes q ON q.article_id = m.article_id AND q.start <= m.start AND m.end <= q.end "
        "JOIN articles a ON a.id = q.article_id WHERE m.entity_id = ? "
        "ORDER BY a.published IS NULL, a.published, q.article_id, q.idx LIMIT ?",
        (entity_id, limit),
    ).fetchall()


def entity_kinds(conn: sqlite3.Connection) -> list[str]:
    """The types of the stored entities (person, organization, place, ...)."""
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM entities ORDER BY type")]


def mention_entities(conn: sqlite3.Connection, article_id: str) -> dict[int, str]:
    """Mention index -> entity id for one article (the article page links its names)."""
    rows = conn.execute(
        "SELECT idx, entity_id FROM mentions WHERE article_id = ? AND entity_id IS NOT NULL",
        (article_id,),
    )
    return {int(r[0]): r[1] for r in rows}
