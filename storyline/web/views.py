"""View models: what a story page, an entity page or a report shows, read from the store.

The cross-article results (timeline, outlet comparison, claims, entities) are what the link
stage computed and stored; nothing here recomputes them.
:class:`~storyline.web.corpus.CorpusView` caches the views until the database changes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from storyline.errors import Errors, NotFound
from storyline.link import list_events, story_articles, story_products
from storyline.models import (
    Article,
    Claim,
    Development,
    Entity,
    Event,
    OutletProfile,
    Quote,
)
from storyline.store import Store
from storyline.web.charts import day_of
from storyline.web.queries import StorySummary, get_story_summary

# --------------------------------------------------------------------------- stories


@dataclass
class SpeakerQuotes:
    """The quotes of one speaker in a story, oldest first."""

    speaker: str
    kind: str | None
    title: str | None
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class StoryDigest:
    """Everything a story page shows; ``claims`` is None when they were not computed."""

    summary: StorySummary
    articles: list[Article]
    copies: dict[str, str]
    events: list[Event]
    timeline: list[Development]
    outlets: list[OutletProfile]
    claims: list[Claim] | None
    speakers: list[SpeakerQuotes]

    @property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def originals(self) -> list[Article]:
        return [a for a in self.articles if a.id not in self.copies]


def build_story_digest(store: Store, story_id: str) -> StoryDigest:
    """The story's articles, events, stored timeline, outlet profiles and claims, and its
    quotes by speaker.

    Raises :class:`~storyline.errors.NotFound` for an unknown story.
    """
    summary = get_story_summary(store, story_id)
    if summary is None:
        raise NotFound(Errors.E442(story_id=story_id))
    articles, copies = story_articles(store, story_id)
    articles.sort(key=lambda a: (a.published or "9999", a.outlet or "", a.id))
    products = story_products(store, story_id)
    return StoryDigest(
        summary=summary,
        articles=articles,
        copies=copies,
        events=list_events(store, story_id),
        timeline=products.timeline,
        outlets=products.outlets,
        claims=products.claims,
        speakers=quotes_by_speaker(a for a in articles if a.id not in copies),
    )


def quotes_by_speaker(articles: Iterable[Article], named_only: bool = False) -> list[SpeakerQuotes]:
    """Quotes grouped by who said them (full name when known), most quoted first."""
    groups: dict[str, SpeakerQuotes] = {}
    for article in sorted(articles, key=lambda a: (a.published or "9999", a.id)):
        for quote in article.quotes:
            if named_only and quote.speaker_kind not in {"person", "organization"}:
                continue
            name = quote.speaker_canonical or quote.speaker or "Unattributed"
            key = name.casefold()
            group = groups.setdefault(
                key, SpeakerQuotes(name, quote.speaker_kind, quote.speaker_title)
            )
            group.title = group.title or quote.speaker_title
            group.quotes.append(quote)
    return sorted(
        groups.values(),
        key=lambda g: (
            g.speaker == "Unattributed",
            g.kind == "anonymous",
            -len(g.quotes),
            g.speaker,
        ),
    )


# --------------------------------------------------------------------------- coverage


def story_coverage(
    articles: Sequence[Article], copies: Mapping[str, str]
) -> dict[str, dict[dt.date, list[Article]]]:
    """Articles per outlet per day (copies included: republishing is coverage too)."""
    out: dict[str, dict[dt.date, list[Article]]] = defaultdict(lambda: defaultdict(list))
    for article in articles:
        day = day_of(article.published)
        if day is not None:
            out[article.outlet or "(unknown outlet)"][day].append(article)
    return {k: dict(v) for k, v in out.items()}


# --------------------------------------------------------------------------- entities


def alias_table(
    entity: Entity, usage: Mapping[str, Mapping[str, int]]
) -> tuple[list[str], list[tuple[str, int, dict[str, int]]]]:
    """Outlets (columns, most mentions first) and one row per spelling with its uses per outlet."""
    totals = Counter({outlet: sum(c.values()) for outlet, c in usage.items()})
    outlets = [o for o, _ in totals.most_common()]
    rows = []
    for alias in entity.aliases:
        per_outlet = {o: n for o in outlets if (n := usage[o].get(alias.text, 0))}
        rows.append((alias.text, alias.count, per_outlet))
    return outlets, rows
