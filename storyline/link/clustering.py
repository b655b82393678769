"""Stories and events: incremental assignment to the nearest centroid, and a batch re-cluster.

A *story* is a thread that can run for months ("US limits on Ukraine's use of US weapons in
Russia"); an *event* is one development inside a story reported by several outlets within
a few days. Both are centroids of TF-IDF vectors (see :mod:`storyline.link.features`) with a
small bonus for shared entities. A new article joins the most similar story above
``story_threshold`` (else it founds one), then the most similar event of that story within
``event_window_days`` above ``event_threshold``. Ids derive from the founding article id, so
the same corpus gives the same ids on every run.

The state lives behind :class:`ClusterIndex` so the same assignment code runs over memory
(batch, tests) and over the store (incremental: only candidate stories are read).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from storyline.config import Settings
from storyline.link._text import stable_id, top_items
from storyline.link.features import (
    ArticleFeatures,
    cosine,
    entity_overlap,
    normalized,
    tfidf_vector,
)

#: Terms of a centroid that are indexed for candidate lookup.
INDEX_TERMS = 40
#: Terms of an article used to look candidates up (its most distinctive ones).
QUERY_TERMS = 25
MAX_CANDIDATES = 60
ENTITY_WEIGHT = 0.15
#: Inside a story, reports a day apart are far more likely to be about the same development
#: than reports a week apart: closeness in time adds up to this much to an event's score.
EVENT_TIME_WEIGHT = 0.3


@dataclass
class Cluster:
    """A story or an event: running sum of member vectors and its date span."""

    id: str
    founder: str
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    entities: Counter[str] = field(default_factory=Counter)
    story_id: str | None = None  # events only
    members: list[str] = field(default_factory=list)

    def add(self, features: ArticleFeatures, vector: Mapping[str, float]) -> None:
        for term, weight in vector.items():
            self.centroid[term] = self.centroid.get(term, 0.0) + weight
        if len(self.centroid) > 4 * INDEX_TERMS * 3:
            self.centroid = {t: self.centroid[t] for t in top_items(self.centroid, 6 * INDEX_TERMS)}
        self.size += 1
        self.entities.update(features.entities)
        self.members.append(features.article_id)
        if features.date is not None and not features.date_inferred:
            self.first = min(self.first or features.date, features.date)
            self.last = max(self.last or features.date, features.date)

    def gap_days(self, date: dt.date | None) -> int:
        """Days between ``date`` and this cluster's span (0 inside it or when undated)."""
        if date is None or self.first is None or self.last is None:
            return 0
        if date < self.first:
            return (self.first - date).days
        if date > self.last:
            return (date - self.last).days
        return 0


@dataclass(frozen=True)
class StoryQuery:
    """What candidate stories are looked up by: an article's most distinctive terms, its
    entities and, with a date, only stories within ``window_days`` of it."""

    terms: Sequence[str]
    entities: frozenset[str]
    date: dt.date | None = None
    window_days: int = 0

    @classmethod
    def of(
        cls, features: ArticleFeatures, vector: dict[str, float], window_days: int
    ) -> StoryQuery:
        """The query of an article whose TF-IDF ``vector`` is known."""
        return cls(top_items(vector, QUERY_TERMS), features.entities, features.date, window_days)


class ClusterIndex(Protocol):
    """Where stories, events and document frequencies live (memory or the store)."""

    n_docs: int

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]: ...

    def add_document(self, terms: Iterable[str]) -> None: ...

    def story_candidates(self, query: StoryQuery) -> list[Cluster]:
        """Stories sharing most of the query's terms and entities, best first."""

    def events_of(self, story_id: str, date: dt.date | None, window_days: int) -> list[Cluster]:
        """Events of the story that may take an article dated ``date`` (all when undated)."""
        ...

    def save(self, cluster: Cluster, is_event: bool) -> None: ...


