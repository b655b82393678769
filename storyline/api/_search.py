"""``/api/search``: full-text search (SQLite FTS5) with filters, and ``/api/summary``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from storyline.api._deps import Corpus, Page
from storyline.config import Settings
from storyline.store import summarize
from storyline.store._search import check_query_size
from storyline.web.queries import HIT_CLOSE, HIT_OPEN, search

router = APIRouter(prefix="/api", tags=["search"])


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


@router.get("/search", summary="Search articles (FTS5 syntax) with filters")
def search_articles(
    request: Request,
    corpus: Corpus,
    page: Page,
    q: Annotated[
        str | None,
        Query(description='FTS5 query: words, "phrases", OR, NOT, NEAR, prefix*, title:word.'),
    ] = None,
    plain: Annotated[bool, Query(description="Treat q as plain words (no syntax).")] = False,
    outlet: Annotated[str | None, Query(description="Outlet name.")] = None,
    since: Annotated[str | None, Query(description="Published on or after.")] = None,
    until: Annotated[str | None, Query(description="Published on or before.")] = None,
    entity: Annotated[
        str | None, Query(description="Mentions this name, or this entity id (any spelling).")
    ] = None,
    speaker: Annotated[str | None, Query(description="Quotes this speaker.")] = None,
    story: Annotated[str | None, Query(description="Story id.")] = None,
) -> dict[str, Any]:
    """A malformed query (``"unbalanced``, ``AND OR``) is a 400 explaining the syntax, and
    so is one over ``max_query_chars`` characters or ``max_query_terms`` words."""
    settings: Settings = request.app.state.settings
    check_query_size(q, settings.max_query_chars, settings.max_query_terms)
    hits, total = search(
        corpus.store(),
        q,
        outlet=outlet,
        since=since,
        until=until,
        speaker=speaker,
        entity=entity,
        story=story,
        plain=plain,
        limit=page.limit,
        offset=page.offset,
    )
    items = []
    for hit in hits:
        data = hit.to_dict()
        data["snippet"], data["matches"] = split_snippet(hit.snippet)
        items.append(data)
    return page.envelope(items, total)


@router.get("/summary", summary="What the database holds")
def summary(corpus: Corpus) -> dict[str, Any]:
    return summarize(corpus.store()).to_dict()
