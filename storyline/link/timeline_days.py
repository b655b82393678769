"""Which days of a story matter: per-day evidence and a fitted linear model that ranks days.

For every day that an article mentions (a resolved day-precision date) or was published on,
:func:`day_features` measures the evidence the whole story gives for it: how many articles
and outlets date something to it, whether they do so soon after it (fresh news), long after
(a day worth recalling) or before it (a schedule), how many articles appeared on it and the
next day (a publication burst against the story's usual rate), and how many of the
sentences that date something to it announce rather than report (future cues).

:class:`DayModel` is a linear score over those features, shipped as
``data/timeline_days.json``: a logistic regression (:func:`fit_day_model`) that re-ranks
the days most articles mention (as many as 1.5 times the timeline's length) by how many
articles date something to them and how much of what they say of the day is told in the
past tense (it happened) rather than announced or recalled. ``evals/timelines.py --train``
fits it on the reference timelines and scores it leave-one-topic-out beside plain counting
(:data:`COUNTING`, also the fallback without that file).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from storyline.data_files import packaged_json, packaged_toml, write_packaged_json
from storyline.link._text import article_sentences, parse_date
from storyline.models import Article, DateMention

__all__ = [
    "FEATURES",
    "COUNTING",
    "DayModel",
    "day_features",
    "day_mentions",
    "fit_day_model",
    "head_days",
    "load_day_model",
    "rank_days",
    "save_day_model",
]

FEATURES = (
    "mentions",  # articles dating something to the day
    "mentions_fresh",  # ... published within a week after it
    "mentions_later",  # ... published more than a week after it (recalled)
    "mentions_before",  # ... published before it (announced, scheduled)
    "outlets",  # outlets dating something to it
    "mention_count",  # all mentions, an article may recall a day several times
    "published",  # articles published on the day
    "published_next",  # ... on the day after (next-day reports)
    "burst",  # articles published over the day and the next two, against the story's rate
    "future_share",  # share of the day's dated sentences that announce rather than report
    "mentions_share",  # mentions over the story's most mentioned day
    "past_share",  # share of the day's dated sentences told in the past tense (happened)
)
MODEL_FILE = "timeline_days.json"
_KEPT_AS_IS = frozenset({"future_share", "mentions_share", "past_share"})
_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
_FUTURE = re.compile(
    r"\b(will|would|shall|to be held|is to|are to|set to|set for|scheduled|expected to|"
    r"plans? to|due to|next week|next month|upcoming|deadline)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _past_tense() -> re.Pattern[str]:
    """A verb in the simple past: a regular "-ed" form or one of the listed irregular ones."""
    data = packaged_toml("storyline.link", "timeline_words.toml")
    irregular = "|".join(re.escape(w) for w in data["past"])
    return re.compile(rf"\b(?:\w{{2,}}ed|{irregular})\b", re.IGNORECASE)


def day_mentions(article: Article) -> list[DateMention]:
    """The article's resolved day-precision date mentions (a day, or a time on a day)."""
    return [
        m
        for m in article.dates
        if m.type in ("DATE", "TIME") and _DAY.match(m.value) and m.precision in ("day", "time")
    ]


def _days(article: Article) -> list[tuple[str, int]]:
    """(day, start) of each of the article's :func:`day_mentions`."""
    return [(m.value[:10], m.start) for m in day_mentions(article)]


