"""The link stage over a corpus or a store: batch linking, incremental linking, reads, export."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.config import Settings
from storyline.errors import ConfigError, Errors, NotFound
from storyline.link import _entity_store, _persist
from storyline.link._entity_store import EntitySummary
from storyline.link._products import (
    StoryProducts,
    load_products,
    story_articles,
    update_products,
)
from storyline.link._text import first_line, parse_date, stable_id, unique
from storyline.link.claim_search import ClaimSearch
from storyline.link.claim_steps import SIDES, label_steps
from storyline.link.claims import claim_for_query, query_terms
from storyline.link.clustering import (
    Assignment,
    Cluster,
    StoryQuery,
    assign,
    chronological,
    cluster_batch,
    story_window_days,
    top_items,
)
from storyline.link.duplicates import (
    CopyKind,
    CopyLink,
    Fingerprint,
    choose_original,
    classify,
    compare,
    copy_link,
    find_copies,
    fingerprint,
)
from storyline.link.features import article_features, tfidf_vector
from storyline.link.languages import (
    Embedder,
    LeadVectors,
    carried_vectors,
    merge_across_languages,
    stories_in_reach,
)
from storyline.link.story_identity import carry_story_ids
from storyline.link.timeline import build_timeline
from storyline.link.undated import infer_publication_date
from storyline.models import (
    Article,
    Claim,
    Development,
    Event,
    OutletProfile,
    SentenceFacts,
    Story,
)
from storyline.store import Store
from storyline.store._entities import entity_usage as entity_spellings


@dataclass
class LinkResult:
    """Per-article assignments of a batch run, with copies and inferred dates."""

    assignments: dict[str, Assignment] = field(default_factory=dict)
    copies: dict[str, CopyLink] = field(default_factory=dict)
    inferred: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (date, evidence)


@dataclass
class LinkReport:
    """What a link run did (printed by the CLI)."""

    linked: int = 0
    copies: int = 0
    new_stories: int = 0
    new_events: int = 0
    inferred_dates: int = 0
    full: bool = False
    #: stories whose timeline, claims and outlet comparison were computed and stored
    products: int = 0
    #: of them, stories stored without claims (no language model could be loaded)
    without_claims: int = 0


def link_articles(
    articles: Sequence[Article],
    settings: Settings,
    embed: Embedder | None = None,
    stored: LeadVectors = carried_vectors,
) -> LinkResult:
    """Link a whole corpus in memory: copies, stories and events, inferred dates (pure).

    Copies take their original's story and event and stay out of the clustering, so a
    story republished ten times counts once. The join across languages reads the
    title-and-lead vectors ``stored`` gives (default: those the pipeline left on the
    articles), or embeds with ``embed`` when one is given.
    """
    copies = find_copies(articles, settings)
    originals = [a for a in articles if a.id not in copies]
    features = {a.id: article_features(a) for a in originals}
    result = LinkResult(copies=copies)
    for assignment in cluster_batch(list(features.values()), settings):
        result.assignments[assignment.article_id] = assignment
    result.assignments = merge_across_languages(
        originals, result.assignments, settings, embed, stored
    )
    for copy_id, link in copies.items():
        original = result.assignments[link.copy_of]
        result.assignments[copy_id] = Assignment(
            copy_id, original.story_id, original.event_id, 1.0, 1.0
        )
    by_event: dict[str, list[dt.date]] = {}
    for a in originals:
        if (d := parse_date(a.published)) is not None:
            by_event.setdefault(result.assignments[a.id].event_id, []).append(d)
    for a in articles:
        inferred = infer_publication_date(
            a, by_event.get(result.assignments[a.id].event_id, []), settings.event_window_days
        )
        if inferred:
            result.inferred[a.id] = (inferred.value, inferred.evidence)
    return result


def relink_all(store: Store, settings: Settings, *, claims: bool = True) -> LinkReport:
    """Re-cluster every stored article from scratch (batch use; ids stay stable), unify the
    entities of all of them and compute every story's timeline, claims and outlet profiles.

    Claims compare the units the pipeline stored with the sentences; with ``claims=False``
    they are stored as not computed.
    """
    articles = list(store.iter_articles())
    result = link_articles(articles, settings, stored=store.lead_embeddings)
    aliases = keep_story_ids(store, result)
    by_id = {a.id: a for a in articles}
    tables = store.links
    with store.transaction():
        tables.save_story_aliases(aliases)
        tables.clear()  # the articles' story, event and copy columns follow (migration 0009)
        store.entities.clear()
        # replay the final grouping through the incremental index so centroids, document
        # frequencies and the candidate index are exactly what later incremental runs expect
        index = _persist.StoreIndex(tables)
        clusters: dict[str, Cluster] = {}
        feats = {a.id: article_features(a) for a in articles if a.id not in result.copies}
        for f in chronological(feats.values()):
            index.add_document(f.counts)
        df = index.document_frequencies({t for f in feats.values() for t in f.counts})
        for f in chronological(feats.values()):
            f.vector = tfidf_vector(f.counts, df, index.n_docs)
            f.lead_vector = tfidf_vector(f.lead_counts, df, index.n_docs)
            a = result.assignments[f.article_id]
            story = clusters.setdefault(a.story_id, Cluster(a.story_id, f.article_id))
            event = clusters.setdefault(
                a.event_id, Cluster(a.event_id, f.article_id, story_id=a.story_id)
            )
            story.add(f, f.vector)
            event.add(f, f.lead_vector)
            _persist.save_article(
                tables, f, fingerprint(by_id[f.article_id]), a.story_id, a.event_id, None,
                (a.story_score, a.event_score), result.inferred.get(f.article_id),
            )  # fmt: skip
        for cluster in clusters.values():
            index.save(cluster, is_event=cluster.story_id is not None)
        for copy_id, link in result.copies.items():
            a = result.assignments[copy_id]
            f = article_features(by_id[copy_id])
            _persist.save_article(
                tables, f, fingerprint(by_id[copy_id]), a.story_id, a.event_id, link, (1.0, 1.0),
                result.inferred.get(copy_id),
            )  # fmt: skip
        # an interrupted run leaves these for the next link run to finish
        tables.mark_pending("entities", by_id)
        tables.mark_pending("story", (c.id for c in clusters.values() if not c.story_id))
    with store.transaction():
        _entity_store.unify_store_entities(store.entities, articles, settings)
        tables.clear_pending("entities", by_id)
    del articles, by_id
    report = LinkReport(
        linked=len(result.assignments),
        copies=len(result.copies),
        new_stories=sum(1 for c in clusters.values() if c.story_id is None),
        new_events=sum(1 for c in clusters.values() if c.story_id is not None),
        inferred_dates=len(result.inferred),
        full=True,
    )
    _complete_pending(store, settings, claims, report)
    return report


def keep_story_ids(store: Store, result: LinkResult) -> dict[str, str]:
    """Give the stories and events of a full re-cluster the ids their articles had (in
    place), and return the old ids of merged stories with the story each now lives on as."""
    links = store.article_links()
    old = {article_id: link.story_id for article_id, link in links.items() if link.story_id}
    new = {a.article_id: a.story_id for a in result.assignments.values()}
    rename, aliases = carry_story_ids(old, new)
    old = {article_id: link.event_id for article_id, link in links.items() if link.event_id}
    new = {a.article_id: a.event_id for a in result.assignments.values()}
    events, _ = carry_story_ids(old, new, kind="event")
    for article_id, a in list(result.assignments.items()):
        if a.story_id in rename or a.event_id in events:
            result.assignments[article_id] = dataclasses.replace(
                a, story_id=rename.get(a.story_id, a.story_id),
                event_id=events.get(a.event_id, a.event_id),
            )  # fmt: skip
    return aliases


def link_store(store: Store, settings: Settings, *, claims: bool = True) -> LinkReport:
    """Assign the articles the link stage has not seen yet, reading only candidates.

    Each new article is checked against stored originals with its body hash, its URL and,
    within its candidate stories and ``copy_window_days`` (7), their MinHash signatures; a
    copy takes its original's story and event. When the new article is the group's rightful
    original (the agency the copies credit, arriving after a republication), the group is
    re-pointed at it. Otherwise it joins (or founds) a story and an event as
    :func:`storyline.link.clustering.assign` decides.

    Then the new articles' mentions join the stored entities (see
    :func:`storyline.link._entity_store.assign_entities`), and the stories that gained
    articles -- only those -- get their timeline, claims and outlet profiles recomputed and
    stored. No language model is loaded: claims read the units the pipeline stored; with
    ``claims=False`` they are stored as not computed.
    """
    report = LinkReport()
    window = settings.copy_window_days
    tables = store.links
    for article_id in tables.unlinked_article_ids():
        article = store.get_article(article_id)
        with store.transaction():
            index = _persist.StoreIndex(tables)
            fp = fingerprint(article)
            features = article_features(article)
            df = index.document_frequencies(features.counts)
            probe = tfidf_vector(features.counts, df, max(index.n_docs, 1))
            query = StoryQuery.of(features, probe, story_window_days(settings))
            candidates = [s.id for s in index.story_candidates(query)][:5]
            rows = tables.copy_candidates(
                fp.text_hash,
                candidates,
                _persist.days_around(features.date, window),
                article.meta.url.value,
            )
            best = _best_copy(fp, rows, settings)
            copy: CopyLink | None = None
            if best is not None:
                story_id, event_id = best[0]["story_id"], best[0]["event_id"]
                copy = _join_copy_group(
                    store, article, fp, best[0]["article_id"], (story_id, event_id), settings
                )
                features.vector = probe
                scores = (1.0, 1.0)
                report.copies += 1
            else:
                assignment = assign(features, index, settings)
                story_id, event_id = assignment.story_id, assignment.event_id
                scores = (assignment.story_score, assignment.event_score)
                report.new_stories += story_id == stable_id("story", article.id)
                report.new_events += event_id == stable_id("event", article.id)
            inferred = None
            if not article.published:
                dates = [d for p in tables.member_published(event_id) if (d := parse_date(p))]
                found = infer_publication_date(article, dates, settings.event_window_days)
                if found:
                    inferred = (found.value, found.evidence)
                    report.inferred_dates += 1
            _persist.save_article(tables, features, fp, story_id, event_id, copy, scores, inferred)
            tables.mark_pending("entities", [article.id])
            tables.mark_pending("story", [story_id])
            report.linked += 1
    if report.new_stories and _joins_across_languages(store, settings):
        # the story embeddings are not kept, so a multilingual corpus whose new stories
        # join stories in another language is re-linked in full
        return relink_all(store, settings, claims=claims)
    _complete_pending(store, settings, claims, report)
    return report


def _joins_across_languages(store: Store, settings: Settings) -> bool:
    """Whether a multilingual store's stories or events would join across languages."""
    if not store.links.several_languages():
        return False
    tables = store.links
    rows = tables.link_rows()
    spans = {r["id"]: (r["first_date"], r["last_date"]) for r in tables.story_rows()}
    # only the stories a new one could join are read, not the whole store
    reach = stories_in_reach(spans, tables.pending("story"), settings.story_window_days)
    articles = [
        store.get_article(i) for i, r in rows.items() if r["story_id"] in reach and not r["copy_of"]
    ]
    current = {
        a.id: Assignment(a.id, rows[a.id]["story_id"], rows[a.id]["event_id"], 1.0, 1.0)
        for a in articles
    }
    joined = merge_across_languages(articles, current, settings, stored=store.lead_embeddings)
    return joined != current


