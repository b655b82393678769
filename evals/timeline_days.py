"""Day selection held out: counting against learned and graph rankings, and where it errs.

Every topic of Timeline17 (10, English) and ML-Crisis (4 x es, fr, it) is scored
leave-one-topic-out over all 22: a ranking fitted on the 21 others picks as many days as the
topic's reference timeline has, among the days a timeline can tell
(:func:`storyline.link.timeline.candidate_days`); printed is the date F1 of those days
against the reference days, per corpus:

* ``counting``: days ranked by how many articles date something to them (the shipped
  model, :data:`storyline.link.timeline_days.COUNTING`);
* ``daymodel``: :func:`storyline.link.timeline_days.fit_day_model` fitted on both corpora
  together (T17 alone fitted it before);
* ``datewise``: news-tls's Datewise date ranker: for each day the sentences and the
  documents that mention it, split by whether they were published after or before it, and
  the documents published on it; each column L2-normalised within the topic; a linear
  regression of "the day is in the reference timeline" (their ``SupervisedDateRanker``);
* ``pagerank``: the date-reference graph (Tran et al. 2013): an edge from the day an
  article was published to each day it mentions, weighted by the articles; days ranked by
  PageRank;
* ``datewise+pr``: a logistic regression over the Datewise features and the PageRank;
* ``spread``: counting, but a day next to one already picked loses some of its score
  (publication bursts fill a sparse timeline with neighbouring days); the window, the
  penalty and the density below which it applies are chosen on the other topics;
* ``mentions``: :mod:`storyline.link.timeline_mentions`: a logistic regression over each
  day mention's own features (written out or relative, clock time beside it, days before
  the publication, place in the article and the sentence, tense, dates in the sentence)
  of "the mention's day is a reference day"; a day scores the sum over articles of each
  article's most probable mention of it;
* ``mentions+days``: the same with the day's ranks in the story (articles mentioning it,
  published on it, burst) among the mention's features;
* ``mentions+count``: ``(1 - share) * log(1 + articles) + share * log(1 + mention score)``,
  the share chosen on the other topics.

``--train`` fits ``mentions`` on every topic and writes it into the package
(``storyline/data/timeline_mentions.json``): with share 1 (it ranks the days) only when,
held out, it beats counting over the 22 topics and does not lose on the T17 development
topics; otherwise with share 0 (counting ranks them). ``--rankers a,b`` scores only those.

``--span reference`` applies the news-tls protocol (only articles and days within the
reference timeline's first..last day, :func:`timelines.within_reference_span`).
``--diagnose`` prints, per T17 topic, the ceiling (share of reference days that are
candidate days at all), counting's top-K share, and counting over the HeidelTime dates
that ``articles.json`` carries (year and month dates are stored there as their first day,
so the 1st of a month is ambiguous: a column leaves those days out).

    .venv/bin/python evals/timeline_days.py [--span all|reference] [--diagnose] [--per-topic]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timelines  # noqa: E402

from storyline.link.timeline import candidate_days  # noqa: E402
from storyline.link.timeline_days import (  # noqa: E402
    COUNTING,
    day_features,
    day_mentions,
    fit_day_model,
    rank_days,
)
from storyline.link.timeline_mentions import (  # noqa: E402
    MENTION_FEATURES,
    MENTION_ONLY,
    MentionModel,
    MentionRow,
    blend_scores,
    fit_mention_model,
    mention_day_scores,
    mention_rows,
    save_mention_model,
)
from storyline.models import Article  # noqa: E402

_DAY = re.compile(r"^\d{4}-\d\d-\d\d")
#: Datewise's date statistics, in news-tls's order.
DATEWISE = (
    "sents_total",
    "sents_before",  # sentences that mention the day from an article published after it
    "sents_after",  # ... from an article published before it
    "docs_total",
    "docs_before",
    "docs_after",
    "docs_published",
)


@dataclass
class TopicDays:
    corpus: str  # t17, es, fr, it
    name: str
    gold: set[str]
    features: dict[str, list[float]]  # storyline's day features of the candidate days
    datewise: dict[str, list[float]] = field(default_factory=dict)
    pagerank: dict[str, float] = field(default_factory=dict)
    mentions: list[MentionRow] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.corpus}/{self.name}"


def _day_mentions(article: Article) -> list[str]:
    return [m.value[:10] for m in day_mentions(article)]


def datewise_statistics(articles: Sequence[Article], days: Sequence[str]) -> dict[str, list[float]]:
    """Each day's :data:`DATEWISE` counts (news-tls ``extract_date_statistics``)."""
    stats = {day: [0.0] * len(DATEWISE) for day in days}
    for article in articles:
        published = (article.published or "")[:10]
        if published in stats:
            stats[published][6] += 1
        mentioned = _day_mentions(article)
        for day in mentioned:
            if day not in stats:
                continue
            stats[day][0] += 1
            if day != published:
                stats[day][1 if day < published else 2] += 1
        for day in set(mentioned) & set(stats):
            stats[day][3] += 1
            if day != published:
                stats[day][4 if day < published else 5] += 1
    return stats


