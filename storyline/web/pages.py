"""The server-rendered pages: home, story, article, entity, entities and search."""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from markupsafe import Markup, escape

from storyline.errors import Errors, NotFound, QueryError, with_code
from storyline.link import entity_usage, get_entity, list_entities
from storyline.models import Article
from storyline.store import SearchFacets, SearchFilters
from storyline.web.charts import bucket_counts, bucket_unit, column_chart, sparkline
from storyline.web.claim_box import MAX_PROPOSITION, claim_box, proposition_text
from storyline.web.corpus import CorpusView
from storyline.web.highlight import highlight_article
from storyline.web.list_queries import count_undated
from storyline.web.queries import (
    HIT_CLOSE,
    HIT_OPEN,
    MAX_PAGE,
    article_rows,
    copies_of,
    copy_info,
    entity_article_ids,
    entity_kinds,
    entity_mention_days,
    inferred_date,
    list_articles,
    list_quotes,
    list_story_summaries,
    mention_entities,
    quotes_about,
    search,
    search_facets,
    top_names,
    top_speakers,
)
from storyline.web.story_view import build_story_view, site_links
from storyline.web.views import alias_table

router = APIRouter(include_in_schema=False)

STORIES_PER_PAGE = 20
RESULTS_PER_PAGE = 20
_CITE = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def _corpus(request: Request) -> CorpusView:
    corpus: CorpusView = request.app.state.corpus
    return corpus


def _render(request: Request, name: str, **context: Any) -> str:
    env: Environment = request.app.state.templates
    corpus = _corpus(request)
    undated = corpus.cached(("undated-count",), lambda: count_undated(corpus.store()))
    return env.get_template(name).render(
        palette=corpus.palette(), path=request.url.path, undated_count=undated, **context
    )


def _page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_render(request, name, **context), status_code=status)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    env: Environment = request.app.state.templates
    html = env.get_template("error.html").render(
        status=status, detail=detail, path=request.url.path
    )
    return HTMLResponse(html, status_code=status)


