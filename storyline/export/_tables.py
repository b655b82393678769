"""Flat tables of a store for spreadsheets and data frames: one row per fact.

``articles`` has one row per article; ``quotes``, ``mentions`` and ``dates`` one row per
fact with its article's outlet, date and title beside it; ``entities`` one row per entity
unified across articles; ``timeline`` one per development, ``claims`` one per statement
of a claim, ``outlets`` one per outlet and story. Every row of a table tied to a story
carries ``story_id`` and ``story_title``; ``story=`` keeps one story's rows only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from storyline._hooks import optional_hook
from storyline.errors import Errors, NotFound
from storyline.store import Store, _reads
from storyline.store._rows import ARTICLE_META_COLUMNS

Row = dict[str, Any]

TABLES: tuple[str, ...] = (
    "articles",
    "quotes",
    "entities",
    "mentions",
    "dates",
    "timeline",
    "claims",
    "outlets",
)


@dataclass(frozen=True)
class Table:
    """A table's columns and its rows (read lazily, in a stable order)."""

    name: str
    columns: tuple[str, ...]
    rows: Iterator[Row]


#: The first columns of every per-article export table (CSV, Parquet, ``articles``).
ARTICLE_EXPORT_HEAD: tuple[str, ...] = (
    *ARTICLE_META_COLUMNS,
    "source_file",
    "source_record",
    "story_id",
)

_ARTICLE = ("outlet", "published", "title", "story_id", "story_title")

_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": (
        *ARTICLE_EXPORT_HEAD,
        "story_title",
        "event_id",
        "copy_of",
        "quotes",
        "dates",
        "mentions",
        "text",
    ),
    "quotes": (
        "id",
        "article_id",
        "text",
        "kind",
        "speaker",
        "speaker_canonical",
        "speaker_kind",
        "speaker_title",
        "speaker_entity_id",
        "cue",
        "start",
        "end",
        *_ARTICLE,
    ),
    "mentions": (
        "article_id",
        "idx",
        "text",
        "kind",
        "label",
        "canonical",
        "entity_id",
        "start",
        "end",
        *_ARTICLE,
    ),
    "dates": (
        "article_id",
        "idx",
        "text",
        "type",
        "value",
        "precision",
        "year_inferred",
        "start",
        "end",
        *_ARTICLE,
    ),
    "entities": ("id", "name", "type", "mentions", "articles", "spellings"),
    "timeline": (
        "story_id",
        "story_title",
        "date",
        "precision",
        "text",
        "score",
        "article_ids",
        "outlets",
    ),
    "claims": (
        "claim_id",
        "story_id",
        "story_title",
        "proposition",
        "article_id",
        "outlet",
        "date",
        "stance",
        "step",
        "text",
        "start",
        "end",
    ),
    "outlets": (
        "story_id",
        "story_title",
        "outlet",
        "articles",
        "developments_reported",
        "developments_omitted",
        "quotes",
        "name_variants",
        "loaded_terms",
        "sourcing",
    ),
}


def story_titles(store: Store) -> dict[str, str]:
    """Story id -> title, as the link stage names stories (empty without that stage)."""
    hook = optional_hook("storyline.link", "list_stories")
    return {s.id: s.title for s in hook(store)} if hook is not None else {}


def _story_ids(store: Store, story: str | None) -> list[str]:
    if story is not None:
        if not _reads.has_story(store, story):
            raise NotFound(Errors.E445(story=story))
        return [story]
    return _reads.story_ids(store)


def _fact_rows(
    store: Store, table: str, columns: tuple[str, ...], story: str | None
) -> Iterator[Row]:
    own = [c for c in columns if c not in _ARTICLE]
    for r in _reads.fact_table_rows(store, table, own, story):
        yield dict(r)


def _article_rows(store: Store, story: str | None) -> Iterator[Row]:
    counts = _reads.fact_counts(store)
    cols = [
        c for c in _COLUMNS["articles"] if c not in ("story_title", "quotes", "dates", "mentions")
    ]
    for r in _reads.article_table_rows(store, cols, story):
        row = dict(r)
        row.update(counts.get(row["id"], dict.fromkeys(_reads.FACT_TABLES, 0)))
        yield row


