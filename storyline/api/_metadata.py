"""``PATCH /api/articles/{id}/metadata``: correct an article's metadata (with the token).

The same as ``storyline set``: the values are kept with the raw document, the article is
analysed again and the link stage re-runs.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from storyline._metadata_fix import set_article_metadata
from storyline.api._deps import Corpus, WriteAllowed
from storyline.api._ingest import _write_lock
from storyline.api._schemas import ERRORS
from storyline.config import Settings
from storyline.store import open_store

router = APIRouter(prefix="/api/articles", tags=["articles"], dependencies=[WriteAllowed])


class MetadataChange(BaseModel):
    published: str | None = Field(None, description="Publication date (YYYY-MM-DD).")
    outlet: str | None = Field(None, description="Outlet name.")
    title: str | None = Field(None, description="Headline.")
    author: str | None = Field(None, description="Author.")


class MetadataResult(BaseModel):
    article_id: str
    changed: dict[str, tuple[str | None, str]] = Field(description="field -> [before, after]")
    reanalysed: bool
    linked: bool


@router.patch(
    "/{article_id}/metadata",
    summary="Correct an article's outlet, date, title or author, and relink",
    response_model=MetadataResult,
    responses=ERRORS,
)
async def set_metadata(
    request: Request, corpus: Corpus, article_id: str, body: MetadataChange
) -> dict[str, Any]:
    settings: Settings = request.app.state.settings

    def run() -> dict[str, Any]:
        nlp = corpus.nlp()
        with _write_lock, corpus.nlp_lock, open_store(corpus.db) as store:
            report = set_article_metadata(store, article_id, body.model_dump(), settings, nlp=nlp)
        return {
            "article_id": report.article_id,
            "changed": report.changed,
            "reanalysed": report.reanalysed,
            "linked": report.linked,
        }

    return await run_in_threadpool(run)
