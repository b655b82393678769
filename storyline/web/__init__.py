"""The web UI: server-rendered pages (Jinja2, autoescaped), inline SVG charts, one stylesheet.

No script and no external asset: pages work offline and under a strict
Content-Security-Policy. :func:`mount_web` adds the pages and static files to an app made
by :func:`storyline.api.create_app`; the modules here (charts, highlighting, view models)
are also what ``storyline report`` renders with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["mount_web"]


def mount_web(app: FastAPI) -> None:
    """Add the pages, ``/static`` and the HTML error page to ``app``."""
    from fastapi.staticfiles import StaticFiles

    from storyline.web.lists import router as lists_router
    from storyline.web.pages import error_page
    from storyline.web.pages import router as pages_router
    from storyline.web.templating import STATIC_DIR, make_environment

    app.state.templates = make_environment()
    app.state.error_page = error_page
    app.include_router(pages_router)
    app.include_router(lists_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
