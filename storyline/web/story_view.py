"""A story digest shaped for display: shared by the story page and the standalone report.

Links are made by a :class:`Links` object, so the same view links to the site's article
pages on the web and to the source list (or the original URL) inside a report.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from storyline.link.timeline import ENTRY_KINDS
from storyline.models import Article, Claim, ClaimStatement, Development, OutletProfile, Quote
from storyline.web.charts import CoveragePoint, CoverageRow, coverage_chart, short_date, stacked_bar
from storyline.web.colors import OutletPalette
from storyline.web.outlet_language import OutletLanguage, outlet_language
from storyline.web.paths import path_segment
from storyline.web.views import SpeakerQuotes, StoryDigest, story_coverage


@dataclass
class Links:
    """How the view links to an article span and to an entity (``None``: no link)."""

    article: Callable[[str, tuple[int, int] | None], str | None]
    entity: Callable[[str], str | None] = lambda _eid: None


def site_links() -> Links:
    def article(article_id: str, span: tuple[int, int] | None) -> str:
        if span is None:
            return f"/articles/{path_segment(article_id)}"
        return f"/articles/{path_segment(article_id)}?cite={span[0]}-{span[1]}#cited"

    return Links(article=article, entity=lambda eid: f"/entities/{eid}")


# --------------------------------------------------------------------------- dates

_SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}


def format_when(value: str | None, precision: str | None = None) -> str:
    """A TimeML date value for people: ``2025-03-03`` -> "3 Mar 2025", ``2025-05`` -> "May 2025".

    >>> format_when("2025-W23"), format_when("2025-FA"), format_when("2025"), format_when(None)
    ('week of 2 Jun 2025', 'autumn 2025', '2025', 'undated')
    """
    if not value:
        return "undated"
    text = value[:10] if precision not in ("month", "season", "quarter", "year") else value
    season = _SEASONS.get(text[5:7]) if len(text) == 7 and text[4] == "-" else None
    if season:
        return f"{season} {text[:4]}"
    if len(text) == 7 and text[4:6] == "-Q" and text[6] in "1234":
        return f"Q{text[6]} {text[:4]}"
    try:
        if len(text) >= 10 and text[4] == "-" and text[7] == "-":
            return short_date(dt.date.fromisoformat(text[:10]))
        if len(text) >= 8 and text[5] == "W":
            monday = dt.date.fromisocalendar(int(text[:4]), int(text[6:8]), 1)
            return f"week of {short_date(monday)}"
        if len(text) >= 7 and text[4] == "-" and text[5:7].isdigit():
            return f"{calendar.month_name[int(text[5:7])]} {text[:4]}"
    except (ValueError, IndexError):
        return value
    return text


# --------------------------------------------------------------------------- parts


@dataclass
class Source:
    article_id: str
    outlet: str
    outlet_class: str
    title: str
    date: str
    href: str | None


@dataclass
class TimelineItem:
    when: str
    date: str | None
    precision: str
    text: str
    sources: list[Source]
    score: float
    key: bool = False
    kind: str = "reported"
    conflicts: list[Source] = field(default_factory=list)


@dataclass
class StatementView:
    statement: ClaimStatement
    index: int
    when: str
    outlet_class: str
    href: str | None
    conflict: str | None = None  # "update" / "contradiction" when this step changed the state
    conflict_note: str = ""


@dataclass
class ClaimView:
    claim: Claim
    proposition: str
    statements: list[StatementView]
    updates: int
    contradictions: int


@dataclass
class VariantRow:
    """One entity's spelling per outlet; ``odd`` holds the outlets that spell it unlike most."""

    entity: str
    by_outlet: dict[str, str]
    differs: bool
    odd: set[str] = field(default_factory=set)
    href: str | None = None  # the entity's page


@dataclass
class OutletView:
    profile: OutletProfile
    outlet_class: str
    articles: int
    quotes: int
    sourcing_bar: Markup
    officials_share: int | None
    sourcing_parts: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class QuoteView:
    quote: Quote
    outlet: str
    outlet_class: str
    when: str
    href: str | None


@dataclass
class SpeakerView:
    speaker: str
    kind: str | None
    title: str | None
    quotes: list[QuoteView]
    href: str | None = None  # the speaker's entity page