def reference_graph_rank(articles: Sequence[Article], days: Sequence[str]) -> dict[str, float]:
    """PageRank of each day in the date-reference graph: an edge from an article's
    publication day to every other day it mentions, weighted by how many articles do."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(days)
    edges: Counter[tuple[str, str]] = Counter()
    for article in articles:
        published = (article.published or "")[:10]
        for day in set(_day_mentions(article)):
            if day != published and day in graph and published in graph:
                edges[(published, day)] += 1
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in edges.items())
    return dict(nx.pagerank(graph, alpha=0.85, weight="weight"))


def topic_days(corpus: str, topic: timelines.Topic, span: str, cache: Path) -> TopicDays:
    articles = timelines.with_sentences(topic, timelines.analyse(topic, cache, None), cache)
    if span == "reference":
        articles = timelines.within_reference_span(articles, sorted(topic.gold))
    features = day_features(articles)
    days = sorted(candidate_days(articles) & set(features))
    kept = {d: features[d] for d in days}
    return TopicDays(
        corpus,
        topic.name,
        set(topic.gold),
        kept,
        datewise_statistics(articles, days),
        reference_graph_rank(articles, days),
        mention_rows(articles, kept),
    )


def _normalised(rows: Mapping[str, Sequence[float]]):  # type: ignore[no-untyped-def]
    import numpy as np

    days = sorted(rows)
    x = np.array([rows[d] for d in days], dtype=float).reshape(len(days), -1)
    norm = np.linalg.norm(x, axis=0)
    norm[norm == 0] = 1.0
    return days, x / norm


def _columns(topic: TopicDays, with_rank: bool) -> dict[str, list[float]]:
    return {
        d: topic.datewise[d] + ([topic.pagerank[d]] if with_rank else []) for d in topic.features
    }


def _regression_rank(topic: TopicDays, others: Sequence[TopicDays], with_rank: bool) -> list[str]:
    import numpy as np
    from sklearn.linear_model import LinearRegression, LogisticRegression

    xs, ys = [], []
    for other in others:
        days, x = _normalised(_columns(other, with_rank))
        xs.append(x)
        ys.append(np.array([d in other.gold for d in days], dtype=float))
    model = (
        LogisticRegression(max_iter=3000, class_weight="balanced")
        if with_rank
        else LinearRegression()
    )
    model.fit(np.vstack(xs), np.concatenate(ys))
    days, x = _normalised(_columns(topic, with_rank))
    scores = model.decision_function(x) if with_rank else model.predict(x)
    return _best_first(dict(zip(days, scores, strict=True)))


def _best_first(scores: Mapping[str, float]) -> list[str]:
    return sorted(scores, key=lambda d: (-scores[d], d))


#: (days either side, score penalty in log articles, densest timeline it applies to)
SPREAD_GRID = [
    (window, penalty, density)
    for window in (1, 2, 3)
    for penalty in (0.0, 0.1, 0.2, 0.4, 0.7, 1.0, 2.0)
    for density in (0.1, 0.2, 0.3, 0.5, 1.0, 99.0)
]


def spread_days(topic: TopicDays, window: int, penalty: float, density: float) -> list[str]:
    """Days by how many articles date something to them, a day within ``window`` days of
    one already picked losing ``penalty`` (log articles), when the timeline asks for fewer
    days than ``density`` times the story's publication span (a sparse timeline)."""
    import heapq
    import math

    k = len(topic.gold)
    docs, published = DATEWISE.index("docs_total"), DATEWISE.index("docs_published")
    ordinal = {d: dt.date.fromisoformat(d).toordinal() for d in topic.datewise}
    pub_days = [ordinal[d] for d, v in topic.datewise.items() if v[published] > 0]
    pub_span = max(pub_days) - min(pub_days) + 1 if pub_days else 1
    heap = [(-math.log1p(v[docs]), d, False) for d, v in topic.datewise.items()]
    if penalty <= 0 or k >= density * pub_span:
        return [d for _, d, _ in sorted(heap)]
    heapq.heapify(heap)
    picked: list[str] = []
    taken: set[int] = set()
    while heap and len(picked) < k:
        score, day, penalised = heapq.heappop(heap)
        near = any(ordinal[day] + i in taken for i in range(-window, window + 1) if i)
        if near and not penalised:
            heapq.heappush(heap, (score + penalty, day, True))
            continue
        picked.append(day)
        taken.add(ordinal[day])
    return picked


