"""What the API answers, as types, so that ``/openapi.json`` says what the server does.

The list endpoints answer a page (``total``, ``limit``, ``offset``, ``items``) of typed
items; every error is ``{"status", "error", "detail"}`` and a malformed request is a 400
(never FastAPI's default 422); writes need a bearer token, declared as a security scheme.
:func:`install_openapi` rewrites the generated document to say so.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel, ConfigDict, Field

from storyline.models import (
    Alert,
    Claim,
    DateMention,
    Development,
    EntityMention,
    Event,
    Metadata,
    OutletProfile,
    Quote,
    RemovedLine,
    SentenceFacts,
    SourceRef,
    Tokens,
    Watch,
)
from storyline.store import CorpusSummary, SearchFacets, WatchedSource
from storyline.web.queries import ArticleRow, CopyInfo, QuoteRow, StorySummary

T = TypeVar("T")


class ErrorBody(BaseModel):
    """Every error the API answers."""

    status: int = Field(description="The HTTP status again.")
    error: str = Field(description="The status phrase, e.g. Bad Request.")
    detail: str = Field(description="What was wrong, naming the parameter, and what to do.")
    code: str | None = Field(
        default=None, description="Storyline's error code (docs/errors.md), when it raised one."
    )


class Paged(BaseModel, Generic[T]):
    """One page of a list; ``total`` counts every match."""

    total: int
    limit: int
    offset: int
    items: list[T]


class SearchItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    story_id: str | None
    snippet: str = Field(description="Text around the matches, without markup.")
    score: float | None = Field(description="BM25 (lower is better); null without q.")
    matches: list[tuple[int, int]] = Field(description="[start, end) of each match in snippet.")


class SearchPage(Paged[SearchItem]):
    facets: SearchFacets | None = Field(None, description="With facets=true.")


class EntityItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    type: str
    mentions: int
    variants: list[str]


class IngestFailureItem(BaseModel):
    source: str
    reason: str
    code: str = Field("E200", description="The message's code (docs/errors.md).")


class IngestResult(BaseModel):
    added: list[str] = Field(description="Ids of the articles stored now.")
    present: list[str] = Field(description="Ids that were already stored (left alone).")
    failures: list[IngestFailureItem]
    linked: bool = Field(description="Whether the link stage ran on the new articles.")


class Listed(BaseModel, Generic[T]):
    """Every item of a short list (not paged)."""

    total: int
    items: list[T]


class InferredDate(BaseModel):
    value: str = Field(description="The date the link stage placed an undated article at.")
    evidence: str


class ArticleLinks(BaseModel):
    """What the link stage says of one article."""

    story_id: str | None
    event_id: str | None
    copy_of: str | None = Field(description="The article this one copies.")
    copy_info: CopyInfo | None = Field(
        alias="copy", description="How it copies it: kind, what it added or cut."
    )
    copies: list[str] = Field(description="Articles that copy this one.")
    inferred_published: InferredDate | None


class ArticleDetail(BaseModel):
    """An article as stored; every fact's ``start``/``end`` index ``text``."""

    id: str
    source: SourceRef
    raw: str | None = Field(None, description="The text before cleaning (with raw=true).")
    text: str
    meta: Metadata
    removed: list[RemovedLine]
    mentions: list[EntityMention]
    quotes: list[Quote]
    dates: list[DateMention]
    warnings: list[str]
    tokens: Tokens
    sentences: list[SentenceFacts]
    links: ArticleLinks


class StoryDetail(BaseModel):
    """A story with its events, articles and copies."""

    id: str
    title: str
    articles: int = Field(description="Original articles (copies not counted).")
    copies: dict[str, str] = Field(description="Copy id -> the article it copies.")
    first_date: str | None
    last_date: str | None
    outlets: dict[str, int]
    days: list[str]
    events: list[Event]
    article_ids: list[str]


class TimelineList(Listed[Development]):
    kinds: dict[str, str] = Field(description="Each entry kind, with what it means.")


class OutletList(Listed[OutletProfile]):
    timeline_size: int = Field(description="Developments in the story's timeline.")


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM")
    count: int


class EntityAlias(BaseModel):
    text: str
    count: int
    outlets: list[str]


class EntityDetail(BaseModel):
    """One entity unified across articles."""

    id: str
    name: str
    type: str
    aliases: list[EntityAlias]
    mentions: int
    articles: list[str] = Field(description="Articles naming it, newest first.")
    aliases_by_outlet: dict[str, dict[str, int]] = Field(description="Outlet -> spelling -> uses.")
    mentions_by_month: list[MonthCount]
    speaker_names: list[str] = Field(description="How the quotes name it as their speaker.")


class Removed(BaseModel):
    removed: str = Field(description="The id that was removed.")


ArticlePage = Paged[ArticleRow]
QuotePage = Paged[QuoteRow]
EntityPage = Paged[EntityItem]
StoryPage = Paged[StorySummary]
EventList = Listed[Event]
ClaimList = Listed[Claim]
SourceList = Listed[WatchedSource]
WatchList = Listed[Watch]
AlertPage = Paged[Alert]
Summary = CorpusSummary

#: Error answers every operation may give.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter is malformed; detail names it."},
    404: {"model": ErrorBody, "description": "No such item."},
}
#: Error answers of every operation that needs the bearer token (added to each by
#: :func:`install_openapi`).
AUTH_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No bearer token, or a wrong one."},
    403: {"model": ErrorBody, "description": "The server was started without --token."},
}
#: Error answers of the ingest operations.
INGEST_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorBody, "description": "The upload is larger than max_input_bytes."},
    422: {
        "model": ErrorBody,
        "description": "Nothing in the input could be stored; detail says why.",
    },
}


def answers(model: Any, *errors: dict[int | str, dict[str, Any]]) -> dict[str, Any]:
    """Route options that declare ``model`` as the 200 answer without validating it.

    The detail answers (an article with every token and sentence, a story's outlet
    profiles) are large: checking each one against its model on every request would cost
    more than building it, so the document declares the type and ``tests/api/test_openapi``
    checks real answers against it.
    """
    declared: dict[int | str, dict[str, Any]] = {200: {"model": model, "description": "OK"}}
    for spec in errors:
        declared.update(spec)
    # serialised as a plain mapping (pydantic-core: fast, unlike jsonable_encoder)
    return {"response_model": dict[str, Any], "responses": declared}


#: The answer of a story's claims when they could not be computed.
NOT_COMPUTED: dict[int | str, dict[str, Any]] = {
    503: {
        "model": ErrorBody,
        "description": "The claims were not computed (the articles were stored without their analysis).",
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
    }


def _rewrite(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            default = responses.get("422", {}).get("content", {}).get("application/json", {})
            if "HTTPValidationError" in str(default.get("schema")):
                del responses["422"]
            # a malformed parameter or body is answered 400 (see _errors.install_error_handlers)
            if "400" not in responses and (
                operation.get("parameters") or operation.get("requestBody")
            ):
                responses["400"] = _error("A parameter is malformed; detail names it.")
            # FastAPI marks the operations that need the token (api._deps.bearer)
            if operation.get("security"):
                for code, spec in AUTH_ERRORS.items():
                    responses.setdefault(str(code), _error(spec["description"]))
    return schema


def install_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` answer the rewritten document (built once)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _rewrite(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
