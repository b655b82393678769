"""What every command shares: the ``--db``/``--config`` options, settings, error reporting."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from storyline.config import Settings, load_settings
from storyline.errors import ConfigError, QueryError, StorylineError
from storyline.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])

#: Exit codes: 1 when some input failed or the work failed, 2 for usage or settings errors.
EXIT_FAILED = 1
EXIT_USAGE = 2


class StorylineGroup(click.Group):
    """A group that turns Storyline's errors into one clear line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ConfigError, QueryError) as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except StorylineError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_FAILED)


def db_option(func: F) -> F:
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="SQLite database file [default: setting `db`, storyline.db].",
    )(func)


def config_option(func: F) -> F:
    return click.option(
        "--config",
        "config_file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="Settings file (TOML) [default: ./storyline.toml when present].",
    )(func)


def settings_for(config_file: Path | None, **overrides: Any) -> Settings:
    """Settings from defaults, the config file, ``STORYLINE_*`` and the given flags."""
    return load_settings(config_file, overrides=overrides)


def open_existing_store(settings: Settings) -> Store:
    """Open the configured database for a command that reads it: it must already exist."""
    if not Path(settings.db).exists():
        raise click.UsageError(
            f"database {settings.db} does not exist; create it with `storyline analyze` "
            "or pass --db"
        )
    return open_store(settings.db)


def iso_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback accepting an ISO date or datetime (``2024-05-31``)."""
    if value is None:
        return None
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        else:
            datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO date; use YYYY-MM-DD (or an ISO datetime)", param=param
        ) from None
    return value


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