class MemoryIndex:
    """A :class:`ClusterIndex` in memory, with an inverted index over centroid terms."""

    def __init__(self, df: Mapping[str, int] | None = None, n_docs: int = 0) -> None:
        self.df: Counter[str] = Counter(df or {})
        self.n_docs = n_docs
        self.frozen_df = df is not None  # a batch run knows the corpus frequencies up front
        self.stories: dict[str, Cluster] = {}
        self.events: dict[str, Cluster] = {}
        self._by_term: dict[str, set[str]] = {}
        self._by_entity: dict[str, set[str]] = {}
        self._events_by_story: dict[str, list[str]] = {}

    def document_frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        return {t: self.df.get(t, 0) for t in terms}

    def add_document(self, terms: Iterable[str]) -> None:
        if not self.frozen_df:
            self.df.update(set(terms))
            self.n_docs += 1

    def story_candidates(self, query: StoryQuery) -> list[Cluster]:
        hits: Counter[str] = Counter()
        for term in query.terms:
            hits.update(self._by_term.get(term, ()))
        for entity in query.entities:
            hits.update(self._by_entity.get(entity, ()))
        if query.date is not None:
            hits = Counter(
                {
                    s: n
                    for s, n in hits.items()
                    if self.stories[s].gap_days(query.date) <= query.window_days
                }
            )
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]
        return [self.stories[sid] for sid, _ in ranked]

    def events_of(self, story_id: str, date: dt.date | None, window_days: int) -> list[Cluster]:
        events = (self.events[e] for e in self._events_by_story.get(story_id, []))
        return [e for e in events if e.gap_days(date) <= window_days]

    def save(self, cluster: Cluster, is_event: bool) -> None:
        if is_event:
            if cluster.id not in self.events:
                self._events_by_story.setdefault(cluster.story_id or "", []).append(cluster.id)
            self.events[cluster.id] = cluster
            return
        self.stories[cluster.id] = cluster
        for term in top_items(cluster.centroid, INDEX_TERMS):
            self._by_term.setdefault(term, set()).add(cluster.id)
        for entity, _ in cluster.entities.most_common(10):
            self._by_entity.setdefault(entity, set()).add(cluster.id)


@dataclass(frozen=True)
class Assignment:
    article_id: str
    story_id: str
    event_id: str
    story_score: float
    event_score: float


def story_window_days(settings: Settings) -> int:
    """How long a story may sleep and still be continued (``extra['story_window_days']``)."""
    return settings.story_window_days


def similarity(features: ArticleFeatures, cluster: Cluster, lead: bool = False) -> float:
    """Centroid cosine (whole text for stories, lead for events) plus shared entities."""
    score = cosine(features.lead_vector if lead else features.vector, cluster.centroid)
    return score + ENTITY_WEIGHT * entity_overlap(features.entities, cluster.entities)


def event_similarity(features: ArticleFeatures, event: Cluster, window_days: int) -> float:
    """Story similarity plus a bonus that falls from ``EVENT_TIME_WEIGHT`` (same day) to 0."""
    closeness = 1.0 - event.gap_days(features.date) / (window_days + 1)
    return similarity(features, event, lead=True) + EVENT_TIME_WEIGHT * max(closeness, 0.0)


def nearest_event(
    features: ArticleFeatures, events: Iterable[Cluster], window_days: int
) -> tuple[Cluster | None, float]:
    """The event within ``window_days`` of the article that scores highest (the first of
    equal scores), with its score; (None, 0.0) when none does."""
    best: Cluster | None = None
    best_score = 0.0
    for event in events:
        if event.gap_days(features.date) > window_days:
            continue
        score = event_similarity(features, event, window_days)
        if score > best_score:
            best, best_score = event, score
    return best, best_score


def assign(features: ArticleFeatures, index: ClusterIndex, settings: Settings) -> Assignment:
    """Put one article in a story and an event, founding them when nothing is close enough.

    ``features.counts`` must be set; the vector is computed here from the index's document
    frequencies after counting this article in.
    """
    index.add_document(features.counts)
    df = index.document_frequencies(features.counts)
    features.vector = tfidf_vector(features.counts, df, max(index.n_docs, 1))
    features.lead_vector = tfidf_vector(features.lead_counts, df, max(index.n_docs, 1))
    window = story_window_days(settings)

    best_story, best_score = None, 0.0
    for story in index.story_candidates(StoryQuery.of(features, features.vector, window)):
        if story.gap_days(features.date) > window:
            continue
        score = similarity(features, story)
        if score > best_score or (score == best_score and best_story and story.id < best_story.id):
            best_story, best_score = story, score
    if best_story is None or best_score < settings.story_threshold:
        best_story = Cluster(stable_id("story", features.article_id), features.article_id)
        best_score = 1.0

    days = settings.event_window_days
    events = index.events_of(best_story.id, features.date, days)
    best_event, event_score = nearest_event(features, events, days)
    if best_event is None or event_score < settings.event_threshold:
        best_event = Cluster(
            stable_id("event", features.article_id), features.article_id, story_id=best_story.id
        )
        event_score = 1.0

    best_story.add(features, features.vector)
    best_event.add(features, features.lead_vector)
    index.save(best_story, is_event=False)
    index.save(best_event, is_event=True)
    return Assignment(features.article_id, best_story.id, best_event.id, best_score, event_score)


