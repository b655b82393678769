"""What every command shares: the ``--db``/``--config`` options, settings, error reporting."""

from __future__ import annotations

import importlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from storyline.config import Settings, load_settings
from storyline.errors import ConfigError, Errors, QueryError, StoreError, StorylineError, with_code
from storyline.iso_dates import is_iso_date
from storyline.store import Store, open_store
from storyline.store._db import database_problem

F = TypeVar("F", bound=Callable[..., Any])

#: Exit codes: 1 when some input failed or the work failed, 2 for usage or settings errors
#: and for a database that cannot be used.
EXIT_FAILED = 1
EXIT_USAGE = 2


class StorylineGroup(click.Group):
    """A group that turns Storyline's errors into one clear line on stderr and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ConfigError, QueryError, StoreError) as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_USAGE)
        except sqlite3.DatabaseError as exc:  # damage found while reading or writing
            click.echo(f"Error: {StoreError(database_problem('', exc))}", err=True)
            ctx.exit(EXIT_USAGE)
        except StorylineError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(EXIT_FAILED)


class LazyGroup(StorylineGroup):
    """A group whose commands come from ``COMMANDS`` in modules imported on first need.

    A command is looked up module by module, in order, so running one imports only the
    modules up to its own. A module that fails to import is reported and skipped.
    """

    def __init__(self, *args: Any, command_modules: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.command_modules = tuple(command_modules)
        self._loaded: dict[str, list[click.Command]] = {}
        self._broken: dict[str, str] = {}

    def _commands_of(self, module: str) -> list[click.Command]:
        if module not in self._loaded and module not in self._broken:
            try:
                self._loaded[module] = list(importlib.import_module(module).COMMANDS)
            except ImportError as exc:
                self._broken[module] = f"{type(exc).__name__}: {exc}"
                click.echo(f"warning: commands of {module} unavailable ({exc})", err=True)
        return self._loaded.get(module, [])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        for module in self.command_modules:
            for found in self._commands_of(module):
                if found.name == cmd_name:
                    return found
        return None

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        for module in self.command_modules:
            names.update(c.name for c in self._commands_of(module) if c.name)
        return sorted(names)


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


def out_option(func: F) -> F:
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="File to write [default: standard output]. Written whole or not at all; its folder "
        "must exist.",
    )(func)


def settings_for(config_file: Path | None, **overrides: Any) -> Settings:
    """Settings from defaults, the config file, ``STORYLINE_*`` and the given flags."""
    return load_settings(config_file, overrides=overrides)


def open_existing_store(settings: Settings) -> Store:
    """Open the configured database for a command that reads it: it must already exist."""
    if not Path(settings.db).exists():
        raise click.UsageError(with_code(Errors.E803(db=settings.db)))
    return open_store(settings.db, busy_timeout=settings.busy_timeout)


def iso_date(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A click callback accepting an ISO date or datetime (``2024-05-31``)."""
    if value is None:
        return None
    if not is_iso_date(value):
        raise click.BadParameter(with_code(Errors.E804(value=value)), param=param)
    return value


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
