"""``/api/quotes``, ``/api/entities`` and ``/api/claims``: facts across articles."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from storyline._claim_check import check_propositions
from storyline.api._deps import Corpus, Page
from storyline.api._errors import ApiError
from storyline.api._schemas import (
    ERRORS,
    NOT_COMPUTED,
    ClaimList,
    EntityDetail,
    EntityPage,
    QuotePage,
    answers,
)
from storyline.api._stories import story_claims
from storyline.errors import Errors
from storyline.link import entity_usage, get_entity, list_entities
from storyline.web.charts import bucket_counts
from storyline.web.queries import (
    entity_article_ids,
    entity_mention_days,
    list_quotes,
    speaker_names,
)

#: The entity types (storyline.pipeline.entities.aliases.KINDS).
EntityKind = Literal["person", "organization", "place", "group", "product", "event", "other"]

router = APIRouter(prefix="/api", tags=["facts"], responses=ERRORS)


@router.get("/quotes", response_model=QuotePage, summary="Quotes with their speakers, oldest first")
def quotes(
    corpus: Corpus,
    page: Page,
    speaker: Annotated[str | None, Query(description="Speaker as written or full name.")] = None,
    entity: Annotated[str | None, Query(description="Entity id of the speaker.")] = None,
    story: Annotated[str | None, Query(description="Story id.")] = None,
    article: Annotated[str | None, Query(description="Article id.")] = None,
    kind: Annotated[str | None, Query(description="direct, partial or indirect.")] = None,
) -> dict[str, Any]:
    if entity:
        get_entity(corpus.store(), entity)  # 404 for an unknown entity
    rows, total = list_quotes(
        corpus.store(),
        speaker=speaker,
        speaker_entity=entity,
        story=story,
        article=article,
        kind=kind,
        limit=page.limit,
        offset=page.offset,
    )
    return page.envelope([r.to_dict() for r in rows], total)


@router.get(
    "/entities",
    response_model=EntityPage,
    summary="Entities unified across articles, most mentioned first",
)
def entities(
    corpus: Corpus,
    page: Page,
    q: Annotated[str | None, Query(description="Part of a name or spelling variant.")] = None,
    type: Annotated[EntityKind | None, Query(description="Entity type.")] = None,
) -> dict[str, Any]:
    found, total = list_entities(corpus.store(), q, type, page.limit, page.offset)
    items = [
        {
            "id": f.entity.id,
            "name": f.entity.name,
            "type": f.entity.type,
            "mentions": f.mentions,
            "variants": [a.text for a in f.entity.aliases],
        }
        for f in found
    ]
    return page.envelope(items, total)


@router.get(
    "/entities/{entity_id}",
    **answers(EntityDetail),
    summary="One entity: spelling variants per outlet, mentions",
)
def entity(corpus: Corpus, entity_id: str) -> dict[str, Any]:
    found = get_entity(corpus.store(), entity_id)
    months = bucket_counts(entity_mention_days(corpus.store(), entity_id), "month")
    data = found.entity.to_dict()
    data.update(
        mentions=found.mentions,
        articles=entity_article_ids(corpus.store(), entity_id),
        aliases_by_outlet=entity_usage(corpus.store(), entity_id),
        mentions_by_month=[{"month": d.isoformat()[:7], "count": n} for d, n in months],
        speaker_names=speaker_names(corpus.store(), entity_id),
    )
    return data


@router.get(
    "/claims",
    **answers(ClaimList, NOT_COMPUTED),
    summary="Claims of a story, or statements about your own propositions",
)
def claims(
    corpus: Corpus,
    story: Annotated[str | None, Query(description="Story id.")] = None,
    query: Annotated[
        list[str] | None,
        Query(
            description='A proposition, e.g. "the ore ban is lifted"; repeat it to check '
            "several in one request."
        ),
    ] = None,
) -> dict[str, Any]:
    if not story and not query:
        raise ApiError(400, Errors.E704())
    if not query:
        assert story is not None
        found = story_claims(corpus, story)
        return {"total": len(found), "items": [c.to_dict() for c in found]}
    if story:
        corpus.story(story)  # 404 for an unknown story
    items = check_propositions(  # without a model the learned reader alone answers
        corpus.store(), corpus.settings, query, corpus.nlp(), story, nlp_lock=corpus.nlp_lock
    )
    return {"total": len(items), "items": [c.to_dict() for c in items]}
