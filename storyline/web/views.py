"""View models: what a story page, an entity page or a report shows, computed from the store.

The cross-article results (timeline, outlet comparison, claims, entities) are computed by the
link stage's pure functions from the stored articles; :class:`~storyline.web.corpus.CorpusView`
caches them until the database changes.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.errors import NotFound
from storyline.link import (
    build_claims,
    build_timeline,
    compare_outlets,
    list_events,
    story_articles,
)
from storyline.models import (
    Article,
    Claim,
    Development,
    Entity,
    EntityMention,
    Event,
    Metadata,
    MetaValue,
    OutletProfile,
    Quote,
    SourceRef,
)
from storyline.store import Store
from storyline.web.charts import day_of
from storyline.web.queries import StorySummary, get_story_summary

if TYPE_CHECKING:
    from spacy.language import Language

MentionRef = tuple[str, int]


def _entities_module() -> Any:
    # imported on first use: entity unification pulls in the per-article name rules
    from storyline.link import entities

    return entities


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
    """Everything a story page shows except claims (which need the language model)."""

    summary: StorySummary
    articles: list[Article]
    copies: dict[str, str]
    events: list[Event]
    timeline: list[Development]
    outlets: list[OutletProfile]
    entities: list[Entity]
    speakers: list[SpeakerQuotes]

    @property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def originals(self) -> list[Article]:
        return [a for a in self.articles if a.id not in self.copies]


def build_story_digest(store: Store, story_id: str, settings: Settings) -> StoryDigest:
    """The story's articles, events, timeline, outlet profiles and quotes by speaker.

    Raises :class:`~storyline.errors.NotFound` for an unknown story.
    """
    summary = get_story_summary(store.connection, story_id)
    if summary is None:
        raise NotFound(f"no story with id {story_id!r}")
    articles, copies = story_articles(store, story_id)
    articles.sort(key=lambda a: (a.published or "9999", a.outlet or "", a.id))
    timeline = build_timeline(story_id, articles, settings, copies)
    ents = _entities_module()
    entities, mapping = ents.unify_entities(articles, ents.load_alias_table(settings))
    outlets = compare_outlets(
        story_id,
        articles,
        timeline,
        entities,
        mapping,
        copies,
        settings.extra.get("loaded_terms", ()),
    )
    return StoryDigest(
        summary=summary,
        articles=articles,
        copies=copies,
        events=list_events(store, story_id),
        timeline=timeline,
        outlets=outlets,
        entities=entities,
        speakers=quotes_by_speaker(a for a in articles if a.id not in copies),
    )


def build_story_claims(
    store: Store, story_id: str, nlp: Language, settings: Settings
) -> list[Claim]:
    """The story's claims over time (needs the spaCy pipeline)."""
    articles, copies = story_articles(store, story_id)
    return build_claims(story_id, articles, nlp, settings, copies)


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
            out[article.outlet or "unknown outlet"][day].append(article)
    return {k: dict(v) for k, v in out.items()}


# --------------------------------------------------------------------------- entities


@dataclass
class EntityIndex:
    """Entities unified over the whole store, with where each one is mentioned."""

    entities: list[Entity]
    counts: dict[str, int]
    refs: dict[str, list[MentionRef]]
    mention_entity: dict[MentionRef, str]
    published: dict[str, str | None]
    #: entity id -> outlet -> spelling -> mentions
    usage: dict[str, dict[str, Counter[str]]] = field(default_factory=dict)

    @property
    def by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities}

    def get(self, entity_id: str) -> Entity:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise NotFound(f"no entity with id {entity_id!r}")

    def entity_of_article(self, article_id: str, n_mentions: int) -> dict[int, str]:
        """Mention index -> entity id for one article (for the article page's links)."""
        return {
            i: eid
            for i in range(n_mentions)
            if (eid := self.mention_entity.get((article_id, i))) is not None
        }

    def articles_of(self, entity_id: str) -> list[str]:
        return list(dict.fromkeys(aid for aid, _ in self.refs.get(entity_id, [])))

    def mention_days(self, entity_id: str) -> list[dt.date]:
        return [
            d
            for aid, _ in self.refs.get(entity_id, [])
            if (d := day_of(self.published.get(aid))) is not None
        ]

    def search(self, text: str | None = None, kind: str | None = None) -> list[Entity]:
        """Entities whose name or a spelling variant contains ``text`` (any case)."""
        needle = (text or "").casefold().strip()
        return [
            e
            for e in self.entities
            if (not kind or e.type == kind)
            and (
                not needle
                or needle in e.name.casefold()
                or any(needle in a.text.casefold() for a in e.aliases)
            )
        ]


