"""``storyline summary``: a short human overview of a database."""

from __future__ import annotations

from pathlib import Path

import click

from storyline.cli._common import config_option, db_option, open_existing_store, settings_for
from storyline.store import CorpusSummary, summarize


def render_summary(summary: CorpusSummary, db: str) -> list[str]:
    """The overview as lines of text."""
    lines = [f"{db}: {summary.articles} articles from {len(summary.outlets)} outlets"]
    if not summary.articles:
        return lines
    span = f"{summary.first_published} .. {summary.last_published}"
    undated = f" ({summary.undated} undated)" if summary.undated else ""
    lines.append(f"  published   {span}{undated}" if summary.first_published else "  undated")
    for outlet, count in summary.outlets.items():
        lines.append(f"  {count:5d}  {outlet}")
    languages = ", ".join(f"{lang} {n}" for lang, n in summary.languages.items())
    lines.append(f"  languages   {languages}")
    quotes = sum(summary.quotes.values())
    kinds = ", ".join(f"{kind} {n}" for kind, n in summary.quotes.items())
    lines.append(f"  quotes      {quotes}" + (f" ({kinds})" if kinds else ""))
    lines.append(f"  entities    {summary.entities} ({summary.mentions} mentions)")
    lines.append(f"  dates       {summary.dates}")
    lines.append(f"  stories     {summary.stories}")
    if summary.top_speakers:
        speakers = ", ".join(f"{name} ({n})" for name, n in summary.top_speakers)
        lines.append(f"  most quoted {speakers}")
    if summary.top_entities:
        entities = ", ".join(f"{name} ({n})" for name, n in summary.top_entities)
        lines.append(f"  most named  {entities}")
    return lines


@click.command()
@db_option
@config_option
def summary(db: Path | None, config_file: Path | None) -> None:
    """Overview: outlets, dates, quotes, entities.

    Articles per outlet and language, the publication date range, and counts of quotes,
    entities, dates and stories, with the most quoted speakers and most named entities.
    """
    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:
        lines = render_summary(summarize(store), settings.db)
    click.echo("\n".join(lines))


COMMANDS = [summary]
