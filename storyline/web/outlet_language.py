"""Each outlet's language and sourcing on a story, shaped for the story page and the report:
headlines, distinctive and loaded terms with their counts, word contrasts, anonymous
sources and omissions, every figure linking to the span it comes from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from storyline.models import Citation, DistinctiveTerm, OutletProfile
from storyline.web.colors import OutletPalette
from storyline.web.queries import UNKNOWN_OUTLET


class ArticleLinks(Protocol):
    """What links an article span (the story view's ``Links``)."""

    @property
    def article(self) -> Callable[[str, tuple[int, int] | None], str | None]: ...


@dataclass
class Evidence:
    label: str
    href: str | None


@dataclass
class TermRow:
    term: str
    count: int
    articles: int
    others: str  # "Fox 0, NYT 2"
    z: float
    forms: str  # "'illegal immigrants' 5"
    evidence: list[Evidence]


@dataclass
class ContrastRow:
    term: str
    alternative: str
    referent: str
    counts: str  # "Fox 5/0; NYT 0/4"
    evidence: list[Evidence]


@dataclass
class OmissionRow:
    kind: str
    date: str | None
    text: str
    reported_by: list[Evidence]


@dataclass
class OutletLanguage:
    outlet: str
    outlet_class: str
    headlines: list[Evidence] = field(default_factory=list)
    spellings: list[tuple[str, str]] = field(default_factory=list)  # entity, "Kiev 3, Kyiv 1"
    distinctive: list[TermRow] = field(default_factory=list)
    loaded: list[TermRow] = field(default_factory=list)
    contrasts: list[ContrastRow] = field(default_factory=list)
    anonymous: list[Evidence] = field(default_factory=list)
    sourcing: str = ""
    omissions: list[OmissionRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.distinctive or self.loaded or self.contrasts or self.anonymous)


def _evidence(c: Citation, links: ArticleLinks, label: str | None = None) -> Evidence:
    href = links.article(c.article_id, (c.start, c.end))
    return Evidence(label or c.outlet or UNKNOWN_OUTLET, href)


def _term(t: DistinctiveTerm, links: ArticleLinks) -> TermRow:
    return TermRow(
        t.term,
        t.count,
        t.articles,
        ", ".join(f"{o} {n}" for o, n in t.others.items()),
        t.z,
        ", ".join(f"“{f}” {n}" for f, n in list(t.forms.items())[:3]),
        [_evidence(c, links, f"use {i + 1}") for i, c in enumerate(t.examples)],
    )


def outlet_language(
    profiles: Sequence[OutletProfile], palette: OutletPalette, links: ArticleLinks, limit: int = 12
) -> list[OutletLanguage]:
    """One :class:`OutletLanguage` per profile, in the profiles' order."""
    out = []
    for p in profiles:
        seen: set[tuple[str, int]] = set()
        anonymous = []
        for u in p.sources:
            key = (u.citation.article_id, u.citation.start)
            if u.kind == "anonymous" and key not in seen:
                seen.add(key)
                anonymous.append(_evidence(u.citation, links, u.text))
        out.append(
            OutletLanguage(
                outlet=p.outlet,
                outlet_class=palette.css_class(p.outlet),
                headlines=[
                    Evidence(h.title, links.article(h.article_id, None)) for h in p.headlines
                ],
                spellings=[
                    (e, ", ".join(f"{s} {n}" for s, n in c.items()))
                    for e, c in p.name_spellings.items()
                    if len(c) > 1 or any(e in x.referent for x in p.contrasts)
                ],
                distinctive=[_term(t, links) for t in p.distinctive[:limit]],
                loaded=[_term(t, links) for t in p.loaded[:limit]],
                contrasts=[
                    ContrastRow(
                        c.term,
                        c.alternative,
                        c.referent,
                        "; ".join(f"{o} {a}/{b}" for o, (a, b) in c.counts.items()),
                        [_evidence(e, links) for e in c.examples],
                    )
                    for c in p.contrasts
                ],
                anonymous=anonymous[:limit],
                sourcing=", ".join(f"{k} {n}" for k, n in p.sourcing.items()),
                omissions=[
                    OmissionRow(
                        o.kind, o.date, o.text, [_evidence(c, links) for c in o.reported_by]
                    )
                    for o in p.omissions
                ],
            )
        )
    return out