def day_features(articles: Sequence[Article]) -> dict[str, list[float]]:
    """Every candidate day (ISO) of the story with its feature vector (in ``FEATURES`` order)."""
    mentions: dict[str, set[str]] = defaultdict(set)
    fresh: dict[str, set[str]] = defaultdict(set)
    later: dict[str, set[str]] = defaultdict(set)
    before: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    count: dict[str, int] = defaultdict(int)
    future: dict[str, int] = defaultdict(int)
    past: dict[str, int] = defaultdict(int)
    published: dict[str, int] = defaultdict(int)
    for article in articles:
        pub = parse_date(article.published)
        if pub is not None:
            published[pub.isoformat()] += 1
        days = _days(article)
        if not days:
            continue
        sentences = article_sentences(article)
        for day, start in days:
            try:
                when = dt.date.fromisoformat(day)
            except ValueError:
                continue
            mentions[day].add(article.id)
            outlets[day].add(article.outlet or article.id)
            count[day] += 1
            if pub is not None:
                lag = (pub - when).days
                (before if lag < 0 else fresh if lag <= 7 else later)[day].add(article.id)
            sentence = next((s.text for s in sentences if s.start <= start < s.end), "")
            if _FUTURE.search(sentence):
                future[day] += 1
            if _past_tense().search(sentence):
                past[day] += 1
    candidates = set(mentions) | set(published)
    span = sorted(published)
    rate = sum(published.values()) / max(1, _days_between(span[0], span[-1]) + 1) if span else 0.0
    top = max((len(v) for v in mentions.values()), default=1)
    out: dict[str, list[float]] = {}
    for day in candidates:
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            continue
        nxt = [(when + dt.timedelta(days=i)).isoformat() for i in range(3)]
        window = sum(published.get(d, 0) for d in nxt)
        out[day] = [
            math.log1p(len(mentions[day])),
            math.log1p(len(fresh[day])),
            math.log1p(len(later[day])),
            math.log1p(len(before[day])),
            math.log1p(len(outlets[day])),
            math.log1p(count[day]),
            math.log1p(published.get(day, 0)),
            math.log1p(published.get(nxt[1], 0)),
            math.log((window + 1) / (3 * rate + 1)),
            future[day] / count[day] if count[day] else 0.0,
            len(mentions[day]) / top,
            past[day] / count[day] if count[day] else 0.0,
        ]
    return _relative(out)


def _relative(vectors: dict[str, list[float]]) -> dict[str, list[float]]:
    """Each count as its rank among the story's days (0..1), so that what is learned on
    stories of hundreds of articles carries over to stories of five and the reverse."""
    days = sorted(vectors)
    if len(days) < 2:
        return vectors
    out = {day: list(v) for day, v in vectors.items()}
    for column, name in enumerate(FEATURES):
        if name in _KEPT_AS_IS:
            continue
        values = sorted(vectors[d][column] for d in days)
        for day in days:
            x = vectors[day][column]
            below = bisect.bisect_left(values, x)
            equal = bisect.bisect_right(values, x) - below
            out[day][column] = (below + (equal - 1) / 2) / (len(days) - 1)
    return out


