"""``/api/search``: full-text search (SQLite FTS5) with filters, and ``/api/summary``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request

from storyline.api._deps import Corpus, Page
from storyline.api._schemas import ERRORS, SearchPage, Summary
from storyline.config import Settings
from storyline.store import SearchFilters, summarize
from storyline.store._search import check_query_size
from storyline.web.queries import HIT_CLOSE, HIT_OPEN, search, search_facets

router = APIRouter(prefix="/api", tags=["search"], responses=ERRORS)


def split_snippet(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """The snippet as plain text and the ``[start, end)`` offsets of the matched words.

    >>> split_snippet("the \\x02ban\\x03 stays")
    ('the ban stays', [(4, 7)])
    """
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for char in snippet:
        if char == HIT_OPEN:
            start = length
        elif char == HIT_CLOSE:
            if start is not None:
                spans.append((start, length))
            start = None
        else:
            text.append(char)
            length += 1
    return "".join(text), spans


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search articles (plain words, or FTS5 syntax) with filters",
)
def search_articles(
    request: Request,
    corpus: Corpus,
    page: Page,
    q: Annotated[
        str | None,
        Query(
            description="Words that must all occur (punctuation as is); a name matches every "
            'spelling of its entity. With syntax=fts: "phrases", OR, NOT, NEAR, prefix*, '
            "title:word."
        ),
    ] = None,
    syntax: Annotated[
        Literal["plain", "fts"], Query(description="How q is read: plain words or FTS5 syntax.")
    ] = "plain",
    facets: Annotated[
        bool, Query(description="Add counts by outlet, month, speaker, entity and story.")
    ] = False,
    plain: Annotated[
        bool, Query(description="Kept for old clients: same as syntax=plain.")
    ] = False,
    outlet: Annotated[str | None, Query(description="Outlet name.")] = None,
    since: Annotated[str | None, Query(description="Published on or after.")] = None,
    until: Annotated[str | None, Query(description="Published on or before.")] = None,
    entity: Annotated[
        str | None, Query(description="Mentions this name, or this entity id (any spelling).")
    ] = None,
    speaker: Annotated[str | None, Query(description="Quotes this speaker.")] = None,
    story: Annotated[str | None, Query(description="Story id.")] = None,
) -> dict[str, Any]:
    """A malformed FTS5 query (``"unbalanced``, ``AND OR``) is a 400 explaining the syntax,
    and so is one over ``max_query_chars`` characters or ``max_query_terms`` words."""
    settings: Settings = request.app.state.settings
    check_query_size(q, settings.max_query_chars, settings.max_query_terms)
    filters = SearchFilters(outlet, since, until, speaker, entity, story)
    hits, total = search(
        corpus.store(), q, filters, plain=plain, syntax=syntax, limit=page.limit, offset=page.offset
    )
    items = []
    for hit in hits:
        data = hit.to_dict()
        data["snippet"], data["matches"] = split_snippet(hit.snippet)
        items.append(data)
    body = page.envelope(items, total)
    if facets:
        body["facets"] = search_facets(
            corpus.store(), q, filters, plain=plain, syntax=syntax
        ).to_dict()
    return body


@router.get("/summary", response_model=Summary, summary="What the database holds")
def summary(corpus: Corpus) -> dict[str, Any]:
    # whole-store aggregates (seconds at 100,000 articles): once per database state
    return corpus.cached(("api-summary",), lambda: summarize(corpus.store()).to_dict())
