"""Which mentions of a day are evidence that something happened on it: a learned vote.

Counting ranks a story's days by how many articles date something to them, so every mention
votes alike: a dateline ("TRIPOLI | Tue Mar 1, 2011 6:36 pm EST"), a reader comment's
timestamp, "on Tuesday" in that day's own market wrap, a schedule ("the poll was conducted
June 3 to 6") and a chronology line recalling the day months later. Here each mention of a
day gets a probability that its day is a development of the story, from what the link stage
can read of it (:data:`MENTION_FEATURES`): how the date was written (absolute, relative to
the publication day or to a previous date, year guessed, a clock time beside it), how long
before or after the article's publication the day lies, where the mention sits in the
article and in its sentence, whether the sentence reports in the past tense or announces,
how many dates it lists, and how the story as a whole treats the day (its rank by articles
mentioning it and by articles published on it), so the model can learn to re-weight
counting rather than replace it.

A day's score is the sum over articles of the most probable of that article's mentions of
it (:func:`mention_day_scores`); :func:`blend_scores` mixes it with counting.
:func:`fit_mention_model` fits the logistic regression (scikit-learn) on stories with
reference timelines; ``evals/timeline_days.py --train`` fits it on every reference topic and
ships it as ``data/timeline_mentions.json`` (with a share above 0) only when, held out, it
ranks days better than counting.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import Any

from storyline.data_files import packaged_json, write_packaged_json
from storyline.link._text import Sentence, article_sentences, parse_date
from storyline.link.timeline_days import _FUTURE, FEATURES, _past_tense, day_mentions
from storyline.models import Article

__all__ = [
    "MENTION_FEATURES",
    "MENTION_ONLY",
    "MentionModel",
    "MentionRow",
    "blend_scores",
    "fit_mention_model",
    "load_mention_model",
    "mention_day_scores",
    "mention_rows",
    "rank_days_by_mentions",
    "save_mention_model",
]

MENTION_FEATURES = (
    "absolute",  # written out in full ("June 3, 2010")
    "from_publication",  # relative to the publication day ("on Tuesday", "yesterday")
    "from_previous",  # relative to a date mentioned before it
    "year_inferred",  # written without its year
    "clock_time",  # a clock time beside it (a dateline, a timestamp)
    "lag",  # days from the day to the publication, signed, log-scaled
    "same_day",  # published on the day itself
    "within_week",  # published 1..7 days after it (fresh news)
    "recalled",  # published more than a week after it
    "ahead",  # published before it (announced, scheduled)
    "position",  # the sentence's place in the article, 0 (first) .. 1 (last)
    "lead",  # in the article's first three sentences
    "starts_sentence",  # the sentence opens with the date (a chronology line)
    "sentence_words",  # log words of the sentence
    "sentence_dates",  # log dates the sentence mentions
    "past",  # the sentence has a verb in the simple past
    "future",  # the sentence announces (will, set to, scheduled ...)
    "statement",  # the sentence is a full declarative sentence
    "article_days",  # log distinct days the article mentions
    "article_mentions",  # log times the article mentions this day
    "day_articles",  # the day's rank in the story by articles mentioning it (0..1)
    "day_published",  # ... by articles published on it
    "day_burst",  # ... by the publication burst that starts on it
)
MODEL_FILE = "timeline_mentions.json"
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s?[ap]\.?m\b|\b(?:GMT|EST|EDT|BST|UTC)\b", re.I)
_WORD = re.compile(r"\w+")
#: characters either side of a mention where a clock time makes it a timestamp
_CLOCK_WINDOW = 30


@dataclass(frozen=True)
class MentionRow:
    """One day-precision date mention: its day, its article and its features."""

    day: str
    article_id: str
    vector: tuple[float, ...]


def _sentence_of(sentences: Sequence[Sentence], start: int) -> tuple[int, Sentence | None]:
    for i, s in enumerate(sentences):
        if s.start <= start < s.end:
            return i, s
    return len(sentences), None


def mention_rows(
    articles: Sequence[Article], day_features: Mapping[str, Sequence[float]]
) -> list[MentionRow]:
    """Every day-precision date mention of the story with its :data:`MENTION_FEATURES`.

    ``day_features`` is :func:`storyline.link.timeline_days.day_features` of the same
    articles (its ranks of each day within the story).
    """
    from storyline.link.timeline import is_statement

    ranks = [FEATURES.index(n) for n in ("mentions", "published", "burst")]
    rows: list[MentionRow] = []
    for article in articles:
        mentions = [m for m in day_mentions(article) if m.value[:10] in day_features]
        if not mentions:
            continue
        pub = parse_date(article.published)
        sentences = article_sentences(article)
        located = [_sentence_of(sentences, m.start) for m in mentions]
        per_sentence: dict[int, int] = defaultdict(int)
        per_day: dict[str, int] = defaultdict(int)
        for (index, _), m in zip(located, mentions, strict=True):
            per_sentence[index] += 1
            per_day[m.value[:10]] += 1
        last = max(1, len(sentences) - 1)
        for (index, sentence), m in zip(located, mentions, strict=True):
            day = m.value[:10]
            when = dt.date.fromisoformat(day)  # a key of day_features: a day that parses
            lag = (pub - when).days if pub is not None else 0
            text = sentence.text if sentence else ""
            near = article.text[max(0, m.start - _CLOCK_WINDOW) : m.end + _CLOCK_WINDOW]
            opens = sentence is not None and not article.text[sentence.start : m.start].strip(
                " \t-–—•*([\"'"
            )
            features = day_features[day]
            rows.append(
                MentionRow(
                    day,
                    article.id,
                    (
                        float(m.anchor is None),
                        float(m.anchor == "dct"),
                        float(m.anchor == "previous"),
                        float(m.year_inferred),
                        float(
                            m.type == "TIME" or m.precision == "time" or bool(_CLOCK.search(near))
                        ),
                        math.copysign(math.log1p(abs(lag)), lag),
                        float(lag == 0),
                        float(0 < lag <= 7),
                        float(lag > 7),
                        float(lag < 0),
                        min(index, last) / last,
                        float(index < 3),
                        float(opens),
                        math.log1p(len(_WORD.findall(text))),
                        math.log1p(per_sentence[index]),
                        float(bool(_past_tense().search(text))),
                        float(bool(_FUTURE.search(text))),
                        float(is_statement(text)),
                        math.log1p(len(per_day)),
                        math.log1p(per_day[day]),
                        *(float(features[i]) for i in ranks),
                    ),
                )
            )
    return rows


#: The features that describe the mention itself (not how the story treats its day): with
#: the day's ranks as well, held out, the model learned to count again and ranked worse.
MENTION_ONLY = tuple(f for f in MENTION_FEATURES if not f.startswith("day_"))


@dataclass(frozen=True)
class MentionModel:
    """A logistic regression over the standardised ``features`` (names of
    :data:`MENTION_FEATURES`), and the share of its day score in the day ranking
    (:func:`blend_scores`: 0 is counting alone, 1 the learned score alone)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float = 0.0
    share: float = 1.0
    trained_on: tuple[str, ...] = ()

    @cached_property
    def _columns(self) -> tuple[int, ...]:
        return tuple(MENTION_FEATURES.index(f) for f in self.features)

    def probabilities(self, vectors: Sequence[Sequence[float]]) -> list[float]:
        """For each mention's features (a :class:`MentionRow` vector), the probability that
        its day is a development of the story."""
        import numpy as np

        if not vectors:
            return []
        x = np.array(vectors, dtype=float)[:, list(self._columns)]
        scale = np.array(self.scale)
        z = ((x - np.array(self.mean)) / np.where(scale == 0, 1.0, scale)) @ np.array(self.weights)
        return list((1.0 / (1.0 + np.exp(-np.clip(z + self.intercept, -50.0, 50.0)))).tolist())

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MentionModel:
        names = {"features", "trained_on"}  # the other lists are numbers
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in data:
                value = data[f.name]
                kind = str if f.name in names else float
                values[f.name] = (
                    tuple(kind(x) for x in value) if isinstance(value, list) else float(value)
                )
        return cls(**values)


