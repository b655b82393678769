"""Building a story report from the store and rendering it as HTML or Markdown."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from markupsafe import Markup

from storyline._files import atomic_output
from storyline.config import Settings
from storyline.report._markdown import render_markdown
from storyline.store import Store
from storyline.store._reads import outlet_counts
from storyline.web.colors import OutletPalette
from storyline.web.security import safe_href
from storyline.web.story_view import Links, StoryView, build_story_view
from storyline.web.templating import STATIC_DIR, make_environment
from storyline.web.views import build_story_digest

if TYPE_CHECKING:
    from spacy.language import Language

ReportFormat = Literal["html", "md"]

TEMPLATE_DIR = Path(__file__).parent / "templates"
REPORT_CSS = TEMPLATE_DIR / "report.css"


def report_css() -> Markup:
    """The site's stylesheet plus the report's own rules, to inline (our files, not input)."""
    return Markup(
        STATIC_DIR.joinpath("style.css").read_text(encoding="utf-8")
        + "\n"
        + REPORT_CSS.read_text(encoding="utf-8")
    )


def report_links() -> Links:
    """Citations point at the report's own source list (the file has no site to link to)."""
    return Links(article=lambda article_id, _span: f"#src-{article_id}")


def build_report_view(
    store: Store,
    story_id: str,
    settings: Settings | None = None,
    nlp: Language | None = None,
    *,
    claims: bool = True,
) -> StoryView:
    """The story's view for a report, read from what the link stage stored.

    With ``claims=False`` the claims are left out. ``settings`` and ``nlp`` are not needed
    any more (nothing is parsed); they are accepted so older callers keep working.
    """
    digest = build_story_digest(store, story_id)
    palette = OutletPalette(o for o, _ in outlet_counts(store))
    return build_story_view(digest, digest.claims if claims else None, palette, report_links())


def render_report(
    store: Store,
    story_id: str,
    fmt: ReportFormat = "html",
    settings: Settings | None = None,
    nlp: Language | None = None,
    *,
    generated: dt.datetime | None = None,
    claims: bool = True,
) -> str:
    """The report of one story as a string. Raises NotFound for an unknown story.

    Everything comes from the store (no language model is loaded); ``claims=False`` leaves
    the claims out. ``settings`` and ``nlp`` are accepted so older callers keep working.
    """
    view = build_report_view(store, story_id, claims=claims)
    stamp = (generated or dt.datetime.now(dt.UTC)).strftime("%d %b %Y %H:%M UTC")
    if fmt == "md":
        return render_markdown(view, stamp)
    env = make_environment(TEMPLATE_DIR)
    palette = OutletPalette(o for o, _ in outlet_counts(store))
    return env.get_template("report.html").render(
        view=view,
        story=view.digest.summary,
        palette=palette,
        css=report_css(),
        generated=stamp,
        urls={a.id: safe_href(a.meta.url.value) for a in view.digest.articles},
        claims_available=view.claims is not None,
    )


def write_report(text: str, out: str | os.PathLike[str]) -> None:
    """Write the report whole or not at all, into a folder that must exist."""
    with atomic_output(out) as handle:
        handle.write(text)
