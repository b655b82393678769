"""``storyline export``: the database as JSON, JSON Lines or CSV (see ``export/schema.json``)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO, cast

import click

from storyline.cli._common import config_option, db_option, open_existing_store, settings_for
from storyline.export import ExportFormat, write_export


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl", "csv"]),
    default="json",
    show_default=True,
    help="json: one document; jsonl: one article per line (no header); csv: one row per article.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write [default: standard output]. Written whole or not at all.",
)
@config_option
def export(db: Path | None, fmt: str, out: Path | None, config_file: Path | None) -> None:
    """Export articles and facts (json, jsonl, csv).

    JSON and JSON Lines follow the JSON Schema shipped as storyline/export/schema.json.
    """
    settings = settings_for(config_file, db=str(db) if db else None)
    target = str(out) if out else "-"
    with (
        open_existing_store(settings) as store,
        click.open_file(target, "w", encoding="utf-8", atomic=out is not None) as handle,
    ):
        count = write_export(store, cast(ExportFormat, fmt), cast(TextIO, handle))
    if out is not None:
        click.echo(f"exported {count} articles to {out} ({fmt})", err=True)


COMMANDS = [export]
