"""``storyline analyze`` and ``storyline reanalyze``."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyline._analyze import (
    AnalyzeReport,
    analyze_into_store,
    reanalyze_store,
    run_link_stage,
)
from storyline._metadata_fix import undated_articles, undated_notice
from storyline._printable import printable
from storyline.cli._common import (
    EXIT_FAILED,
    config_option,
    db_option,
    iso_date,
    settings_for,
)
from storyline.cli._feedback import progress_bar, say, stage
from storyline.config import Settings
from storyline.errors import Errors, with_code
from storyline.ingest import count_documents
from storyline.models import IngestFailure
from storyline.pipeline.nlp import nlp_for
from storyline.store import Store, open_store

if TYPE_CHECKING:
    from spacy.language import Language


def _nlp(settings: Settings, use_nlp: bool) -> Language | None:
    if use_nlp:
        stage(f"loading the language model ({settings.spacy_model})")
    return nlp_for(settings, use_nlp)


def _print_failure(failure: IngestFailure) -> None:
    say(f"failed: {printable(str(failure))}")


def _print_skip(name: str, reason: str) -> None:
    say(f"skipped: {with_code(f'{name} ({reason})', reason)}")


def _report_failures(failures: list[IngestFailure], warnings: Sequence[str] = ()) -> None:
    """At the end: every warning, then the failures again (they were printed as they happened)."""
    for warning in warnings:
        click.echo(f"warning: {printable(with_code(warning))}", err=True)
    if failures:
        click.echo(f"{len(failures)} input(s) failed:", err=True)
        for failure in failures:
            click.echo(f"  {printable(str(failure))}", err=True)


def _link(store: Store, settings: Settings, *, full: bool = False) -> bool:
    """Run the link stage; a failure there is reported, the stored articles stay."""
    stage("linking")
    try:
        return run_link_stage(store, settings, full=full)
    except Exception as exc:
        problem = Errors.E001(kind=type(exc).__name__, problem=exc)
        click.echo(with_code(problem), err=True)
        raise SystemExit(EXIT_FAILED) from exc


def _summary_line(report: AnalyzeReport, db: str) -> str:
    from storyline.pipeline.languages import UNAVAILABLE_PREFIX

    partial = sum(UNAVAILABLE_PREFIX in w for w in report.warnings)
    languages = f", {partial} not fully analysed for their language" if partial else ""
    return (
        f"added {len(report.added)}, already present {len(report.present)}, "
        f"failed {len(report.failures)}{languages} (database: {db})"
    )


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--outlet", help="Outlet for inputs that do not name theirs.")
@click.option(
    "--published",
    callback=iso_date,
    help="Publication date (YYYY-MM-DD) for inputs that do not state theirs.",
)
@config_option
@click.option("--no-nlp", is_flag=True, help="Skip the spaCy analysis (entities, quotes, dates).")
@click.option("--no-link", is_flag=True, help="Skip the cross-article stage (stories, ...).")
@click.option("--language", help="Language code (ru, uk, fr, ...) for inputs that state none.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Analyse on a local Dask cluster of N worker processes (each loads spaCy once).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    default=None,
    help="Analyse on an existing Dask cluster, e.g. tcp://host:8786.",
)
def analyze(
    paths: tuple[str, ...],
    db: Path | None,
    outlet: str | None,
    published: str | None,
    config_file: Path | None,
    no_nlp: bool,
    no_link: bool,
    workers: int | None,
    scheduler: str | None,
    language: str | None = None,
) -> None:
    """Analyse articles into the database.

    PATHS are files, folders or - (standard input): text, HTML, RSS/Atom feeds, WARC and
    JSON Lines. Articles already stored are skipped, so running it again on the same input
    adds nothing (articles stored with --no-nlp get their quotes, entities and dates from
    `storyline reanalyze`). Exits with 1 when any input failed, each failure named on
    stderr. With --workers or --scheduler the articles are analysed on a Dask cluster and
    stored here as their batches finish.
    """
    if workers and scheduler:
        raise click.UsageError(with_code(Errors.E801()))
    settings = settings_for(config_file, db=str(db) if db else None)
    on_dask = bool(workers or scheduler)
    nlp = None if on_dask else _nlp(settings, not no_nlp)
    given = {"outlet": outlet, "published": published, "language": language}
    stdin = sys.stdin.buffer if "-" in paths else None
    with open_store(settings.db, busy_timeout=settings.busy_timeout) as store:
        with ExitStack() as stack:
            client = None
            if on_dask:
                from storyline.runner.dask import open_client

                stage(f"starting the Dask cluster ({scheduler or f'{workers} local workers'})")
                client = stack.enter_context(open_client(workers, scheduler))
            progress = stack.enter_context(progress_bar("analyze", count_documents(paths)))
            report = analyze_into_store(
                paths,
                store,
                settings,
                nlp=nlp,
                client=client,
                use_nlp=not no_nlp,
                given=given,
                stdin=stdin,
                link=False,
                progress=progress,
                on_failure=_print_failure,
                on_skip=_print_skip,
            )
        if not no_link:
            _link(store, settings, full=bool(report.updated))
        undated = undated_articles(store, report.added + report.updated)
    _report_failures(report.failures, report.warnings)
    click.echo(_summary_line(report, settings.db))
    if report.updated:
        click.echo(f"updated the metadata of {len(report.updated)} stored article(s)")
    if undated:
        click.echo(undated_notice(undated), err=True)
    if report.failures:
        raise SystemExit(EXIT_FAILED)


@click.command()
@db_option
@config_option
@click.option("--no-nlp", is_flag=True, help="Skip the spaCy analysis (entities, quotes, dates).")
@click.option("--no-link", is_flag=True, help="Skip the cross-article stage (stories, ...).")
def reanalyze(db: Path | None, config_file: Path | None, no_nlp: bool, no_link: bool) -> None:
    """Re-run the analysis on every stored article.

    Use it after an upgrade or a settings change. Articles keep their ids unless their content now reads differently. An article that
    fails keeps its earlier analysis and is named on stderr (exit code 1).
    """
    settings = settings_for(config_file, db=str(db) if db else None)
    if not Path(settings.db).exists():
        raise click.UsageError(with_code(Errors.E802(db=settings.db)))
    nlp = _nlp(settings, not no_nlp)
    with (
        open_store(settings.db, busy_timeout=settings.busy_timeout) as store,
        progress_bar("reanalyze", store.count_articles()) as progress,
    ):
        report = reanalyze_store(store, settings, nlp=nlp, link=False, progress=progress)
        if not no_link:
            _link(store, settings, full=True)
    _report_failures(report.failures)
    total = len(report.unchanged) + len(report.changed)
    click.echo(
        f"reanalysed {total}: same id {len(report.unchanged)}, new id {len(report.changed)}, "
        f"failed {len(report.failures)}, without a stored raw document "
        f"{len(report.without_raw)} (database: {settings.db})"
    )
    if report.failures:
        raise SystemExit(EXIT_FAILED)


COMMANDS = [analyze, reanalyze]
