"""Train the speaker models: which word names a source, and whom "he"/"she" refers to.

Usage::

    .venv/bin/python evals/train_speaker_model.py [--data ../shared/eval/polnear/train]
                                                  [--limit N] [--cache DIR] [--out FILE]

Reads the PolNeAR *training* split only (it refuses a development split) and writes
``storyline/pipeline/quotes/speaker_model.json`` (see
:mod:`storyline.pipeline.quotes.speaker_model`).

* **Source model.** For every attribution the rules find (with a cue, not a continuation)
  whose content overlaps a gold attribution with a ``Source``, each candidate word of
  :func:`~storyline.pipeline.quotes.speaker_model.source_candidates` is an example,
  labelled 1 when it heads the gold source span (or lies in the same named entity as its
  head). Attributions whose candidates miss the gold source teach nothing about the choice
  and are left out. The regularisation is chosen on five grouped (by-article) folds by the
  share of attributions whose best-scoring word is right, printed beside the rules' share
  on the same attributions.
* **Antecedent model.** The quotes step runs again with the fitted source model, recording
  the evidence the resolver has on each earlier person when it meets a "he" or "she"
  source. PolNeAR marks the pronoun, not its antecedent, so the label is the proxy of
  ``evals/polnear.py``: the nearest earlier gold source that names a person and does not
  contradict the pronoun's gender. A pronoun is resolved only when the model's choice is
  clear, the resolver's rule reads it the same way and no other fitting person was named
  since (unless the choice spoke in that sentence or the one before); the last person
  named is taken without the model when the rule agrees and they were just quoted. The abstention floor and margin are
  chosen on the out-of-fold probabilities as the pair that resolves the most pronouns
  while keeping the proxy's precision among those resolved at or above ``--precision``
  (0.90) -- the most precise pair when none reaches it -- counting a pronoun whose proxy is
  not among the candidates as wrong whenever it is resolved.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import _training as training  # sets HF_HUB_OFFLINE, puts the checkout on sys.path

DEFAULT_OUT = training.ROOT / "storyline" / "pipeline" / "quotes" / "speaker_model.json"
FLOORS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
_JUST_SPOKE = frozenset({"0|0", "0|1"})  # the latest speaker, this sentence or the one before


Group = tuple[list[dict[str, Any]], list[int], str]  # features, labels, article


def _gold_head(doc: Any, source: tuple[int, int]) -> set[int]:
    """Token indices that count as heading a gold source span: its syntactic head and the
    other words of the named entity that head belongs to."""
    span = doc.char_span(source[0], source[1], alignment_mode="expand")
    if span is None or not len(span):
        return set()
    root = span.root
    for ent in doc.ents:
        if ent.start <= root.i < ent.end:
            return set(range(ent.start, ent.end))
    return {root.i}


def source_groups(pn: ModuleType, split: list[tuple[str, Path, str, Any]]) -> list[Group]:
    """One group of candidate words per attribution found whose gold source is among
    them (see the module docstring)."""
    from storyline.pipeline.quotes.cues import load_cue_lexicon
    from storyline.pipeline.quotes.direct import find_quotation_candidates
    from storyline.pipeline.quotes.indirect import find_indirect_candidates
    from storyline.pipeline.quotes.speaker_model import score_sources, word_counts

    lexicon = load_cue_lexicon()
    groups: list[Group] = []
    for stem, ann, text, doc in split:
        gold = [u for u in pn.read_gold(ann, text) if u.source]
        quotations = find_quotation_candidates(doc, lexicon)
        candidates = quotations + find_indirect_candidates(doc, lexicon, quotations)
        counts = word_counts(doc)
        for candidate in candidates:
            if candidate.follows is not None or candidate.cue is None:
                continue
            span = [pn.widen(text, candidate.start, candidate.end, candidate.kind)]
            unit = max(gold, key=lambda u: pn._overlap(span, u.fragments), default=None)
            if unit is None or not pn._overlap(span, unit.fragments):
                continue
            heads = _gold_head(doc, unit.source[0])
            scored = score_sources(doc, candidate, lexicon, counts, None)
            labels = [int(s.token.i in heads) for s in scored]
            if sum(labels):
                groups.append(([s.features for s in scored], labels, stem))
    return groups


def _top1(groups: Sequence[Group], probabilities: Sequence[Sequence[float]]) -> float:
    right = 0
    for (_, labels, _), probs in zip(groups, probabilities, strict=True):
        best = max(range(len(probs)), key=lambda i: probs[i])
        right += labels[best]
    return right / len(groups) if groups else 0.0


def fit_ranker(groups: list[Group]) -> tuple[dict[str, Any], dict[str, float], list[list[float]]]:
    """A logistic regression over the candidates of ``groups``, C chosen by grouped
    cross-validated top-1 accuracy; the packaged model, the report, and the out-of-fold
    probabilities of the chosen C."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    feats = [f for fs, _, _ in groups for f in fs]
    labels = np.array([y for _, ys, _ in groups for y in ys])
    owner = np.array([n for n, (fs, _, _) in enumerate(groups) for _ in fs])
    articles = [groups[n][2] for n in owner]
    vectorizer = DictVectorizer(sparse=True)
    x = vectorizer.fit_transform(feats)
    folds = list(GroupKFold(n_splits=training.FOLDS).split(x, labels, articles))
    best: tuple[float, float, list[list[float]]] | None = None
    report: dict[str, float] = {}
    for c in training.C_GRID:
        out = training.out_of_fold_probabilities(x, labels, folds, c, max_iter=3000)
        per_group: list[list[float]] = [[] for _ in groups]
        for i, p in enumerate(out):
            per_group[owner[i]].append(float(p))
        accuracy = _top1(groups, per_group)
        report[f"C={c}"] = round(accuracy, 4)
        if best is None or accuracy > best[0] + 1e-9:
            best = (accuracy, c, per_group)
    assert best is not None
    accuracy, c, out_of_fold = best
    fitted = training.packaged_weights(
        vectorizer, LogisticRegression(C=c, max_iter=3000).fit(x, labels)
    )
    packaged = {
        "intercept": fitted["intercept"],
        "C": c,
        "groups": len(groups),
        "examples": len(labels),
        "weights": fitted["weights"],
    }
    report["chosen_top1"] = round(accuracy, 4)
    return packaged, report, out_of_fold