def _entity_rows(store: Store, story: str | None) -> Iterator[Row]:
    hook = optional_hook("storyline.link", "list_entities")
    if hook is None:
        return
    wanted: set[str] | None = None
    if story:
        wanted = _reads.story_entity_ids(store, story)
    found, _ = hook(store)
    for summary in found:
        entity = summary.entity
        if wanted is not None and entity.id not in wanted:
            continue
        yield {
            "id": entity.id,
            "name": entity.name,
            "type": entity.type,
            "mentions": summary.mentions,
            "articles": summary.articles,
            "spellings": "; ".join(a.text for a in entity.aliases),
        }


def _product_rows(store: Store, table: str, story: str | None) -> Iterator[Row]:
    hook = optional_hook("storyline.link", "story_products")
    if hook is None:
        return
    outlets = _reads.article_outlets(store)
    for story_id in _story_ids(store, story):
        try:
            products = hook(store, story_id)
        except NotFound:
            continue
        if table == "timeline":
            for d in products.timeline:
                ids = list(dict.fromkeys(c.article_id for c in d.sources))
                yield {
                    "story_id": story_id,
                    "date": d.date,
                    "precision": d.precision,
                    "text": d.text,
                    "score": round(d.score, 4),
                    "article_ids": "; ".join(ids),
                    "outlets": "; ".join(
                        dict.fromkeys(outlets.get(i) or "(unknown outlet)" for i in ids)
                    ),
                }
        elif table == "claims":
            for claim in products.claims or []:
                for s in claim.statements:
                    yield {
                        "claim_id": claim.id,
                        "story_id": story_id,
                        "proposition": claim.proposition,
                        "article_id": s.article_id,
                        "outlet": s.outlet or outlets.get(s.article_id) or "(unknown outlet)",
                        "date": s.date,
                        "stance": s.stance,
                        "step": s.step,
                        "text": s.text,
                        "start": s.start,
                        "end": s.end,
                    }
        else:
            for p in products.outlets:
                yield {
                    "story_id": story_id,
                    "outlet": p.outlet,
                    "articles": len(p.article_ids),
                    "developments_reported": len(p.developments_reported),
                    "developments_omitted": len(p.developments_omitted),
                    "quotes": len(p.quote_ids),
                    "name_variants": "; ".join(f"{k}: {v}" for k, v in p.name_variants.items()),
                    "loaded_terms": "; ".join(f"{k} ({v})" for k, v in p.loaded_terms.items()),
                    "sourcing": "; ".join(f"{k}: {v}" for k, v in p.sourcing.items()),
                }


def _with_titles(rows: Iterator[Row], titles: dict[str, str]) -> Iterator[Row]:
    for row in rows:
        if "story_id" in row:
            row["story_title"] = titles.get(row["story_id"] or "")
        yield row


def export_table(store: Store, name: str, story: str | None = None) -> Table:
    """The table ``name`` (one of :data:`TABLES`), optionally only the story ``story``.

    >>> from storyline.store import open_store
    >>> table = export_table(open_store(":memory:"), "quotes")
    >>> table.columns[:3], list(table.rows)
    (('id', 'article_id', 'text'), [])
    """
    if name not in TABLES:
        raise ValueError(f"unknown table {name!r}; use one of {', '.join(TABLES)}")
    if story is not None:
        _story_ids(store, story)  # an unknown story is an error, not an empty file
    columns = _COLUMNS[name]
    readers: dict[str, Callable[[], Iterator[Row]]] = {
        "articles": lambda: _article_rows(store, story),
        "entities": lambda: _entity_rows(store, story),
        "quotes": lambda: _fact_rows(store, "quotes", columns, story),
        "mentions": lambda: _fact_rows(store, "mentions", columns, story),
        "dates": lambda: _fact_rows(store, "dates", columns, story),
    }
    reader = readers.get(name, lambda: _product_rows(store, name, story))
    rows = _with_titles(reader(), story_titles(store)) if "story_id" in columns else reader()
    return Table(name, columns, rows)
