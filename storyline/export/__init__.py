"""Exports that follow a published contract: ``schema.json`` (JSON Schema 2020-12).

>>> from storyline.store import open_store
>>> export_corpus(open_store(":memory:"))["schema_version"]
'1.0'
"""

from __future__ import annotations

from storyline.export._corpus import (
    LINK_SECTIONS,
    article_record,
    export_corpus,
    iter_article_records,
)
from storyline.export._schema import (
    SCHEMA_VERSION,
    load_schema,
    validate_export,
    validation_errors,
)
from storyline.export._tables import TABLES, Table, export_table, story_titles
from storyline.export._writers import (
    CSV_COLUMNS,
    ExportFormat,
    write_csv,
    write_export,
    write_json,
    write_jsonl,
    write_table_csv,
    write_table_parquet,
)

__all__ = [
    "CSV_COLUMNS",
    "LINK_SECTIONS",
    "SCHEMA_VERSION",
    "TABLES",
    "Table",
    "ExportFormat",
    "article_record",
    "export_corpus",
    "export_table",
    "iter_article_records",
    "load_schema",
    "story_titles",
    "validate_export",
    "validation_errors",
    "write_csv",
    "write_export",
    "write_json",
    "write_jsonl",
    "write_table_csv",
    "write_table_parquet",
]
