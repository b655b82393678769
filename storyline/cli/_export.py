"""``storyline export``: the database as JSON, JSON Lines, CSV tables or Parquet tables."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any, TextIO, cast

import click

from storyline.cli._common import (
    config_option,
    db_option,
    open_existing_store,
    out_option,
    settings_for,
)
from storyline.errors import Errors, with_code

TABLE_NAMES = (
    "articles",
    "quotes",
    "entities",
    "mentions",
    "dates",
    "timeline",
    "claims",
    "outlets",
)


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv", "parquet"]),
    default="json",
    show_default=True,
    help="json: one document; jsonl: one article per line (no header); csv/parquet: one "
    "table (see --table).",
)
@click.option(
    "--table",
    type=click.Choice(TABLE_NAMES),
    default="articles",
    show_default=True,
    help="The table a csv or parquet export holds: one row per article, quote, entity, "
    "mention, date, timeline development, claim statement, or outlet and story.",
)
@click.option("--story", default=None, help="Only this story's articles and facts.")
@click.option(
    "--bom",
    is_flag=True,
    help="Start a CSV with a byte-order mark (and CRLF line ends) so Excel reads UTF-8.",
)
@out_option
@config_option
def export(
    db: Path | None,
    fmt: str,
    table: str,
    story: str | None,
    bom: bool,
    out: Path | None,
    config_file: Path | None,
) -> None:
    """Export articles and facts (json, jsonl, csv, parquet).

    JSON and JSON Lines follow the JSON Schema shipped as storyline/export/schema.json.
    CSV and Parquet hold one table; rows tied to a story carry its id and title.
    """
    from storyline._files import atomic_output, check_output_path
    from storyline.export import export_table, write_export, write_jsonl
    from storyline.export._writers import write_table_csv, write_table_parquet

    if out is not None:
        check_output_path(out)  # before any work: a wrong folder is reported at once
    if fmt == "parquet" and out is None:
        raise click.UsageError(with_code(Errors.E805()))
    if fmt == "json" and story is not None:
        raise click.UsageError(with_code(Errors.E806()))
    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:

        def write(handle: IO[Any]) -> int:
            if fmt == "json":
                return write_export(store, "json", cast(TextIO, handle))
            if fmt == "jsonl":
                return write_jsonl(store, cast(TextIO, handle), story)
            rows = export_table(store, table, story)
            if fmt == "parquet":
                return write_table_parquet(rows, handle)  # type: ignore[arg-type]
            return write_table_csv(rows, cast(TextIO, handle), bom=bom)

        if out is None:
            count = write(sys.stdout)
        else:
            with atomic_output(out, binary=fmt == "parquet") as handle:
                count = write(handle)
    if out is not None:
        what = "articles" if fmt in ("json", "jsonl") else f"{table} rows"
        click.echo(f"exported {count} {what} to {out} ({fmt})", err=True)


COMMANDS = [export]
