"""Writing an export as JSON, JSON Lines or CSV to any text stream.

JSON is one object of the export schema. JSON Lines has no header line: every line is one
article (``$defs/article``), so files can be concatenated, split and streamed line by line;
the schema version is the one of the ``schema.json`` shipped with the package. CSV has one
row per article with the flat fields and fact counts.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Mapping
from typing import Any, BinaryIO, Literal, TextIO

from storyline.errors import Errors, OutputError
from storyline.export._corpus import export_corpus, iter_article_records
from storyline.export._tables import ARTICLE_EXPORT_HEAD, Table
from storyline.store import Store
from storyline.store._reads import FACT_TABLES, fact_counts

ExportFormat = Literal["json", "jsonl", "csv"]

CSV_COLUMNS: tuple[str, ...] = (
    *ARTICLE_EXPORT_HEAD,
    "event_id",
    "copy_of",
    "quotes",
    "dates",
    "mentions",
    "removed_lines",
    "text",
)


def write_json(store: Store, out: TextIO, sections: Mapping[str, Any] | None = None) -> int:
    """Write the whole corpus as one JSON document; returns the number of articles.

    ``sections`` are the cross-article results (see :func:`export_corpus`); by default they
    are asked of the link stage.
    """
    corpus = export_corpus(store, sections)
    json.dump(corpus, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(corpus["articles"])


def write_jsonl(store: Store, out: TextIO, story: str | None = None) -> int:
    """Write one article per line, streaming; returns the number of articles.

    ``story`` keeps only that story's articles.
    """
    count = 0
    for record in iter_article_records(store):
        if story is not None and record.get("story_id") != story:
            continue
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def _csv_row(record: dict[str, Any], counts: dict[str, int]) -> dict[str, Any]:
    row = {name: record.get(name) for name in CSV_COLUMNS}
    row["source_file"] = record["source"]["file"]
    row["source_record"] = record["source"]["record"]
    row["removed_lines"] = len(record["removed"])
    row.update(counts)
    return row


def write_csv(store: Store, out: TextIO) -> int:
    """Write one row per article with its flat fields and fact counts."""
    counts = fact_counts(store)
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in iter_article_records(store):
        empty = dict.fromkeys(FACT_TABLES, 0)
        writer.writerow(_csv_row(record, counts.get(record["id"], empty)))
        count += 1
    return count


WRITERS: dict[str, Callable[[Store, TextIO], int]] = {
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
}


def write_export(
    store: Store, fmt: ExportFormat, out: TextIO, sections: Mapping[str, Any] | None = None
) -> int:
    """Write ``store`` to ``out`` in ``fmt``; returns the number of articles written.

    ``sections`` only concerns JSON, the one format with room for cross-article results.
    """
    if fmt == "json":
        return write_json(store, out, sections)
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; use one of {sorted(WRITERS)}") from None
    return writer(store, out)


def write_table_csv(table: Table, out: TextIO, bom: bool = False) -> int:
    """Write one export table as CSV; returns the number of rows.

    ``bom`` starts the file with a byte-order mark, which Excel needs to read UTF-8.
    """
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(
        out, fieldnames=table.columns, lineterminator="\r\n" if bom else "\n", extrasaction="ignore"
    )
    writer.writeheader()
    count = 0
    for row in table.rows:
        writer.writerow(row)
        count += 1
    return count


def write_table_parquet(table: Table, out: BinaryIO) -> int:
    """Write one export table as Parquet (needs ``pyarrow``: ``pip install
    storyline[parquet]``); returns the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise OutputError(Errors.E503()) from None
    rows = list(table.rows)
    columns = {c: [r.get(c) for r in rows] for c in table.columns}
    pq.write_table(pa.table(columns), out)
    return len(rows)
