"""What the clustering compares: weighted terms, entities and a date per article.

Vectors are TF-IDF over :func:`storyline.link._text.terms` with scikit-learn's smoothed idf
formula; document frequencies come from the caller (the whole corpus for a batch run, the
running counts in the store for incremental runs), so both paths share one vector space.

>>> f = article_features_from_text("a1", "Missiles for Ukraine", "Ukraine gets missiles.", None)
>>> sorted(f.counts)
['missile', 'ukraine']
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from storyline.link._text import (
    Sentence,
    article_sentences,
    parse_date,
    split_sentences,
    term_counts,
)
from storyline.models import Article

#: Entity kinds that identify what a story is about (dates, numbers and the like do not).
TOPICAL_KINDS = frozenset({"person", "organization", "place", "group", "product", "other"})
#: How many of an article's terms are kept in its vector (the rest carry little weight).
VECTOR_TERMS = 120
TITLE_WEIGHT = 2
#: News is written as an inverted pyramid: the lead says which development an article is
#: about, the tail drifts into background shared with other stories. Only the lead counts.
LEAD_SENTENCES = 10


@dataclass
class ArticleFeatures:
    """The comparable summary of one article; ``counts`` are raw term frequencies."""

    article_id: str
    date: dt.date | None
    counts: Counter[str]
    lead_counts: Counter[str] = field(default_factory=Counter)
    entities: frozenset[str] = frozenset()
    outlet: str | None = None
    date_inferred: bool = False
    vector: dict[str, float] = field(default_factory=dict)
    lead_vector: dict[str, float] = field(default_factory=dict)


def article_features(article: Article, date: str | None = None) -> ArticleFeatures:
    """Features of ``article``; ``date`` overrides its publication date (e.g. an inferred one)."""
    title = article.meta.title.value or ""
    features = article_features_from_text(
        article.id,
        title,
        article.text,
        date or article.published,
        article.outlet,
        article_sentences(article),
    )
    features.entities = frozenset(
        (m.entity_id or m.canonical or m.text).lower()
        for m in article.mentions
        if m.kind in TOPICAL_KINDS
    )
    features.date_inferred = date is not None and date != article.published
    return features


def article_features_from_text(
    article_id: str,
    title: str,
    text: str,
    date: str | None,
    outlet: str | None = None,
    sentences: Sequence[Sentence] | None = None,
) -> ArticleFeatures:
    """Features of a text; ``sentences`` are its sentences with spans (default: the
    regex splitter's, for a text that is not an analysed article)."""
    sentences = list(split_sentences(text) if sentences is None else sentences)
    if title and sentences and sentences[0].text.strip() == title.strip():
        sentences = sentences[1:]
    lead: Counter[str] = Counter()
    for sentence in sentences[:LEAD_SENTENCES]:
        lead.update(term_counts(sentence.text))
    counts = term_counts(text)
    for term, n in term_counts(title or (sentences[0].text if sentences else "")).items():
        lead[term] += n * TITLE_WEIGHT
        counts[term] += n * TITLE_WEIGHT
    return ArticleFeatures(article_id, parse_date(date), counts, lead, outlet=outlet)


#: Background documents assumed to contain none of the terms. Without them a small corpus
#: that is all one story (five articles on one thread) calls its shared words uninformative.
BACKGROUND_DOCS = 50


def idf(df: int, n_docs: int) -> float:
    """scikit-learn's smoothed idf, over the corpus plus :data:`BACKGROUND_DOCS`."""
    return math.log((1 + n_docs + BACKGROUND_DOCS) / (1 + df)) + 1.0


def tfidf_vector(
    counts: Mapping[str, int], df: Mapping[str, int], n_docs: int, keep: int = VECTOR_TERMS
) -> dict[str, float]:
    """An L2-normalised sublinear TF-IDF vector of the ``keep`` heaviest terms."""
    weights = {t: (1.0 + math.log(c)) * idf(df.get(t, 0), n_docs) for t, c in counts.items()}
    if len(weights) > keep:
        kept = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:keep]
        weights = dict(kept)
    return normalized(weights)


def normalized(weights: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


class FixedVector(dict[str, float]):
    """A sparse vector that is compared many times and never changed: its norm is computed
    once (a story's centroid has thousands of terms; each timeline candidate is compared
    with it and with the other candidates of its day). Do not modify one after creating it.
    """

    __slots__ = ("norm",)

    def __init__(self, weights: Mapping[str, float]) -> None:
        super().__init__(weights)
        self.norm = _norm(self)


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vector.values()))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two sparse vectors (``a`` normalised, ``b`` any scale)."""
    if len(a) > len(b):
        a, b = b, a
    dot = 0.0
    for t, w in a.items():  # one after the other (sum() compensates from Python 3.12 on)
        dot += w * b.get(t, 0.0)
    if not dot:
        return 0.0
    na = a.norm if isinstance(a, FixedVector) else _norm(a)
    nb = b.norm if isinstance(b, FixedVector) else _norm(b)
    return dot / (na * nb) if na and nb else 0.0


def entity_overlap(a: frozenset[str], b: Mapping[str, int] | frozenset[str]) -> float:
    """Share of the smaller entity set found in the other (0 when either side has none)."""
    if not a or not b:
        return 0.0
    shared = sum(1 for e in a if e in b)
    return shared / min(len(a), len(b))
