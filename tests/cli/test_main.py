from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from storyline.cli import COMMAND_MODULES, main
from storyline.cli._common import LazyGroup

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_python_dash_m_storyline_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storyline", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: storyline")
    for command in ("analyze", "export", "reanalyze", "summary", "quotes", "dates"):
        assert f"  {command} " in result.stdout


def test_every_command_module_is_registered() -> None:
    registered = set(main.list_commands(click.Context(main)))
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        assert {c.name for c in module.COMMANDS} <= registered


def test_a_module_that_fails_to_import_takes_only_its_commands_down() -> None:
    group = LazyGroup(
        "storyline", command_modules=("storyline.cli._summary", "storyline.cli._no_such_module")
    )
    runner = CliRunner()
    listing = runner.invoke(group, ["--help"])
    assert listing.exit_code == 0
    assert "summary" in listing.stdout
    assert "storyline.cli._no_such_module unavailable" in listing.stderr
    assert runner.invoke(group, ["summary", "--help"]).exit_code == 0
    assert runner.invoke(group, ["serve"]).exit_code == 2


@pytest.mark.slow
def test_running_a_command_imports_only_the_modules_it_needs() -> None:
    code = (
        "import sys; from storyline.cli import main\n"
        "try:\n    main(['summary', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('storyline.cli.', 'spacy', 'sklearn'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    loaded = result.stdout.strip().splitlines()[-1]
    assert "storyline.cli._summary" in loaded
    assert "storyline.cli._text_tools" not in loaded
    assert "spacy" not in loaded and "sklearn" not in loaded


@pytest.mark.parametrize(
    "command", ["analyze", "export", "reanalyze", "summary", "quotes", "dates"]
)
def test_each_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: main {command} [OPTIONS]")
    found = main.get_command(click.Context(main), command)
    assert found is not None and found.help, f"{command} has no help text"


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("storyline, version ")


def test_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["analyse-everything"])
    assert result.exit_code == 2
    assert "No such command" in result.output
