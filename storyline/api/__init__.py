"""The REST API and web server: ``create_app(settings)`` returns the FastAPI application.

>>> from storyline.config import Settings
>>> app = create_app(Settings(db="news.db"))  # doctest: +SKIP
"""

from storyline.api._app import create_app
from storyline.api._fetch import (
    FetchFailed,
    FetchRefused,
    FetchTooLarge,
    fetch_url,
    forbidden_reason,
)

__all__ = [
    "FetchFailed",
    "FetchRefused",
    "FetchTooLarge",
    "create_app",
    "fetch_url",
    "forbidden_reason",
]
