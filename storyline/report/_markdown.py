"""A story report as Markdown: readable as plain text, renders cleanly on any Markdown host.

Article text is untrusted and Markdown passes raw HTML through, so every value taken from an
article goes through :func:`md_text`: ``&``, ``<`` and ``>`` become entities and the
characters that make links, emphasis, code or tables are backslash-escaped.
"""

from __future__ import annotations

import re

from storyline.web.security import safe_href
from storyline.web.story_view import StoryView
from storyline.web.templating import date_span, plural

_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_SPACES = re.compile(r"\s+")


def md_text(text: str | None, limit: int | None = None) -> str:
    """``text`` on one line, safe to place anywhere in Markdown (also in a table cell).

    >>> md_text("<b>1 * 2</b> [x](javascript:y)")
    '&lt;b&gt;1 \\\\* 2&lt;/b&gt; \\\\[x\\\\](javascript:y)'
    """
    value = _SPACES.sub(" ", text or "").strip()
    if limit is not None and len(value) > limit:
        value = value[: limit - 1].rstrip() + "\u2026"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def _anchor(article_id: str, numbers: dict[str, int]) -> str:
    return f"[{numbers[article_id]}]" if article_id in numbers else ""


def render_markdown(view: StoryView, generated: str) -> str:
    """The whole report; sources are numbered and cited as ``[n]``."""
    story = view.digest.summary
    numbers = {s.article_id: i for i, s in enumerate(view.sources, 1)}
    out: list[str] = [
        f"# {md_text(story.title)}",
        "",
        f"*Storyline report, generated {md_text(generated)}.* "
        f"{md_text(date_span(story.first_date, story.last_date))} · "
        f"{plural(story.articles, 'article')}"
        + (f" + {plural(story.copies, 'copy', 'copies')}" if story.copies else "")
        + f" · {plural(len(story.outlets), 'outlet')}: "
        + ", ".join(f"{md_text(o)} ({n})" for o, n in story.outlets.items()),
        "",
        "## Timeline",
        "",
    ]
    if not view.timeline:
        out.append("No dated developments found.")
    else:
        legend = "; ".join(f"*{kind}*: {md_text(text)}" for kind, text in view.timeline_legend)
        out += [f"Entry kinds: {legend}.", ""]
    for item in view.timeline:
        cites = " ".join(
            f"{md_text(s.outlet)} {_anchor(s.article_id, numbers)}" for s in item.sources
        )
        against = " ".join(
            f"{md_text(s.outlet)} {_anchor(s.article_id, numbers)}" for s in item.conflicts
        )
        conflict = f"; contradicted by {against}" if against else ""
        out.append(
            f"- **{md_text(item.when)}** *{item.kind}* — {md_text(item.text)} ({cites}{conflict})"
        )
    out += ["", "## Claims over time", ""]
    if view.claims is None:
        out.append("Claims are not part of this report (it was made without the language model).")
    elif not view.claims:
        out.append("No claim is reported by two or more articles.")
    for claim in view.claims or []:
        counts = [plural(len(claim.statements), "statement")]
        if claim.updates:
            counts.append(plural(claim.updates, "update"))
        if claim.contradictions:
            counts.append(plural(claim.contradictions, "contradiction"))
        out += [
            f"### Is it permitted? {md_text(claim.proposition)}",
            "",
            f"{', '.join(counts)}.",
            "",
            "| Date | Outlet | Stance | Step | Statement |",
            "|---|---|---|---|---|",
        ]
        for s in claim.statements:
            stance = {
                "supports": "permitted",
                "refutes": "prohibited",
                "discusses": "discussed",
            }.get(s.statement.stance, "unclear")
            step: str = s.statement.step or "background"
            if s.conflict:
                step += f" (**{s.conflict}**)"
            out.append(
                f"| {md_text(s.when)} | {md_text(s.statement.outlet or '(unknown outlet)')} "
                f"{_anchor(s.statement.article_id, numbers)} | {stance} | {step} | "
                f"{md_text(s.statement.text, 220)} |"
            )
        out.append("")
    out += ["", "## How the outlets compare", ""]
    if view.matrix:
        out.append("| Development | " + " | ".join(md_text(o) for o in view.outlets) + " |")
        out.append("|---|" + "---|" * len(view.outlets))
        for item, cells in view.matrix:
            marks = " | ".join("●" if c else "–" for c in cells)
            out.append(f"| {md_text(item.when)}: {md_text(item.text, 110)} | {marks} |")
        out.append("")
    for ov in view.outlet_views:
        line = f"- **{md_text(ov.profile.outlet)}**: {plural(ov.articles, 'article')}, "
        line += f"{plural(ov.quotes, 'quote')}"
        if ov.officials_share is not None:
            line += f" ({ov.officials_share}% from officials)"
        kinds = {
            k: n for k, n in ov.profile.sourcing.items() if k not in ("officials", "others") and n
        }
        if kinds:
            line += "; sources: " + ", ".join(f"{md_text(k)} {n}" for k, n in kinds.items())
        if ov.profile.loaded_terms:
            terms = ", ".join(f"“{md_text(t)}” ×{n}" for t, n in ov.profile.loaded_terms.items())
            line += f"; loaded terms: {terms}"
        out.append(line)
    differing = [r for r in view.variants if r.differs]
    if differing:
        out += ["", "Names spelled differently:", ""]
        for row in differing:
            spelled = ", ".join(f"{md_text(o)}: {md_text(v)}" for o, v in row.by_outlet.items())
            out.append(f"- {md_text(row.entity)} — {spelled}")
    out += _language_lines(view)
    out += ["", "## Key quotes", ""]
    named = [sp for sp in view.speakers if sp.kind in ("person", "organization")][:8]
    if not named:
        out.append("No named speaker is quoted.")
    for sp in named:
        title = f", {md_text(sp.title)}" if sp.title else ""
        out += [f"### {md_text(sp.speaker)}{title}", ""]
        for q in sp.quotes[:3]:
            out.append(
                f"> {md_text(q.quote.text, 400)}  \n> — {md_text(q.outlet)}, {md_text(q.when)} "
                f"{_anchor(q.quote.article_id, numbers)}"
            )
            out.append("")
    out += ["## Sources", ""]
    urls = {a.id: a.meta.url.value for a in view.digest.articles}
    for source in view.sources:
        href = safe_href(urls.get(source.article_id))
        link = f" <{href}>" if href and not any(c in href for c in "<> ") else ""
        copy = " (copy)" if source.article_id in view.digest.copies else ""
        out.append(
            f"{numbers[source.article_id]}. {md_text(source.title)} — {md_text(source.outlet)}, "
            f"{md_text(source.date)}{copy}{link}"
        )
    return "\n".join(out).rstrip() + "\n"


