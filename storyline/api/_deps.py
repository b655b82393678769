"""What the API's routes share: the corpus view, paging parameters, the write token."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from storyline.api._errors import ApiError
from storyline.config import Settings
from storyline.errors import Errors
from storyline.store._search import MAX_OFFSET
from storyline.web.corpus import CorpusView
from storyline.web.queries import MAX_PAGE


def get_corpus(request: Request) -> CorpusView:
    corpus: CorpusView = request.app.state.corpus
    return corpus


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


Corpus = Annotated[CorpusView, Depends(get_corpus)]


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int

    def envelope(self, items: list[Any], total: int) -> dict[str, Any]:
        """The paged response: ``items`` plus where they sit in the whole result."""
        return {"total": total, "limit": self.limit, "offset": self.offset, "items": items}


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Items per page.")] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")] = 0,
) -> Paging:
    return Paging(limit, offset)


Page = Annotated[Paging, Depends(paging)]


#: The bearer scheme: declared here, FastAPI lists it in ``/openapi.json`` and marks every
#: operation that depends on :func:`require_token` with it.
bearer = HTTPBearer(
    scheme_name="bearerAuth",
    description="The token given to `storyline serve --token`.",
    auto_error=False,  # the answers below say what is wrong, in the API's error format
)


def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """Allow writes only with ``Authorization: Bearer <token>`` matching ``write_token``."""
    expected = get_settings(request).write_token
    if not expected:
        raise ApiError(
            403,
            Errors.E701(),
        )
    given = credentials.credentials.strip() if credentials else ""
    if not given:
        raise ApiError(
            401,
            Errors.E702(),
            {"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise ApiError(401, Errors.E703(), {"WWW-Authenticate": "Bearer"})


WriteAllowed = Depends(require_token)