def chronological(features: Iterable[ArticleFeatures]) -> list[ArticleFeatures]:
    """Dated articles first in date order, undated after; ties by id (deterministic)."""
    return sorted(features, key=lambda f: (f.date is None, f.date or dt.date.min, f.article_id))


def cluster_batch(features: Sequence[ArticleFeatures], settings: Settings) -> list[Assignment]:
    """Re-cluster a whole corpus: corpus-wide idf, chronological assignment, one refinement.

    The refinement moves an article to another story when that story's centroid (without the
    article) is clearly closer than its own; it repairs the order effects of a single pass.
    """
    df: Counter[str] = Counter()
    for f in features:
        df.update(set(f.counts))
    ordered = chronological(features)
    index = MemoryIndex(df, len(ordered))
    first = {a.article_id: a for a in (assign(f, index, settings) for f in ordered)}

    by_id = {f.article_id: f for f in ordered}
    story_of = {a: first[a].story_id for a in first}
    story_members: dict[str, list[str]] = {}
    for aid in first:
        story_members.setdefault(story_of[aid], []).append(aid)
    centroids = {sid: _sum_vectors(by_id[a].vector for a in m) for sid, m in story_members.items()}
    for f in ordered:
        own = story_of[f.article_id]
        own_centroid = _minus(centroids[own], f.vector)
        own_score = cosine(f.vector, own_centroid) if own_centroid else 0.0
        best, best_score = own, own_score
        for sid in index.story_candidates(StoryQuery.of(f, f.vector, story_window_days(settings))):
            if sid.id == own or sid.gap_days(f.date) > story_window_days(settings):
                continue
            score = cosine(f.vector, centroids[sid.id])
            if score > best_score + 0.05 and score >= settings.story_threshold:
                best, best_score = sid.id, score
        if best != own:
            story_of[f.article_id] = best
            centroids[own] = own_centroid
            centroids[best] = _sum_vectors([centroids[best], f.vector])

    # Second pass: rebuild stories and events from the refined grouping, in date order, so
    # ids come from each group's founding article.
    groups: dict[str, list[ArticleFeatures]] = {}
    for f in ordered:
        groups.setdefault(story_of[f.article_id], []).append(f)
    out: list[Assignment] = []
    for members in groups.values():
        story = Cluster(stable_id("story", members[0].article_id), members[0].article_id)
        events: list[Cluster] = []
        for f in members:
            best_event, event_score = nearest_event(f, events, settings.event_window_days)
            if best_event is None or event_score < settings.event_threshold:
                best_event = Cluster(
                    stable_id("event", f.article_id), f.article_id, story_id=story.id
                )
                events.append(best_event)
                event_score = 1.0
            best_event.add(f, f.lead_vector)
            story.add(f, f.vector)
            out.append(
                Assignment(
                    f.article_id,
                    story.id,
                    best_event.id,
                    first[f.article_id].story_score,
                    event_score,
                )
            )
    return out


def _sum_vectors(vectors: Iterable[Mapping[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for vector in vectors:
        for term, weight in vector.items():
            total[term] = total.get(term, 0.0) + weight
    return total


def _minus(total: Mapping[str, float], vector: Mapping[str, float]) -> dict[str, float]:
    out = dict(total)
    for term, weight in vector.items():
        left = out.get(term, 0.0) - weight
        if left > 1e-9:
            out[term] = left
        else:
            out.pop(term, None)
    return out


__all__ = [
    "Assignment",
    "Cluster",
    "ClusterIndex",
    "MemoryIndex",
    "StoryQuery",
    "assign",
    "chronological",
    "cluster_batch",
    "normalized",
    "similarity",
]
