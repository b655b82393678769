"""What the link stage derives per story -- timeline, claims, outlet comparison -- computed when
the story's members change and stored as JSON lists of the model dataclasses' ``to_dict()``
(table ``link_story_products``, migration ``0003``), so readers never recompute them.

Everything is computed from stored facts: claims compare the deontic units the pipeline
stored with each sentence, so no language model is loaded here. A run told not to compute
claims stores them as not computed (``None``), not as "none".
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from storyline.config import Settings
from storyline.errors import Errors, NotFound
from storyline.link.claim_search import ClaimSearch, add_other_languages
from storyline.link.claims import build_claims
from storyline.link.outlets import add_claim_omissions, compare_outlets
from storyline.link.story_identity import neutral_title
from storyline.link.timeline import build_timeline
from storyline.link.timeline_days import load_day_model
from storyline.link.timeline_mentions import load_mention_model
from storyline.link.timeline_sentences import load_sentence_model
from storyline.link.word_choice import WordChoiceParams
from storyline.models import (
    Alias,
    Article,
    Claim,
    Development,
    Entity,
    MetaValue,
    OutletProfile,
)
from storyline.store import Store


@dataclass
class StoryProducts:
    """A story's stored products; ``claims`` is None when they were not computed."""

    story_id: str
    timeline: list[Development] = field(default_factory=list)
    outlets: list[OutletProfile] = field(default_factory=list)
    claims: list[Claim] | None = None


# ---------------------------------------------------------------------------- computing


def story_articles(store: Store, story_id: str) -> tuple[list[Article], dict[str, str]]:
    """The story's articles and its copy map (copy id -> original id).

    Articles carry their mentions' stored entity ids, and an undated article the
    publication date the link stage inferred for it (source ``inferred``).
    """
    articles, copies, _ = _read_story(store, story_id)
    return articles, copies


def _read_story(
    store: Store, story_id: str
) -> tuple[list[Article], dict[str, str], dict[str, str]]:
    """:func:`story_articles`, and each article's event id, from one read of the members."""
    rows = store.links.members("story_id", story_id)
    if not rows:
        raise NotFound(Errors.E447(story_id=story_id))
    copies = {r["article_id"]: r["copy_of"] for r in rows if r["copy_of"]}
    articles = []
    for r in rows:
        article = store.get_article(r["article_id"])
        if not article.published and r["inferred_date"]:
            article.meta.published = MetaValue(
                r["inferred_date"], "inferred", evidence=r["inferred_evidence"]
            )
        articles.append(article)
    return articles, copies, {r["article_id"]: r["event_id"] for r in rows}


def story_entities(articles: Iterable[Article], names: Mapping[str, str]) -> list[Entity]:
    """The entities of the story's mentions with the spellings used in the story only, so
    the outlet comparison shows a name's variants where this story's outlets differ."""
    from storyline.names.rules import strip_possessive

    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    outlets: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article in articles:
        for mention in article.mentions:
            if mention.entity_id:
                text = strip_possessive(mention.text)
                spellings[mention.entity_id][text] += 1
                if article.outlet:
                    outlets[(mention.entity_id, text)].add(article.outlet)
    return [
        Entity(
            id=eid,
            name=names.get(eid, counts.most_common(1)[0][0]),
            type="",
            aliases=[Alias(t, n, sorted(outlets[(eid, t)])) for t, n in counts.most_common()],
        )
        for eid, counts in sorted(spellings.items())
    ]


def word_choice_params(settings: Settings) -> WordChoiceParams:
    """The outlet comparison's statistic thresholds from the settings."""
    return WordChoiceParams(
        prior_size=settings.outlet_prior_size,
        min_count=settings.outlet_min_count,
        min_articles=settings.outlet_min_articles,
        min_z=settings.outlet_min_z,
    )


def build_story_products(
    story_id: str,
    articles: Sequence[Article],
    copies: Mapping[str, str],
    names: Mapping[str, str],
    settings: Settings,
    events: Mapping[str, str] | None = None,
    claims: bool = True,
    timeline: list[Development] | None = None,
) -> StoryProducts:
    """Timeline, outlet profiles and (unless ``claims`` is False) claims of one story (pure).

    ``articles`` carry their entity ids; ``names`` maps entity ids to entity names;
    ``events`` maps article ids to their event ids (for the headlines side by side);
    ``timeline``, when given, is the story's timeline built already from the same originals.
    """
    if timeline is None:
        timeline = build_timeline(story_id, articles, settings, copies)
    outlets = compare_outlets(
        story_id,
        articles,
        timeline,
        story_entities(articles, names),
        None,
        copies,
        settings.loaded_terms,
        word_choice_params(settings),
        events,
        settings.event_window_days,
    )
    found = build_claims(story_id, articles, settings, copies) if claims else None
    if found:
        add_claim_omissions(outlets, found, articles, settings.event_window_days)
    return StoryProducts(story_id, timeline, outlets, found)