def mention_day_scores(rows: Sequence[MentionRow], model: MentionModel) -> dict[str, float]:
    """Each day's learned score: over the articles that mention it, the sum of the most
    probable of each article's mentions of it."""
    probabilities = model.probabilities([row.vector for row in rows])
    best: dict[tuple[str, str], float] = {}
    for row, p in zip(rows, probabilities, strict=True):
        key = (row.day, row.article_id)
        if p > best.get(key, -1.0):
            best[key] = p
    out: dict[str, float] = defaultdict(float)
    for (day, _), p in best.items():
        out[day] += p
    return dict(out)


def blend_scores(
    days: Collection[str], rows: Sequence[MentionRow], learned: Mapping[str, float], share: float
) -> dict[str, float]:
    """Each of ``days`` scored ``(1 - share) * log(1 + articles mentioning it) + share *
    log(1 + learned score)``; counting breaks the ties of the learned score alone."""
    articles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        articles[row.day].add(row.article_id)
    out = {}
    for day in days:
        counted, score = math.log1p(len(articles.get(day, ()))), math.log1p(learned.get(day, 0.0))
        out[day] = (1 - share) * counted + share * score + 1e-6 * counted
    return out


def rank_days_by_mentions(
    days: Collection[str], rows: Sequence[MentionRow], model: MentionModel
) -> list[tuple[str, float]]:
    """Every one of ``days`` with its :func:`blend_scores` score, best first (ties: the
    earlier day first)."""
    scores = blend_scores(days, rows, mention_day_scores(rows, model), model.share)
    return sorted(scores.items(), key=lambda p: (-p[1], p[0]))