def antecedent_groups(
    pn: ModuleType,
    split: list[tuple[str, Path, str, Any]],
    source_model: dict[str, Any],
    rules: list[int],
    picks: list[int | None],
) -> tuple[list[Group], int]:
    """One group per "he"/"she" gold source the resolver met with earlier people in view,
    labelled by the proxy (see the module docstring); also how many such pronouns had a
    proxy that was not among the candidates (wrong whenever resolved). ``rules`` counts
    how the rules resolved the same pronouns: [unresolved, right, wrong] by the proxy;
    ``picks`` receives, per group, the candidate the rule chose (None: unresolved)."""
    from storyline.pipeline.quotes.speaker_model import antecedent_features
    from storyline.pipeline.quotes.step import find_quotes

    groups: list[Group] = []
    unreachable = 0
    for stem, ann, text, doc in split:
        gold = pn.read_gold(ann, text)
        trace: list[Any] = []
        find_quotes(text, doc, article_id=stem, speaker_model={"source": source_model}, trace=trace)
        people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        named = sorted(
            (u.source[0][0], u.source_text)
            for u in gold
            if u.source and pn._overlap(u.source, people)
            if u.source_text.lower() not in pn.PRONOUNS
        )
        by_position = {
            position: (gender, evidence, rule) for position, gender, evidence, rule in trace
        }
        for unit in gold:
            pronoun = unit.source_text.strip().lower()
            if not unit.source or pronoun not in {"he", "she", "him", "her"}:
                continue
            where = unit.source[0][0]
            if where not in by_position:
                continue
            gender, evidence, rule = by_position[where]
            proxies = [
                name
                for start, name in named
                if start < where and pn._source_gender(name) in {gender, None}
            ]
            if not proxies or not evidence:
                continue
            words = pn._name_words(proxies[-1])
            labels = [int(bool(words & pn._name_words(e.canonical))) for e in evidence]
            if sum(labels) > 1:
                continue  # two people share the proxy's name words: no clear label
            rules[0 if rule is None else 1 if words & pn._name_words(rule) else 2] += 1
            if not sum(labels):
                unreachable += 1
                continue
            matching = sum(e.gender == "match" for e in evidence)
            feats = [antecedent_features(e, len(evidence), matching) for e in evidence]
            groups.append((feats, labels, stem))
            picks.append(next((n for n, e in enumerate(evidence) if e.canonical == rule), None))
    return groups, unreachable


