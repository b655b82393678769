"""``storyline link``, ``stories``, ``timeline``, ``claims`` and ``compare``: the link stage.

``storyline.link`` (scikit-learn, datasketch, SciPy) takes seconds to import, so each command
imports it when it runs; ``storyline --help`` lists these commands without paying for it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from storyline.cli._common import config_option, db_option, open_existing_store, settings_for
from storyline.errors import Errors, with_code
from storyline.models import Claim
from storyline.pipeline.nlp import load_nlp


def _json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.command()
@db_option
@config_option
@click.option("--full", is_flag=True, help="Re-cluster every article instead of only new ones.")
def link(db: Path | None, config_file: Path | None, full: bool) -> None:
    """Find copies and group articles into stories and events (new articles only by default)."""
    from storyline.link import link_store, relink_all

    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:
        report = relink_all(store, settings) if full else link_store(store, settings)
    click.echo(
        f"linked {report.linked} articles ({'full re-cluster' if report.full else 'incremental'}): "
        f"{report.copies} copies, {report.new_stories} new stories, {report.new_events} new "
        f"events, {report.inferred_dates} dates inferred"
    )


@click.command()
@db_option
@config_option
@_json_option
def stories(db: Path | None, config_file: Path | None, as_json: bool) -> None:
    """List the stories with their date span, article count and events."""
    from storyline.link import list_events, list_stories

    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:
        found = list_stories(store)
        events = list_events(store)
    if as_json:
        _echo_json(
            {"stories": [s.to_dict() for s in found], "events": [e.to_dict() for e in events]}
        )
        return
    per_story: dict[str, int] = {}
    for event in events:
        per_story[event.story_id] = per_story.get(event.story_id, 0) + 1
    for story in found:
        span = f"{story.first_date or '?'} .. {story.last_date or '?'}"
        click.echo(
            f"{story.id}  {span}  {len(story.article_ids):3d} articles "
            f"{per_story.get(story.id, 0):3d} events  {story.title}"
        )


@click.command()
@db_option
@config_option
@click.option("--story", "story_id", required=True, help="Story id (see `storyline stories`).")
@click.option("--top", type=int, default=None, help="Only the N best-supported developments.")
@click.option(
    "--granularity",
    type=click.Choice(["day", "week", "month"]),
    default="day",
    show_default=True,
    help="Keep the strongest development of each week or month.",
)
@_json_option
def timeline(
    db: Path | None,
    config_file: Path | None,
    story_id: str,
    top: int | None,
    granularity: str,
    as_json: bool,
) -> None:
    """A story's developments in date order, each with the articles that report it."""
    from storyline.link import story_timeline
    from storyline.link.timeline import summarise

    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:
        developments = story_timeline(store, story_id, settings, top)
    if top:
        keep = sorted(developments, key=lambda d: -d.score)[:top]
        developments = [d for d in developments if d in keep]
    developments = summarise(developments, granularity)  # type: ignore[arg-type]
    if as_json:
        _echo_json([d.to_dict() for d in developments])
        return
    for d in developments:
        sources = ", ".join(f"{c.outlet or '(unknown outlet)'}" for c in d.sources)
        against = ", ".join(f"{c.outlet or '(unknown outlet)'}" for c in d.conflicts)
        click.echo(
            f"{d.date or '?':<10} [{d.precision}, {d.kind}] ({d.score:.2f}) {d.text}\n"
            f"{'':13}<- {sources}" + (f"\n{'':13}contradicted by {against}" if against else "")
        )


def _render_claim(claim: Claim) -> list[str]:
    lines = [f"{claim.id}: {claim.proposition}"]
    for i, s in enumerate(claim.statements):
        lines.append(
            f"  [{i}] {s.date or '?':<10} {s.step or '-':<9} {s.stance:<8} {s.outlet or '(unknown outlet)'}: "
            f"{s.text}  ({', '.join(s.reasons)})"
        )
    for c in claim.conflicts:
        lines.append(f"  {c.kind}: [{c.earlier}] -> [{c.later}] {c.note}")
    return lines


@click.command()
@db_option
@config_option
@click.option("--query", default=None, help="A proposition of your own to check over time.")
@click.option(
    "--queries",
    "queries_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A file of propositions, one a line, checked in one run (models loaded once).",
)
@click.option("--story", "story_id", default=None, help="Limit to one story.")
@_json_option
def claims(
    db: Path | None,
    config_file: Path | None,
    query: str | None,
    queries_file: Path | None,
    story_id: str | None,
    as_json: bool,
) -> None:
    """Claims over time: each statement's stance and whether it is new, unchanged or changed."""
    from storyline._claim_check import check_propositions
    from storyline.link import story_claims

    settings = settings_for(config_file, db=str(db) if db else None)
    queries = [query] if query else []
    if queries_file is not None:
        lines = queries_file.read_text(encoding="utf-8").splitlines()
        queries += [line.strip() for line in lines if line.strip()]
    if not queries and not story_id:
        raise click.UsageError(with_code(Errors.E807()))
    with open_existing_store(settings) as store:
        if queries:  # a user's own propositions are read now; stored claims are read as they are
            nlp = load_nlp(settings.spacy_model)
            found = check_propositions(store, settings, queries, nlp, story_id)
        else:
            assert story_id is not None
            found = story_claims(store, story_id)
    if as_json:
        _echo_json([c.to_dict() for c in found])
        return
    for claim in found:
        click.echo("\n".join(_render_claim(claim)))


@click.command()
@db_option
@config_option
@click.option("--story", "story_id", default=None, help="Story id (see `storyline stories`).")
@click.option(
    "--corpus", "whole_corpus", is_flag=True, help="Word choice across every stored article."
)
@click.option("--terms", type=int, default=10, help="Terms to show per outlet (text output).")
@_json_option
def compare(
    db: Path | None,
    config_file: Path | None,
    story_id: str | None,
    whole_corpus: bool,
    terms: int,
    as_json: bool,
) -> None:
    """Compare outlets on one story (or the whole corpus): coverage and omissions,
    headlines, spellings and word contrasts, distinctive and loaded terms, sourcing."""
    from storyline.cli._compare_text import render_profile
    from storyline.link import corpus_outlets, story_outlets

    if not story_id and not whole_corpus:
        raise click.UsageError(with_code(Errors.E808()))
    settings = settings_for(config_file, db=str(db) if db else None)
    with open_existing_store(settings) as store:
        if story_id:
            profiles = story_outlets(store, story_id, settings)
        else:
            profiles = corpus_outlets(store, settings)
    if as_json:
        _echo_json([p.to_dict() for p in profiles])
        return
    for p in profiles:
        click.echo("\n".join(render_profile(p, terms)))


COMMANDS = [link, stories, timeline, claims, compare]
