"""``storyline analyze`` and ``storyline reanalyze``."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from storyline._analyze import (
    AnalyzeReport,
    Progress,
    analyze_into_store,
    analyze_into_store_on_dask,
    reanalyze_store,
    run_link_stage,
)
from storyline._metadata_fix import undated_articles, undated_notice
from storyline.cli._common import (
    EXIT_FAILED,
    config_option,
    db_option,
    iso_date,
    settings_for,
    stderr_is_terminal,
)
from storyline.config import Settings
from storyline.models import IngestFailure
from storyline.store import Store, open_store

if TYPE_CHECKING:
    from spacy.language import Language


@contextmanager
def _progress(label: str) -> Iterator[Progress | None]:
    """A tqdm bar on stderr when it is a terminal; nothing otherwise."""
    if not stderr_is_terminal():
        yield None
        return
    from tqdm import tqdm

    with tqdm(desc=label, unit="doc", file=sys.stderr, dynamic_ncols=True) as bar:
        yield bar.update


def _nlp(settings: Settings, use_nlp: bool) -> Language | None:
    if not use_nlp:
        return None
    from storyline.pipeline.nlp import load_nlp

    return load_nlp(settings.spacy_model)


def _report_failures(failures: list[IngestFailure], warnings: Sequence[str] = ()) -> None:
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for failure in failures:
        click.echo(f"failed: {failure}", err=True)


def _link(store: Store, settings: Settings, *, full: bool = False) -> bool:
    """Run the link stage; a failure there is reported, the stored articles stay."""
    try:
        return run_link_stage(store, settings, full=full)
    except Exception as exc:
        click.echo(
            f"linking failed ({type(exc).__name__}: {exc}); the articles are stored, run "
            "`storyline analyze` again to retry",
            err=True,
        )
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
        raise click.UsageError("give --workers or --scheduler, not both")
    settings = settings_for(config_file, db=str(db) if db else None)
    on_dask = bool(workers or scheduler)
    nlp = None if on_dask else _nlp(settings, not no_nlp)
    given = {"outlet": outlet, "published": published, "language": language}
    stdin = sys.stdin.buffer if "-" in paths else None
    with open_store(settings.db) as store, _progress("analyze") as progress:
        if on_dask:
            from storyline.pipeline.distributed import open_client

            with open_client(workers, scheduler) as client:
                report = analyze_into_store_on_dask(
                    paths,
                    store,
                    settings,
                    client,
                    use_nlp=not no_nlp,
                    given=given,
                    stdin=stdin,
                    link=False,
                    progress=progress,
                )
        else:
            report = analyze_into_store(
                paths,
                store,
                settings,
                nlp=nlp,
                given=given,
                stdin=stdin,
                link=False,
                progress=progress,
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
        raise click.UsageError(f"database {settings.db} does not exist; nothing to reanalyse")
    nlp = _nlp(settings, not no_nlp)
    with open_store(settings.db) as store, _progress("reanalyze") as progress:
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
