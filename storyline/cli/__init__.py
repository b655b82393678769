"""The ``storyline`` command line. Commands only parse arguments and call plain functions.

Each command group lives in its own module under ``storyline.cli`` and lists its commands
in ``COMMANDS``; adding a group is one line in :data:`COMMAND_MODULES`. Modules are imported
only when one of their commands runs (or ``--help`` lists them all), so ``storyline
analyze`` never pays for the libraries of ``storyline serve``, and a module that fails to
import takes only its own commands down.
"""

from __future__ import annotations

import os

import click

from storyline.cli._common import LazyGroup

os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: Modules whose ``COMMANDS`` make up the CLI; light ones first (they are searched in order).
COMMAND_MODULES: tuple[str, ...] = (
    "storyline.cli._analyze",
    "storyline.cli._summary",
    "storyline.cli._export",
    "storyline.cli._text_tools",
    "storyline.cli._link",
    "storyline.cli._serve",
    "storyline.cli._report",
    "storyline.cli._set",
    "storyline.cli._watch",
)


@click.group(
    cls=LazyGroup,
    command_modules=COMMAND_MODULES,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="storyline", prog_name="storyline")
def main() -> None:
    """Follow news stories across outlets and over time.

    Analyse articles into a SQLite database, then summarise, search and export them.
    """


__all__ = ["COMMAND_MODULES", "main"]