def _link(label: str, href: str | None) -> str:
    return f"[{md_text(label)}]({href})" if href else md_text(label)


def _language_lines(view: StoryView) -> list[str]:
    """Per outlet: headlines, contrasts, distinctive and loaded terms with their counts,
    anonymous sources and omissions, each linking to its evidence."""
    out: list[str] = []
    for ol in view.language:
        out += ["", f"### {md_text(ol.outlet)}: word choice, sourcing, omissions", ""]
        for h in ol.headlines:
            out.append(f"- headline: {_link(h.label, h.href)}")
        for entity, spelled in ol.spellings:
            out.append(f"- {md_text(entity)} spelled: {md_text(spelled)}")
        for c in ol.contrasts:
            where = " ".join(_link(e.label, e.href) for e in c.evidence)
            out.append(
                f"- “{md_text(c.term)}” vs “{md_text(c.alternative)}” ({md_text(c.referent)}): "
                f"{md_text(c.counts)} {where}"
            )
        for title, rows in (("distinctive", ol.distinctive), ("loaded", ol.loaded)):
            for t in rows:
                where = " ".join(_link(e.label, e.href) for e in t.evidence)
                out.append(
                    f"- {title} “{md_text(t.term)}”: {t.count} in {t.articles} articles "
                    f"(others: {md_text(t.others) or '–'}; z {t.z:.2f}) {where}"
                )
        out.append(f"- sourcing: {md_text(ol.sourcing)}")
        for e in ol.anonymous:
            out.append(f"  - anonymous: {_link(e.label, e.href)}")
        for o in ol.omissions:
            by = " ".join(_link(e.label, e.href) for e in o.reported_by)
            out.append(f"- omits {o.kind} {o.date or 'undated'}: {md_text(o.text, 160)} — {by}")
    return out
