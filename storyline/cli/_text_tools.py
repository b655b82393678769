"""``storyline quotes`` and ``storyline dates``: analyse texts without a database.

They read whatever ``analyze`` reads (text, HTML, feeds, WARC, JSON Lines, a folder or
standard input), print the facts as readable text, or as JSON with ``--json``. Every JSON
record has spans into the cleaned text (``start``/``end``) and into the document as read
(``input_start``/``input_end``; for HTML that is the extracted text).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from storyline._one_text import date_records, quote_records
from storyline.cli._common import EXIT_FAILED, config_option, db_option, iso_date, settings_for
from storyline.config import Settings
from storyline.errors import Errors, with_code
from storyline.models import Article, IngestFailure, RawDocument

Records = Callable[[Article], list[dict[str, Any]]]


def _documents(source: str, settings: Settings) -> Iterator[RawDocument | IngestFailure]:
    from storyline.ingest import read_path, read_stream

    if source == "-":
        yield from read_stream(sys.stdin.buffer, settings)
    else:
        yield from read_path(source, settings)


def _analyze(
    source: str, published: str | None, settings: Settings
) -> Iterator[Article | IngestFailure]:
    from storyline.errors import InputError
    from storyline.pipeline import analyze_articles, prepare_article
    from storyline.pipeline.nlp import load_nlp

    nlp = None
    for item in _documents(source, settings):
        if isinstance(item, IngestFailure):
            yield item
            continue
        if published:
            item.given["published"] = published
        try:
            prepared = prepare_article(item, settings)
        except InputError as exc:
            yield IngestFailure(item.source, exc.reason)
            continue
        nlp = nlp or load_nlp(settings.spacy_model)
        (article,) = analyze_articles([prepared], nlp, settings)
        yield article


def _heading(article: Article) -> str:
    meta = article.meta
    parts = [meta.title.value or str(article.source)]
    parts.append(meta.outlet.value or "(unknown outlet)")
    published = meta.published.value
    parts.append(f"published {published}" if published else "undated")
    return " · ".join(str(p) for p in parts)


def _quote_lines(article: Article) -> list[str]:
    lines = []
    for q in article.quotes:
        who = q.speaker_canonical or q.speaker or "unattributed"
        kind = "reported" if q.kind == "indirect" else q.kind
        lines.append(f"  “{q.text}”")
        lines.append(f"      — {who} ({kind}{', ' + q.cue if q.cue else ''}) [{q.start}-{q.end}]")
    return lines or ["  (no quotes found)"]


def _date_lines(article: Article) -> list[str]:
    lines = []
    for d in article.dates:
        value = d.value or "unresolved"
        lines.append(f"  {d.text!r:<30} -> {value} ({d.precision}) [{d.start}-{d.end}]")
    return lines or ["  (no dates found)"]


def _run(
    source: str,
    published: str | None,
    as_json: bool,
    config_file: Path | None,
    records: Records,
    lines: Callable[[Article], list[str]],
) -> None:
    settings = settings_for(config_file)
    found: list[dict[str, Any]] = []
    failed = 0
    for item in _analyze(source, published, settings):
        if isinstance(item, IngestFailure):
            failed += 1
            click.echo(f"skipped {item}", err=True)
            continue
        if as_json:
            found.extend(dict(r, source=str(item.source)) for r in records(item))
        else:
            click.echo(_heading(item))
            for line in lines(item):
                click.echo(line)
            click.echo("")
        _warn_unavailable(item)
    if as_json:
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    if failed:
        click.get_current_context().exit(EXIT_FAILED)


def _warn_unavailable(article: Article) -> None:
    """Say which analyses the text's language did not get, so [] is not read as none found."""
    from storyline.pipeline.languages import UNAVAILABLE_PREFIX

    for warning in article.warnings:
        if warning.startswith(UNAVAILABLE_PREFIX):
            click.echo(f"warning: {warning}", err=True)


_INPUT = click.argument("source", metavar="INPUT")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON records instead.")
_PUBLISHED = click.option(
    "--published",
    callback=iso_date,
    help="Publication date (YYYY-MM-DD) that relative dates resolve against; by default "
    "the date the document states.",
)


@click.command()
@click.argument("source", metavar="INPUT", required=False)
@_PUBLISHED
@_JSON
@click.option("--speaker", help="List the stored quotes of this person (any spelling).")
@db_option
@config_option
def quotes(
    source: str | None,
    published: str | None,
    as_json: bool,
    speaker: str | None,
    db: Path | None,
    config_file: Path | None,
) -> None:
    """Quotes in texts, without a database; or with --speaker, a person's stored quotes.

    INPUT is anything `analyze` reads: a text, HTML, feed, WARC or JSON Lines file, a
    folder, or - for standard input. Each quote shows its speaker, cue and span; --json
    adds spans in the input (input_start/input_end). --speaker NAME lists what NAME said
    in the database (--db), matched by any spelling or the surname alone.
    """
    if speaker is not None:
        from storyline.cli._speaker_quotes import render_speaker_quotes, speaker_quotes

        settings = settings_for(config_file, db=str(db) if db else None)
        click.echo(render_speaker_quotes(speaker, speaker_quotes(settings, speaker)))
        return
    if source is None:
        raise click.UsageError(with_code(Errors.E810()))
    _run(source, published, as_json, config_file, quote_records, _quote_lines)


@click.command()
@_INPUT
@_PUBLISHED
@click.option("--dct", callback=iso_date, hidden=True, help="Old name of --published.")
@_JSON
@config_option
def dates(
    source: str,
    published: str | None,
    dct: str | None,
    as_json: bool,
    config_file: Path | None,
) -> None:
    """Dates in texts, without a database.

    INPUT is anything `analyze` reads (see `storyline quotes`). Each date has its TimeML
    value, resolved against --published (or the date the document states).
    """
    _run(source, published or dct, as_json, config_file, date_records, _date_lines)


COMMANDS = [quotes, dates]
