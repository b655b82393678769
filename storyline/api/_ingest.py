"""Write endpoints: ingest an uploaded file or a URL (only with the server's bearer token).

Both run the same analysis as ``storyline analyze`` on what they receive, store the new
articles in one transaction per batch and run the link stage. One write at a time: the
store has one writer.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from storyline._analyze import AnalyzeReport, analyze_into_store, fill_given
from storyline.api._deps import Corpus, WriteAllowed
from storyline.api._errors import ApiError
from storyline.api._fetch import FetchFailed, FetchRefused, FetchTooLarge, fetch_url
from storyline.api._schemas import ERRORS, INGEST_ERRORS, IngestResult
from storyline.config import Settings
from storyline.errors import Errors
from storyline.ingest import read_stream
from storyline.iso_dates import is_iso_date
from storyline.models import IngestFailure, RawDocument
from storyline.store import Store, open_store

router = APIRouter(prefix="/api/ingest", tags=["ingest"], dependencies=[WriteAllowed])

_write_lock = threading.Lock()
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class UrlRequest(BaseModel):
    url: str = Field(description="http(s) URL of an article page or feed.", max_length=2048)
    outlet: str | None = Field(None, description="Outlet, when the page does not say.")
    published: str | None = Field(None, description="Publication date, when the page does not say.")


def ingest_documents(
    items: Iterable[RawDocument | IngestFailure],
    store: Store,
    settings: Settings,
    nlp: Any,
) -> AnalyzeReport:
    """Prepare, analyse and store documents already read, then link them (the same flow as
    ``storyline analyze``)."""
    return analyze_into_store([], store, settings, nlp=nlp, documents=items)


def _run(
    request: Request, corpus: Any, items: Iterable[RawDocument | IngestFailure]
) -> JSONResponse:
    settings: Settings = request.app.state.settings
    nlp = corpus.nlp()
    with _write_lock, corpus.nlp_lock, open_store(corpus.db) as store:
        report = ingest_documents(items, store, settings, nlp)
    failures = [
        {"source": str(f.source), "reason": f.reason, "code": f.code} for f in report.failures
    ]
    if failures and not report.added and not report.present:
        raise ApiError(422, Errors.E711(failures="; ".join(str(f) for f in report.failures)))
    body = {
        "added": report.added,
        "present": report.present,
        "failures": failures,
        "linked": report.linked,
    }
    return JSONResponse(body, status_code=201 if report.added else 200)


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, Errors.E705(limit=limit))
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > limit:
            raise ApiError(413, Errors.E705(limit=limit))
    return bytes(body)


def check_published(value: str | None, field: str = "published") -> str | None:
    """An ISO date or datetime, or a 400 naming the field."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not is_iso_date(text):
        raise ApiError(400, Errors.E706(field=field, value=value))
    return text


#: Ingest answers 200, not 201, when every article sent was stored already.
_PRESENT: dict[int | str, dict[str, Any]] = {
    200: {"model": IngestResult, "description": "Nothing new: every article was stored already."}
}

_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "description": "The file itself as the body, or a multipart form (curl -F file=@a.txt) "
        "with the file in `file` and optional `outlet` and `published` fields.",
        "content": {
            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "outlet": {"type": "string"},
                        "published": {"type": "string", "format": "date"},
                    },
                }
            },
        },
    }
}


async def _read_form(request: Request, limit: int) -> tuple[bytes, str | None, dict[str, str]]:
    """The uploaded file, its name and the other fields of a multipart form."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit + 64 * 1024:
        raise ApiError(413, Errors.E705(limit=limit))
    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=limit)
    except Exception as exc:  # the multipart parser's own errors: a malformed form
        raise ApiError(400, Errors.E707(exc=exc)) from None
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(400, Errors.E708())
    data = await upload.read()
    if len(data) > limit:
        raise ApiError(413, Errors.E705(limit=limit))
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    return data, upload.filename, fields


@router.post(
    "/file",
    summary="Ingest an uploaded file (text, HTML, RSS/Atom, WARC, JSON Lines): the body, or "
    "a multipart form field `file`",
    status_code=201,
    response_model=IngestResult,
    responses={**INGEST_ERRORS, **_PRESENT},
    openapi_extra=_UPLOAD_BODY,
)
async def ingest_file(
    request: Request,
    corpus: Corpus,
    filename: Annotated[
        str | None, Query(description="The file's name; its extension helps tell the format.")
    ] = None,
    outlet: Annotated[str | None, Query(description="Outlet, when the file does not say.")] = None,
    published: Annotated[str | None, Query(description="Publication date (ISO).")] = None,
) -> JSONResponse:
    settings: Settings = request.app.state.settings
    published = check_published(published)
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        data, sent_name, fields = await _read_form(request, settings.max_input_bytes)
        filename = filename or sent_name
        outlet = outlet or fields.get("outlet") or None
        published = published or check_published(fields.get("published"))
    else:
        data = await _read_body(request, settings.max_input_bytes)
    name = "upload:" + (_SAFE_NAME.sub("_", filename or "upload")[:120] or "upload")
    items = fill_given(
        read_stream(io.BytesIO(data), settings, name), {"outlet": outlet, "published": published}
    )
    # analysis is CPU-bound: run it in the thread pool, not on the event loop
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(_run, request, corpus, list(items))


@router.post(
    "/url",
    summary="Fetch an article by URL (public addresses only) and ingest it",
    status_code=201,
    response_model=IngestResult,
    responses={
        **INGEST_ERRORS,
        **_PRESENT,
        400: {
            "model": ERRORS[400]["model"],
            "description": "Not an http(s) URL of a public "
            "address, or a malformed field; detail names it.",
        },
        502: {"model": ERRORS[400]["model"], "description": "The page could not be fetched."},
    },
)
def ingest_url(request: Request, corpus: Corpus, body: UrlRequest) -> JSONResponse:
    settings: Settings = request.app.state.settings
    check_published(body.published, "published")
    try:
        fetched = fetch_url(
            body.url,
            settings,
            resolver=request.app.state.resolver,
            transport=request.app.state.transport,
        )
    except FetchRefused as exc:
        raise ApiError(400, exc.args[0]) from None
    except FetchTooLarge as exc:
        raise ApiError(413, exc.args[0]) from None
    except FetchFailed as exc:
        raise ApiError(502, exc.args[0]) from None
    items = []
    for item in read_stream(io.BytesIO(fetched.content), settings, fetched.url):
        if isinstance(item, RawDocument):
            item.given.setdefault("url", fetched.url)
        items.append(item)
    given = {"outlet": body.outlet, "published": body.published}
    return _run(request, corpus, list(fill_given(items, given)))