def _days_between(first: str, last: str) -> int:
    return (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days


@dataclass(frozen=True)
class DayModel:
    """A linear day score: standardised features times fitted weights (a logistic regression)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float = 0.0
    trained_on: tuple[str, ...] = ()
    #: > 0: only the ``head * length`` days most articles mention are re-ranked by the
    #: score (see :func:`rank_days`); 0: every day is scored.
    head: float = 0.0

    def score(self, vector: Sequence[float]) -> float:
        z = self.intercept
        for x, m, s, w in zip(vector, self.mean, self.scale, self.weights, strict=True):
            z += w * (x - m) / (s or 1.0)
        return z

    def to_dict(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "trained_on": list(self.trained_on),
            "head": self.head,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DayModel:
        def floats(key: str) -> tuple[float, ...]:
            return tuple(float(x) for x in data[key])  # type: ignore[attr-defined]

        return cls(
            tuple(str(f) for f in data["features"]),  # type: ignore[attr-defined]
            floats("mean"),
            floats("scale"),
            floats("weights"),
            float(data.get("intercept", 0.0)),  # type: ignore[arg-type]
            tuple(str(t) for t in data.get("trained_on", ())),  # type: ignore[attr-defined]
            float(data.get("head", 0.0)),  # type: ignore[arg-type]
        )


#: Days ranked by how many articles date something to them (ties: the earlier day first).
#: On the reference timelines no fitted re-ranking beat it on topics it was not fitted on,
#: so it is both the shipped model and the fallback.
COUNTING = DayModel(
    FEATURES,
    (0.0,) * len(FEATURES),
    (1.0,) * len(FEATURES),
    tuple(1.0 if f == "mentions" else 0.0 for f in FEATURES),
    trained_on=("counting",),
)
FALLBACK = COUNTING


def head_days(features: Mapping[str, Sequence[float]], size: int) -> list[str]:
    """The ``size`` days most articles date something to (ties: the earlier day first)."""
    column = FEATURES.index("mentions")
    return sorted(features, key=lambda d: (-features[d][column], d))[:size]


def rank_days(
    features: Mapping[str, Sequence[float]], model: DayModel, length: int
) -> list[tuple[str, float]]:
    """Every day of the story with its score, best first.

    A model with a ``head`` re-ranks only the ``ceil(head * length)`` days most articles
    mention (their features ranked again among themselves), then the other days follow in
    that count order; without one every day is scored alike.
    """
    if model.head <= 0:
        scored = [(day, model.score(vector)) for day, vector in features.items()]
        return sorted(scored, key=lambda p: (-p[1], p[0]))
    counted = head_days(features, len(features))
    size = max(1, math.ceil(model.head * length))
    head = _relative({day: list(features[day]) for day in counted[:size]})
    ranked = sorted(((day, model.score(v)) for day, v in head.items()), key=lambda p: (-p[1], p[0]))
    floor = min((score for _, score in ranked), default=0.0)
    return ranked + [(day, floor - 1 - i) for i, day in enumerate(counted[size:])]


def fit_day_model(
    stories: Sequence[tuple[Mapping[str, Sequence[float]], Collection[str]]],
    used: Sequence[str] = ("mentions", "past_share"),
    head: float = 1.5,
    c: float = 0.1,
    trained_on: Sequence[str] = (),
) -> DayModel:
    """A logistic regression of "the day is in the reference timeline", fitted on stories.

    ``stories`` pairs each story's :func:`day_features` with its reference days. Only the
    head of each story is learned from (the ``head * len(reference)`` days most articles
    mention, their features ranked among themselves), the days a timeline of that length
    chooses between; each story weighs the same, its reference days as much as the others.
    Features not in ``used`` get no weight.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    columns = [FEATURES.index(name) for name in used]
    xs, ys, ws = [], [], []
    for features, reference in stories:
        size = max(1, math.ceil(head * len(reference)))
        rows = _relative({day: list(features[day]) for day in head_days(features, size)})
        labels = np.array([day in reference for day in rows])
        if labels.all() or not labels.any():
            continue
        xs.append(np.array([[vector[i] for i in columns] for vector in rows.values()]))
        ys.append(labels)
        ws.append(np.where(labels, 1 / labels.sum(), 1 / (~labels).sum()))
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws))
    weights = [0.0] * len(FEATURES)
    for i, w in zip(columns, model.coef_[0], strict=True):
        weights[i] = round(float(w), 6)
    return DayModel(
        FEATURES,
        (0.0,) * len(FEATURES),
        (1.0,) * len(FEATURES),
        tuple(weights),
        round(float(model.intercept_[0]), 6),
        tuple(trained_on),
        head,
    )


def save_day_model(model: DayModel, path: Path | None = None) -> Path:
    """Write the model where :func:`load_day_model` finds it (the package's data folder)."""
    return write_packaged_json("storyline.data", MODEL_FILE, model.to_dict(), path)


def load_day_model() -> DayModel:
    """The shipped day model, or :data:`FALLBACK` when the package carries none."""
    try:
        model = DayModel.from_dict(packaged_json("storyline.data", MODEL_FILE))
    except FileNotFoundError:
        return FALLBACK
    return model if model.features == FEATURES else FALLBACK
