"""Golden files: the whole pipeline on ``examples/`` against ``examples/expected/``.

The corpus is analysed once per session with the real CLI (see ``evals/examples.py``);
each section -- articles, quotes, dates, entities, links -- is compared with its checked-in
snapshot. A difference fails with a readable diff; when the change is intended, run
``scripts/update-golden`` and commit the new snapshot with the change that caused it.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow

EVAL_SCRIPT = Path(__file__).resolve().parent.parent / "evals" / "examples.py"
MODULE_NAME = "storyline_examples_eval"
#: Diff lines shown per section; the rest is counted.
MAX_DIFF_LINES = 80


def _examples_module() -> ModuleType:
    """``evals/examples.py``, loaded once per process so its cached run is shared."""
    if MODULE_NAME in sys.modules:
        return sys.modules[MODULE_NAME]
    spec = importlib.util.spec_from_file_location(MODULE_NAME, EVAL_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


EX = _examples_module()


@pytest.fixture(scope="session")
def snapshot() -> dict[str, Any]:
    return EX.snapshot(EX.cached_run())  # type: ignore[no-any-return]


def _diff(expected: str, actual: str, name: str) -> str:
    lines = list(
        difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=f"examples/expected/{name} (checked in)",
            tofile=f"{name} (this run)",
            lineterm="",
            n=2,
        )
    )
    shown = lines[:MAX_DIFF_LINES]
    if len(lines) > MAX_DIFF_LINES:
        shown.append(f"... {len(lines) - MAX_DIFF_LINES} more diff lines")
    return "\n".join(shown)


@pytest.mark.parametrize("section", EX.SECTIONS)
def test_section_matches_its_golden_file(snapshot: dict[str, Any], section: str) -> None:
    path = EX.EXPECTED / f"{section}.json"
    actual = EX.render(snapshot[section])
    if not path.exists():
        pytest.fail(f"{path} is missing; create it with {EX.UPDATE_COMMAND}", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if json.loads(expected) != json.loads(actual):
        pytest.fail(
            f"the pipeline's {section} differ from {path.name}:\n"
            f"{_diff(expected, actual, path.name)}\n"
            f"If the change is intended, run {EX.UPDATE_COMMAND} and commit examples/expected/.",
            pytrace=False,
        )


def test_snapshot_names_no_machine_paths(snapshot: dict[str, Any]) -> None:
    text = EX.render(snapshot)
    assert str(EX.ROOT) not in text
    assert str(Path.home()) not in text
    sources = [a["source"] for a in snapshot["articles"]]
    assert all(s.startswith("examples/") for s in sources), sources
    assert len(set(sources)) == len(sources)


def test_a_second_run_elsewhere_gives_the_same_snapshot(
    snapshot: dict[str, Any], tmp_path: Path
) -> None:
    """Deterministic and independent of where the corpus lives: a copy analysed into a new
    database reads exactly the same."""
    copy = tmp_path / EX.EXAMPLES.name
    shutil.copytree(EX.EXAMPLES, copy, ignore=shutil.ignore_patterns(EX.EXPECTED.name))
    again = EX.snapshot(EX.run_examples(copy))
    for section in EX.SECTIONS:
        assert EX.render(again[section]) == EX.render(snapshot[section]), _diff(
            EX.render(snapshot[section]), EX.render(again[section]), f"{section}.json"
        )
