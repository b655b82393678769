"""What the training scripts of the pipeline's logistic models share.

``evals/train_quote_screen.py`` and ``evals/train_speaker_model.py`` read the PolNeAR
training split through ``evals/polnear.py``, fit scikit-learn's ``LogisticRegression`` over
``DictVectorizer`` columns with grouped (by-article) folds, and ship the weights as the JSON
that :func:`storyline.pipeline.logistic.probability` scores with.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the trainers run as scripts from a checkout

POLNEAR_TRAIN = ROOT.parent / "shared" / "eval" / "polnear" / "train"
#: The regularisation strengths tried, and the grouped folds they are compared on.
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def polnear_module() -> ModuleType:
    """``evals/polnear.py`` (its split reader, gold reader and span matching)."""
    spec = importlib.util.spec_from_file_location("polnear_eval", ROOT / "evals" / "polnear.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["polnear_eval"] = module
    spec.loader.exec_module(module)
    return module


def option_parser(description: str, default_out: Path) -> argparse.ArgumentParser:
    """The options every trainer takes: ``--data`` (the training split), ``--limit``,
    ``--cache`` (the parses) and ``--out`` (the model file written)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", type=Path, default=POLNEAR_TRAIN)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--cache", type=Path, default=None, help="keep the parses in this folder")
    parser.add_argument("--out", type=Path, default=default_out)
    return parser


def is_development_split(data: Path) -> bool:
    """Whether ``data`` is a development split (said on stderr): trainers never read one."""
    if "dev" in data.resolve().name:
        print("refusing to train on a development split", file=sys.stderr)
        return True
    return False


def out_of_fold_probabilities(
    x: Any, y: Any, folds: list[tuple[Any, Any]], c: float, max_iter: int
) -> Any:
    """Each example's probability from a model fitted (with regularisation ``c``) on the
    folds it is not in."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    out = np.zeros(len(y))
    for fit_idx, test_idx in folds:
        model = LogisticRegression(C=c, max_iter=max_iter).fit(x[fit_idx], y[fit_idx])
        out[test_idx] = model.predict_proba(x[test_idx])[:, 1]
    return out


def packaged_weights(vectorizer: Any, model: Any) -> dict[str, Any]:
    """A fitted binary ``LogisticRegression`` as packaged data: ``intercept`` and the
    non-zero ``weights`` by ``vectorizer`` column name, rounded to six places."""
    weights = {
        name: round(float(w), 6)
        for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if abs(w) > 1e-9
    }
    return {
        "intercept": round(float(model.intercept_[0]), 6),
        "weights": dict(sorted(weights.items())),
    }
