"""Scoring with a packaged logistic regression: the small learned models of the pipeline.

A training script under ``evals/`` fits scikit-learn's ``LogisticRegression`` over feature
dicts turned into columns by ``DictVectorizer`` and ships the result as JSON: ``intercept``
and ``weights`` (column name -> weight), read with
:func:`storyline.data_files.packaged_model`. Scoring is a dot product over the same
columns, so no scikit-learn is needed at run time.

>>> model = {"intercept": -1.0, "weights": {"kind=direct": 2.0, "words": 0.5}}
>>> round(probability({"kind": "direct", "words": 2, "rare": True}, model), 3)
0.881
>>> bucket(4, (1, 2, 3, 5)), bucket(9, (1, 2, 3, 5))
('5', 'more')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["bucket", "columns", "probability"]


def bucket(n: int, limits: Sequence[int]) -> str:
    """``n`` as the first of ``limits`` it does not exceed ("more" beyond the last): a
    count as a categorical feature."""
    for limit in limits:
        if n <= limit:
            return str(limit)
    return "more"


def columns(features: dict[str, Any]) -> dict[str, float]:
    """Features as ``DictVectorizer`` names its columns: a string one-hot as
    ``name=value``, a number or flag under its own name."""
    out: dict[str, float] = {}
    for name, value in features.items():
        if isinstance(value, str):
            out[f"{name}={value}"] = 1.0
        else:
            out[name] = float(value)
    return out


def probability(features: dict[str, Any], model: dict[str, Any]) -> float:
    """The model's probability of the positive class for one feature dict (a column the
    model has no weight for counts nothing)."""
    weights: dict[str, float] = model["weights"]
    score = float(model["intercept"])
    for name, value in columns(features).items():
        score += weights.get(name, 0.0) * value
    return 1.0 / (1.0 + math.exp(-score))