def choose_abstention(
    groups: Sequence[Group],
    out_of_fold: Sequence[Sequence[float]],
    picks: Sequence[int | None],
    unreachable: int,
    precision: float,
) -> dict[str, Any]:
    """The (floor, margin) pair that resolves the most pronouns with proxy precision at or
    above ``precision`` (the pair with the best precision when none reaches it)."""
    best: tuple[tuple[float, ...], dict[str, Any]] | None = None
    rows: list[dict[str, Any]] = []
    total = len(groups) + unreachable
    for floor in FLOORS:
        for margin in MARGINS:
            right = wrong = 0
            for (feats, labels, _), probs, pick in zip(groups, out_of_fold, picks, strict=True):
                order = sorted(range(len(probs)), key=lambda i: -probs[i])
                top = probs[order[0]]
                second = probs[order[1]] if len(order) > 1 else 0.0
                if pick == 0 and feats[0]["speaker_gap"] in _JUST_SPOKE:
                    right += labels[0]  # the latest person, just quoted: no model needed
                    wrong += 1 - labels[0]
                    continue
                just_spoke = feats[order[0]]["speaker_gap"] in _JUST_SPOKE
                agreed = order[0] == pick and (order[0] == 0 or just_spoke)
                if top < floor or top - second < margin or not agreed:
                    continue  # unclear, or the rule reads it otherwise: unresolved
                right += labels[order[0]]
                wrong += 1 - labels[order[0]]
            # pronouns whose proxy is not a candidate: resolved (wrongly) at the same rate
            resolved_share = (right + wrong) / len(groups) if groups else 0.0
            wrong += round(unreachable * resolved_share)
            resolved = right + wrong
            share = right / resolved if resolved else 0.0
            row = {
                "floor": floor,
                "margin": margin,
                "precision": round(share, 4),
                "resolved": resolved,
                "unresolved_share": round(1 - resolved / total, 4) if total else 0.0,
            }
            rows.append(row)
            key = (float(share >= precision), resolved if share >= precision else share)
            if best is None or key > best[0]:
                best = (key, row)
    assert best is not None
    frontier = sorted(rows, key=lambda r: (-r["resolved"], -r["precision"]))
    kept: list[dict[str, Any]] = []
    for row in frontier:
        if not kept or row["precision"] > kept[-1]["precision"]:
            kept.append(row)
    best[1]["frontier"] = kept
    return best[1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = training.option_parser(__doc__.splitlines()[0], DEFAULT_OUT)
    parser.add_argument("--precision", type=float, default=0.90)
    args = parser.parse_args(argv)
    if training.is_development_split(args.data):
        return 2
    from storyline.pipeline.nlp import load_nlp

    pn = training.polnear_module()
    split = pn.load_split(args.data, load_nlp(), args.limit, args.cache)
    groups = source_groups(pn, split)
    if not groups:
        print(f"no attributions with a gold source found under {args.data}", file=sys.stderr)
        return 2
    rule = sum(
        labels[[f["rule"] for f in fs].index(True)] if any(f["rule"] for f in fs) else 0
        for fs, labels, _ in groups
    ) / len(groups)
    source, source_report, _ = fit_ranker(groups)
    print(
        f"source model: {len(groups)} attributions; top-1 right, cross-validated on train: "
        f"{source_report['chosen_top1']:.3f} (rules {rule:.3f}); C={source['C']}"
    )
    rules = [0, 0, 0]
    picks: list[int | None] = []
    pronouns, unreachable = antecedent_groups(pn, split, source, rules, picks)
    antecedent, antecedent_report, out_of_fold = fit_ranker(pronouns)
    abstain = choose_abstention(pronouns, out_of_fold, picks, unreachable, args.precision)
    antecedent.update(floor=abstain["floor"], margin=abstain["margin"])
    for row in abstain["frontier"]:
        print(
            f"  floor {row['floor']:.2f} margin {row['margin']:.2f}: proxy precision "
            f"{row['precision']:.3f}, unresolved {row['unresolved_share']:.3f}"
        )
    print(
        f"antecedent model: {len(pronouns)} pronouns with the proxy among the candidates, "
        f"{unreachable} without; top-1 cross-validated {antecedent_report['chosen_top1']:.3f}; "
        f"C={antecedent['C']}"
    )
    resolved = rules[1] + rules[2]
    print(
        f"rules on the same pronouns: proxy precision {rules[1] / max(resolved, 1):.3f}, "
        f"unresolved {rules[0] / max(sum(rules), 1):.3f}"
    )
    print(
        f"abstention: floor {abstain['floor']} margin {abstain['margin']} -> proxy precision "
        f"{abstain['precision']:.3f}, unresolved {abstain['unresolved_share']:.3f}"
    )
    packaged = {
        "about": "Logistic regressions choosing the word naming a source and the antecedent "
        "of he/she; see pipeline/quotes/speaker_model.py and evals/train_speaker_model.py (trained on "
        "the PolNeAR training split only).",
        "source": source,
        "antecedent": antecedent,
    }
    args.out.write_text(json.dumps(packaged, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
