"""The Jinja2 environment of the pages and reports: autoescape everywhere, a few filters.

Autoescaping is on for every template and for strings rendered from code, so a value is
only ever emitted raw when it is :class:`markupsafe.Markup` built by our own code (charts,
highlighted article text), never because a template forgot a filter.
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from storyline.web.charts import short_date
from storyline.web.paths import path_segment
from storyline.web.security import safe_href
from storyline.web.story_view import format_when

TEMPLATE_DIR = Path(str(files("storyline.web") / "templates"))
STATIC_DIR = Path(str(files("storyline.web") / "static"))


def nice_date(value: str | None) -> str:
    """``2025-03-04`` -> "4 Mar 2025"; a datetime keeps its time ("4 Mar 2025, 11:02")."""
    if not value:
        return "undated"
    try:
        if len(value) > 10:
            moment = dt.datetime.fromisoformat(value)
            return f"{short_date(moment.date())}, {moment:%H:%M}"
        if len(value) == 10:
            return short_date(dt.date.fromisoformat(value))
    except ValueError:
        pass
    return format_when(value)


def date_span(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "undated"
    if not last or first == last:
        return nice_date(first or last)
    return f"{nice_date(first)} \u2013 {nice_date(last)}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "article")`` -> "1 article"; ``plural(3, "copy", "copies")`` -> "3 copies"."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def link_or_text(url: str | None, text: str | None = None) -> Markup:
    """A link labelled ``text`` for an http(s) URL; any other URL is shown as plain text."""
    href = safe_href(url)
    if href is None:
        return Markup(f'<span class="url">{escape(url or "")}</span>')
    label = escape(text or url or "")
    return Markup(
        f'<a class="external" href="{escape(href)}" rel="noopener noreferrer nofollow">{label}</a>'
    )


def make_environment(*extra_dirs: Path) -> Environment:
    """The environment over ``extra_dirs`` (searched first) and the web templates."""
    env = Environment(
        loader=FileSystemLoader([str(d) for d in (*extra_dirs, TEMPLATE_DIR)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        nice_date=nice_date,
        when=format_when,
        plural=plural,
        link_or_text=link_or_text,
        safe_href=safe_href,
        segment=path_segment,
    )
    env.globals.update(date_span=date_span, plural=plural)
    return env


def render(env: Environment, name: str, **context: Any) -> str:
    return env.get_template(name).render(**context)