_SPREAD_F1: dict[tuple[str, str, tuple[int, float, float]], float] = {}


def _spread_f1(topic: TopicDays, point: tuple[int, float, float]) -> float:
    key = (topic.corpus, topic.name, point)
    if key not in _SPREAD_F1:
        picked = spread_days(topic, *point)[: len(topic.gold)]
        _SPREAD_F1[key] = timelines.date_f1(picked, sorted(topic.gold))
    return _SPREAD_F1[key]


def _spread_rank(topic: TopicDays, others: Sequence[TopicDays]) -> list[str]:
    """:func:`spread_days` with the grid point that does best on the ``others``."""

    def mean_f1(point: tuple[int, float, float]) -> float:
        return statistics.fmean(
            timelines.date_f1(spread_days(o, *point)[: len(o.gold)], sorted(o.gold)) for o in others
        )

    best = max(SPREAD_GRID, key=lambda p: (round(mean_f1(p), 6), -p[1]))
    return spread_days(topic, *best)


Ranker = Callable[[TopicDays, Sequence[TopicDays]], list[str]]
#: shares of the mention score in ``mentions+count`` (0: counting, 1: the mention score)
SHARE_GRID = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0)
_MENTION_MODELS: dict[tuple[str, tuple[str, ...]], MentionModel] = {}


def _mention_model(
    topic: TopicDays, others: Sequence[TopicDays], used: Sequence[str]
) -> MentionModel:
    """The mention model fitted on ``others`` (cached per held-out topic)."""
    key = (topic.key, tuple(used))
    if key not in _MENTION_MODELS:
        _MENTION_MODELS[key] = fit_mention_model([(o.mentions, o.gold) for o in others], used)
    return _MENTION_MODELS[key]


_LEARNED: dict[tuple[str, str, tuple[str, ...]], dict[str, float]] = {}


def _blended(topic: TopicDays, model: MentionModel, share: float, fitted_for: str) -> list[str]:
    """``topic``'s days by :func:`blend_scores` (the learned scores cached per topic and
    per held-out topic the model was fitted for)."""
    key = (topic.key, fitted_for, model.features)
    if key not in _LEARNED:
        _LEARNED[key] = mention_day_scores(topic.mentions, model)
    return _best_first(blend_scores(topic.features, topic.mentions, _LEARNED[key], share))


def _mentions_rank(used: Sequence[str]) -> Ranker:
    return lambda t, others: _blended(t, _mention_model(t, others, used), 1.0, t.key)