def fit_mention_model(
    stories: Sequence[tuple[Sequence[MentionRow], Collection[str]]],
    used: Sequence[str] = MENTION_ONLY,
    c: float = 1.0,
    share: float = 1.0,
    trained_on: Sequence[str] = (),
) -> MentionModel:
    """A logistic regression of "the mention's day is in the reference timeline".

    ``stories`` pairs each story's :func:`mention_rows` with its reference days; only the
    features named in ``used`` are learned from. Each story weighs the same, and within it
    the mentions of reference days as much as the others.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    columns = [MENTION_FEATURES.index(f) for f in used]
    xs, ys, ws = [], [], []
    for rows, reference in stories:
        labels = np.array([row.day in reference for row in rows])
        if labels.all() or not labels.any():
            continue
        xs.append(np.array([[row.vector[i] for i in columns] for row in rows], dtype=float))
        ys.append(labels)
        ws.append(np.where(labels, 1 / labels.sum(), 1 / (~labels).sum()))
    x = np.vstack(xs)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    weights = np.concatenate(ws)
    model = LogisticRegression(C=c, max_iter=3000)
    # weights summing to the number of mentions keep ``c`` on its usual scale
    model.fit(
        (x - mean) / scale, np.concatenate(ys), sample_weight=weights * len(x) / weights.sum()
    )
    return MentionModel(
        tuple(used),
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(w), 6) for w in model.coef_[0]),
        round(float(model.intercept_[0]), 6),
        share,
        tuple(trained_on),
    )


def save_mention_model(model: MentionModel, path: Path | None = None) -> Path:
    """Write the model where :func:`load_mention_model` finds it (the package's data folder)."""
    return write_packaged_json("storyline.data", MODEL_FILE, model.to_dict(), path)


def load_mention_model() -> MentionModel | None:
    """The shipped mention model; None when the package carries none, or one whose
    features this version no longer computes."""
    try:
        model = MentionModel.from_dict(packaged_json("storyline.data", MODEL_FILE))
    except FileNotFoundError:
        return None
    return model if set(model.features) <= set(MENTION_FEATURES) else None