#: Articles whose mentions join the stored entities together (one transaction).
ENTITY_RUN = 500


def _complete_pending(store: Store, settings: Settings, claims: bool, report: LinkReport) -> None:
    """Entities for the articles linked since the last run, then the products of the
    stories they joined (work an interrupted run left is finished here too)."""
    tables = store.links
    waiting = tables.pending("entities")
    # a long feed's articles join the entities in runs, as successive link runs would: the
    # memory and the unification's work stay bounded by the run, not by the feed
    for start in range(0, len(waiting), ENTITY_RUN):
        run = waiting[start : start + ENTITY_RUN]
        with store.transaction():
            present = store.existing_ids(run)
            articles = [store.get_article(i) for i in run if i in present]
            _entity_store.assign_entities(store.entities, articles, settings)
            tables.clear_pending("entities", run)
    report.products, report.without_claims = update_products(
        store, tables.pending("story"), settings, claims
    )


def _join_copy_group(
    store: Store,
    article: Article,
    fp: Fingerprint,
    original_id: str,
    cluster: tuple[str, str],
    settings: Settings,
) -> CopyLink | None:
    """Add ``article`` to the copy group of the stored ``original_id``.

    Returns its copy link, or None when it is the group's rightful original (the agency's
    own story arriving after a republication): then every other member is re-pointed at it.
    """
    tables = store.links
    original = store.get_article(original_id)
    stored = [original, *(store.get_article(i) for i in tables.copies_of(original_id))]
    chosen = choose_original([*stored, article])
    if chosen.id == original_id:
        kind, score = compare(fp, fingerprint(original), settings)
        return copy_link(article, original, kind, score)
    target = fingerprint(chosen)
    for member in stored:
        if member.id == chosen.id:
            _persist.set_copy(tables, member.id, None, *cluster)
            continue
        kind, score = compare(fingerprint(member), target, settings)
        _persist.set_copy(tables, member.id, copy_link(member, chosen, kind, score), *cluster)
    if chosen.id == article.id:
        return None
    kind, score = compare(fp, target, settings)
    return copy_link(article, chosen, kind, score)


