"""Watched sources, watches and alerts: ``/api/sources``, ``/api/watches``, ``/api/alerts``,
the Atom feed ``/alerts.atom`` and the page ``/alerts``. Writes need the bearer token.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from storyline.api._deps import Corpus, Page, WriteAllowed
from storyline.api._errors import ApiError
from storyline.api._ingest import _write_lock
from storyline.api._schemas import (
    ERRORS,
    AlertPage,
    Removed,
    SourceList,
    WatchList,
)
from storyline.config import Settings
from storyline.errors import ConfigError, Errors, NotFound, StoreError
from storyline.models import Watch
from storyline.store import WatchedSource, WatchTables, open_store
from storyline.watch import add_watch, atom_feed, parse_duration
from storyline.watch._atom import alert_link

router = APIRouter(tags=["watch"])

#: Alerts in the Atom feed and on the page.
FEED_ALERTS = 100


class SourceRequest(BaseModel):
    url: str = Field(
        description="http(s) URL of an RSS/Atom feed or a news sitemap.", max_length=2048
    )
    outlet: str | None = Field(None, description="Outlet of the source's articles.")
    interval: str = Field("1h", description="How often to poll: 15m, 1h, 1d.")


class WatchRequest(BaseModel):
    kind: Literal["story", "entity", "speaker", "claim"]
    value: str = Field(min_length=1, max_length=1000, description="Story id, name or proposition.")


#: What the write operations may answer besides their result (and 401/403, added to
#: every operation that needs the token).
_WRITES: dict[int | str, dict[str, Any]] = {400: ERRORS[400]}


@router.get(
    "/api/sources",
    response_model=SourceList,
    summary="Watched feeds and sitemaps with their poll state",
)
def sources(corpus: Corpus) -> dict[str, Any]:
    found = WatchTables(corpus.store()).list_sources()
    return {"total": len(found), "items": [s.to_dict() for s in found]}


@router.post(
    "/api/sources",
    summary="Watch a feed or sitemap",
    status_code=201,
    response_model=WatchedSource,
    responses=_WRITES,
    dependencies=[WriteAllowed],
)
def add_source(request: Request, corpus: Corpus, body: SourceRequest) -> dict[str, Any]:
    if not body.url.lower().startswith(("http://", "https://")):
        raise ApiError(400, Errors.E710())
    try:
        interval = parse_duration(body.interval)
    except ConfigError as exc:
        raise ApiError(400, exc.args[0]) from None
    with _write_lock, open_store(corpus.db) as store:
        try:
            return (
                WatchTables(store)
                .add_source(body.url, outlet=body.outlet, interval_s=interval)
                .to_dict()
            )
        except StoreError as exc:
            raise ApiError(400, exc.args[0]) from None


@router.delete(
    "/api/sources/{source_id}",
    summary="Stop watching a source",
    response_model=Removed,
    responses={**_WRITES, 404: ERRORS[404]},
    dependencies=[WriteAllowed],
)
def remove_source(corpus: Corpus, source_id: str) -> dict[str, Any]:
    with _write_lock, open_store(corpus.db) as store:
        if not WatchTables(store).remove_source(source_id):
            raise NotFound(Errors.E443(source_id=source_id))
    return {"removed": source_id}


@router.get(
    "/api/watches",
    response_model=WatchList,
    summary="Watches on stories, entities, speakers and claims",
)
def watches(corpus: Corpus) -> dict[str, Any]:
    found = WatchTables(corpus.store()).list_watches()
    return {"total": len(found), "items": [w.to_dict() for w in found]}


@router.post(
    "/api/watches",
    summary="Add a watch",
    status_code=201,
    response_model=Watch,
    responses={**_WRITES, 200: {"model": Watch, "description": "The same watch existed."}},
    dependencies=[WriteAllowed],
)
def create_watch(request: Request, corpus: Corpus, body: WatchRequest) -> JSONResponse:
    settings: Settings = request.app.state.settings
    with _write_lock, corpus.nlp_lock, open_store(corpus.db) as store:
        try:
            watch, created = add_watch(store, body.kind, body.value, settings, corpus.nlp)
        except StoreError as exc:
            raise ApiError(400, exc.args[0]) from None
    return JSONResponse(watch.to_dict(), status_code=201 if created else 200)


@router.delete(
    "/api/watches/{watch_id}",
    summary="Remove a watch",
    response_model=Removed,
    responses={**_WRITES, 404: ERRORS[404]},
    dependencies=[WriteAllowed],
)
def remove_watch(corpus: Corpus, watch_id: str) -> dict[str, Any]:
    with _write_lock, open_store(corpus.db) as store:
        if not WatchTables(store).remove_watch(watch_id):
            raise NotFound(Errors.E444(watch_id=watch_id))
    return {"removed": watch_id}


@router.get(
    "/api/alerts",
    response_model=AlertPage,
    responses={400: ERRORS[400]},
    summary="Alerts, newest first, each with its evidence spans",
)
def alerts(
    corpus: Corpus,
    page: Page,
    since: Annotated[
        str | None, Query(description="Only alerts at or after this ISO time.")
    ] = None,
    watch: Annotated[str | None, Query(description="Only the alerts of this watch id.")] = None,
) -> dict[str, Any]:
    found, total = WatchTables(corpus.store()).list_alerts(
        since=since, watch_id=watch, limit=page.limit, offset=page.offset
    )
    return page.envelope([a.to_dict() for a in found], total)


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get(
    "/alerts.atom",
    response_class=Response,
    responses={200: {"content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
    summary="The alerts as an Atom feed to subscribe to",
)
def alerts_feed(request: Request, corpus: Corpus) -> Response:
    found, _ = WatchTables(corpus.store()).list_alerts(limit=FEED_ALERTS)
    return Response(atom_feed(found, _base_url(request)), media_type="application/atom+xml")


@router.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
def alerts_page(request: Request, corpus: Corpus) -> HTMLResponse:
    tables = WatchTables(corpus.store())
    found, total = tables.list_alerts(limit=FEED_ALERTS)
    names = {w.id: f"{w.kind}: {w.value}" for w in tables.list_watches()}
    rows = [(a, names.get(a.watch_id, a.watch_id), alert_link(a, "")) for a in found]
    html = request.app.state.templates.get_template("alerts.html").render(
        palette=corpus.palette(),
        path=request.url.path,
        rows=rows,
        total=total,
        watches=tables.list_watches(),
        sources=tables.list_sources(),
    )
    return HTMLResponse(html)
