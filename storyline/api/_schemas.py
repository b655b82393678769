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

from storyline.store import SearchFacets
from storyline.web.queries import ArticleRow, QuoteRow, StorySummary

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


class IngestResult(BaseModel):
    added: list[str] = Field(description="Ids of the articles stored now.")
    present: list[str] = Field(description="Ids that were already stored (left alone).")
    failures: list[IngestFailureItem]
    linked: bool = Field(description="Whether the link stage ran on the new articles.")


ArticlePage = Paged[ArticleRow]
QuotePage = Paged[QuoteRow]
EntityPage = Paged[EntityItem]
StoryPage = Paged[StorySummary]

#: Error answers every operation may give.
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter is malformed; detail names it."},
    404: {"model": ErrorBody, "description": "No such item."},
}
#: Error answers of the write operations.
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No bearer token, or a wrong one."},
    403: {"model": ErrorBody, "description": "The server was started without --token."},
    413: {"model": ErrorBody, "description": "The upload is larger than max_input_bytes."},
    422: {
        "model": ErrorBody,
        "description": "Nothing in the input could be stored; detail says why.",
    },
}

BEARER = "bearerAuth"


def _rewrite(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    error_ref = {"$ref": "#/components/schemas/ErrorBody"}
    schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
    components["securitySchemes"] = {
        BEARER: {
            "type": "http",
            "scheme": "bearer",
            "description": "The token given to `storyline serve --token`.",
        }
    }
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            default = responses.get("422", {}).get("content", {}).get("application/json", {})
            if "HTTPValidationError" in str(default.get("schema")):
                del responses["422"]
            if "400" not in responses and operation.get("parameters"):
                responses["400"] = {
                    "description": "A parameter is malformed; detail names it.",
                    "content": {"application/json": {"schema": error_ref}},
                }
            if path.startswith("/api/ingest") or "{article_id}/metadata" in path:
                operation["security"] = [{BEARER: []}]
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
