"""Quality floors on annotated news: PolNeAR development articles (skips without the data).

The full numbers come from ``evals/polnear.py``; this guards against a drop below floors
set under what the script measures, on a slice small enough for the test suite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = 30
DIRECT_OVERLAP_F1_FLOOR = 0.85
DIRECT_SPEAKER_FLOOR = 0.88
ALL_OVERLAP_PRECISION_FLOOR = 0.90


@pytest.fixture(scope="module")
def polnear() -> ModuleType:
    spec = importlib.util.spec_from_file_location("polnear_eval", ROOT / "evals" / "polnear.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tallies(polnear: ModuleType, eval_dir: Path, nlp) -> dict:
    data = eval_dir / "polnear" / "dev"
    if not (data / "attributions").is_dir():
        pytest.skip(f"PolNeAR dev split not available at {data}")
    return polnear.evaluate(data, nlp, limit=ARTICLES)[0]


def test_direct_quotes_are_found(polnear: ModuleType, tallies: dict) -> None:
    assert polnear.f1(tallies["direct"]) >= DIRECT_OVERLAP_F1_FLOOR


def test_direct_quote_speakers(polnear: ModuleType, tallies: dict) -> None:
    assert polnear.speaker_accuracy(tallies["direct"]) >= DIRECT_SPEAKER_FLOOR


def test_attributions_found_are_real(tallies: dict) -> None:
    t = tallies["all"]
    assert t.pred > 0 and t.overlap_pred / t.pred >= ALL_OVERLAP_PRECISION_FLOOR


@pytest.mark.parametrize(
    ("start", "end", "kind", "widened"),
    [
        (1, 10, "direct", (0, 12)),  # '"Subpoenas,"' -> marks and comma back in
        (13, 28, "indirect", (8, 28)),  # a leading "that " joins reported speech
    ],
)
def test_scorer_maps_spans_to_the_annotation_convention(
    polnear: ModuleType, start: int, end: int, kind: str, widened: tuple[int, int]
) -> None:
    text = '"Subpoenas," he said.' if kind == "direct" else "He said that the rule is off."
    assert polnear.widen(text, start, end, kind) == widened
