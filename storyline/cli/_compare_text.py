"""The text form of ``storyline compare``: every figure with the counts behind it and the
article (id and character span) it comes from."""

from __future__ import annotations

from storyline.models import Citation, DistinctiveTerm, OutletProfile


def _cite(c: Citation) -> str:
    return f"{c.article_id}:{c.start}-{c.end}"


def _term(t: DistinctiveTerm) -> str:
    others = ", ".join(f"{o} {n}" for o, n in t.others.items())
    forms = " / ".join(f"{f!r} {n}" for f, n in list(t.forms.items())[:3])
    where = ", ".join(_cite(c) for c in t.examples[:2])
    return (
        f"    {t.term}: {t.count} in {t.articles} articles (others: {others or '-'}); "
        f"z={t.z:.2f}; {forms}; at {where}"
    )


def render_profile(p: OutletProfile, limit: int = 10) -> list[str]:
    """Lines describing one outlet's profile."""
    total = len(p.developments_reported) + len(p.developments_omitted)
    lines = [
        f"{p.outlet}: {len(p.article_ids)} articles, reports {len(p.developments_reported)}"
        f"/{total} developments"
    ]
    for h in p.headlines:
        event = f" [event {h.event_id}]" if h.event_id else ""
        lines.append(f"  headline {h.published or '?'}{event} {h.title}  ({h.article_id})")
    if p.name_spellings:
        lines.append("  spellings")
        for entity, spelled in p.name_spellings.items():
            lines.append(f"    {entity}: " + ", ".join(f"{s} {n}" for s, n in spelled.items()))
    if p.contrasts:
        lines.append("  same referent, different words")
        for c in p.contrasts:
            both = "; ".join(f"{o} {a}/{b}" for o, (a, b) in c.counts.items())
            lines.append(f"    {c.term!r} vs {c.alternative!r} ({c.referent}): {both}")
    if p.distinctive:
        lines.append("  distinctive terms (log-odds z against the other outlets)")
        lines.extend(_term(t) for t in p.distinctive[:limit])
    if p.loaded:
        lines.append("  loaded terms")
        lines.extend(_term(t) for t in p.loaded[:limit])
    if p.sourcing:
        lines.append("  sourcing " + ", ".join(f"{k} {n}" for k, n in p.sourcing.items()))
        for u in [u for u in p.sources if u.kind == "anonymous"][:limit]:
            lines.append(f"    anonymous: {u.text!r} at {_cite(u.citation)}")
    for o in p.omissions:
        by = ", ".join(f"{c.outlet or '(unknown outlet)'} {_cite(c)}" for c in o.reported_by)
        lines.append(f"  omits {o.kind} {o.date or '?'}: {o.text[:120]}  <- {by}")
    return lines
