"""The FastAPI application: JSON API under ``/api``, web pages, static files, offline docs."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from storyline.api import _articles, _facts, _ingest, _metadata, _search, _stories, _watch
from storyline.api._docs import router as docs_router
from storyline.api._errors import install_error_handlers
from storyline.api._fetch import Resolver, system_resolver
from storyline.api._schemas import install_openapi
from storyline.config import Settings
from storyline.web import mount_web
from storyline.web.corpus import CorpusView, NlpSource, default_nlp_source
from storyline.web.security import SecurityHeadersMiddleware

DESCRIPTION = """\
Read the stories, articles, quotes, entities, timelines, claims and outlet comparisons of a
Storyline database. Lists are paged (`limit` up to 100, `offset`) and say their `total`.
Errors are JSON: `{"status": 404, "error": "Not Found", "detail": "..."}`. Writes (ingest a
file or a URL) need `Authorization: Bearer <token>` and a server started with `--token`.
"""


def create_app(
    settings: Settings,
    *,
    nlp: NlpSource | None = None,
    resolver: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
) -> FastAPI:
    """The whole server for the database ``settings.db`` (which must exist).

    ``nlp`` supplies the spaCy pipeline for claims and ingestion (default: load
    ``settings.spacy_model`` on first need; ``lambda: None`` runs without one).
    ``resolver`` and ``transport`` are what ingest-by-URL resolves and fetches with, so tests
    can stand in for DNS and the network.
    """
    app = FastAPI(
        title="Storyline",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,  # the default docs load JavaScript from a CDN; /docs is served here
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.corpus = CorpusView(
        settings.db, settings, nlp if nlp is not None else default_nlp_source(settings)
    )
    app.state.resolver = resolver
    app.state.transport = transport
    install_error_handlers(app)
    install_openapi(app)
    for module in (_articles, _stories, _facts, _search, _ingest, _metadata, _watch):
        app.include_router(module.router)
    app.include_router(docs_router)
    mount_web(app)
    app.add_middleware(SecurityHeadersMiddleware)
    return app
