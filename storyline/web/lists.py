"""List pages -- every article, every outlet, one outlet, every quote -- and the CSV and
JSON downloads of every list page (datasette style: ``/quotes.csv?speaker=...`` holds
what ``/quotes?speaker=...`` lists, every page of it)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from storyline.errors import Errors, NotFound
from storyline.link import list_entities
from storyline.models import Model
from storyline.web.corpus import CorpusView
from storyline.web.list_queries import (
    get_outlet,
    list_all_articles,
    list_outlets,
    outlet_speakers,
    outlet_stories,
)
from storyline.web.pages import SearchFiltersQuery, _corpus, _page, _pages, _render
from storyline.web.queries import MAX_PAGE, list_quotes, search

router = APIRouter(include_in_schema=False)

PER_PAGE = 50
#: Most rows one download holds.
DOWNLOAD_MAX = 100_000
Format = Literal["csv", "json"]
Fetch = Callable[[int, int], tuple[Sequence[Any], int]]

_Text = Annotated[str | None, Query(max_length=200)]
_Date = Annotated[str | None, Query(max_length=40)]
_PageNo = Annotated[int, Query(ge=1, le=100_000)]


def _rows(fetch: Fetch) -> Iterator[dict[str, Any]]:
    offset = 0
    while offset < DOWNLOAD_MAX:
        items, total = fetch(MAX_PAGE, offset)
        for item in items:
            yield item.to_dict() if isinstance(item, Model) else dict(item)
        offset += len(items)
        if not items or offset >= total:
            return


def download(name: str, fmt: Format, fetch: Fetch, columns: Sequence[str]) -> Response:
    """Every row ``fetch`` pages through, as a CSV or JSON file named ``name``."""
    if fmt == "json":
        items = list(_rows(fetch))
        body = json.dumps({"total": len(items), "items": items}, ensure_ascii=False)
        return Response(
            body,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{name}.json"'},
        )

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in _rows(fetch):
            writer.writerow({k: _cell(v) for k, v in row.items()})
            if buffer.tell() > 64_000:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _columns(model: type) -> list[str]:
    return [f.name for f in fields(model)]


def _query(**params: Any) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)})


# --------------------------------------------------------------------------- articles


def _article_filters(
    outlet: _Text = None,
    since: _Date = None,
    until: _Date = None,
    story: _Text = None,
    undated: bool = False,
) -> dict[str, Any]:
    """The filters of the article list and its download, from the query string."""
    return dict(outlet=outlet, since=since, until=until, story=story, undated=undated)


_ArticleFilters = Annotated[dict[str, Any], Depends(_article_filters)]


def _article_fetch(corpus: CorpusView, **filters: Any) -> Fetch:
    return lambda limit, offset: list_all_articles(
        corpus.store(), limit=limit, offset=offset, **filters
    )


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, filters: _ArticleFilters, page: _PageNo = 1) -> HTMLResponse:
    corpus = _corpus(request)
    rows, total = _article_fetch(corpus, **filters)(PER_PAGE, (page - 1) * PER_PAGE)
    query = _query(**filters)
    return _page(
        request,
        "articles.html",
        rows=rows,
        form=filters,
        query=query,
        pages=_pages(total, PER_PAGE, page),
        outlets=corpus.outlets(),
    )


@router.get("/articles.{fmt}")
def articles_download(request: Request, fmt: Format, filters: _ArticleFilters) -> Response:
    from storyline.web.list_queries import ArticleListRow

    fetch = _article_fetch(_corpus(request), **filters)
    return download("articles", fmt, fetch, _columns(ArticleListRow))


# --------------------------------------------------------------------------- outlets


@router.get("/outlets", response_class=HTMLResponse)
def outlets(request: Request) -> HTMLResponse:
    corpus = _corpus(request)
    rows = corpus.cached(("outlet-rows",), lambda: list_outlets(corpus.store()))
    return _page(request, "outlets.html", rows=rows)


@router.get("/outlets.{fmt}")
def outlets_download(request: Request, fmt: Format) -> Response:
    from storyline.web.list_queries import OutletRow

    corpus = _corpus(request)
    rows = list_outlets(corpus.store())
    return download("outlets", fmt, lambda limit, offset: (rows, len(rows)), _columns(OutletRow))


@router.get("/outlets/{name}", response_class=HTMLResponse)
def outlet(request: Request, name: str) -> HTMLResponse:
    corpus = _corpus(request)

    def build() -> str:
        found = get_outlet(corpus.store(), name)
        if found is None:
            raise NotFound(Errors.E452(name=name))
        latest, _ = list_all_articles(corpus.store(), outlet=name, limit=20)
        return _render(
            request,
            "outlet.html",
            outlet=found,
            latest=latest,
            speakers=outlet_speakers(corpus.store(), name),
            stories=outlet_stories(corpus.store(), name),
        )

    # the page changes only when the database does: render it once per database state
    return HTMLResponse(corpus.cached(("outlet-html", name.casefold()), build))


# --------------------------------------------------------------------------- quotes


def _quote_filters(
    speaker: _Text = None,
    outlet: _Text = None,
    since: _Date = None,
    until: _Date = None,
    kind: Annotated[str | None, Query(max_length=20)] = None,
    story: _Text = None,
) -> dict[str, Any]:
    """The filters of the quote list and its download, from the query string (empty ones
    dropped)."""
    return dict(
        speaker=speaker or None,
        outlet=outlet or None,
        since=since or None,
        until=until or None,
        kind=kind or None,
        story=story or None,
    )


_QuoteFilters = Annotated[dict[str, Any], Depends(_quote_filters)]


def _quote_fetch(corpus: CorpusView, **filters: Any) -> Fetch:
    return lambda limit, offset: list_quotes(corpus.store(), limit=limit, offset=offset, **filters)


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, filters: _QuoteFilters, page: _PageNo = 1) -> HTMLResponse:
    corpus = _corpus(request)
    rows, total = _quote_fetch(corpus, **filters)(PER_PAGE, (page - 1) * PER_PAGE)
    return _page(
        request,
        "quotes.html",
        rows=rows,
        form={k: v or "" for k, v in filters.items()},
        query=_query(**filters),
        pages=_pages(total, PER_PAGE, page),
        outlets=corpus.outlets(),
    )


@router.get("/quotes.{fmt}")
def quotes_download(request: Request, fmt: Format, filters: _QuoteFilters) -> Response:
    from storyline.web.queries import QuoteRow

    fetch = _quote_fetch(_corpus(request), **filters)
    return download("quotes", fmt, fetch, _columns(QuoteRow))


# --------------------------------------------------------------------------- entities, search


@router.get("/entities.{fmt}")
def entities_download(
    request: Request,
    fmt: Format,
    q: _Text = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    corpus = _corpus(request)

    def fetch(limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        found, total = list_entities(corpus.store(), q, type or None, limit=limit, offset=offset)
        return [
            {
                "id": f.entity.id,
                "name": f.entity.name,
                "type": f.entity.type,
                "mentions": f.mentions,
                "spellings": "; ".join(a.text for a in f.entity.aliases),
            }
            for f in found
        ], total

    return download("entities", fmt, fetch, ["id", "name", "type", "mentions", "spellings"])


@router.get("/search.{fmt}")
def search_download(
    request: Request,
    fmt: Format,
    filters: SearchFiltersQuery,
    q: Annotated[str | None, Query(max_length=500)] = None,
    syntax: Annotated[Literal["plain", "fts"], Query()] = "plain",
) -> Response:
    from storyline.web.pages import plain_snippet
    from storyline.web.queries import SearchResult

    corpus = _corpus(request)

    def fetch(limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
        hits, total = search(corpus.store(), q, filters, syntax=syntax, limit=limit, offset=offset)
        return [dict(h.to_dict(), snippet=plain_snippet(h.snippet)) for h in hits], total

    return download("search", fmt, fetch, _columns(SearchResult))
