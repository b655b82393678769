"""``storyline watch ...`` (sources, watches, the poller), ``alerts`` and ``digest``."""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from storyline.cli._common import config_option, db_option, open_existing_store, settings_for
from storyline.config import Settings
from storyline.errors import ConfigError, Errors, with_code
from storyline.pipeline.nlp import nlp_for
from storyline.store import open_store


def _settings(config_file: Path | None, db: Path | None, **overrides: Any) -> Settings:
    return settings_for(config_file, db=str(db) if db else None, **overrides)


def _duration(_ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from storyline.watch import parse_duration

    if value is None:
        return None
    try:
        return parse_duration(value)
    except ConfigError as exc:
        raise click.BadParameter(str(exc), param=param) from None


@click.group()
def watch() -> None:
    """Watched feeds and sitemaps, and watches on stories, entities, speakers and claims."""


@watch.command("add")
@click.argument("url")
@click.option("--outlet", default=None, help="Outlet of the source's articles.")
@click.option(
    "--interval", default="1h", callback=_duration, help="How often to poll: 15m, 1h, 1d."
)
@db_option
@config_option
def watch_add(
    url: str, outlet: str | None, interval: int, db: Path | None, config_file: Path | None
) -> None:
    """Watch an RSS/Atom feed or a news sitemap at URL."""
    from storyline.store import WatchTables

    if not url.lower().startswith(("http://", "https://")):
        raise click.BadParameter(with_code(Errors.E811()), param_hint="URL")
    settings = _settings(config_file, db)
    with open_store(settings.db) as store:
        source = WatchTables(store).add_source(url, outlet=outlet, interval_s=interval)
    click.echo(f"{source.id}  every {source.interval_s}s  {source.url}")


def _add_watch(kind: str, value: str, db: Path | None, config_file: Path | None) -> None:
    from storyline.watch import add_watch

    settings = _settings(config_file, db)
    with open_store(settings.db) as store:
        found, created = add_watch(
            store,
            kind,  # type: ignore[arg-type]
            value,
            settings,
            lambda: nlp_for(settings),
        )
    click.echo(f"{found.id}  {found.kind}  {found.value}" + ("" if created else "  (already)"))


def _watch_kind(kind: str, argument: str, helptext: str) -> click.Command:
    @click.command(kind, help=helptext)
    @click.argument("value", metavar=argument)
    @db_option
    @config_option
    def command(value: str, db: Path | None, config_file: Path | None) -> None:
        _add_watch(kind, value, db, config_file)

    return command


watch.add_command(
    _watch_kind("story", "STORY_ID", "Alert on new developments in a story's timeline.")
)
watch.add_command(
    _watch_kind("entity", "NAME", "Alert on new stories mentioning an entity (name or id).")
)
watch.add_command(_watch_kind("speaker", "NAME", "Alert on new quotes by a speaker."))
watch.add_command(
    _watch_kind(
        "claim",
        "PROPOSITION",
        "Alert when a claim is first reported, changes, or is contradicted.",
    )
)


@watch.command("list")
@db_option
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def watch_list(db: Path | None, config_file: Path | None, as_json: bool) -> None:
    """List the watched sources (with their poll state) and the watches."""
    from storyline.store import WatchTables

    settings = _settings(config_file, db)
    with open_existing_store(settings) as store:
        tables = WatchTables(store)
        sources, watches = tables.list_sources(), tables.list_watches()
    if as_json:
        click.echo(
            json.dumps(
                {
                    "sources": [s.to_dict() for s in sources],
                    "watches": [w.to_dict() for w in watches],
                },
                indent=2,
            )
        )
        return
    for s in sources:
        state = s.last_status or "never polled"
        if s.failures:
            state += f", {s.failures} failures, retry at {s.next_poll_at}: {s.last_error}"
        click.echo(
            f"{s.id}  every {s.interval_s}s  {s.stored}/{s.items} items stored  [{state}]  {s.url}"
        )
    for w in watches:
        click.echo(f"{w.id}  {w.kind:<8} {w.value}")
    if not sources and not watches:
        click.echo("nothing is watched; add a feed with `storyline watch add URL`")


@watch.command("remove")
@click.argument("ids", nargs=-1, required=True)
@db_option
@config_option
def watch_remove(ids: tuple[str, ...], db: Path | None, config_file: Path | None) -> None:
    """Stop watching sources (src-...) or watches (w-...) by id."""
    from storyline.store import WatchTables

    settings = _settings(config_file, db)
    missing = []
    with open_existing_store(settings) as store:
        tables = WatchTables(store)
        for item in ids:
            removed = tables.remove_source(item) or tables.remove_watch(item)
            if not removed:
                missing.append(item)
    if missing:
        raise click.ClickException(with_code(Errors.E812(missing=", ".join(missing))))
    click.echo(f"removed {len(ids)}")


@watch.command("run")
@click.option("--once", is_flag=True, help="Poll the due sources once and exit (for cron).")
@click.option("--no-nlp", is_flag=True, help="Skip the spaCy analysis (no quotes, claims).")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    help="Trust this host (or host:port) even at a private address; repeatable.",
)
@db_option
@config_option
def watch_run(
    once: bool,
    no_nlp: bool,
    allow_hosts: tuple[str, ...],
    db: Path | None,
    config_file: Path | None,
) -> None:
    """Poll the watched sources, store and link new articles, raise alerts.

    Without --once it runs until SIGTERM or Ctrl-C, which stop it after the current item;
    the next run resumes with what was left.
    """
    from storyline.watch import Poller

    settings = _settings(config_file, db)
    if allow_hosts:
        settings = settings.replace(
            fetch_allow_hosts=tuple(dict.fromkeys([*settings.fetch_allow_hosts, *allow_hosts]))
        )
    stop = threading.Event()
    nlp = nlp_for(settings, not no_nlp)
    with open_store(settings.db) as store, Poller(store, settings, nlp=nlp) as poller:

        def report(cycle: Any) -> None:
            click.echo(cycle.summary())
            for source_id, error in cycle.failed.items():
                click.echo(f"  {source_id}: {error}", err=True)
            sys.stdout.flush()

        if once:
            report(poller.run_cycle(stop))
            return
        previous = {
            sig: signal.signal(sig, lambda *_: stop.set())
            for sig in (signal.SIGTERM, signal.SIGINT)
        }
        click.echo("watching; stop with Ctrl-C or SIGTERM")
        sys.stdout.flush()
        try:
            poller.run_forever(stop, report)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    click.echo("stopped")


