"""Stories and events across languages: multilingual sentence embeddings of title and lead.

Term vectors cannot see that «США разрешили Киеву...» and "Biden allows Ukraine..." tell
one development, so after the term-based clustering each story (and event) gets the mean
of its articles' embeddings (multilingual-e5-small of the title and lead, computed once by
the pipeline, :mod:`storyline.pipeline.embed_lead`, and kept by the store), and stories
whose languages do not overlap are joined when their embeddings are close and their dates
within the story window. In such a multilingual corpus, stories sharing a language join too
when their embeddings are closer still (``same_language_story_threshold``, learnt on
ML-Crisis, where term vectors cut each language into hundreds of stories). No model is
loaded here: an article without a stored embedding (analysed with ``embed_sentences = 0``
or before the embeddings were kept) stays out of the join until ``storyline reanalyze``.
A corpus in a single language is returned as it came.

>>> from storyline.models import Article, SourceRef
>>> merge_across_languages([Article("a", SourceRef("a"), "x", "x")], {}, Settings())
{}
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.link._text import parse_date
from storyline.models import Article
from storyline.pipeline.embed import decode_vector
from storyline.pipeline.embed_lead import embedding_text

if TYPE_CHECKING:
    import numpy as np

    from storyline.link.clustering import Assignment

__all__ = [
    "Embedder",
    "LeadVectors",
    "carried_vectors",
    "embedding_text",
    "merge_across_languages",
    "stories_in_reach",
]

log = logging.getLogger(__name__)

#: Texts -> unit vectors, one row per text (a model, as the evaluations give one).
Embedder = Callable[[list[str]], "np.ndarray"]
#: Articles -> their stored title-and-lead vectors by id; an article without one is absent.
LeadVectors = Callable[[Sequence[Article]], Mapping[str, "np.ndarray"]]


def carried_vectors(articles: Sequence[Article]) -> dict[str, np.ndarray]:
    """The title-and-lead embeddings the pipeline left on ``articles``, by id."""
    return {a.id: decode_vector(a.lead_embedding) for a in articles if a.lead_embedding}


def _language_groups(articles: Sequence[Article], key: Mapping[str, str]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, article in enumerate(articles):
        if article.id in key:
            groups[key[article.id]].append(i)
    return groups


def _join_groups(
    groups: dict[str, list[int]],
    articles: Sequence[Article],
    vectors: np.ndarray,
    threshold: float,
    window_days: int,
    same_language_threshold: float | None = None,
) -> dict[str, str]:
    """Cluster id -> the id it joins: pairs of clusters in no shared language, most similar
    first, while the mean embeddings are ``threshold`` close and the dates in the window
    (average linkage over the members, recomputed after every join). With
    ``same_language_threshold``, clusters sharing a language join too when that close."""
    import numpy as np

    ids = sorted(groups, key=lambda g: (min(_date_key(articles[i]) for i in groups[g]), g))
    codes = sorted({articles[i].meta.language.value or "" for g in ids for i in groups[g]})
    members = [list(groups[g]) for g in ids]
    langs = np.array(
        [
            sum(1 << codes.index(c) for c in {articles[i].meta.language.value or "" for i in m})
            for m in members
        ]
    )
    spans = [_span([articles[i] for i in m]) for m in members]
    first = np.array([s[0].toordinal() if s else np.nan for s in spans], dtype=float)
    last = np.array([s[1].toordinal() if s else np.nan for s in spans], dtype=float)
    sums = np.stack([vectors[m].sum(axis=0) for m in members]) if members else np.zeros((0, 1))
    counts = np.array([len(m) for m in members], dtype=float)
    alive = np.ones(len(ids), dtype=bool)

    def row(a: int) -> np.ndarray:
        centroid = sums[a] / counts[a]
        cents = sums / counts[:, None]
        score = (
            cents
            @ centroid
            / (np.linalg.norm(cents, axis=1) * (np.linalg.norm(centroid) or 1.0) + 1e-12)
        )
        gap = np.maximum(np.maximum(first - last[a], first[a] - last), 0.0)
        ok = alive & ~(np.nan_to_num(gap, nan=0.0) > window_days)
        shared = (langs & langs[a]) != 0
        if same_language_threshold is None:
            ok &= ~shared
        else:  # one ordering for both kinds of pair: a shared language must be closer
            score = np.where(shared, score - (same_language_threshold - threshold), score)
        ok[a] = False
        return np.where(ok, score, -np.inf)

    sim = np.stack([row(a) for a in range(len(ids))]) if ids else np.zeros((0, 0))
    root = list(range(len(ids)))
    while sim.size:
        flat = int(np.argmax(sim))
        a, b = divmod(flat, len(ids))
        if sim[a, b] < threshold:
            break
        keep, gone = min(a, b), max(a, b)  # the earlier founds: ids follow its first article
        root[gone] = keep
        sums[keep] += sums[gone]
        counts[keep] += counts[gone]
        langs[keep] |= langs[gone]
        first[keep] = np.fmin(first[keep], first[gone])
        last[keep] = np.fmax(last[keep], last[gone])
        alive[gone] = False
        sim[gone, :] = -np.inf
        sim[:, gone] = -np.inf
        sim[keep, :] = row(keep)
        sim[:, keep] = sim[keep, :]
    out: dict[str, str] = {}
    for i, g in enumerate(ids):
        r = i
        while root[r] != r:
            r = root[r]
        if r != i:
            out[g] = ids[r]
    return out


def _date_key(article: Article) -> dt.date:
    return parse_date(article.published) or dt.date.max


Span = tuple[dt.date, dt.date] | None


def _span(articles: Sequence[Article]) -> Span:
    dates = [d for a in articles if (d := parse_date(a.published))]
    return (min(dates), max(dates)) if dates else None


def stories_in_reach(
    spans: Mapping[str, tuple[str | None, str | None]],
    touched: Iterable[str],
    window_days: int,
) -> set[str]:
    """The stories a join can change after the ``touched`` stories gained articles: those,
    and every story whose dates (``spans``: story id -> first and last date) come within
    ``window_days`` of one of them, since the join never joins stories further apart.
    Undated stories are always in reach.

    >>> spans = {"a": ("2024-05-31", "2024-06-04"), "b": ("2024-06-20", "2024-06-21"),
    ...          "c": ("2023-01-01", "2023-01-02"), "d": (None, None)}
    >>> sorted(stories_in_reach(spans, ["a"], 30))
    ['a', 'b', 'd']
    """
    windows = []
    for story in touched:
        first, last = (parse_date(d) for d in spans.get(story, (None, None)))
        if first is None or last is None:
            return set(spans)  # an undated story can join any other
        days = dt.timedelta(days=window_days)
        windows.append((first - days, last + days))
    out = set(touched) & set(spans)
    for story, (first_date, last_date) in spans.items():
        first, last = parse_date(first_date), parse_date(last_date)
        if first is None or last is None or any(f <= last and first <= t for f, t in windows):
            out.add(story)
    return out


def merge_across_languages(
    articles: Sequence[Article],
    assignments: Mapping[str, Assignment],
    settings: Settings,
    embed: Embedder | None = None,
    stored: LeadVectors = carried_vectors,
) -> dict[str, Assignment]:
    """``assignments`` with the stories and events of different languages that tell the
    same thing joined (see the module docstring); unchanged for a one-language corpus.

    The vectors are the ``stored`` ones (default: those the articles carry); an article
    without one stays where the term clustering put it. ``embed`` instead turns every
    article's title and lead into a vector (an evaluation's model).
    """
    import numpy as np

    out = dict(assignments)
    present = [a for a in articles if a.id in out and a.meta.language.value]
    if len({a.meta.language.value for a in present}) < 2:
        return out
    if embed is not None:
        vectors = embed([embedding_text(a) for a in present])
    else:
        found = stored(present)
        if missing := len(present) - len(found):
            log.warning(
                "%d of %d articles have no stored title-and-lead embedding and stay out of "
                "the join across languages; `storyline reanalyze` computes them",
                missing,
                len(present),
            )
            present = [a for a in present if a.id in found]
            if len({a.meta.language.value for a in present}) < 2:
                return out
        vectors = np.stack([found[a.id] for a in present]) if present else np.zeros((0, 1))
    story_of = {a.id: out[a.id].story_id for a in present}
    joined = _join_groups(
        _language_groups(present, story_of),
        present,
        vectors,
        settings.cross_language_story_threshold,
        settings.story_window_days,
        same if (same := settings.same_language_story_threshold) < 1.0 else None,
    )
    for a in present:
        if (story := joined.get(out[a.id].story_id)) is not None:
            out[a.id] = dataclasses.replace(out[a.id], story_id=story)
    # events: only inside one (joined) story, with the event window
    by_story: dict[str, list[Article]] = defaultdict(list)
    for a in present:
        by_story[out[a.id].story_id].append(a)
    index = {a.id: i for i, a in enumerate(present)}
    for members in by_story.values():
        event_of = {a.id: out[a.id].event_id for a in members}
        rows = [index[a.id] for a in members]
        merged = _join_groups(
            _language_groups(members, event_of),
            members,
            vectors[rows],
            settings.cross_language_event_threshold,
            settings.event_window_days,
        )
        for a in members:
            if (event := merged.get(out[a.id].event_id)) is not None:
                out[a.id] = dataclasses.replace(out[a.id], event_id=event)
    return out
