"""Watches and the alerts they raise.

A watch *observes* the store: each thing it can report (a story mentioning a watched entity,
a development of a watched story, a quote by a watched speaker, a claim's first statement,
a change or a contradiction) gets a fingerprint. Fingerprints not seen before become
alerts; the store remembers every fingerprint, so nothing is reported twice. When a watch
is added, what the store already holds is recorded silently: alerts are about what comes.

Claims are checked with :func:`storyline.link.query_claim`, the same function that answers
``storyline claims --query``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.errors import NotFound
from storyline.models import Alert, AlertKind, Article, Citation, ClaimStatement, Watch, WatchKind
from storyline.store import Store, WatchTables
from storyline.store._watch import short_hash
from storyline.watch._durations import iso

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.link.claim_search import ClaimSearch

log = logging.getLogger(__name__)

Observation = tuple[str, Alert]

#: Articles read per entity or speaker watch (the most recent first would need a date
#: index; the store returns them best-ranked).
MAX_MATCHES = 500


def add_watch(
    store: Store,
    kind: WatchKind,
    value: str,
    settings: Settings,
    nlp_source: Callable[[], Language | None] = lambda: None,
    now: str | None = None,
) -> tuple[Watch, bool]:
    """Watch ``value``; what the store holds now is recorded as seen (no alert for it).

    ``nlp_source`` is asked for the language model only for a claim watch on a store that
    has articles. Returns the watch and whether it is new.
    """
    tables = WatchTables(store)
    watch, created = tables.add_watch(kind, value, now)
    if created and store.count_articles():
        nlp = nlp_source() if kind == "claim" else None
        observed = observe(store, watch, settings, nlp, now or watch.added_at)
        tables.record_observations(watch.id, observed or [], silent=True)
    return watch, created


def evaluate_watches(
    store: Store, settings: Settings, nlp: Language | None, clock: Callable[[], datetime]
) -> list[Alert]:
    """Check every watch against the store; the new alerts (already stored), oldest watch first."""
    from storyline._claim_check import claim_search

    tables = WatchTables(store)
    raised: list[Alert] = []
    search: ClaimSearch | None = None  # one read of the stored embeddings for every claim watch
    for watch in tables.list_watches():
        if watch.kind == "claim" and nlp is not None and search is None:
            search = claim_search(store, settings)
        observed = observe(store, watch, settings, nlp, iso(clock()), search)
        if observed is None:
            log.warning("claim watch %s skipped: no language model was loaded", watch.id)
            continue
        raised.extend(tables.record_observations(watch.id, observed))
    return raised


def observe(
    store: Store,
    watch: Watch,
    settings: Settings,
    nlp: Language | None,
    now: str,
    search: ClaimSearch | None = None,
) -> list[Observation] | None:
    """What ``watch`` sees in the store now (None for a claim watch without a model); a claim
    watch reads the store through ``search`` when given (see
    :func:`storyline._claim_check.claim_search`)."""
    from storyline._claim_check import claim_search

    if watch.kind == "story":
        return _story(store, watch, now)
    if watch.kind == "entity":
        return _entity(store, watch, now)
    if watch.kind == "speaker":
        return _speaker(store, watch, now)
    if nlp is None:
        return None
    return _claim(store, watch, settings, nlp, now, search or claim_search(store, settings))


def _alert(
    watch: Watch,
    fingerprint: str,
    kind: AlertKind,
    title: str,
    now: str,
    *,
    story_id: str | None = None,
    summary: str = "",
    evidence: Iterable[Citation] = (),
) -> Observation:
    alert = Alert(
        "al-" + short_hash(watch.id, fingerprint),
        watch.id,
        kind,
        title,
        now,
        story_id,
        summary,
        list(evidence),
    )
    return fingerprint, alert


def _story(store: Store, watch: Watch, now: str) -> list[Observation]:
    from storyline.link import story_products

    try:
        products = story_products(store, watch.value)
    except NotFound:
        return []
    out = []
    for d in products.timeline:
        fingerprint = f"development:{d.date}:{short_hash(d.text)}"
        out.append(
            _alert(
                watch,
                fingerprint,
                "new-development",
                f"{d.date or 'undated'}: {d.text}",
                now,
                story_id=watch.value,
                summary=d.text,
                evidence=d.sources,
            )
        )
    return out


def _story_of(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    links = store.article_links()
    return {i: s for i in article_ids if (link := links.get(i)) and (s := link.story_id)}


def _matches(value: str, *candidates: str | None) -> bool:
    folded = value.casefold()
    return any(c is not None and (c == value or c.casefold() == folded) for c in candidates)


def _title(article: Article) -> str:
    return article.meta.title.value or article.text[:80]


def _entity(store: Store, watch: Watch, now: str) -> list[Observation]:
    hits = store.search(entity=watch.value, limit=MAX_MATCHES)
    stories = _story_of(store, [h.article_id for h in hits])
    first_in_story: dict[str, Article] = {}
    for hit in hits:
        story_id = stories.get(hit.article_id)
        if story_id is None or story_id in first_in_story:
            continue
        first_in_story[story_id] = store.get_article(hit.article_id)
    out = []
    for story_id, article in first_in_story.items():
        mentions = [
            m for m in article.mentions if _matches(watch.value, m.entity_id, m.canonical, m.text)
        ][:3]
        out.append(
            _alert(
                watch,
                f"story:{story_id}",
                "new-story",
                f"New story mentioning {watch.value}: {_title(article)}",
                now,
                story_id=story_id,
                summary=_title(article),
                evidence=[
                    Citation(article.id, m.start, m.end, article.meta.outlet.value)
                    for m in mentions
                ],
            )
        )
    return out


def _speaker(store: Store, watch: Watch, now: str) -> list[Observation]:
    hits = store.search(speaker=watch.value, limit=MAX_MATCHES)
    stories = _story_of(store, [h.article_id for h in hits])
    out = []
    for hit in hits:
        article = store.get_article(hit.article_id)
        for quote in article.quotes:
            if not _matches(
                watch.value, quote.speaker, quote.speaker_canonical, quote.speaker_entity_id
            ):
                continue
            out.append(
                _alert(
                    watch,
                    f"quote:{quote.id}",
                    "new-quote",
                    f"{quote.speaker}: \u201c{quote.text}\u201d",
                    now,
                    story_id=stories.get(article.id),
                    summary=f"{article.meta.outlet.value or 'unknown outlet'}, "
                    f"{article.published or 'undated'}: {_title(article)}",
                    evidence=[
                        Citation(article.id, quote.start, quote.end, article.meta.outlet.value)
                    ],
                )
            )
    return out


def _cite(statement: ClaimStatement) -> Citation:
    return Citation(statement.article_id, statement.start, statement.end, statement.outlet)


def _span_key(statement: ClaimStatement) -> str:
    return f"{statement.article_id}:{statement.start}:{statement.end}"


def _said(statement: ClaimStatement) -> str:
    return (
        f"{statement.outlet or statement.article_id} ({statement.date or 'undated'}, "
        f"{statement.stance}): {statement.text}"
    )


def _claim(
    store: Store, watch: Watch, settings: Settings, nlp: Language, now: str, search: ClaimSearch
) -> list[Observation]:
    from storyline._claim_check import check_propositions

    [claim] = check_propositions(store, settings, [watch.value], nlp, search=search)
    statements = claim.statements
    if not statements:
        return []
    firsts = [s for s in statements if s.step == "new"] or statements[:1]
    out = [
        _alert(
            watch,
            "claim:new",
            "claim-new",
            f"First reports on: {watch.value}",
            now,
            summary=_said(firsts[0]),
            evidence=[_cite(s) for s in firsts[:3]],
        )
    ]
    for s in statements:
        if s.step == "changed":
            out.append(
                _alert(
                    watch,
                    f"claim:changed:{_span_key(s)}",
                    "claim-changed",
                    f"Changed: {watch.value} - now {s.stance}",
                    now,
                    summary=_said(s),
                    evidence=[_cite(s)],
                )
            )
    for conflict in claim.conflicts:
        if conflict.kind != "contradiction":
            continue  # an update is the "changed" statement already reported
        earlier, later = statements[conflict.earlier], statements[conflict.later]
        out.append(
            _alert(
                watch,
                f"claim:contradiction:{_span_key(earlier)}|{_span_key(later)}",
                "claim-contradiction",
                f"Contradiction on: {watch.value}",
                now,
                summary=f"{_said(earlier)} / {_said(later)}",
                evidence=[_cite(earlier), _cite(later)],
            )
        )
    return out