def _pages(total: int, per_page: int, current: int) -> dict[str, int]:
    last = max(1, -(-total // per_page))
    return {"current": min(current, last), "last": last, "total": total}


# --------------------------------------------------------------------------- home


@router.get("/", response_class=HTMLResponse)
def home(request: Request, page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> HTMLResponse:
    corpus = _corpus(request)

    def build() -> str:
        stories, total = list_story_summaries(
            corpus.store(), STORIES_PER_PAGE, (page - 1) * STORIES_PER_PAGE
        )
        cards = [
            (
                s,
                sparkline(
                    s.day_values(), f"Coverage of this story over time: {s.articles} articles"
                ),
            )
            for s in stories
        ]
        outlets = corpus.outlets()
        side = {
            "latest": list_articles(corpus.store(), limit=8)[0],
            "speakers": top_speakers(corpus.store()),
            "names": top_names(corpus.store()),
        }
        return _render(
            request,
            "home.html",
            cards=cards,
            side=side,
            pages=_pages(total, STORIES_PER_PAGE, page),
            outlets=outlets,
            n_articles=sum(n for _, n in outlets),
            n_stories=total,
        )

    # the page changes only when the database does: render it once per database state
    return HTMLResponse(corpus.cached(("home-html", page), build))


# --------------------------------------------------------------------------- story


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(
    request: Request,
    story_id: str,
    claim: Annotated[str | None, Query(max_length=MAX_PROPOSITION)] = None,
) -> HTMLResponse:
    corpus = _corpus(request)
    digest = corpus.story(story_id)

    def build() -> str:
        view = build_story_view(digest, digest.claims, corpus.palette(), site_links())
        return _render(
            request,
            "story.html",
            view=view,
            story=digest.summary,
            claim_action=f"/stories/{story_id}",
            claim_scope="in this story's articles",
            claim_box=claim_box(corpus, claim, story_id) if claim is not None else None,
        )

    # the page changes only when the database does: render it once per database state
    # (a proposition written with other spaces is the same page)
    key = ("story-html", story_id, None if claim is None else proposition_text(claim))
    return HTMLResponse(corpus.cached(key, build))


# --------------------------------------------------------------------------- article


def _cite(value: str | None, text_length: int) -> tuple[int, int] | None:
    match = _CITE.match(value or "")
    if not match:
        return None
    start, end = int(match.group(1)), int(match.group(2))
    return (start, end) if 0 <= start < end <= text_length else None


def _metadata_rows(article: Article) -> list[tuple[str, Any]]:
    meta = article.meta
    return [
        ("Outlet", meta.outlet),
        ("Title", meta.title),
        ("Author", meta.author),
        ("Published", meta.published),
        ("Dateline", meta.dateline),
        ("Language", meta.language),
        ("URL", meta.url),
    ]


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request, article_id: str, cite: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    corpus = _corpus(request)
    try:
        found = corpus.store().get_article(article_id)
    except NotFound:
        raise NotFound(Errors.E441(article_id=article_id)) from None
    entity_of = mention_entities(corpus.store(), found.id)
    cited = _cite(cite, len(found.text))
    body = highlight_article(found, entity_of=entity_of, cited=cited)
    row = article_rows(corpus.store(), [found.id])[found.id]
    copy = copy_info(corpus.store(), found.id)
    original = article_rows(corpus.store(), [copy.copy_of]).get(copy.copy_of) if copy else None
    entities = Counter(
        (entity_of.get(i), m.canonical or m.text, m.kind) for i, m in enumerate(found.mentions)
    )
    return _page(
        request,
        "article.html",
        article=found,
        row=row,
        body=body,
        cited=cited,
        metadata=_metadata_rows(found),
        inferred=inferred_date(corpus.store(), found.id),
        copy=copy,
        original=original,
        copies=copies_of(corpus.store(), found.id),
        entities=sorted(entities.items(), key=lambda kv: (-kv[1], kv[0][1])),
        story_title=_story_title(corpus, row.story_id),
    )


def _story_title(corpus: CorpusView, story_id: str | None) -> str | None:
    if not story_id:
        return None
    try:
        return corpus.story(story_id).summary.title
    except NotFound:
        return None


# --------------------------------------------------------------------------- entities


@router.get("/entities", response_class=HTMLResponse)
def entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    corpus = _corpus(request)
    per_page = 50
    found, total = list_entities(
        corpus.store(), q, type or None, limit=per_page, offset=(page - 1) * per_page
    )
    return _page(
        request,
        "entities.html",
        entities=[f.entity for f in found],
        counts={f.entity.id: f.mentions for f in found},
        q=q or "",
        type=type or "",
        query=urlencode({k: v for k, v in {"q": q, "type": type}.items() if v}),
        kinds=corpus.cached(("entity-kinds",), lambda: entity_kinds(corpus.store())),
        pages=_pages(total, per_page, page),
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    corpus = _corpus(request)
    found = get_entity(corpus.store(), entity_id)
    days = entity_mention_days(corpus.store(), entity_id)
    unit = bucket_unit(min(days), max(days)) if days else "month"
    buckets = bucket_counts(days, unit)
    chart = column_chart(buckets, f"Mentions of {found.entity.name} over time", unit=unit)
    said, said_total = list_quotes(corpus.store(), speaker_entity=entity_id, limit=MAX_PAGE)
    about = quotes_about(corpus.store(), entity_id)
    article_ids = entity_article_ids(corpus.store(), entity_id)
    rows = article_rows(corpus.store(), article_ids[:200])
    articles = sorted(rows.values(), key=lambda r: r.published or "", reverse=True)
    outlets, variants = alias_table(found.entity, entity_usage(corpus.store(), entity_id))
    return _page(
        request,
        "entity.html",
        entity=found.entity,
        mentions=found.mentions,
        chart=chart,
        said=said,
        said_total=said_total,
        about=about,
        articles=articles,
        n_articles=len(article_ids),
        alias_outlets=outlets,
        variants=variants,
    )


# --------------------------------------------------------------------------- search


def plain_snippet(snippet: str) -> str:
    """A search snippet without its match markers."""
    return snippet.replace(HIT_OPEN, "").replace(HIT_CLOSE, "")


def snippet_html(snippet: str) -> Markup:
    """A search snippet with matched words in ``<mark>``; everything else escaped."""
    out = []
    for i, part in enumerate(snippet.split(HIT_OPEN)):
        if i == 0:
            out.append(str(escape(part)))
            continue
        inside, _, after = part.partition(HIT_CLOSE)
        out.append(f"<mark>{escape(inside)}</mark>{escape(after)}")
    return Markup("".join(out))


_FACET_TITLES = {
    "outlet": "Outlets",
    "month": "Months",
    "speaker": "Quoted",
    "entity": "Names",
    "story": "Stories",
}


def _facet_links(
    form: dict[str, Any], facets: SearchFacets
) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """Each facet's values as (label, count, search URL narrowed to that value)."""
    out = []
    for name, title in _FACET_TITLES.items():
        links = []
        for value in getattr(facets, name):
            narrowed = {k: v for k, v in form.items() if v and not (k == "syntax" and v == "plain")}
            if name == "month":
                if not value.value:
                    continue
                narrowed.update(since=value.value, until=value.value)
            else:
                narrowed[name] = value.value
            links.append((value.label, value.count, "/search?" + urlencode(narrowed)))
        if links:
            out.append((title, links))
    return out


_Name = Annotated[str | None, Query(max_length=200)]
_Day = Annotated[str | None, Query(max_length=40)]
#: The filters of the search form, in the order its query strings list them.
SEARCH_FILTERS = ("outlet", "since", "until", "entity", "speaker", "story")


def search_filters(
    outlet: _Name = None,
    since: _Day = None,
    until: _Day = None,
    entity: _Name = None,
    speaker: _Name = None,
    story: _Name = None,
) -> SearchFilters:
    """The search filters of a query string (the search page and its downloads); an empty
    field filters nothing."""
    return SearchFilters(outlet, since, until, speaker=speaker, entity=entity, story=story)


SearchFiltersQuery = Annotated[SearchFilters, Depends(search_filters)]


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    filters: SearchFiltersQuery,
    q: Annotated[str | None, Query(max_length=500)] = None,
    plain: Annotated[bool, Query()] = False,
    syntax: Annotated[Literal["plain", "fts"], Query()] = "plain",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    claim: Annotated[str | None, Query(max_length=MAX_PROPOSITION)] = None,
) -> HTMLResponse:
    corpus = _corpus(request)
    form = {"q": q or "", "syntax": "plain" if plain else syntax}
    form.update({name: str(getattr(filters, name) or "") for name in SEARCH_FILTERS})
    asked = any(v for k, v in form.items() if k != "syntax")
    results: list[tuple[Any, Markup]] = []
    total = 0
    error = None
    facets = None
    if asked:
        try:
            hits, total = search(
                corpus.store(),
                q,
                filters,
                syntax=form["syntax"],
                limit=RESULTS_PER_PAGE,
                offset=(page - 1) * RESULTS_PER_PAGE,
            )
            results = [(h, snippet_html(h.snippet)) for h in hits]
            if total:
                facets = search_facets(corpus.store(), q, filters, syntax=form["syntax"])
        except QueryError as exc:
            error = with_code(str(exc.args[0]), exc.args[0]) if exc.args else str(exc)
    return _page(
        request,
        "search.html",
        status=400 if error else 200,
        form=form,
        query=urlencode({k: v for k, v in form.items() if v and (k, v) != ("syntax", "plain")}),
        asked=asked,
        results=results,
        total=total,
        error=error,
        facets=_facet_links(form, facets) if facets else [],
        facets_sampled=bool(facets and facets.sampled),
        pages=_pages(total, RESULTS_PER_PAGE, page),
        outlets=corpus.outlets(),
        claim_action="/search",
        claim_scope="in all articles",
        claim_box=claim_box(corpus, claim) if claim is not None else None,
    )
