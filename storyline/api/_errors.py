"""Errors as JSON (``{"status", "error", "detail"}``) for the API and as pages for the web UI.

An error raised by Storyline itself also carries its ``code`` (see ``docs/errors.md``).

Storyline's own exceptions map to statuses here: a malformed query is the client's mistake
(400), an unknown id is 404, and anything unexpected is a 500 that says nothing about the
server's internals.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.errors import Errors, NotFound, QueryError, RequestError, StoreError

log = logging.getLogger(__name__)


class ApiError(RequestError):
    """An error with an HTTP status and an explanation for the client."""

    def __init__(self, status: int, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def error_body(status: int, detail: str, code: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"status": status, "error": HTTPStatus(status).phrase}
    body["detail"] = detail
    if code is not None:
        body["code"] = code
    return body


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api") or path == "/openapi.json"


def _respond(
    request: Request,
    status: int,
    detail: str,
    headers: dict[str, str] | None = None,
    code: str | None = None,
) -> Response:
    if not _wants_json(request):
        page = getattr(request.app.state, "error_page", None)
        if page is not None:
            shown = f"[{code}] {detail}" if code else detail  # the page names the code too
            response: Response = page(request, status, shown)
            response.headers.update(headers or {})
            return response
    return JSONResponse(error_body(status, detail, code), status_code=status, headers=headers)


_STORY_PATH = re.compile(r"^(/api)?/stories/([^/]+)(/.*)?$")


def _merged_story(request: Request) -> str | None:
    """Where an old story id now lives (a full re-cluster merged it into another story)."""
    match = _STORY_PATH.match(request.url.path)
    corpus = getattr(request.app.state, "corpus", None)
    if match is None or corpus is None:
        return None
    from storyline.store import resolve_story_id

    try:
        target = resolve_story_id(corpus.store(), match.group(2))
    except sqlite3.Error:  # a database from before the alias table: nothing to resolve
        return None
    if target is None:
        return None
    url = f"{match.group(1) or ''}/stories/{target}{match.group(3) or ''}"
    return f"{url}?{request.url.query}" if request.url.query else url


def _validation_detail(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid value')}")
    return Errors.E712(problems="; ".join(parts) or "the request is not valid")


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the error format."""

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _respond(request, exc.status, exc.detail, exc.headers, code=exc.code)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        moved = _merged_story(request)
        if moved is not None:
            return RedirectResponse(moved, status_code=308 if _wants_json(request) else 301)
        detail = str(exc.args[0]) if exc.args else "not found"
        return _respond(request, 404, detail, code=exc.code)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        detail = str(exc.args[0]) if exc.args else "malformed query"
        return _respond(request, 400, detail, code=exc.code)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        detail = "the database cannot be read right now; try again later"
        return _respond(request, 503, detail, code=exc.code)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _respond(request, 400, _validation_detail(exc), code=Errors.E712.code)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = Errors.E713(path=request.url.path)
        elif exc.status_code == 405:
            detail = Errors.E714(method=request.method, path=request.url.path)
        code = getattr(detail, "code", None)
        return _respond(request, exc.status_code, detail, dict(exc.headers or {}), code=code)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _respond(request, 500, Errors.E715(), code=Errors.E715.code)
