"""``/api/articles``: the article list and one article with all its facts."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from storyline.api._deps import Corpus, Page
from storyline.api._schemas import ERRORS, ArticleDetail, ArticlePage, answers
from storyline.errors import Errors, NotFound
from storyline.web.queries import (
    article_rows,
    copies_of,
    copy_info,
    inferred_date,
    list_articles,
)

router = APIRouter(prefix="/api/articles", tags=["articles"], responses=ERRORS)


@router.get("", response_model=ArticlePage, summary="List articles, newest first")
def articles(
    corpus: Corpus,
    page: Page,
    outlet: Annotated[str | None, Query(description="Outlet name (any case).")] = None,
    since: Annotated[
        str | None, Query(description="Published on or after (YYYY[-MM[-DD]]).")
    ] = None,
    until: Annotated[str | None, Query(description="Published on or before (inclusive).")] = None,
    story: Annotated[str | None, Query(description="Story id.")] = None,
) -> dict[str, Any]:
    rows, total = list_articles(
        corpus.store(),
        outlet=outlet,
        since=since,
        until=until,
        story=story,
        limit=page.limit,
        offset=page.offset,
    )
    return page.envelope([r.to_dict() for r in rows], total)


@router.get(
    "/{article_id}",
    **answers(ArticleDetail),
    summary="One article with its quotes, entities, dates and links",
)
def article(
    corpus: Corpus,
    article_id: str,
    raw: Annotated[bool, Query(description="Include the text before cleaning.")] = False,
) -> dict[str, Any]:
    """The article as stored, every fact with its character span into the text, plus what
    the link stage says: story, event, the article it copies and what the copy added or cut."""
    try:
        found = corpus.store().get_article(article_id)
    except NotFound:
        raise NotFound(Errors.E441(article_id=article_id)) from None
    data = found.to_dict()
    if not raw:
        data.pop("raw", None)
    links = article_rows(corpus.store(), [article_id]).get(article_id)
    copy = copy_info(corpus.store(), article_id)
    inferred = inferred_date(corpus.store(), article_id)
    data["links"] = {
        "story_id": links.story_id if links else None,
        "event_id": links.event_id if links else None,
        "copy_of": links.copy_of if links else None,
        "copy": copy.to_dict() if copy else None,
        "copies": [r.id for r in copies_of(corpus.store(), article_id)],
        "inferred_published": (
            {"value": inferred[0], "evidence": inferred[1]} if inferred else None
        ),
    }
    return data
