"""The learned stance of a statement towards a claim: supports, refutes, discusses, unrelated.

A linear classifier (multinomial logistic regression) whose weights ship with Storyline
(``storyline/data/stance_model.json``, written by ``evals/stance.py --save`` from the
training half of the FNC-1 claims; nothing is trained at run time). It reads a vector of
features of one stored sentence (a *passage*) beside the claim:

* how close they are: cosine of their sentence embeddings, claim words found in the
  sentence (weighted by rarity), names shared;
* the same closeness for the whole article (its closest passage, claim words found
  anywhere), so a sentence of an unrelated article is not taken for a statement;
* the sentence's cues counted in the pipeline (denials, hedges, confirmations,
  negations, modality, questions), and those of the article's closest passages;
* the claim's own cues (a claim worded as a denial reads denials differently).

:func:`rank_passages` orders an article's passages by closeness to the claim; the first
is the article's statement, and :func:`classify` gives its stance with the reasons.

>>> model = load_model()
>>> sorted(model.classes)
['discusses', 'refutes', 'supports', 'unrelated']
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyline.data_files import packaged_json
from storyline.link._text import terms
from storyline.pipeline.embed import Vector
from storyline.pipeline.sentence_cues import CUE_CLASSES, sentence_cues

#: Cues (and the question mark) read from a passage, in feature order.
PASSAGE_CUES = (*CUE_CLASSES, "question")
#: How many of an article's closest passages its context cues are summed over.
CONTEXT_PASSAGES = 3
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]+")


@dataclass
class Passage:
    """A stored sentence as claims read it: span, text, cue counts, embedding if computed."""

    article_id: str
    start: int
    end: int
    text: str
    cues: dict[str, int] = field(default_factory=dict)
    vector: Vector | None = None
    entities: frozenset[str] = frozenset()  # entity keys of the mentions inside it
    _words: Counter[str] | None = field(default=None, repr=False)
    _names: frozenset[str] | None = field(default=None, repr=False)

    @property
    def words(self) -> Counter[str]:
        if self._words is None:
            self._words = Counter(terms(self.text))
        return self._words

    @property
    def names(self) -> frozenset[str]:
        if self._names is None:
            self._names = names_in(self.text)
        return self._names

    def cue(self, name: str) -> int:
        if not self.cues:
            self.cues = sentence_cues(self.text)
        return self.cues.get(name, 0)


@dataclass
class ClaimText:
    """A claim ready for comparison: its terms, names, cues and (optional) embedding."""

    text: str
    vector: Vector | None = None
    entities: frozenset[str] = frozenset()
    terms: Counter[str] = field(default_factory=Counter)
    names: frozenset[str] = frozenset()
    cues: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.terms = Counter(terms(self.text))
        self.names = names_in(self.text)
        self.cues = sentence_cues(self.text)


class TermStats:
    """Document frequencies of terms over some texts, for rarity weights (smoothed IDF)."""

    def __init__(self, texts: Iterable[str] = ()) -> None:
        self.df: Counter[str] = Counter()
        self.n = 0
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        self.df.update(set(terms(text)))
        self.n += 1

    def idf(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1.0


def names_in(text: str) -> frozenset[str]:
    """Capitalised words not opening a sentence, folded: a cheap stand-in for names."""
    return frozenset(m.group().lower().removesuffix("'s") for m in _NAME.finditer(text))


def _recall(claim: ClaimText, words: Counter[str], stats: TermStats) -> float:
    """Rarity-weighted share of the claim's terms that ``words`` contains."""
    total = sum(stats.idf(t) for t in claim.terms)
    if not total:
        return 0.0
    return sum(stats.idf(t) for t in claim.terms if t in words) / total


def _cosine(a: Counter[str], b: Counter[str], stats: TermStats) -> float:
    wa = {t: c * stats.idf(t) for t, c in a.items()}
    wb = {t: c * stats.idf(t) for t, c in b.items()}
    dot = sum(w * wb.get(t, 0.0) for t, w in wa.items())
    na = math.sqrt(sum(w * w for w in wa.values()))
    nb = math.sqrt(sum(w * w for w in wb.values()))
    return dot / (na * nb) if na and nb else 0.0


def _embedding_similarity(claim: ClaimText, passage: Passage) -> float | None:
    if claim.vector is None or passage.vector is None:
        return None
    return float(np.dot(claim.vector, passage.vector))


def _shared_names(claim: ClaimText, passage: Passage) -> float:
    if claim.entities and passage.entities:
        return len(claim.entities & passage.entities) / len(claim.entities)
    if not claim.names:
        return 0.0
    return len(claim.names & passage.names) / len(claim.names)


@dataclass
class Closeness:
    """How close one passage is to the claim."""

    embedding: float | None
    words: float
    names: float

    @property
    def score(self) -> float:
        """The ranking score: embedding and words together (words alone without a vector)."""
        if self.embedding is None:
            return self.words + 0.2 * self.names
        return 2.0 * (self.embedding - 0.75) + self.words + 0.2 * self.names


