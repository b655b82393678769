"""A short overview of what a store holds, for ``storyline summary`` and the API."""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline.models import Model
from storyline.store._store import Store


@dataclass
class CorpusSummary(Model):
    articles: int
    outlets: dict[str, int] = field(default_factory=dict)  # outlet (or "(unknown outlet)") -> count
    languages: dict[str, int] = field(default_factory=dict)
    first_published: str | None = None
    last_published: str | None = None
    undated: int = 0
    quotes: dict[str, int] = field(default_factory=dict)  # kind -> count
    mentions: int = 0
    entities: int = 0  # distinct in-article canonical names (or linked entities)
    dates: int = 0
    stories: int = 0
    top_speakers: list[tuple[str, int]] = field(default_factory=list)
    top_entities: list[tuple[str, int]] = field(default_factory=list)


def _counts(store: Store, sql: str) -> dict[str, int]:
    return {str(row[0]): int(row[1]) for row in store._conn.execute(sql)}


def _top(store: Store, sql: str, limit: int) -> list[tuple[str, int]]:
    return [(str(r[0]), int(r[1])) for r in store._conn.execute(sql, (limit,))]


def summarize(store: Store, top: int = 5) -> CorpusSummary:
    """Counts per outlet and language, the publication date range and fact totals."""
    conn = store._conn
    # one query each, so that every one is answered from an index, not the article rows
    first, last, undated, total = (
        conn.execute(sql).fetchone()[0]
        for sql in (
            "SELECT min(published) FROM articles",
            "SELECT max(published) FROM articles",
            "SELECT count(*) FROM articles WHERE published IS NULL",
            "SELECT count(*) FROM articles",
        )
    )
    return CorpusSummary(
        articles=int(total),
        outlets=_counts(
            store,
            "SELECT coalesce(outlet, '(unknown outlet)'), count(*) FROM articles "
            "GROUP BY outlet ORDER BY 2 DESC, 1",
        ),
        languages=_counts(
            store,
            "SELECT coalesce(language, '(unknown)'), count(*) FROM articles "
            "GROUP BY language ORDER BY 2 DESC, 1",
        ),
        first_published=first,
        last_published=last,
        undated=int(undated or 0),
        quotes=_counts(store, "SELECT kind, count(*) FROM quotes GROUP BY kind ORDER BY kind"),
        mentions=int(conn.execute("SELECT count(*) FROM mentions").fetchone()[0]),
        entities=int(
            conn.execute(
                "SELECT count(DISTINCT coalesce(entity_id, lower(canonical))) FROM mentions"
            ).fetchone()[0]
        ),
        dates=int(conn.execute("SELECT count(*) FROM dates").fetchone()[0]),
        stories=int(conn.execute("SELECT count(DISTINCT story_id) FROM articles").fetchone()[0]),
        top_speakers=_top(
            store,
            "SELECT coalesce(speaker_canonical, speaker), count(*) FROM quotes "
            "WHERE speaker IS NOT NULL AND speaker_kind IN ('person', 'organization') "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
            top,
        ),
        top_entities=_top(
            store,
            "SELECT canonical, count(*) FROM mentions GROUP BY lower(canonical) "
            "ORDER BY 2 DESC, 1 LIMIT ?",
            top,
        ),
    )
