"""The article store: one SQLite file, written in batches, read by many.

>>> from storyline.models import Article, SourceRef
>>> with open_store(":memory:") as store:
...     store.add_articles([Article("a1", SourceRef("a.txt"), "Hi.", "Hi.")]).added
['a1']
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from importlib.resources.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from storyline.errors import Errors, NotFound, StoreError
from storyline.models import Article, RawDocument
from storyline.pipeline.embed import decode_vector
from storyline.pipeline.embed_lead import embedding_text
from storyline.store import _rows
from storyline.store._db import (
    BUSY_TIMEOUT,
    MEMORY,
    chunks,
    connect,
    database_problem,
    marks,
    transaction,
)
from storyline.store._embeddings import read_embeddings, write_embeddings
from storyline.store._entities import EntityTables
from storyline.store._filters import NO_FILTERS, SearchFilters
from storyline.store._links import LinkTables
from storyline.store._migrations import apply_migrations, pending_migrations
from storyline.store._search import SearchFacets, SearchHit, search_articles, search_facets

Clock = Callable[[], datetime]

_FETCH = 200


@dataclass
class AddResult:
    """Which ids a batch added and which were already stored (and left alone)."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArticleLinks:
    """What the cross-article link stage says about one article."""

    story_id: str | None = None
    event_id: str | None = None
    copy_of: str | None = None


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Store:
    """Articles, their raw documents and facts in SQLite. Use one per thread or process.

    Writes are batched: :meth:`add_articles` stores a whole batch in one transaction, so an
    interrupted run keeps every batch committed before it and nothing half-written.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, clock: Clock = _utc_now) -> None:
        self._conn = conn
        self.path = path
        self._clock = clock
        self._fact_columns = {
            table: _rows.table_columns(conn, table) for table in _rows.FACT_TABLES
        }

    # ------------------------------------------------------------------ lifecycle

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One write transaction (a savepoint when nested)."""
        return transaction(self._conn)

    @property
    def links(self) -> LinkTables:
        """The link stage's tables (stories, events, copies, products); write them inside
        :meth:`transaction`."""
        return LinkTables(self._conn)

    @property
    def entities(self) -> EntityTables:
        """The tables of entities unified across articles; write them inside
        :meth:`transaction`."""
        return EntityTables(self._conn)

    def checkpoint(self) -> None:
        """Move what the write-ahead log holds into the database file and empty the log, so
        that the file alone is the whole database (before copying it, say)."""
        self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def tracer(self, callback: Callable[[str], None]) -> Iterator[None]:
        """Call ``callback`` with each SQL statement the store runs inside the block (as
        sqlite-utils' ``Database.tracer``): to see, or count, what a read costs."""
        self._conn.set_trace_callback(callback)
        try:
            yield
        finally:
            self._conn.set_trace_callback(None)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ writes

    def add_articles(
        self, articles: Iterable[Article], raws: Mapping[str, RawDocument] | None = None
    ) -> AddResult:
        """Store a batch in one transaction; ids already stored are left as they are.

        ``raws`` maps article ids to the raw documents they were made from, kept so that
        ``reanalyze`` can run the analysis again.
        """
        result = AddResult()
        stamp = self._clock().isoformat(timespec="seconds")
        with self.transaction():
            for article in articles:
                row = _rows.article_row(article, stamp)
                cursor = self._conn.execute(
                    _rows.insert_sql(
                        "articles", _rows.ARTICLE_COLUMNS, "ON CONFLICT (id) DO NOTHING"
                    ),
                    row,
                )
                if cursor.rowcount == 0:
                    result.present.append(article.id)
                    continue
                self._insert_facts(article)
                raw = (raws or {}).get(article.id)
                if raw is not None:
                    self._put_raw(article.id, raw)
                result.added.append(article.id)
        return result

    def replace_article(
        self, article: Article, raw: RawDocument | None = None, previous_id: str | None = None
    ) -> None:
        """Store a re-analysed article in place of its earlier analysis, in one transaction.

        When the analysis gave it a new id, pass the old one as ``previous_id``: the old
        article goes and its raw document moves to the new id. Link fields (story, event,
        copy) are kept when the id is unchanged; the link stage recomputes them anyway.
        """
        with self.transaction():
            old_id = previous_id or article.id
            if raw is None:
                raw = self.get_raw_document(old_id)
            if old_id != article.id:
                self._conn.execute("DELETE FROM articles WHERE id = ?", (old_id,))
            row = _rows.article_row(article, self._clock().isoformat(timespec="seconds"))
            exists = self._conn.execute(
                "SELECT added_at FROM articles WHERE id = ?", (article.id,)
            ).fetchone()
            if exists:
                row["added_at"] = exists["added_at"]
                assignments = ", ".join(f'"{c}" = :{c}' for c in _rows.ARTICLE_COLUMNS)
                self._conn.execute(f"UPDATE articles SET {assignments} WHERE id = :id", row)
                for table in _rows.FACT_TABLES:
                    self._conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article.id,))
            else:
                self._conn.execute(_rows.insert_sql("articles", _rows.ARTICLE_COLUMNS), row)
            self._insert_facts(article)
            if raw is not None:
                self._put_raw(article.id, raw)

    def delete_article(self, article_id: str) -> bool:
        """Remove an article with its facts and raw document; False when it was not stored."""
        with self.transaction():
            cursor = self._conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return cursor.rowcount > 0

    def _insert_facts(self, article: Article) -> None:
        for table, attribute in _rows.FACT_TABLES.items():
            columns = self._fact_columns[table]
            rows = _rows.fact_rows(article, attribute, columns)
            if rows:
                self._conn.executemany(_rows.insert_sql(table, columns), rows)
        if article.lead_embedding:
            vector = decode_vector(article.lead_embedding)
            write_embeddings(self._conn, {embedding_text(article): vector})

    def _put_raw(self, article_id: str, raw: RawDocument) -> None:
        row = _rows.raw_row(article_id, raw)
        self._conn.execute(
            _rows.insert_sql(
                "raw_documents",
                list(row),
                "ON CONFLICT (article_id) DO UPDATE SET "
                "source_file = excluded.source_file, "
                "source_record = excluded.source_record, data = excluded.data",
            ),
            row,
        )

    # ------------------------------------------------------------------ reads

    def get_article(self, article_id: str) -> Article:
        """The stored article; raises :class:`NotFound` for an unknown id."""
        row = self._conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(Errors.E448(article_id=article_id, path=self.path))
        return self._with_entity_ids([_rows.article_from_row(row)])[0]

    def lead_embeddings(self, articles: Iterable[Article]) -> dict[str, np.ndarray]:
        """Article id -> the stored embedding of its title and lead, for the articles that
        have one (the pipeline computes it; an article analysed without embeddings, or
        before they were kept, has none until ``storyline reanalyze``)."""
        texts = {a.id: embedding_text(a) for a in articles}
        found = read_embeddings(self._conn, list(texts.values()))
        return {i: found[t] for i, t in texts.items() if t in found}

    def has_article(self, article_id: str) -> bool:
        row = self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row is not None

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored (to skip work on a re-run)."""
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(ids))):
            sql = f"SELECT id FROM articles WHERE id IN ({marks(chunk)})"
            found.update(row[0] for row in self._conn.execute(sql, chunk))
        return found

    def stored_texts(self, ids: Iterable[str]) -> dict[str, str]:
        """The clean text of each of ``ids`` that is stored."""
        found: dict[str, str] = {}
        for chunk in chunks(list(dict.fromkeys(ids))):
            sql = f"SELECT id, text FROM articles WHERE id IN ({marks(chunk)})"
            found.update({row[0]: row[1] for row in self._conn.execute(sql, chunk)})
        return found

    def iter_articles(
        self,
        outlet: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
    ) -> Iterator[Article]:
        """Stored articles, oldest publication first (undated last, then in insertion order)."""
        cond = SearchFilters(outlet=outlet, since=since, until=until).conditions("a")
        cursor = self._conn.execute(
            f"SELECT a.data FROM articles a WHERE {cond.sql()} "
            "ORDER BY a.published IS NULL, a.published, a.seq",
            cond.params,
        )
        while rows := cursor.fetchmany(_FETCH):
            yield from self._with_entity_ids([_rows.article_from_row(row) for row in rows])

    def _with_entity_ids(self, articles: list[Article]) -> list[Article]:
        """``articles`` with the entity ids the link stage wrote into the fact tables
        (``mentions.entity_id``, ``quotes.speaker_entity_id``), which the stored article
        JSON predates."""
        ids = [a.id for a in articles]
        if not ids:
            return articles
        found: dict[tuple[str, str, int], str] = {}
        for table, column in (("mentions", "entity_id"), ("quotes", "speaker_entity_id")):
            for r in self._conn.execute(
                f"SELECT article_id, idx, {column} FROM {table} "
                f"WHERE article_id IN ({marks(ids)}) AND {column} IS NOT NULL",
                ids,
            ):
                found[(table, r[0], r[1])] = r[2]
        if not found:
            return articles
        out = []
        for a in articles:
            mentions = [
                replace(m, entity_id=found.get(("mentions", a.id, i), m.entity_id))
                for i, m in enumerate(a.mentions)
            ]
            quotes = [
                replace(q, speaker_entity_id=found.get(("quotes", a.id, i), q.speaker_entity_id))
                for i, q in enumerate(a.quotes)
            ]
            out.append(replace(a, mentions=mentions, quotes=quotes))
        return out

    def count_articles(self, outlet: str | None = None) -> int:
        cond = SearchFilters(outlet=outlet).conditions("a")
        row = self._conn.execute(f"SELECT count(*) FROM articles a WHERE {cond.sql()}", cond.params)
        return int(row.fetchone()[0])

    def article_ids(self) -> list[str]:
        """Every stored id, in insertion order."""
        return [row[0] for row in self._conn.execute("SELECT id FROM articles ORDER BY seq")]

    def article_links(self) -> dict[str, ArticleLinks]:
        """Story/event/copy assignments of the articles that have any."""
        rows = self._conn.execute(
            "SELECT id, story_id, event_id, copy_of FROM articles WHERE story_id IS NOT NULL "
            "OR event_id IS NOT NULL OR copy_of IS NOT NULL"
        )
        return {r["id"]: ArticleLinks(r["story_id"], r["event_id"], r["copy_of"]) for r in rows}

    def get_raw_document(self, article_id: str) -> RawDocument | None:
        row = self._conn.execute(
            "SELECT data FROM raw_documents WHERE article_id = ?", (article_id,)
        ).fetchone()
        return _rows.raw_from_row(row) if row else None

    def raw_document_ids(self) -> set[str]:
        """Ids of the articles whose raw document is stored (those ``reanalyze`` can redo)."""
        return {row[0] for row in self._conn.execute("SELECT article_id FROM raw_documents")}

    def raw_documents(self) -> Iterator[tuple[str, RawDocument]]:
        """``(article_id, raw document)`` for every article that has one, in insertion order."""
        cursor = self._conn.execute(
            "SELECT r.article_id, r.data FROM raw_documents r "
            "JOIN articles a ON a.id = r.article_id ORDER BY a.seq"
        )
        while rows := cursor.fetchmany(_FETCH):
            yield from ((row["article_id"], _rows.raw_from_row(row)) for row in rows)

    def search(
        self,
        query: str | None = None,
        filters: SearchFilters = NO_FILTERS,
        *,
        limit: int = 20,
        offset: int = 0,
        plain: bool = False,
        highlight: tuple[str, str] = ("[", "]"),
        **where: Any,
    ) -> list[SearchHit]:
        """Full-text search (FTS5 syntax, or any text with ``plain=True``) within ``filters``;
        ``where`` names filters one by one (``store.search(entity="Kirby")``).

        A malformed query raises :class:`~storyline.errors.QueryError` saying what to fix.
        ``highlight`` goes around matched words in the snippet (escape the snippet before
        adding HTML markers). See :class:`SearchFilters` for what the filters match.
        """
        if where:
            filters = replace(filters, **where)
        hits, _ = search_articles(
            self._conn, query, filters, limit=limit, offset=offset, plain=plain, highlight=highlight
        )
        return hits

    def search_page(
        self,
        query: str | None = None,
        filters: SearchFilters = NO_FILTERS,
        *,
        limit: int = 20,
        offset: int = 0,
        plain: bool = False,
        highlight: tuple[str, str] = ("[", "]"),
    ) -> tuple[list[SearchHit], int]:
        """One page of :meth:`search` and how many articles match in all (for paging).

        >>> from storyline.models import Article, SourceRef
        >>> with open_store(":memory:") as store:
        ...     _ = store.add_articles([Article("a1", SourceRef("a.txt"), "Hi.", "Hi.")])
        ...     hits, total = store.search_page("hi")
        ...     [h.article_id for h in hits], total
        (['a1'], 1)
        """
        hits, total = search_articles(
            self._conn,
            query,
            filters,
            limit=limit,
            offset=offset,
            plain=plain,
            highlight=highlight,
            count=True,
        )
        assert total is not None
        return hits, total

    def search_facets(
        self, query: str | None = None, filters: SearchFilters = NO_FILTERS, *, plain: bool = False
    ) -> SearchFacets:
        """How the articles a search matches divide by outlet, month, speaker, entity and
        story (the same query and filters as :meth:`search_page`)."""
        return search_facets(self._conn, query, filters, plain=plain)


def open_store(
    path: str | os.PathLike[str],
    *,
    readonly: bool = False,
    migrations_dir: Traversable | Path | None = None,
    clock: Clock = _utc_now,
    busy_timeout: float = BUSY_TIMEOUT,
) -> Store:
    """Open (creating and migrating when needed) the store at ``path`` or ``":memory:"``.

    A read-only store never writes; it refuses a database whose schema is behind.
    """
    target = str(path)
    if readonly and target != MEMORY and not Path(target).exists():
        raise StoreError(Errors.E309(target=target))
    conn = connect(target, readonly=readonly, busy_timeout=busy_timeout)
    try:
        if readonly:
            pending = pending_migrations(conn, migrations_dir)
            if pending:
                raise StoreError(Errors.E310(target=target, pending=pending))
        else:
            apply_migrations(conn, migrations_dir)
        return Store(conn, target, clock)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(database_problem(target, exc)) from exc
    except BaseException:
        conn.close()
        raise
