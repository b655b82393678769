"""``/api/stories``: stories, their events, timeline, outlet comparison and claims."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from storyline.api._deps import Corpus, Page
from storyline.api._errors import ApiError
from storyline.api._schemas import (
    ERRORS,
    NOT_COMPUTED,
    ClaimList,
    EventList,
    OutletList,
    StoryDetail,
    StoryPage,
    TimelineList,
    answers,
)
from storyline.errors import Errors, NotFound
from storyline.link.timeline import ENTRY_KINDS
from storyline.models import Claim
from storyline.web.corpus import CorpusView
from storyline.web.queries import get_story_summary, list_story_summaries

router = APIRouter(prefix="/api/stories", tags=["stories"], responses=ERRORS)


@router.get("", response_model=StoryPage, summary="List stories, most recently covered first")
def stories(corpus: Corpus, page: Page) -> dict[str, Any]:
    rows, total = corpus.cached(
        ("stories", page.limit, page.offset),
        lambda: list_story_summaries(corpus.store(), page.limit, page.offset),
    )
    return page.envelope([r.to_dict() for r in rows], total)


@router.get("/{story_id}", **answers(StoryDetail), summary="One story with its events")
def story(corpus: Corpus, story_id: str) -> dict[str, Any]:
    summary = get_story_summary(corpus.store(), story_id)
    if summary is None:
        raise NotFound(Errors.E442(story_id=story_id))
    digest = corpus.story(story_id)
    data = summary.to_dict()
    data["events"] = [e.to_dict() for e in digest.events]
    data["article_ids"] = [a.id for a in digest.articles]
    data["copies"] = dict(digest.copies)
    return data


@router.get(
    "/{story_id}/events",
    **answers(EventList),
    summary="The events (clusters of same-days coverage) of a story",
)
def events(corpus: Corpus, story_id: str) -> dict[str, Any]:
    items = [e.to_dict() for e in corpus.story(story_id).events]
    return {"total": len(items), "items": items}


@router.get(
    "/{story_id}/timeline",
    **answers(TimelineList),
    summary="Dated developments, each citing its articles",
)
def timeline(corpus: Corpus, story_id: str) -> dict[str, Any]:
    items = [d.to_dict() for d in corpus.story(story_id).timeline]
    return {"total": len(items), "kinds": ENTRY_KINDS, "items": items}


@router.get(
    "/{story_id}/outlets",
    **answers(OutletList),
    summary="Outlet comparison: coverage, names, terms, sourcing",
)
def outlets(corpus: Corpus, story_id: str) -> dict[str, Any]:
    digest = corpus.story(story_id)
    items = [p.to_dict() for p in digest.outlets]
    return {"total": len(items), "timeline_size": len(digest.timeline), "items": items}


@router.get(
    "/{story_id}/claims",
    **answers(ClaimList, NOT_COMPUTED),
    summary="How each tracked claim changed over time",
)
def claims(corpus: Corpus, story_id: str) -> dict[str, Any]:
    found = story_claims(corpus, story_id)
    return {"total": len(found), "items": [c.to_dict() for c in found]}


def story_claims(corpus: CorpusView, story_id: str) -> list[Claim]:
    """The stored claims, or the API error saying why there are none."""
    found = corpus.story(story_id).claims
    if found is None:
        raise ApiError(
            503,
            Errors.E709(),
        )
    return found
