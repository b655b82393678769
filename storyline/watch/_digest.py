"""The digest: per watched story, what is new since a moment, who said what, what changed,
which outlets covered it. Markdown, or HTML from the same view.

A story counts as watched when a story watch names it, or when an alert of the period
(a new story for an entity watch, a quote, a claim change) points at it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from markupsafe import escape

from storyline.models import Alert, Article, Development, Quote
from storyline.store import Store, WatchTables


@dataclass
class StoryDigest:
    story_id: str
    title: str
    articles: list[Article] = field(default_factory=list)  # new since the start
    developments: list[Development] = field(default_factory=list)  # reported by them
    quotes: list[Quote] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)  # what changed
    outlets: dict[str, int] = field(default_factory=dict)


@dataclass
class Digest:
    since: str
    stories: list[StoryDigest] = field(default_factory=list)
    other_alerts: list[Alert] = field(default_factory=list)  # alerts tied to no story


MAX_QUOTES = 8


def build_digest(store: Store, since: str) -> Digest:
    """What changed since ``since`` (ISO UTC) in the watched stories."""
    from storyline.link import list_stories, story_products

    tables = WatchTables(store)
    alerts, _ = tables.list_alerts(since=since)
    alerts.reverse()  # oldest first reads like a log
    watched = [w.value for w in tables.list_watches() if w.kind == "story"]
    story_ids = list(dict.fromkeys([*watched, *(a.story_id for a in alerts if a.story_id)]))
    titles = {s.id: s.title for s in list_stories(store)} if story_ids else {}
    new_ids = set(tables.articles_added_since(since))
    links = store.article_links()
    digest = Digest(since, other_alerts=[a for a in alerts if not a.story_id])
    for story_id in story_ids:
        if story_id not in titles:
            continue
        part = StoryDigest(story_id, titles[story_id])
        members = [i for i, link in links.items() if link.story_id == story_id and i in new_ids]
        part.articles = sorted(
            (store.get_article(i) for i in members), key=lambda a: (a.published or "", a.id)
        )
        fresh = {a.id for a in part.articles}
        timeline = story_products(store, story_id).timeline
        part.developments = [d for d in timeline if any(c.article_id in fresh for c in d.sources)]
        part.quotes = [q for a in part.articles for q in a.quotes if q.speaker][:MAX_QUOTES]
        part.alerts = [a for a in alerts if a.story_id == story_id]
        part.outlets = dict(
            Counter(a.meta.outlet.value or "unknown outlet" for a in part.articles).most_common()
        )
        digest.stories.append(part)
    return digest


def _outlet(article: Article, quote: Quote) -> str:
    return article.meta.outlet.value or "unknown outlet"


def digest_markdown(digest: Digest) -> str:
    lines = [f"# Storyline digest since {digest.since}", ""]
    if not digest.stories and not digest.other_alerts:
        lines.append("Nothing new in the watched stories.")
    for part in digest.stories:
        by_id = {a.id: a for a in part.articles}
        lines += [f"## {part.title}", "", f"Story `{part.story_id}`", ""]
        lines.append(f"**New articles ({len(part.articles)})**")
        lines += [
            f"- {a.published or 'undated'} {a.meta.outlet.value or 'unknown outlet'}: "
            f"{a.meta.title.value or a.id}"
            for a in part.articles
        ] or ["- none"]
        lines += ["", "**What is new**"]
        lines += [f"- {d.date or 'undated'}: {d.text}" for d in part.developments] or ["- nothing"]
        lines += ["", "**Who said what**"]
        lines += [
            f"- {q.speaker} ({_outlet(by_id[q.article_id], q)}): \u201c{q.text}\u201d"
            for q in part.quotes
        ] or ["- no quotes"]
        lines += ["", "**What changed**"]
        lines += [f"- {a.title} -- {a.summary}" for a in part.alerts] or ["- no alerts"]
        lines += [
            "",
            "**Outlets**: " + (", ".join(f"{o} ({n})" for o, n in part.outlets.items()) or "none"),
            "",
        ]
    if digest.other_alerts:
        lines += ["## Other alerts", ""]
        lines += [f"- {a.title} -- {a.summary}" for a in digest.other_alerts]
        lines.append("")
    return "\n".join(lines)


def digest_html(digest: Digest) -> str:
    """A standalone HTML page of the digest (every value escaped)."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Storyline digest since {escape(digest.since)}</title></head><body>",
        f"<h1>Storyline digest since {escape(digest.since)}</h1>",
    ]
    if not digest.stories and not digest.other_alerts:
        out.append("<p>Nothing new in the watched stories.</p>")
    for part in digest.stories:
        by_id = {a.id: a for a in part.articles}
        out.append(f"<section><h2>{escape(part.title)}</h2>")
        out.append(f"<h3>New articles ({len(part.articles)})</h3>")
        out.append(
            _list(
                f"{a.published or 'undated'} {a.meta.outlet.value or 'unknown outlet'}: "
                f"{a.meta.title.value or a.id}"
                for a in part.articles
            )
        )
        out.append("<h3>What is new</h3>")
        out.append(_list(f"{d.date or 'undated'}: {d.text}" for d in part.developments))
        out.append("<h3>Who said what</h3>")
        out.append(
            _list(
                f"{q.speaker} ({_outlet(by_id[q.article_id], q)}): \u201c{q.text}\u201d"
                for q in part.quotes
            )
        )
        out.append("<h3>What changed</h3>")
        out.append(_list(f"{a.title} -- {a.summary}" for a in part.alerts))
        out.append("<h3>Outlets</h3>")
        out.append(_list(f"{o} ({n})" for o, n in part.outlets.items()))
        out.append("</section>")
    if digest.other_alerts:
        out.append("<section><h2>Other alerts</h2>")
        out.append(_list(f"{a.title} -- {a.summary}" for a in digest.other_alerts))
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out)


def _list(items: object) -> str:
    rows = [f"<li>{escape(str(i))}</li>" for i in items]  # type: ignore[attr-defined]
    return "<ul>" + "".join(rows) + "</ul>" if rows else "<p>none</p>"
