"""Article text as HTML with quotes, entities, dates and a cited span marked up.

Article text is untrusted (it may carry ``<script>``): the text is cut at every span
boundary, each piece is escaped on its own, and only then wrapped in tags built here, so no
character of the article ever reaches the page unescaped. Spans may overlap in any way
(a quote holding names and dates, a citation crossing a quote): marks are kept properly
nested by closing and reopening the inner ones at each boundary, outer layers first.

>>> from storyline.models import Article, SourceRef
>>> art = Article("a", SourceRef("a.txt"), "", "Ana <b> said no.")
>>> str(render_marked(art.text, [Mark(0, 3, LAYER_ENTITY, "a", (("href", "/e/1"),))]))
'<p><a href="/e/1">Ana</a> &lt;b&gt; said no.</p>'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from storyline.models import Article

LAYER_QUOTE = 1
LAYER_CITED = 2
LAYER_ENTITY = 3
LAYER_DATE = 4

_PARAGRAPH_BREAK = re.compile(r"\n+")
_HTML_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?|-W\d{2})?$")


@dataclass(frozen=True)
class Mark:
    """A span ``[start, end)`` of the text to wrap in ``<tag attrs>``; lower layers nest outside.

    ``attrs`` are plain strings (escaped when rendered). An ``id`` attribute goes on the
    first fragment only, so anchors stay unique when a mark is split.
    """

    start: int
    end: int
    layer: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()


def _open(mark: Mark, first: bool) -> str:
    attrs = "".join(
        f' {name}="{escape(value)}"' for name, value in mark.attrs if first or name != "id"
    )
    return f"<{mark.tag}{attrs}>"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    cursor = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    if cursor < len(text):
        spans.append((cursor, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def render_marked(text: str, marks: Sequence[Mark], *, paragraph_tag: str = "p") -> Markup:
    """``text`` as escaped HTML paragraphs (one per line) with ``marks`` wrapped around spans."""
    valid = sorted(
        (m for m in marks if 0 <= m.start < m.end <= len(text)),
        key=lambda m: (m.layer, m.start, -m.end),
    )
    order = {m: i for i, m in enumerate(valid)}
    boundaries = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    opened: set[Mark] = set()
    out: list[str] = []
    for p_start, p_end in _paragraphs(text):
        out.append(f"<{paragraph_tag}>")
        cuts = [p_start, *(b for b in boundaries if p_start < b < p_end), p_end]
        stack: list[Mark] = []
        for seg_start, seg_end in zip(cuts, cuts[1:], strict=False):
            active = sorted(
                (m for m in valid if m.start < seg_end and seg_start < m.end), key=order.__getitem__
            )
            keep = 0
            while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
                keep += 1
            for mark in reversed(stack[keep:]):
                out.append(f"</{mark.tag}>")
            for mark in active[keep:]:
                out.append(_open(mark, mark not in opened))
                opened.add(mark)
            stack = active
            out.append(str(escape(text[seg_start:seg_end])))
        for mark in reversed(stack):
            out.append(f"</{mark.tag}>")
        out.append(f"</{paragraph_tag}>")
    return Markup("".join(out))


def _without_overlaps(marks: list[Mark]) -> list[Mark]:
    """Drop marks of one layer that overlap an earlier one (links must never nest)."""
    kept: list[Mark] = []
    for mark in sorted(marks, key=lambda m: (m.start, -m.end)):
        if kept and mark.start < kept[-1].end:
            continue
        kept.append(mark)
    return kept


def article_marks(
    article: Article,
    *,
    entity_of: Mapping[int, str] | None = None,
    entity_href: Callable[[str], str] = lambda eid: f"/entities/{eid}",
    cited: tuple[int, int] | None = None,
) -> list[Mark]:
    """The marks of an article page: quotes, the cited span, entity links and dates.

    ``entity_of`` maps a mention's index to its entity id (from entity unification); a
    mention without one is marked but not linked.
    """
    marks: list[Mark] = []
    for i, q in enumerate(article.quotes):
        who = q.speaker or "unattributed"
        marks.append(
            Mark(
                q.start,
                q.end,
                LAYER_QUOTE,
                "span",
                (
                    ("class", f"quote quote-{q.kind}"),
                    ("id", f"quote-{i}"),
                    ("title", f"{q.kind} quote, speaker: {who}"),
                ),
            )
        )
    if cited is not None:
        marks.append(Mark(cited[0], cited[1], LAYER_CITED, "mark", (("id", "cited"),)))
    entity_marks = []
    for i, m in enumerate(article.mentions):
        eid = (entity_of or {}).get(i) or m.entity_id
        classes = ("class", f"ent ent-{m.kind}")
        if eid:
            link = (classes, ("href", entity_href(eid)), ("title", f"{m.canonical} ({m.kind})"))
            entity_marks.append(Mark(m.start, m.end, LAYER_ENTITY, "a", link))
        else:
            entity_marks.append(Mark(m.start, m.end, LAYER_ENTITY, "span", (classes,)))
    marks.extend(_without_overlaps(entity_marks))
    date_marks = []
    for d in article.dates:
        attrs: tuple[tuple[str, str], ...] = (
            ("class", "date"),
            ("title", f"resolved: {d.value}"),
        )
        if _HTML_DATE.match(d.value):
            attrs = (*attrs, ("datetime", d.value))
        date_marks.append(Mark(d.start, d.end, LAYER_DATE, "time", attrs))
    marks.extend(_without_overlaps(date_marks))
    return marks


def highlight_article(
    article: Article,
    *,
    entity_of: Mapping[int, str] | None = None,
    entity_href: Callable[[str], str] = lambda eid: f"/entities/{eid}",
    cited: tuple[int, int] | None = None,
) -> Markup:
    """The article's clean text as HTML paragraphs with every fact marked and linked."""
    marks = article_marks(article, entity_of=entity_of, entity_href=entity_href, cited=cited)
    return render_marked(article.text, marks)