def corpus_outlets(store: Store, settings: Settings) -> list[OutletProfile]:
    """Every outlet's word choice, spellings, loaded terms and sourcing across all stored
    articles (no timeline, so no omissions; no headlines), computed on demand."""
    articles = list(store.iter_articles())  # with their stored entity ids
    copies = {k: v.copy_of for k, v in store.article_links().items() if v.copy_of}
    names = store.entities.names(m.entity_id for a in articles for m in a.mentions if m.entity_id)
    profiles = compare_outlets(
        "corpus",
        articles,
        [],
        story_entities(articles, names),
        None,
        copies,
        settings.loaded_terms,
        word_choice_params(settings),
    )
    for profile in profiles:
        profile.headlines = []
    return profiles


def timeline_inputs(
    articles: Sequence[Article], copies: Mapping[str, str], settings: Settings
) -> str:
    """A digest of everything a story's timeline is built from: the originals' ids, texts,
    metadata (publication date, inferred or not, title, outlet), date mentions and sentences
    (with the deontic units its citations compare), the settings and the shipped day, mention
    and sentence models. Copies are not read by the timeline.
    """
    models = (load_day_model(), load_mention_model(), load_sentence_model())
    digest = hashlib.sha256(repr((settings, *models)).encode())
    for a in articles:
        if a.id not in copies:
            sentences = [(x.start, x.end, x.statement, x.cues, x.units) for x in a.sentences]
            digest.update(repr((a.id, a.text, a.meta, a.dates, sentences)).encode())
    return digest.hexdigest()


def _stored_timeline(store: Store, story_id: str) -> list[Development] | None:
    row = store.links.products_row(story_id)
    return None if row is None else [Development.from_dict(d) for d in json.loads(row["timeline"])]


def update_products(
    store: Store, story_ids: Iterable[str], settings: Settings, claims: bool = True
) -> tuple[int, int]:
    """Recompute and store the products of ``story_ids``, one transaction per story.

    A story that no longer exists loses its products. A story whose timeline inputs are
    those of its stored timeline (:func:`timeline_inputs`: it gained only copies, say)
    keeps that timeline; the other products read the copies too and are computed again.
    Returns (stories updated, of them without claims).
    """
    tables = store.links
    updated = without_claims = 0
    search: ClaimSearch | None = None
    for story_id in story_ids:
        with store.transaction():
            try:
                articles, copies, events = _read_story(store, story_id)
            except NotFound:
                tables.delete_products(story_id)
            else:
                names = store.entities.names(
                    m.entity_id for a in articles for m in a.mentions if m.entity_id
                )
                inputs = timeline_inputs(articles, copies, settings)
                same = tables.timeline_inputs(story_id) == inputs
                kept = _stored_timeline(store, story_id) if same else None
                products = build_story_products(
                    story_id, articles, copies, names, settings, events, claims, kept
                )
                if products.claims:  # statements in the story's other languages
                    search = search or ClaimSearch(store, settings)
                    add_other_languages(search, products.claims, articles)
                save_products(store, products)
                tables.save_timeline_inputs(story_id, inputs)
                tables.save_story_title(
                    story_id, neutral_title(articles, copies, settings.loaded_terms)
                )
                updated += 1
                without_claims += products.claims is None
            tables.clear_pending("story", [story_id])
    return updated, without_claims


# ---------------------------------------------------------------------------- storing


def _dump(items: Iterable[Development | OutletProfile | Claim]) -> str:
    return json.dumps([i.to_dict() for i in items], ensure_ascii=False, separators=(",", ":"))


def save_products(store: Store, products: StoryProducts) -> None:
    store.links.save_products(
        products.story_id,
        _dump(products.timeline),
        _dump(products.outlets),
        None if products.claims is None else _dump(products.claims),
    )


def _products(row: sqlite3.Row) -> StoryProducts:
    claims = row["claims"]
    return StoryProducts(
        row["story_id"],
        [Development.from_dict(d) for d in json.loads(row["timeline"])],
        [OutletProfile.from_dict(p) for p in json.loads(row["outlets"])],
        None if claims is None else [Claim.from_dict(c) for c in json.loads(claims)],
    )


def load_products(store: Store, story_id: str) -> StoryProducts | None:
    """The stored products of ``story_id``; None when none are stored (yet)."""
    row = store.links.products_row(story_id)
    return _products(row) if row is not None else None
