"""``storyline set``: correct a stored article's outlet, publication date, title or author."""

from __future__ import annotations

from pathlib import Path

import click

from storyline.cli._common import config_option, db_option, open_existing_store, settings_for
from storyline.pipeline.nlp import nlp_for


@click.command(name="set")
@click.argument("article_id", metavar="ARTICLE")
@click.option("--published", help="Publication date (YYYY-MM-DD or an ISO datetime).")
@click.option("--outlet", help="Outlet name.")
@click.option("--title", help="Headline.")
@click.option("--author", help="Author.")
@click.option("--no-nlp", is_flag=True, help="Keep the stored facts instead of analysing again.")
@click.option("--no-link", is_flag=True, help="Do not re-run the cross-article stage.")
@db_option
@config_option
def set_metadata(
    article_id: str,
    published: str | None,
    outlet: str | None,
    title: str | None,
    author: str | None,
    no_nlp: bool,
    no_link: bool,
    db: Path | None,
    config_file: Path | None,
) -> None:
    """Set metadata of a stored article and redo what depends on it.

    The values are kept with the article's raw document (so `reanalyze` keeps them); the
    article is analysed again (relative dates resolve against the new date) and stories,
    timelines and outlet comparisons are linked again.
    """
    from storyline._metadata_fix import set_article_metadata

    settings = settings_for(config_file, db=str(db) if db else None)
    changes = {"published": published, "outlet": outlet, "title": title, "author": author}
    nlp = nlp_for(settings, not no_nlp)
    with open_existing_store(settings) as store:
        report = set_article_metadata(
            store, article_id, changes, settings, nlp=nlp, link=not no_link
        )
    if not report.changed:
        click.echo(f"{article_id}: nothing changed (the values were already set)")
    for key, (before, after) in report.changed.items():
        click.echo(f"{article_id}: {key} {before or '(none)'} -> {after}")
    if report.linked:
        click.echo("linked again: stories, timelines and outlet comparisons are up to date")


COMMANDS = [set_metadata]