def _mentions_count_rank(topic: TopicDays, others: Sequence[TopicDays]) -> list[str]:
    """``mentions`` blended with counting, the share the one that does best on ``others``
    (scored with the same model, fitted on them)."""
    model = _mention_model(topic, others, MENTION_ONLY)

    def mean_f1(share: float) -> float:
        return statistics.fmean(
            timelines.date_f1(_blended(o, model, share, topic.key)[: len(o.gold)], sorted(o.gold))
            for o in others
        )

    best = max(SHARE_GRID, key=lambda s: (round(mean_f1(s), 6), -s))
    return _blended(topic, model, best, topic.key)


RANKERS: dict[str, Ranker] = {
    "counting": lambda t, _: [d for d, _ in rank_days(t.features, COUNTING, len(t.gold))],
    "daymodel": lambda t, others: [
        d
        for d, _ in rank_days(
            t.features, fit_day_model([(o.features, o.gold) for o in others]), len(t.gold)
        )
    ],
    "datewise": lambda t, others: _regression_rank(t, others, with_rank=False),
    "pagerank": lambda t, _: _best_first(t.pagerank),
    "datewise+pr": lambda t, others: _regression_rank(t, others, with_rank=True),
    "spread": _spread_rank,
    "mentions": _mentions_rank(MENTION_ONLY),
    "mentions+days": _mentions_rank(MENTION_FEATURES),
    "mentions+count": _mentions_count_rank,
}


