"""Distinctive word choice: which 1-3-word lemmatised terms one outlet uses more than the
others covering the same story (or the same corpus), by the log-odds ratio with an
informative Dirichlet prior and its z-score (Monroe, Colaresi & Quinn 2008, "Fightin'
Words", eq. 22), read from the tokens the pipeline stored (no parse here).

For outlet *i* against the pooled others *j*, with counts ``y``, totals ``n`` and prior
``a_w = a0 * p_w`` from the pooled frequency ``p_w`` of all outlets:

    d_w = log((y_wi + a_w) / (n_i + a0 - y_wi - a_w)) - log((y_wj + a_w) / (n_j + a0 - y_wj - a_w))
    z_w = d_w / sqrt(1 / (y_wi + a_w) + 1 / (y_wj + a_w))

A term is kept only when the outlet uses it at least ``min_count`` times in at least
``min_articles`` articles, so one article does not make a pattern.

>>> from collections import Counter
>>> a, b = Counter({"illegal immigrant": 9, "border": 5}), Counter({"undocumented immigrant": 8, "border": 6})
>>> scores = log_odds_z(a, b, a + b, prior_size=10)
>>> scores["illegal immigrant"][1] > 1.96 > scores["border"][1]
True
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from storyline.data_files import packaged_toml
from storyline.models import Article, Citation, DistinctiveTerm

__all__ = [
    "CONTENT_POS",
    "TermIndex",
    "WordChoiceParams",
    "distinctive_terms",
    "log_odds_z",
    "term_index",
]

#: Parts of speech a term may begin and end with (no article, preposition, pronoun, number).
CONTENT_POS = frozenset(["NOUN", "PROPN", "ADJ", "VERB", "ADV"])
#: Parts of speech that end a phrase: a term never runs across them.
BREAK_POS = frozenset(["PUNCT", "SYM", "NUM", "X", "SPACE"])
#: Lemmas that carry no word choice even where tagged as content ("say", "be").
LIGHT_LEMMAS = frozenset(
    packaged_toml("storyline.link", "words.toml")["word_choice"]["light_lemmas"]
)


@dataclass(frozen=True)
class WordChoiceParams:
    """The thresholds of the statistic (see :class:`~storyline.config.Settings`)."""

    prior_size: float = 500.0
    min_count: int = 3
    min_articles: int = 2
    min_z: float = 1.96
    max_terms: int = 25
    max_examples: int = 3


@dataclass
class TermIndex:
    """Every term of a set of articles: counts per article, surface forms and spans."""

    counts: dict[str, Counter[str]]  # article id -> term -> uses
    forms: dict[str, Counter[str]]  # term -> surface form -> uses
    spans: dict[tuple[str, str], list[tuple[int, int]]]  # (article id, term) -> spans


def article_terms(article: Article, max_n: int = 3) -> Iterable[tuple[str, int, int]]:
    """Every 1-``max_n``-word term of ``article`` as (lemmas joined by spaces, start, end).

    A term stays inside one sentence, crosses no punctuation or number, and begins and
    ends with a content word that is not a light verb.
    """
    t = article.tokens
    bounds = set(t.sentences)
    size = len(t.lemmas)
    for i in range(size):
        if not _edge(t.pos[i], t.lemmas[i]):
            continue
        for n in range(1, max_n + 1):
            j = i + n - 1
            if j >= size or (n > 1 and j in bounds) or t.pos[j] in BREAK_POS:
                break
            if _edge(t.pos[j], t.lemmas[j]):
                yield " ".join(t.lemmas[i : j + 1]), t.starts[i], t.ends[j]


def _edge(pos: str, lemma: str) -> bool:
    return pos in CONTENT_POS and lemma not in LIGHT_LEMMAS and any(c.isalpha() for c in lemma)


def term_index(articles: Iterable[Article], max_n: int = 3) -> TermIndex:
    """Count the terms of ``articles`` (read once; see :func:`article_terms`)."""
    index = TermIndex({}, defaultdict(Counter), defaultdict(list))
    for article in articles:
        counts: Counter[str] = Counter()
        for term, start, end in article_terms(article, max_n):
            counts[term] += 1
            index.forms[term][article.text[start:end]] += 1
            index.spans[(article.id, term)].append((start, end))
        index.counts[article.id] = counts
    return index


def log_odds_z(
    mine: Mapping[str, int],
    others: Mapping[str, int],
    pooled: Mapping[str, int],
    prior_size: float,
    terms: Iterable[str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Log-odds ratio (mine vs others) with an informative Dirichlet prior, and its z-score,
    for ``terms`` (default: every term of ``mine``); the prior is ``pooled`` scaled to
    ``prior_size`` pseudo-counts."""
    n_mine = sum(mine.values())
    n_others = sum(others.values())
    n_pooled = sum(pooled.values()) or 1
    out = {}
    for term in mine if terms is None else terms:
        y_i = mine.get(term, 0)
        alpha = prior_size * max(pooled.get(term, 0), y_i) / n_pooled
        y_j = others.get(term, 0)
        # the rest of the vocabulary, floored: a story whose outlets share one word has none
        rest_i = max(n_mine + prior_size - y_i - alpha, 0.5)
        rest_j = max(n_others + prior_size - y_j - alpha, 0.5)
        delta = math.log((y_i + alpha) / rest_i) - math.log((y_j + alpha) / rest_j)
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        out[term] = (delta, delta / math.sqrt(variance))
    return out


