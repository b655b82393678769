"""Which sentence tells a timeline's day: per-candidate features and fitted weights.

Every candidate sentence of a day (a sentence that dates something to it, or an undated
lead published on it) is described by :func:`sentence_features`: how central it is among
the other articles' candidates of that day (mean TF-IDF cosine), how close to the news
published within a few days of the day (not to the whole story: that would change an old
day's text whenever an article on another day joins), how short and self-contained, how
early in its article, whether it is a lead dated by publication, whether its article
appeared on the day or the next (fresh news), and whether it announces rather than reports.

:class:`SentenceModel` weighs those features linearly; its weights are fitted
(:func:`fit_sentence_model`, a ridge regression on each day's candidates against the
ROUGE-1 overlap of each with the reference text of that day) by ``evals/timelines.py
--train`` on reference timelines and shipped as ``data/timeline_sentences.json``, with the
redundancy weight (what likeness to the other days' sentences costs) chosen there too, as
the one under which the fitted weights' timelines score best on the training topics.
:data:`HAND_SET` (the weights used before any were fitted) is the fallback.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from storyline.data_files import packaged_json, write_packaged_json
from storyline.link.features import cosine
from storyline.link.timeline_cosines import pagerank, row_sums

__all__ = [
    "HAND_SET",
    "SENTENCE_FEATURES",
    "SentenceModel",
    "centrality",
    "fit_sentence_model",
    "lexrank",
    "load_sentence_model",
    "save_sentence_model",
    "self_contained",
    "sentence_features",
    "sentence_words",
    "word_overlap",
]

SENTENCE_FEATURES = (
    "central",  # mean cosine to the other articles' candidates of the day
    "nearby",  # cosine to the centroid of the news published within a few days of the day
    "self_contained",  # short, no leading pronoun or link word, not a fragment (<= 0)
    "early",  # 1 / (1 + index among the article's statements)
    "lead",  # an undated lead dated by its article's publication
    "fresh",  # its article appeared on the day or the day after
    "announcement",  # speaks of what is planned or expected
    "words",  # log of its length in words
    "lexrank",  # PageRank centrality among the day's candidates (1: average)
    "agreement",  # mean word-overlap F1 with the other articles' candidates of the day
)
MODEL_FILE = "timeline_sentences.json"
_WORD = re.compile(r"\w+")
_LEADING = frozenset({"he", "she", "it", "they", "this", "but", "and"})


def self_contained(text: str) -> float:
    """Preference (<= 0) for short sentences that stand on their own (no leading pronoun or
    link word, not a fragment cut at an initial)."""
    words = text.split()
    penalty = max(0, len(words) - 35) / 35 + max(0, 12 - len(words)) / 12
    if words and words[0].lower().strip('"') in _LEADING:
        penalty += 0.3
    if text.count('"') + text.count("\u201c") >= 2:
        penalty += 0.1
    if re.search(r"\b[A-Z][a-z]?\.$", text) or not re.match(r"[\"'\u201c(A-Z0-9]", text):
        penalty += 0.5  # a fragment cut at an initial ("Marcus J.") or its tail ("Jr., ends ...")
    return -penalty


def sentence_features(
    vector: Mapping[str, float],
    central: float,
    nearby: Mapping[str, float],
    text: str,
    position: int,
    lead: bool,
    lag_days: int | None,
    announcement: bool,
    lexrank: float = 1.0,
    agreement: float = 0.0,
) -> list[float]:
    """The candidate's features in :data:`SENTENCE_FEATURES` order. ``central`` is its mean
    cosine to the day's candidates from other articles (:func:`centrality`); ``lag_days``
    is how long after the day its article appeared (None if unknown)."""
    return [
        central,
        cosine(vector, nearby),
        self_contained(text),
        1 / (1 + position),
        1.0 if lead else 0.0,
        1.0 if lag_days is not None and 0 <= lag_days <= 1 else 0.0,
        1.0 if announcement else 0.0,
        math.log(1 + len(text.split())),
        lexrank,
        agreement,
    ]


def sentence_words(text: str) -> Counter[str]:
    """The words of a sentence, folded to lower case, with their counts (stop words kept:
    :func:`word_overlap` measures what a reader sees, every word)."""
    return Counter(_WORD.findall(text.casefold()))


def word_overlap(words: Counter[str], other: Counter[str]) -> float:
    """F1 of the words two sentences share (the same either way round): unigram overlap,
    the measure ROUGE-1 uses, so a day's candidate that says, at about their length, what the
    day's other reports say agrees with them (TF-IDF cosine weighs rare words and ignores
    length; this rewards the common account).

    >>> round(word_overlap(sentence_words("The ban was lifted."), sentence_words("Ban lifted")), 3)
    0.667
    """
    shared = sum((words & other).values())
    return 2 * shared / (sum(words.values()) + sum(other.values())) if shared else 0.0


def centrality(cosines: np.ndarray, articles: Sequence[str]) -> list[float]:
    """Each of a day's candidates' mean cosine to the day's candidates from other articles
    (0 when there are none), given their :func:`cosine_table` and each one's article.

    >>> centrality(np.array([[1.0, 0.5, 0.25], [0.5, 1.0, 0.0], [0.25, 0.0, 1.0]]), "aab")
    [0.25, 0.0, 0.125]
    """
    owners = np.array(list(articles))
    others = owners[:, None] != owners[None, :]
    counts = others.sum(axis=1)
    means = row_sums(cosines, others) / np.maximum(counts, 1)
    return np.where(counts > 0, means, 0.0).tolist()


def lexrank(cosines: np.ndarray) -> list[float]:
    """LexRank of each of a day's sentences given their :func:`cosine_table` (PageRank over
    the graph of their positive cosines), times their number so that 1 is the average.

    >>> from storyline.link.timeline_cosines import cosine_table
    >>> vectors = [{"ban": 1.0}, {"ban": 0.6, "ore": 0.8}, {"rain": 1.0}]
    >>> [round(r, 2) for r in lexrank(cosine_table(vectors))]
    [1.4, 1.4, 0.21]
    """
    if len(cosines) < 2:
        return [1.0] * len(cosines)
    # the graph is undirected: each pair weighs what the earlier sentence's cosine says
    upper = np.triu(np.where(cosines > 0, cosines, 0.0), k=1)
    return (pagerank(upper + upper.T) * len(cosines)).tolist()


@dataclass(frozen=True)
class SentenceModel:
    """Linear merit of a candidate sentence; ``redundancy`` is what its likeness to the
    sentences already chosen for other days costs (maximal marginal relevance)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    redundancy: float = 0.7
    trained_on: tuple[str, ...] = ()

    def score(self, vector: Sequence[float]) -> float:
        return sum(w * x for w, x in zip(self.weights, vector, strict=True))

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "weights": list(self.weights),
            "redundancy": self.redundancy,
            "trained_on": list(self.trained_on),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> SentenceModel:
        return cls(
            tuple(str(f) for f in data["features"]),  # type: ignore[attr-defined]
            tuple(float(w) for w in data["weights"]),  # type: ignore[attr-defined]
            float(data.get("redundancy", 0.7)),  # type: ignore[arg-type]
            tuple(str(t) for t in data.get("trained_on", ())),  # type: ignore[attr-defined]
        )


