"""The link commands are listed by ``--help`` without importing the link stage."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK_COMMANDS = ("link", "stories", "timeline", "claims", "compare")
HEAVY = ("storyline.link", "sklearn", "datasketch")

#: Runs ``--help`` through CliRunner in a fresh interpreter; prints the listing and what loaded.
_HELP_SCRIPT = """
import json, sys
from click.testing import CliRunner
from storyline.cli import main
from storyline.cli._common import LazyGroup
modules = json.loads(sys.argv[1])
group = main if modules is None else LazyGroup("storyline", command_modules=modules)
result = CliRunner().invoke(group, ["--help"])
print(json.dumps({
    "exit_code": result.exit_code,
    "output": result.output,
    "loaded": sorted(m for m in sys.modules if m.split(".")[0] in {"storyline", "sklearn", "datasketch"}),
}))
"""


def _help_in_fresh_interpreter(modules: list[str] | None) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _HELP_SCRIPT, json.dumps(modules)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


def _assert_lists_link_commands(output: str) -> None:
    for command in LINK_COMMANDS:
        assert f"\n  {command} " in output, f"{command} missing from --help"


@pytest.mark.slow
def test_help_of_the_link_commands_does_not_import_the_link_stage() -> None:
    found = _help_in_fresh_interpreter(["storyline.cli._link"])
    assert found["exit_code"] == 0
    _assert_lists_link_commands(str(found["output"]))
    loaded = set(found["loaded"])  # type: ignore[call-overload]
    assert "storyline.cli._link" in loaded
    assert not {m for m in loaded if m.startswith(HEAVY)}


@pytest.mark.slow
def test_storyline_help_lists_the_link_commands_without_importing_the_link_stage() -> None:
    found = _help_in_fresh_interpreter(None)
    assert found["exit_code"] == 0
    _assert_lists_link_commands(str(found["output"]))
    loaded = set(found["loaded"])  # type: ignore[call-overload]
    assert not {m for m in loaded if m.startswith(HEAVY)}
