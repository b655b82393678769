"""The ``storyline`` command line. Commands only parse arguments and call plain functions.

Each command group lives in its own module under ``storyline.cli`` and lists its commands
in ``COMMANDS``; adding a group is one line in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import os

import click

from storyline.cli._common import StorylineGroup

os.environ.setdefault("HF_HUB_OFFLINE", "1")

#: Modules whose ``COMMANDS`` make up the CLI, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "storyline.cli._analyze",
    "storyline.cli._summary",
    "storyline.cli._export",
    "storyline.cli._text_tools",
    "storyline.cli._link",
)


@click.group(cls=StorylineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyline", prog_name="storyline")
def main() -> None:
    """Follow news stories across outlets and over time.

    Analyse articles into a SQLite database, then summarise, search and export them.
    """


def _register(group: click.Group, modules: tuple[str, ...]) -> None:
    for name in modules:
        for command in importlib.import_module(name).COMMANDS:
            group.add_command(command)


_register(main, COMMAND_MODULES)

__all__ = ["COMMAND_MODULES", "main"]