#: The weights set by hand before any were fitted (centrality 1, closeness to the news around
#: the day 0.5, self-contained 0.3, announcement -0.2, redundancy 0.7); the fallback when the
#: package carries no fitted model.
HAND_SET = SentenceModel(
    SENTENCE_FEATURES, (1.0, 0.5, 0.3, 0.0, 0.0, 0.0, -0.2, 0.0, 0.0, 0.0), 0.7, ("hand-set",)
)


def fit_sentence_model(
    days: Sequence[tuple[Sequence[Sequence[float]], Sequence[float]]],
    trained_on: Sequence[str] = (),
    alpha: float = 1.0,
) -> SentenceModel:
    """Weights that rank each day's candidates by their overlap with the reference text.

    ``days`` pairs the feature rows of one day's candidates with each candidate's ROUGE-1
    against that day's reference text. Features and targets are centred within the day, so
    only which sentence of a day is better is learned, and every day weighs the same (a
    ridge regression, scikit-learn)."""
    import numpy as np
    from sklearn.linear_model import Ridge

    xs, ys, ws = [], [], []
    for rows, targets in days:
        if len(rows) < 2:
            continue
        x, y = np.asarray(rows, float), np.asarray(targets, float)
        xs.append(x - x.mean(axis=0))
        ys.append(y - y.mean())
        ws.append(np.full(len(y), 1.0 / len(y)))
    weight = np.concatenate(ws)
    model = Ridge(alpha=alpha, fit_intercept=False)
    model.fit(np.vstack(xs), np.concatenate(ys), sample_weight=weight * len(weight) / weight.sum())
    scale = float(np.abs(model.coef_).max()) or 1.0
    return SentenceModel(
        SENTENCE_FEATURES,
        tuple(round(float(w) / scale, 6) for w in model.coef_),
        HAND_SET.redundancy,
        tuple(trained_on),
    )


def save_sentence_model(model: SentenceModel, path: Path | None = None) -> Path:
    """Write the model where :func:`load_sentence_model` finds it (the package's data folder)."""
    return write_packaged_json("storyline.data", MODEL_FILE, model.to_dict(), path)


def load_sentence_model() -> SentenceModel:
    """The shipped sentence model, or :data:`HAND_SET` when the package carries none."""
    try:
        model = SentenceModel.from_dict(packaged_json("storyline.data", MODEL_FILE))
    except FileNotFoundError:
        return HAND_SET
    return model if model.features == SENTENCE_FEATURES else HAND_SET
