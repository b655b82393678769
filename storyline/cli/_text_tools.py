"""``storyline quotes`` and ``storyline dates``: analyse one text, print JSON, no database.

Used by the evaluation scripts: every record has spans into the cleaned text
(``start``/``end``) and into the input as given (``input_start``/``input_end``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

import click

from storyline._one_text import analyze_text, date_records, quote_records
from storyline.cli._common import config_option, db_option, iso_date, settings_for
from storyline.models import Article


def _read_text(source: BinaryIO) -> str:
    data = source.read()
    try:
        # no newline translation: offsets must match the input byte-for-character
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.BadParameter(
            f"{getattr(source, 'name', '<stdin>')} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None


def _run(
    source: BinaryIO,
    published: str | None,
    config_file: Path | None,
    records: Callable[[Article], list[dict[str, Any]]],
) -> None:
    from storyline.pipeline.nlp import load_nlp

    settings = settings_for(config_file)
    text = _read_text(source)
    name = str(getattr(source, "name", None) or "<stdin>")
    article = analyze_text(
        text, load_nlp(settings.spacy_model), settings, name=name, published=published
    )
    click.echo(json.dumps(records(article), ensure_ascii=False, indent=2))


@click.command()
@click.argument("file", type=click.File("rb"), required=False)
@click.option("--published", callback=iso_date, help="Publication date (YYYY-MM-DD).")
@click.option("--speaker", help="List the stored quotes of this person (any spelling).")
@db_option
@config_option
def quotes(
    file: BinaryIO | None,
    published: str | None,
    speaker: str | None,
    db: Path | None,
    config_file: Path | None,
) -> None:
    """Quotes in one text, as JSON (no database); or with --speaker, a person's stored quotes.

    FILE is a UTF-8 text file or - for standard input. Each quote has its speaker, cue
    and spans in the cleaned text (start/end) and in the input (input_start/input_end).
    --speaker NAME lists what NAME said in the database (--db), matched by any spelling
    or the surname alone.
    """
    if speaker is not None:
        from storyline.cli._speaker_quotes import render_speaker_quotes, speaker_quotes

        settings = settings_for(config_file, db=str(db) if db else None)
        click.echo(render_speaker_quotes(speaker, speaker_quotes(settings, speaker)))
        return
    if file is None:
        raise click.UsageError("give a FILE to analyse, or --speaker NAME to list stored quotes")
    _run(file, published, config_file, quote_records)


@click.command()
@click.argument("file", type=click.File("rb"))
@click.option(
    "--dct",
    required=True,
    callback=iso_date,
    help="Document creation (publication) date that relative dates resolve against.",
)
@config_option
def dates(file: BinaryIO, dct: str, config_file: Path | None) -> None:
    """Dates in one text, as JSON (no database).

    FILE is a UTF-8 text file or - for standard input. Each date has its TimeML value
    resolved against --dct and spans in the cleaned text and in the input.
    """
    _run(file, dct, config_file, date_records)


COMMANDS = [quotes, dates]