def build_entity_index(conn: sqlite3.Connection, settings: Settings) -> EntityIndex:
    """Unify every stored mention into entities, reading the mention table (not the texts)."""
    stubs: dict[str, Article] = {}
    published: dict[str, str | None] = {}
    rows = conn.execute(
        "SELECT a.id, a.outlet, a.published, m.idx, m.text, m.start, m.end, m.label, m.kind, "
        "m.canonical FROM mentions m JOIN articles a ON a.id = m.article_id "
        "ORDER BY a.seq, m.idx"
    )
    for r in rows:
        article = stubs.get(r["id"])
        if article is None:
            meta = Metadata(outlet=MetaValue(r["outlet"], "input" if r["outlet"] else "none"))
            article = stubs[r["id"]] = Article(r["id"], SourceRef(""), "", "", meta=meta)
            published[r["id"]] = r["published"]
        # keep list positions equal to the stored indexes, which the mapping refers to
        while len(article.mentions) < r["idx"]:
            article.mentions.append(EntityMention("", 0, 0, "", "other", ""))
        article.mentions.append(
            EntityMention(r["text"], r["start"], r["end"], r["label"], r["kind"], r["canonical"])
        )
    ents = _entities_module()
    entities, mapping = ents.unify_entities(stubs.values(), ents.load_alias_table(settings))
    refs: dict[str, list[MentionRef]] = defaultdict(list)
    usage: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for (aid, idx), eid in mapping.items():
        refs[eid].append((aid, idx))
        article = stubs[aid]
        outlet = article.outlet or "unknown outlet"
        usage[eid][outlet][article.mentions[idx].text] += 1
    counts = {eid: len(r) for eid, r in refs.items()}
    return EntityIndex(
        entities,
        counts,
        dict(refs),
        dict(mapping),
        published,
        {eid: dict(by_outlet) for eid, by_outlet in usage.items()},
    )


def speaker_names_for(conn: sqlite3.Connection, index: EntityIndex, entity: Entity) -> list[str]:
    """The speaker names in the store's quotes that refer to ``entity``."""
    words = {
        w.casefold() for a in [entity.name, *(x.text for x in entity.aliases)] for w in a.split()
    }
    words = {w for w in words if len(w) > 2}
    if not words:
        return []
    names = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT coalesce(speaker_canonical, speaker) FROM quotes "
            "WHERE speaker IS NOT NULL AND coalesce(speaker_kind, '') != 'anonymous'"
        )
        if r[0] and words & {w.casefold() for w in r[0].split()}
    ]
    ents = _entities_module()
    return [n for n in names if ents.entity_for_name(n, index.entities) == entity.id]


def quotes_about(
    conn: sqlite3.Connection, index: EntityIndex, entity_id: str, limit: int = 50
) -> list[sqlite3.Row]:
    """Quotes whose words mention the entity (a mention inside the quoted span)."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    refs = index.refs.get(entity_id, [])
    by_article: dict[str, set[int]] = defaultdict(set)
    for aid, idx in refs:
        by_article[aid].add(idx)
    ids = list(by_article)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ", ".join("?" * len(chunk))
        for r in conn.execute(
            f"SELECT article_id, idx, start, end FROM mentions WHERE article_id IN ({marks})",
            chunk,
        ):
            if r["idx"] in by_article[r["article_id"]]:
                spans[r["article_id"]].append((r["start"], r["end"]))
    found: list[sqlite3.Row] = []
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ", ".join("?" * len(chunk))
        for q in conn.execute(
            "SELECT q.*, a.outlet, a.published, a.title FROM quotes q JOIN articles a "
            f"ON a.id = q.article_id WHERE q.article_id IN ({marks}) "
            "ORDER BY a.published, q.idx",
            chunk,
        ):
            if any(q["start"] <= s and e <= q["end"] for s, e in spans[q["article_id"]]):
                found.append(q)
    found.sort(key=lambda q: (q["published"] or "9999", q["article_id"], q["idx"]))
    return found[:limit]


def alias_table(
    entity: Entity, usage: Mapping[str, Counter[str]]
) -> tuple[list[str], list[tuple[str, int, dict[str, int]]]]:
    """Outlets (columns, most mentions first) and one row per spelling with its uses per outlet."""
    totals = Counter({outlet: sum(c.values()) for outlet, c in usage.items()})
    outlets = [o for o, _ in totals.most_common()]
    rows = []
    for alias in entity.aliases:
        per_outlet = {o: usage[o][alias.text] for o in outlets if usage[o][alias.text]}
        rows.append((alias.text, alias.count, per_outlet))
    return outlets, rows