def held_out(
    topics: Sequence[TopicDays], rankers: Sequence[str] = tuple(RANKERS)
) -> dict[str, dict[str, float]]:
    """Date F1 of each ranker on each topic, fitted on the other topics only."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for topic in topics:
        others = [o for o in topics if o is not topic]
        for name in rankers:
            picked = RANKERS[name](topic, others)[: len(topic.gold)]
            out[name][topic.key] = timelines.date_f1(picked, sorted(topic.gold))
    return out


def train_mentions(topics: Sequence[TopicDays], scores: Mapping[str, Mapping[str, float]]) -> str:
    """Fit ``mentions`` on every topic and write it into the package: ranking the days
    (share 1) only if, held out, it beats counting over every topic and does not lose on
    the T17 development topics; otherwise with share 0, so counting keeps ranking them."""
    fitted, counted = _groups(scores["mentions"]), _groups(scores["counting"])
    wins = fitted["all 22"] > counted["all 22"] and fitted["T17 dev"] >= counted["T17 dev"]
    model = fit_mention_model(
        [(t.mentions, t.gold) for t in topics],
        share=1.0 if wins else 0.0,
        trained_on=[t.key for t in topics],
    )
    return (
        f"mentions held out: all 22 {fitted['all 22']:.3f} (counting {counted['all 22']:.3f}), "
        f"T17 dev {fitted['T17 dev']:.3f} (counting {counted['T17 dev']:.3f}) -> ships "
        f"{'mentions' if wins else 'counting'}: {save_mention_model(model)}"
    )


def _groups(scores: Mapping[str, float]) -> dict[str, float]:
    def mean(keep: Callable[[str], bool]) -> float:
        return statistics.fmean(v for k, v in scores.items() if keep(k))

    dev = lambda k: k.startswith("t17/") and k[4:] not in timelines.TRAIN_TOPICS  # noqa: E731
    return {
        "T17 all": mean(lambda k: k.startswith("t17/")),
        "T17 dev": mean(dev),
        "es": mean(lambda k: k.startswith("es/")),
        "fr": mean(lambda k: k.startswith("fr/")),
        "it": mean(lambda k: k.startswith("it/")),
        "all 22": mean(lambda k: True),
    }


def heideltime_days(folder: Path, kept: set[str], span: tuple[str, str] | None) -> Counter[str]:
    """How many of the ``kept`` articles date something to each day, by HeidelTime."""
    counts: Counter[str] = Counter()
    for article in json.loads((folder / "articles.json").read_text(encoding="utf-8")):
        if str(article["uid"]) not in kept:
            continue
        days = {d for d in article["dates"] or [] if d and _DAY.fullmatch(d)}
        counts.update(d for d in days if span is None or span[0] <= d <= span[1])
    return counts


def diagnose(span: str, cache: Path) -> None:
    """Per T17 topic: ceiling, counting's share, and counting over HeidelTime's dates."""
    print(
        f"{'topic':22} {'K':>4} {'ceiling':>7} {'count':>6} {'HT':>6} {'HT-1st':>6}  "
        "(count = counting's top-K share of the reference days; HT: counting HeidelTime's "
        "dates; HT-1st: without 1st-of-month days)"
    )
    rows = []
    for topic in timelines.topics_of("t17", "en", None):
        articles = timelines.analyse(topic, cache, None)
        gold = sorted(topic.gold)
        if span == "reference":
            articles = timelines.within_reference_span(articles, gold)
        k = len(gold)
        days = candidate_days(articles)
        counted = timelines.mention_count_days(articles)
        ht = heideltime_days(
            timelines.T17 / topic.name,
            {a.id for a in articles},
            (gold[0], gold[-1]) if span == "reference" else None,
        )
        no_first = {d: n for d, n in ht.items() if not d.endswith("-01")}
        row = [
            len(set(gold) & days) / k,
            timelines.date_f1(_best_first(counted)[:k], gold),
            timelines.date_f1(_best_first(ht)[:k], gold),
            timelines.date_f1(_best_first(no_first)[:k], gold),
        ]
        rows.append((topic.name, row))
        print(f"{topic.name:22} {k:4d} {row[0]:7.3f} " + " ".join(f"{x:6.3f}" for x in row[1:]))
    for label, keep in (("mean all", lambda n: True), ("mean dev", _is_dev)):
        chosen = [r for n, r in rows if keep(n)]
        means = [statistics.fmean(r[i] for r in chosen) for i in range(4)]
        print(f"{label:22} {'':4} {means[0]:7.3f} " + " ".join(f"{x:6.3f}" for x in means[1:]))


def _is_dev(name: str) -> bool:
    return name not in timelines.TRAIN_TOPICS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--span", choices=["all", "reference"], default="all")
    parser.add_argument("--diagnose", action="store_true", help="T17 ceiling and HeidelTime")
    parser.add_argument("--per-topic", action="store_true")
    parser.add_argument("--rankers", default="", help="comma-separated rankers (default: all)")
    parser.add_argument(
        "--train", action="store_true", help="fit the mention model on every topic, write it"
    )
    parser.add_argument("--cache", type=Path, default=timelines.DEFAULT_CACHE)
    args = parser.parse_args(argv)
    if args.train and args.span != "all":
        parser.error("--train fits on what a story gives (--span all), not the reference span")
    if not timelines.T17.is_dir() or not timelines.CRISIS.is_dir():
        print("no evaluation data under ../shared/eval; nothing to score", file=sys.stderr)
        return 0
    if args.diagnose:
        diagnose(args.span, args.cache)
        return 0
    topics = [
        topic_days("t17", t, args.span, args.cache) for t in timelines.topics_of("t17", "en", None)
    ]
    for lang in ("es", "fr", "it"):
        topics += [
            topic_days(lang, t, args.span, args.cache)
            for t in timelines.topics_of("crisis", lang, None)
        ]
    rankers = [r for r in args.rankers.split(",") if r] or list(RANKERS)
    if args.train:
        rankers = list(dict.fromkeys(["counting", "mentions", *rankers]))
    unknown = sorted(set(rankers) - set(RANKERS))
    if unknown:
        parser.error(f"unknown rankers {', '.join(unknown)}; known: {', '.join(RANKERS)}")
    scores = held_out(topics, rankers)
    first = next(iter(scores.values()))
    labels = list(_groups(first))
    print(f"span: {args.span}; date F1, every topic held out (fitted on the 21 others)")
    print(f"{'ranker':14} " + " ".join(f"{label:>8}" for label in labels))
    for name, per_topic in scores.items():
        print(f"{name:14} " + " ".join(f"{v:8.3f}" for v in _groups(per_topic).values()))
    if args.per_topic:
        print(f"{'topic':30} " + " ".join(f"{name:>11}" for name in scores))
        for key in first:
            print(f"{key:30} " + " ".join(f"{scores[n][key]:11.3f}" for n in scores))
    if args.train:
        print(train_mentions(topics, scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