def _best_copy(
    fp: Any, rows: Sequence[Any], settings: Settings
) -> tuple[Any, CopyKind, float] | None:
    best: tuple[Any, CopyKind, float] | None = None
    for row in rows:
        found = classify(fp, _persist.fingerprint_from_row(row), settings)
        if found and (best is None or found[1] > best[2]):
            best = (row, found[0], found[1])
    return best


# ---------------------------------------------------------------------------- reads


def list_stories(store: Store) -> list[Story]:
    """Every story, oldest first; ``article_ids`` lists originals only (copies don't count)."""
    tables = store.links
    members = tables.original_members("story")
    return [
        Story(
            row["id"], _title(row), members.get(row["id"], []), row["first_date"], row["last_date"]
        )
        for row in tables.cluster_heads("story")
    ]


def list_events(store: Store, story_id: str | None = None) -> list[Event]:
    tables = store.links
    members = tables.original_members("event", story_id)
    return [
        Event(
            row["id"], row["story_id"], _title(row), members.get(row["id"], []), row["first_date"]
        )
        for row in tables.cluster_heads("event", story_id)
    ]


def _title(row: Any) -> str:
    """A story's neutral title, else the title (or first line) of its founding article, else
    (the founder was deleted) the centroid's top terms."""
    if row["neutral_title"]:
        return str(row["neutral_title"])
    if not row["founder_found"]:
        return " ".join(top_items(json.loads(row["centroid"]), 6))
    return str(row["founder_title"] or first_line(row["founder_text"]))