@dataclass
class StoryView:
    digest: StoryDigest
    outlets: list[str]
    timeline: list[TimelineItem]
    coverage: Markup
    claims: list[ClaimView] | None
    outlet_views: list[OutletView]
    matrix: list[tuple[TimelineItem, list[Source | None]]]  # developments x outlets
    variants: list[VariantRow]
    speakers: list[SpeakerView]
    sources: list[Source] = field(default_factory=list)
    language: list[OutletLanguage] = field(default_factory=list)

    @property
    def timeline_legend(self) -> list[tuple[str, str]]:
        """The entry kinds present in the timeline, with what each means."""
        present = {item.kind for item in self.timeline}
        return [(kind, text) for kind, text in ENTRY_KINDS.items() if kind in present]

    @property
    def named_speakers(self) -> list[SpeakerView]:
        return [s for s in self.speakers if s.kind in ("person", "organization")]

    @property
    def other_speakers(self) -> list[SpeakerView]:
        return [s for s in self.speakers if s.kind not in ("person", "organization")]


SOURCING_COLORS = {
    "person": "#0072B2",
    "organization": "#009E73",
    "role": "#B8860B",
    "anonymous": "#CC79A7",
    "unattributed": "#9AA3AD",
}


def _source(
    article: Article, span: tuple[int, int] | None, palette: OutletPalette, links: Links
) -> Source:
    return Source(
        article_id=article.id,
        outlet=article.outlet or "(unknown outlet)",
        outlet_class=palette.css_class(article.outlet),
        title=article.meta.title.value or article.text.strip().split("\n", 1)[0][:100],
        date=(
            f"undated (about {format_when(article.published)})"
            if article.meta.published.source == "inferred"
            else format_when(article.published)
        ),
        href=links.article(article.id, span),
    )


def _timeline(
    developments: Sequence[Development],
    by_id: dict[str, Article],
    palette: OutletPalette,
    links: Links,
) -> list[TimelineItem]:
    items = []
    scores = sorted((d.score for d in developments), reverse=True)
    cutoff = scores[min(len(scores) - 1, 4)] if scores else 0.0
    for d in developments:
        sources = [
            _source(by_id[c.article_id], (c.start, c.end), palette, links)
            for c in d.sources
            if c.article_id in by_id
        ]
        items.append(
            TimelineItem(
                when=format_when(d.date, d.precision),
                date=d.date,
                precision=d.precision,
                text=d.text,
                sources=sources,
                score=d.score,
                key=len(developments) > 6 and d.score >= cutoff,
                kind=d.kind,
                conflicts=[
                    _source(by_id[c.article_id], (c.start, c.end), palette, links)
                    for c in d.conflicts
                    if c.article_id in by_id
                ],
            )
        )
    return items


def _claims(
    claims: Sequence[Claim], by_id: dict[str, Article], palette: OutletPalette, links: Links
) -> list[ClaimView]:
    out = []
    for claim in claims:
        changed = {c.later: c for c in claim.conflicts}
        statements = []
        for i, s in enumerate(claim.statements):
            conflict = changed.get(i)
            href = links.article(s.article_id, (s.start, s.end)) if s.article_id in by_id else None
            statements.append(
                StatementView(
                    statement=s,
                    index=i,
                    when=format_when(s.date),
                    outlet_class=palette.css_class(s.outlet),
                    href=href,
                    conflict=conflict.kind if conflict else None,
                    conflict_note=conflict.note if conflict else "",
                )
            )
        proposition = claim.proposition
        if proposition.startswith("permitted: "):
            proposition = proposition[len("permitted: ") :]
        out.append(
            ClaimView(
                claim=claim,
                proposition=proposition,
                statements=statements,
                updates=sum(1 for c in claim.conflicts if c.kind == "update"),
                contradictions=sum(1 for c in claim.conflicts if c.kind == "contradiction"),
            )
        )
    return out


def _outlet_views(profiles: Sequence[OutletProfile], palette: OutletPalette) -> list[OutletView]:
    views = []
    for p in profiles:
        parts = [(kind, p.sourcing.get(kind, 0), color) for kind, color in SOURCING_COLORS.items()]
        officials = p.sourcing.get("officials", 0)
        others = p.sourcing.get("others", 0)
        quotes = officials + others
        views.append(
            OutletView(
                profile=p,
                outlet_class=palette.css_class(p.outlet),
                articles=len(p.article_ids),
                quotes=quotes,
                sourcing_bar=stacked_bar(parts, f"Sourcing of {p.outlet}"),
                officials_share=round(100 * officials / quotes) if quotes else None,
                sourcing_parts=[(kind, n) for kind, n, _ in parts if n],
            )
        )
    views.sort(key=lambda v: (-v.articles, v.profile.outlet))
    return views


def _same_name(a: str, b: str) -> bool:
    """One spelling is a shorter form of the other ("Halvanyk" in "Teodor Halvanyk")."""
    x, y = a.casefold(), b.casefold()
    return x in y or y in x


