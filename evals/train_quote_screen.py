"""Train the model that screens quoted passages (attribution, or title / scare quote?).

Usage::

    .venv/bin/python evals/train_quote_screen.py [--data ../shared/eval/polnear/train]
                                                 [--limit N] [--cache DIR] [--out FILE]

Runs the quotes step without screening on the PolNeAR *training* split and labels every
direct and partial quote: an attribution when its span overlaps the content of some gold
attribution (of any kind: a partial quote inside a reported clause counts), otherwise not
(the titles, names and scare quotes the annotators left alone). A logistic regression over
:func:`storyline.pipeline.quotes.screen.quote_features` is fitted; its regularisation and
the probability threshold below which a passage is dropped are chosen on grouped
(by-article) cross-validation folds of the training split only, the threshold as the one
that removes the most non-attributions net of attributions lost. The weights are written to
``storyline/pipeline/quotes/screen.json``. The development split is never read here; score
it afterwards with ``evals/polnear.py``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import _training as training  # sets HF_HUB_OFFLINE, puts the checkout on sys.path

DEFAULT_OUT = training.ROOT / "storyline" / "pipeline" / "quotes" / "screen.json"
THRESHOLDS = tuple(round(0.02 * i, 2) for i in range(1, 36))  # 0.02 .. 0.70


def examples(
    data: Path, limit: int | None, cache: Path | None
) -> tuple[list[dict[str, Any]], list[int], list[str]]:
    """Features, labels (1 = attribution) and article of every quoted passage."""
    from storyline.pipeline.nlp import load_nlp
    from storyline.pipeline.quotes.screen import SCREENED_KINDS, quote_features
    from storyline.pipeline.quotes.step import find_quotes

    pn = training.polnear_module()
    feats: list[dict[str, Any]] = []
    labels: list[int] = []
    groups: list[str] = []
    for stem, ann, text, doc in pn.load_split(data, load_nlp(), limit, cache):
        gold = [f for unit in pn.read_gold(ann, text) for f in unit.fragments]
        for quote in find_quotes(text, doc, article_id=stem, screen=False):
            if quote.kind not in SCREENED_KINDS:
                continue
            span = pn.widen(text, quote.start, quote.end, quote.kind)
            feats.append(quote_features(quote, doc))
            labels.append(int(pn._overlap([span], gold) > 0))
            groups.append(stem)
    return feats, labels, groups


def _net_removed(probabilities: Sequence[float], labels: Sequence[int], threshold: float) -> int:
    """Non-attributions dropped minus attributions dropped at ``threshold``."""
    return sum(
        (1 if y == 0 else -1) for p, y in zip(probabilities, labels, strict=True) if p < threshold
    )


def train(
    feats: list[dict[str, Any]], labels: list[int], groups: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fitted model as packaged data, and the cross-validation report."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform(feats)
    y = np.array(labels)
    folds = list(GroupKFold(n_splits=training.FOLDS).split(x, y, groups))
    best: tuple[int, float, float] | None = None  # (net removed, -threshold, C)
    report: dict[str, Any] = {"grid": []}
    for c in training.C_GRID:
        probabilities = training.out_of_fold_probabilities(x, y, folds, c, max_iter=2000)
        for threshold in THRESHOLDS:
            net = _net_removed(probabilities.tolist(), labels, threshold)
            dropped = probabilities < threshold
            report["grid"].append(
                {
                    "C": c,
                    "threshold": threshold,
                    "net_removed": net,
                    "non_attributions_dropped": int(((y == 0) & dropped).sum()),
                    "attributions_dropped": int(((y == 1) & dropped).sum()),
                }
            )
            if best is None or (net, -threshold, -c) > (best[0], -best[1], -best[2]):
                best = (net, threshold, c)
    assert best is not None
    net, threshold, c = best
    if net <= 0:
        threshold = 0.0  # screening would lose more than it removes: keep every passage
    fitted = training.packaged_weights(vectorizer, LogisticRegression(C=c, max_iter=2000).fit(x, y))
    chosen = next(r for r in report["grid"] if r["C"] == c and r["threshold"] == best[1])
    report.update(chosen=chosen, examples=len(y), attributions=int(y.sum()))
    packaged = {
        "about": "Logistic regression screening quoted passages; see pipeline/quotes/screen.py and "
        "evals/train_quote_screen.py (trained on the PolNeAR training split only).",
        "intercept": fitted["intercept"],
        "threshold": threshold,
        "C": c,
        "examples": len(y),
        "articles": len(set(groups)),
        "weights": fitted["weights"],
    }
    return packaged, report


def main(argv: Sequence[str] | None = None) -> int:
    args = training.option_parser(__doc__.splitlines()[0], DEFAULT_OUT).parse_args(argv)
    if training.is_development_split(args.data):
        return 2
    feats, labels, groups = examples(args.data, args.limit, args.cache)
    if not labels:
        print(f"no quoted passages found under {args.data}", file=sys.stderr)
        return 2
    packaged, report = train(feats, labels, groups)
    args.out.write_text(json.dumps(packaged, indent=1) + "\n", encoding="utf-8")
    chosen = report["chosen"]
    print(
        f"{report['examples']} quoted passages ({report['attributions']} attributions) in "
        f"{packaged['articles']} articles; C={packaged['C']} threshold={packaged['threshold']}"
    )
    print(
        f"cross-validated on the training split: drops {chosen['non_attributions_dropped']} "
        f"non-attributions and {chosen['attributions_dropped']} attributions"
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
