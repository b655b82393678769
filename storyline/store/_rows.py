"""Mapping articles to table rows and back.

Reads rebuild an :class:`Article` from the JSON in ``articles.data``; the columns and the
fact tables exist to filter and search. Fact rows are built from the dataclass fields that
the table has a column for, so a field added to the model later simply is not indexed
until a migration adds its column (the JSON still keeps it).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from storyline.models import Article, RawDocument

#: Fact tables and the Article attribute each is filled from.
FACT_TABLES: dict[str, str] = {
    "removed_lines": "removed",
    "mentions": "mentions",
    "quotes": "quotes",
    "dates": "dates",
    "sentences": "sentences",
}

#: The article's own metadata columns, in the order every table and export lists them.
ARTICLE_META_COLUMNS: tuple[str, ...] = (
    "id",
    "url",
    "outlet",
    "title",
    "author",
    "published",
    "published_from",
    "dateline",
    "language",
)

ARTICLE_COLUMNS: tuple[str, ...] = (
    *ARTICLE_META_COLUMNS,
    "text",
    "source_file",
    "source_record",
    "data",
    "added_at",
)


def to_json(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def article_fields(article: Article) -> dict[str, Any]:
    """An article's id, metadata values and text as flat fields.

    The store filters and searches on these columns and an export record starts with them,
    so both read them from here and cannot drift apart.
    """
    meta = article.meta
    return {
        "id": article.id,
        "url": meta.url.value,
        "outlet": meta.outlet.value,
        "title": meta.title.value,
        "author": meta.author.value,
        "published": meta.published.value,
        "published_from": meta.published.source,
        "dateline": meta.dateline.value,
        "language": meta.language.value,
        "text": article.text,
    }


def article_row(article: Article, added_at: str) -> dict[str, Any]:
    data = article.to_dict()
    for sentence in data["sentences"]:
        sentence["embedding"] = None  # one stored form: the sentences table keeps them
    data["lead_embedding"] = None  # and the text_embeddings table keeps this one
    return {
        **article_fields(article),
        "source_file": article.source.file,
        "source_record": article.source.record,
        "data": to_json(data),
        "added_at": added_at,
    }


def raw_row(article_id: str, raw: RawDocument) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "source_file": raw.source.file,
        "source_record": raw.source.record,
        "data": to_json(raw.to_dict()),
    }


def article_from_row(row: sqlite3.Row) -> Article:
    return Article.from_dict(json.loads(row["data"]))


def raw_from_row(row: sqlite3.Row) -> RawDocument:
    return RawDocument.from_dict(json.loads(row["data"]))


def table_columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row["name"] for row in conn.execute(f"PRAGMA table_info({table})")]


def quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def insert_sql(table: str, columns: Sequence[str], conflict: str = "") -> str:
    marks = ", ".join(f":{name}" for name in columns)
    return f"INSERT INTO {table} ({quoted(columns)}) VALUES ({marks}) {conflict}".strip()


def fact_rows(article: Article, attribute: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    """One row per fact, restricted to ``columns`` (``article_id`` and ``idx`` are added).

    Facts are flat dataclasses, so their fields are read directly (``asdict`` would copy);
    a dict field (a sentence's cue counts) is stored as JSON.
    """
    rows = []
    for idx, fact in enumerate(getattr(article, attribute)):
        row = {name: getattr(fact, name, None) for name in columns}
        for name, value in row.items():
            if isinstance(value, dict):
                row[name] = to_json(value)
        row["article_id"] = article.id
        row["idx"] = idx
        rows.append(row)
    return rows