def _variants(profiles: Sequence[OutletProfile]) -> list[VariantRow]:
    """Entities with their spelling per outlet; real spelling differences first.

    A surname for a full name is not a difference; "Zelvograd" for "Zelvohrad" is.
    """
    names = sorted({n for p in profiles for n in p.name_variants})
    rows = []
    for name in names:
        by_outlet = {p.outlet: p.name_variants[name] for p in profiles if name in p.name_variants}
        usual = Counter(by_outlet.values()).most_common(1)[0][0]
        odd = {o for o, v in by_outlet.items() if not _same_name(v, usual)}
        rows.append(VariantRow(name, by_outlet, bool(odd), odd))
    rows.sort(key=lambda r: (not r.differs, -len(r.by_outlet), r.entity))
    return rows


def _linked_variants(
    rows: list[VariantRow], articles: Sequence[Article], links: Links
) -> list[VariantRow]:
    ids = _entity_ids_by_name(articles)
    for row in rows:
        entity = ids.get(row.entity) or next(
            (ids[v] for v in row.by_outlet.values() if v in ids), None
        )
        row.href = links.entity(entity) if entity else None
    return rows


def _speakers(
    groups: Sequence[SpeakerQuotes], by_id: dict[str, Article], palette: OutletPalette, links: Links
) -> list[SpeakerView]:
    out = []
    names = _entity_ids_by_name(list(by_id.values()))
    for g in groups:
        quotes = []
        for q in g.quotes:
            article = by_id.get(q.article_id)
            quotes.append(
                QuoteView(
                    quote=q,
                    outlet=(article.outlet if article else None) or "(unknown outlet)",
                    outlet_class=palette.css_class(article.outlet if article else None),
                    when=format_when(article.published if article else None),
                    href=links.article(q.article_id, (q.start, q.end)),
                )
            )
        entity = next((q.speaker_entity_id for q in g.quotes if q.speaker_entity_id), None)
        entity = entity or names.get(g.speaker)
        href = links.entity(entity) if entity else None
        out.append(SpeakerView(g.speaker, g.kind, g.title, quotes, href))
    return out


def _entity_ids_by_name(articles: Sequence[Article]) -> dict[str, str]:
    """Name (canonical form or spelling) -> entity id, from the story's mentions."""
    out: dict[str, str] = {}
    for article in articles:
        for m in article.mentions:
            if m.entity_id:
                out.setdefault(m.canonical, m.entity_id)
                out.setdefault(m.text, m.entity_id)
    return out


def coverage_for(
    digest: StoryDigest, palette: OutletPalette, links: Links, outlets: Sequence[str]
) -> Markup:
    per_outlet = story_coverage(digest.articles, digest.copies)
    rows = []
    for outlet in outlets:
        days = per_outlet.get(outlet, {})
        points = []
        for day, articles in sorted(days.items()):
            titles = "; ".join(a.meta.title.value or "untitled" for a in articles)
            copies = sum(1 for a in articles if a.id in digest.copies)
            note = f" ({copies} copied)" if copies else ""
            label = f"{outlet}, {short_date(day)}: {len(articles)} article{'s' if len(articles) > 1 else ''}{note} \u2013 {titles}"
            points.append(
                CoveragePoint(day, len(articles), label, links.article(articles[0].id, None))
            )
        rows.append(CoverageRow(outlet, palette.color(outlet), points))
    return coverage_chart(rows, "Coverage by outlet over time")


def build_story_view(
    digest: StoryDigest,
    claims: Sequence[Claim] | None,
    palette: OutletPalette,
    links: Links,
) -> StoryView:
    """Everything the story page (or report) renders, in display order."""
    by_id = digest.by_id
    outlets = list(digest.summary.outlets)
    timeline = _timeline(digest.timeline, by_id, palette, links)
    matrix = [
        (item, [next((s for s in item.sources if s.outlet == o), None) for o in outlets])
        for item in timeline
    ]
    return StoryView(
        digest=digest,
        outlets=outlets,
        timeline=timeline,
        coverage=coverage_for(digest, palette, links, outlets),
        claims=_claims(claims, by_id, palette, links) if claims is not None else None,
        outlet_views=_outlet_views(digest.outlets, palette),
        matrix=matrix,
        variants=_linked_variants(_variants(digest.outlets), digest.articles, links),
        speakers=_speakers(digest.speakers, by_id, palette, links),
        sources=[_source(a, None, palette, links) for a in digest.articles],
        language=outlet_language(digest.outlets, palette, links),
    )