def closeness(claim: ClaimText, passage: Passage, stats: TermStats) -> Closeness:
    return Closeness(
        _embedding_similarity(claim, passage),
        _recall(claim, passage.words, stats),
        _shared_names(claim, passage),
    )


def rank_passages(
    claim: ClaimText, passages: Sequence[Passage], stats: TermStats
) -> list[tuple[Passage, Closeness]]:
    """The article's passages with their closeness to the claim, closest first."""
    scored = [(p, closeness(claim, p, stats)) for p in passages]
    scored.sort(key=lambda pc: (-pc[1].score, pc[0].start))
    return scored


FEATURES = (
    "emb",
    "has_emb",
    "words",
    "names",
    "article_emb_max",
    "article_words",
    "article_cosine",
    *(f"cue_{c}" for c in PASSAGE_CUES),
    *(f"context_{c}" for c in PASSAGE_CUES),
    *(f"article_{c}" for c in ("deny", "hedge", "confirm", "negation")),
    *(f"claim_{c}" for c in ("deny", "hedge", "negation", "modal", "question")),
    "emb_x_deny",
    "words_x_deny",
    "emb_x_hedge",
    "article_words_x_deny",
    "log_passages",
)


def features(
    claim: ClaimText,
    ranked: Sequence[tuple[Passage, Closeness]],
    index: int,
    article_terms: Counter[str],
    stats: TermStats,
) -> list[float]:
    """The feature vector of passage ``ranked[index]`` of one article (order: FEATURES)."""
    passage, close = ranked[index]
    embs = [c.embedding for _, c in ranked if c.embedding is not None]
    emb = close.embedding if close.embedding is not None else (max(embs) if embs else 0.7)
    top = [p for p, _ in ranked[:CONTEXT_PASSAGES]]
    n = max(len(ranked), 1)
    article_words = _recall(claim, article_terms, stats)

    def cue(p: Passage, name: str) -> float:
        return math.log1p(p.cue(name))

    deny = cue(passage, "deny")
    row = [
        emb,
        float(close.embedding is not None),
        close.words,
        close.names,
        max(embs) if embs else 0.7,
        article_words,
        _cosine(claim.terms, article_terms, stats),
        *(cue(passage, c) for c in PASSAGE_CUES),
        *(math.log1p(sum(p.cue(c) for p in top)) for c in PASSAGE_CUES),
        *(sum(p.cue(c) for p, _ in ranked) / n for c in ("deny", "hedge", "confirm", "negation")),
        *(
            math.log1p(claim.cues.get(c, 0))
            for c in ("deny", "hedge", "negation", "modal", "question")
        ),
        emb * deny,
        close.words * deny,
        emb * cue(passage, "hedge"),
        article_words * math.log1p(sum(p.cue("deny") for p in top)),
        math.log1p(n),
    ]
    return row


# ------------------------------------------------------------------------------- model


@dataclass
class StanceModel:
    """Standardisation, then dense layers (ReLU between, softmax at the end)."""

    classes: list[str]
    feature_names: list[str]
    mean: np.ndarray
    scale: np.ndarray
    layers: list[tuple[np.ndarray, np.ndarray]]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        x = (np.asarray(rows, dtype=np.float64) - self.mean) / self.scale
        for n, (weights, bias) in enumerate(self.layers):
            x = x @ weights + bias
            if n < len(self.layers) - 1:
                x = np.maximum(x, 0.0)
        x = x - x.max(axis=1, keepdims=True)
        e = np.exp(x)
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def predict(self, rows: Sequence[Sequence[float]]) -> list[str]:
        if not rows:
            return []
        return [self.classes[i] for i in self.probabilities(rows).argmax(axis=1)]

    def to_dict(self) -> dict[str, object]:
        return {
            "classes": self.classes,
            "features": self.feature_names,
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "layers": [{"weights": w.tolist(), "bias": b.tolist()} for w, b in self.layers],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> StanceModel:
        layers = [
            (np.asarray(layer["weights"]), np.asarray(layer["bias"]))
            for layer in data["layers"]  # type: ignore[attr-defined]
        ]
        return cls(
            list(data["classes"]),  # type: ignore[call-overload]
            list(data["features"]),  # type: ignore[call-overload]
            np.asarray(data["mean"]),
            np.asarray(data["scale"]),
            layers,
        )


@functools.cache
def load_model() -> StanceModel:
    """The stance model shipped in ``storyline/data/stance_model.json``."""
    model = StanceModel.from_dict(packaged_json("storyline.data", "stance_model.json"))
    if tuple(model.feature_names) != FEATURES:
        raise ValueError(
            "storyline/data/stance_model.json was trained on other features; "
            "retrain it with evals/stance.py --save"
        )
    return model


def reasons_for(passage: Passage, close: Closeness) -> list[str]:
    """Why a passage reads as it does: its cue words and how it matched the claim."""
    out = []
    if close.embedding is not None:
        out.append(f"similar {close.embedding:.2f}")
    out.append(f"claim words {close.words:.2f}")
    for name in ("deny", "hedge", "negation", "modal", "confirm"):
        if passage.cue(name):
            out.append(name)
    if passage.cue("question"):
        out.append("question")
    return out
