"""``storyline serve``: the REST API and the web UI over one database (uvicorn)."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from storyline.cli._common import config_option, db_option, settings_for
from storyline.errors import Errors, with_code


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _check_database(path: str) -> None:
    """Open the database once before serving, so a damaged or foreign file is one clear
    error now rather than a 500 on every page later."""
    from storyline.store import open_store

    with open_store(path, readonly=True) as store:
        store.count_articles()
        store.article_ids()[:1]  # reads the articles table's pages, where damage shows


@click.command()
@db_option
@config_option
@click.option("--host", default=None, help="Interface to listen on [default: 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port [default: 8000].")
@click.option(
    "--token",
    default=None,
    envvar="STORYLINE_WRITE_TOKEN",
    help="Allow the ingest endpoints to clients sending `Authorization: Bearer TOKEN` "
    "[default: read-only].",
)
@click.option(
    "--allow-private-urls",
    is_flag=True,
    default=None,
    help="Let ingest-by-URL fetch from private and loopback addresses (trusted networks only).",
)
def serve(
    db: Path | None,
    config_file: Path | None,
    host: str | None,
    port: int | None,
    token: str | None,
    allow_private_urls: bool | None,
) -> None:
    """Serve the web UI, the JSON API (/api) and its docs (/docs) for a database."""
    import uvicorn

    from storyline.api import create_app

    settings = settings_for(
        config_file,
        db=str(db) if db else None,
        host=host,
        port=port,
        write_token=token,
        allow_private_urls=allow_private_urls,
    )
    if not Path(settings.db).exists():
        raise click.UsageError(with_code(Errors.E803(db=settings.db)))
    _check_database(settings.db)
    if settings.write_token and len(settings.write_token) < 16:
        raise click.BadParameter(with_code(Errors.E809()), param_hint="--token")
    app = create_app(settings)
    mode = "writes allowed with the token" if settings.write_token else "read-only"
    shown = f"[{settings.host}]" if ":" in settings.host else settings.host
    click.echo(f"serving {settings.db} at http://{shown}:{settings.port}/ ({mode})", err=True)
    if settings.write_token and not _is_loopback(settings.host):
        click.echo(
            "note: the token travels in clear over plain HTTP; put a TLS proxy in front", err=True
        )
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", proxy_headers=False)


COMMANDS = [serve]