def list_copies(store: Store, article_ids: Sequence[str] | None = None) -> list[CopyLink]:
    """Every stored copy relation (or those of the copies ``article_ids``), by copy id:
    original, kind, similarity, sentences added and cut."""
    return _persist.copy_links(store.links, article_ids)


def inferred_dates(store: Store, article_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Publication dates inferred for undated articles: id -> (date, evidence)."""
    return store.links.inferred_dates(article_ids)


def story_products(store: Store, story_id: str) -> StoryProducts:
    """The stored timeline, outlet profiles and claims of a story.

    Raises :class:`NotFound` for an unknown story. A story linked but not yet given its
    products (a link run was interrupted) has none, and its claims are None.
    """
    found = load_products(store, story_id)
    if found is not None:
        return found
    if not store.links.members("story_id", story_id):
        raise NotFound(Errors.E447(story_id=story_id))
    return StoryProducts(story_id)


def story_timeline(
    store: Store, story_id: str, settings: Settings | None = None, top: int | None = None
) -> list[Development]:
    """The story's dated developments, oldest first (as stored by the link stage).

    The stored timeline has the story's default length; a ``top`` longer than that is
    built from the story's stored articles and their stored facts, with ``settings``.
    """
    stored = story_products(store, story_id).timeline
    if top is None or top <= len(stored):
        return stored
    articles, copies = story_articles(store, story_id)
    return build_timeline(story_id, articles, settings or Settings(), copies, top=top)


def story_claims(store: Store, story_id: str) -> list[Claim]:
    """The story's claims over time, as stored by the link stage (no parsing here).

    Raises :class:`ConfigError` when they were not computed (the story was linked with
    claims turned off).
    """
    claims = story_products(store, story_id).claims
    if claims is None:
        raise ConfigError(Errors.E116(story_id=story_id))
    return claims


def story_outlets(
    store: Store, story_id: str, settings: Settings | None = None
) -> list[OutletProfile]:
    """How each outlet covered the story (as stored by the link stage).

    ``settings`` is not needed any more; it is accepted so older callers keep working.
    """
    return story_products(store, story_id).outlets


def list_entities(
    store: Store,
    text: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[EntitySummary], int]:
    """Entities unified across the store, most mentioned first, and how many match.

    ``text`` is part of the name or of a spelling variant (any case for ASCII letters),
    ``kind`` the entity type (person, organization, place, ...).
    """
    return _entity_store.entity_summaries(store, text, kind, limit, offset)


def get_entity(store: Store, entity_id: str) -> EntitySummary:
    """One entity with its spellings and counts; raises :class:`NotFound` for an unknown id."""
    return _entity_store.entity_summary(store, entity_id)


def speaker_entities(store: Store, name: str) -> list[str]:
    """Ids of the entities a speaker name can designate: any spelling, a full name that
    fits, or a surname alone (see :func:`~storyline.link._entity_store.entities_named`)."""
    return _entity_store.entities_named(store.entities, name)


def entity_usage(store: Store, entity_id: str) -> dict[str, dict[str, int]]:
    """How each outlet spelled the entity: outlet -> spelling -> uses."""
    return entity_spellings(store, entity_id)


#: Articles a proposition is checked against when no story narrows them.
QUERY_ARTICLES = 200


def query_claim(
    store: Store,
    query: str,
    analysed: SentenceFacts | None,
    settings: Settings,
    story_id: str | None,
    search: ClaimSearch,
) -> Claim:
    """A user's proposition checked against the store.

    Two readers are united. The learned one (:class:`~storyline.link.claim_search.ClaimSearch`)
    reads the stored sentences: words, names and embeddings find the statements, the shipped
    stance model reads supports / refutes / discusses. With ``analysed`` (the proposition read
    by :func:`storyline.pipeline.sentence_claims.analyse_claim_text`, which the interface
    calls with its language model), the permission rules
    (:func:`~storyline.link.claims.claim_for_query`) also compare the units stored with the
    sentences of the full-text hits; where they take a side in an article they speak for it
    (they read permission and prohibition precisely), elsewhere the learned statements stand.
    ``search`` holds the stored embeddings and the interface's encoder for the query
    (:func:`storyline.pipeline.embed.query_encoder`); one serves many propositions.
    """
    within: list[str] | None = None
    if story_id:
        articles, copies = story_articles(store, story_id)
        within = [a.id for a in articles]
    elif analysed is not None:
        words = search_query(query)
        hits = store.search(words, limit=QUERY_ARTICLES) if words else []
        ids = [h.article_id for h in hits]
        articles = [store.get_article(i) for i in ids]  # with their stored entity ids
        copies = store.links.copy_map(ids)
    if analysed is not None:
        claim = claim_for_query(query, analysed, articles, settings, copies)
    else:
        claim = Claim(stable_id("claim", "query", query.strip().lower()), None, query.strip())
    ruled = {s.article_id for s in claim.statements if s.stance in SIDES}
    seen = {(s.article_id, s.start) for s in claim.statements}
    for found in search.find(query, within):
        s = found.statement
        if s.article_id not in ruled and (s.article_id, s.start) not in seen:
            claim.statements.append(s)
    return label_steps(claim, settings)


def search_query(proposition: str) -> str:
    """An FTS5 query matching any content word of ``proposition`` (OR), ranked by BM25;
    empty when it has none.

    >>> search_query("Ukraine may use ATACMS")
    '"ukraine" OR "use" OR "atacms"'
    """
    words = unique(w.replace('"', "") for w in query_terms(proposition))
    return " OR ".join(f'"{w}"' for w in words if w)


def export_link(store: Store) -> dict[str, Any]:
    """Every link result as export sections, plus per-article ``story_id``/``event_id``/``copy_of``.

    Everything is read as the link stage stored it. ``copies`` holds each copy relation: the
    original, the kind (exact, near, wire), the similarity and the sentences the copy added
    and cut; ``claims`` leaves out stories whose claims were not computed.
    """
    stories = list_stories(store)
    out: dict[str, Any] = {
        "stories": [s.to_dict() for s in stories],
        "events": [e.to_dict() for e in list_events(store)],
        "timeline": [],
        "claims": [],
        "outlets": [],
    }
    entities, _ = list_entities(store)
    out["entities"] = [e.entity.to_dict() for e in entities]
    for story in stories:
        products = load_products(store, story.id)
        if products is None:
            continue
        out["timeline"].extend(d.to_dict() for d in products.timeline)
        out["outlets"].extend(p.to_dict() for p in products.outlets)
        out["claims"].extend(c.to_dict() for c in products.claims or [])
    out["copies"] = [c.to_dict() for c in list_copies(store)]
    out["articles"] = [
        {
            "id": r["article_id"],
            "story_id": r["story_id"],
            "event_id": r["event_id"],
            "copy_of": r["copy_of"],
        }
        for r in store.links.link_rows().values()
    ]
    return out


def export_sections(store: Store) -> dict[str, Any]:
    """The schema's link sections for ``storyline export``, read from the store."""
    data = export_link(store)
    data.pop("articles")
    return data