def distinctive_terms(
    groups: Mapping[str, Sequence[Article]],
    params: WordChoiceParams = WordChoiceParams(),
    index: TermIndex | None = None,
    loaded: frozenset[str] = frozenset(),
) -> dict[str, list[DistinctiveTerm]]:
    """Per outlet, its distinctive terms against the other outlets of ``groups``, best first.

    ``groups`` maps outlets to their articles (copies of another outlet's article left out by
    the caller). Terms in ``loaded`` are marked as loaded language.
    """
    index = index or term_index(a for arts in groups.values() for a in arts)
    totals: dict[str, Counter[str]] = {}
    reach: dict[str, Counter[str]] = {}
    for outlet, articles in groups.items():
        total: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for article in articles:
            counts = index.counts.get(article.id, Counter())
            total.update(counts)
            seen.update(counts.keys())
        totals[outlet], reach[outlet] = total, seen
    pooled: Counter[str] = Counter()
    for total in totals.values():
        pooled.update(total)
    out: dict[str, list[DistinctiveTerm]] = {}
    for outlet, articles in groups.items():
        mine = totals[outlet]
        eligible = [
            t
            for t, n in mine.items()
            if n >= params.min_count and reach[outlet][t] >= params.min_articles
        ]
        others = pooled - mine
        scores = log_odds_z(mine, others, pooled, params.prior_size, eligible)
        ranked = sorted(
            (t for t, (_, z) in scores.items() if z >= params.min_z),
            key=lambda t: (-scores[t][1], t),
        )
        kept = _without_overlaps(ranked, mine)[: params.max_terms]
        out[outlet] = [
            DistinctiveTerm(
                term=t,
                count=mine[t],
                articles=reach[outlet][t],
                others={o: totals[o][t] for o in sorted(groups) if o != outlet},
                forms=_forms(index, articles, t),
                log_odds=round(scores[t][0], 3),
                z=round(scores[t][1], 2),
                loaded=t in loaded,
                examples=_examples(index, articles, t, outlet, params.max_examples),
            )
            for t in kept
        ]
    return out


def _without_overlaps(ranked: Sequence[str], counts: Mapping[str, int]) -> list[str]:
    """Keep one of two nested terms used (nearly) as often, the longer: "illegal immigrant"
    rather than "illegal" when "illegal" is nearly always "illegal immigrant"."""

    def nested(a: str, b: str) -> bool:
        return a != b and f" {a} " in f" {b} " and counts[a] <= counts[b] / 0.8

    return [t for t in ranked if not any(nested(t, other) for other in ranked)]


def _forms(index: TermIndex, articles: Sequence[Article], term: str) -> dict[str, int]:
    forms: Counter[str] = Counter()
    for article in articles:
        for start, end in index.spans.get((article.id, term), ()):
            forms[article.text[start:end]] += 1
    return dict(forms.most_common())


def _examples(
    index: TermIndex, articles: Sequence[Article], term: str, outlet: str, limit: int
) -> list[Citation]:
    """The first use in each article, up to ``limit`` articles."""
    out = []
    for article in articles:
        spans = index.spans.get((article.id, term))
        if spans:
            out.append(Citation(article.id, spans[0][0], spans[0][1], outlet))
            if len(out) >= limit:
                break
    return out
