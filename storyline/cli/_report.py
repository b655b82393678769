"""``storyline report``: one story as a standalone HTML file or as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from storyline.cli._common import (
    config_option,
    db_option,
    open_existing_store,
    out_option,
    settings_for,
)

if TYPE_CHECKING:
    from storyline.report import ReportFormat


@click.command()
@db_option
@config_option
@click.option("--story", "story_id", required=True, help="Story id (see `storyline stories`).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="html: one self-contained file (inline CSS and charts); md: Markdown.",
)
@out_option
@click.option("--no-claims", is_flag=True, help="Leave out the claims section.")
def report(
    db: Path | None,
    config_file: Path | None,
    story_id: str,
    fmt: str,
    out: Path | None,
    no_claims: bool,
) -> None:
    """Write a story report: timeline, claims, outlet comparison and key quotes."""
    # imported here: listing the commands must not load the link stage and its libraries
    from storyline._files import check_output_path
    from storyline.report import render_report, write_report

    if out is not None:
        check_output_path(out)  # before any work: a wrong folder is reported at once
    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:
        text = render_report(
            store, story_id, cast("ReportFormat", fmt), settings, None, claims=not no_claims
        )
    if out is None:
        click.echo(text, nl=False)
        return
    write_report(text, out)
    click.echo(f"wrote the report of {story_id} to {out} ({fmt})", err=True)


COMMANDS = [report]