def _since(value: str | None) -> str | None:
    from storyline.watch import parse_duration
    from storyline.watch._durations import iso, utc_now

    if value is None:
        return None
    if value[:1].isdigit() and value[-1:].isalpha():
        return iso(utc_now() - timedelta(seconds=parse_duration(value)))
    return value


@click.command()
@db_option
@config_option
@click.option("--since", default=None, help="Only alerts newer than this: 24h, 7d or an ISO time.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
def alerts(
    db: Path | None, config_file: Path | None, since: str | None, limit: int, as_json: bool
) -> None:
    """The alerts raised by the watches, newest first, with their evidence spans."""
    from storyline.store import WatchTables

    settings = _settings(config_file, db)
    with open_existing_store(settings) as store:
        found, total = WatchTables(store).list_alerts(since=_since(since), limit=limit)
    if as_json:
        click.echo(
            json.dumps(
                {"total": total, "alerts": [a.to_dict() for a in found]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for a in found:
        click.echo(f"{a.created_at}  {a.kind:<19} {a.title}")
        if a.summary:
            click.echo(f"{'':27}{a.summary}")
        for c in a.evidence:
            click.echo(f"{'':27}<- {c.outlet or '?'} {c.article_id} [{c.start}:{c.end}]")
    if not found:
        click.echo("no alerts")


@click.command()
@db_option
@config_option
@click.option("--since", default="24h", show_default=True, help="24h, 7d or an ISO time.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None)
def digest(
    db: Path | None, config_file: Path | None, since: str, fmt: str, output: Path | None
) -> None:
    """Per watched story: what is new, who said what, what changed, which outlets covered it."""
    from storyline.watch import build_digest, digest_html, digest_markdown

    settings = _settings(config_file, db)
    start = _since(since)
    assert start is not None
    with open_existing_store(settings) as store:
        built = build_digest(store, start)
    text = digest_html(built) if fmt == "html" else digest_markdown(built)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")


COMMANDS = [watch, alerts, digest]
