"""How each outlet covered a story: coverage and omissions, headlines, name spellings and
word contrasts, distinctive and loaded language, sourcing -- each figure with its evidence.

The statistics read the tokens the pipeline stored (:mod:`storyline.link.word_choice`), the
lexicons come from installed packages (:mod:`storyline.link.loaded_language`), the sourcing
phrases from data (:mod:`storyline.link.sourcing`).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from storyline.link.loaded_language import (
    Lexicon,
    load_lexicon,
    loaded_word_spans,
    story_only_terms,
)
from storyline.link.referents import spelling_contrasts, term_contrasts
from storyline.link.sourcing import OFFICIAL_WORDS, is_official, source_uses, wire_articles
from storyline.link.word_choice import WordChoiceParams, distinctive_terms, log_odds_z, term_index
from storyline.models import (
    Article,
    Citation,
    Claim,
    Development,
    DistinctiveTerm,
    Entity,
    Headline,
    Omission,
    OutletProfile,
)

__all__ = [
    "OFFICIAL_WORDS",
    "UNKNOWN_OUTLET",
    "add_claim_omissions",
    "compare_outlets",
    "is_official",
    "loaded_terms_in",
]

UNKNOWN_OUTLET = "(unknown outlet)"
#: Other outlets that must report a development or claim before its absence is an omission.
MIN_REPORTING_OUTLETS = 2


def loaded_terms_in(text: str, terms: Iterable[str]) -> Counter[str]:
    """Whole-phrase, case-insensitive counts; a longer phrase hides the shorter inside it."""
    from storyline.link.loaded_language import loaded_phrase_spans

    return Counter(term for term, _, _ in loaded_phrase_spans(text, terms))


def compare_outlets(
    story_id: str,
    articles: Sequence[Article],
    timeline: Sequence[Development],
    entities: Sequence[Entity] = (),
    mention_entities: Mapping[tuple[str, int], str] | None = None,
    copies: Mapping[str, str] | None = None,
    extra_terms: Iterable[str] = (),
    params: WordChoiceParams | None = None,
    events: Mapping[str, str] | None = None,
    window_days: int = 3,
) -> list[OutletProfile]:
    """One :class:`OutletProfile` per outlet of the story, outlets in name order.

    ``mention_entities`` maps ``(article id, mention index)`` to entity ids (as from
    ``unify_entities``); when absent, mentions' own ``entity_id`` is used. ``events`` maps
    article ids to event ids (for the headlines); ``window_days`` widens an outlet's period
    of coverage when omissions are looked for. Copies of another article count for
    coverage but not for wording or sourcing.
    """
    params = params or WordChoiceParams()
    by_outlet: dict[str, list[Article]] = {}
    for article in articles:
        by_outlet.setdefault(article.outlet or UNKNOWN_OUTLET, []).append(article)
    originals = {
        o: [a for a in arts if a.id not in (copies or {})] for o, arts in by_outlet.items()
    }
    names = {e.id: e.name for e in entities}
    variant_sets = {e.id: {a.text.casefold() for a in e.aliases} for e in entities}

    spellings, first_use = _spellings(originals, names, variant_sets, mention_entities)
    index = term_index(a for arts in originals.values() for a in arts)
    lexicon = load_lexicon(tuple(extra_terms))
    # every significant term is a candidate for a contrast; the profile shows the best
    significant = distinctive_terms(
        originals, dataclasses.replace(params, max_terms=1_000), index, lexicon.words
    )
    distinct = {o: terms[: params.max_terms] for o, terms in significant.items()}
    totals = {
        o: sum((index.counts[a.id] for a in arts), Counter()) for o, arts in originals.items()
    }
    contrasts = spelling_contrasts(spellings, first_use)
    for outlet, found in term_contrasts(significant, totals).items():
        contrasts[outlet].extend(found)
    loaded = _loaded(originals, lexicon, params)

    profiles = []
    for outlet in sorted(by_outlet):
        mine = by_outlet[outlet]
        ids = {a.id for a in mine}
        reported = [
            i for i, d in enumerate(timeline) if any(c.article_id in ids for c in d.sources)
        ]
        sourcing_uses = source_uses(originals[outlet], outlet)
        wires = wire_articles(mine, (copies or {}).keys())
        # the quote speakers by their kind (person, organization, role, anonymous), the
        # anonymous-sourcing phrases, and named = person + organization
        sourcing: Counter[str] = Counter(
            q.speaker_kind or "unattributed" for a in originals[outlet] for q in a.quotes
        )
        sourcing["anonymous"] = sum(u.kind == "anonymous" for u in sourcing_uses)
        sourcing["named"] = sum(u.kind == "named" for u in sourcing_uses)
        sourcing.update("officials" if u.official else "others" for u in sourcing_uses)
        sourcing["wire"] = len(wires)
        sourcing["own reporting"] = len(mine) - len(wires)
        profiles.append(
            OutletProfile(
                story_id=story_id,
                outlet=outlet,
                article_ids=sorted(ids),
                developments_reported=reported,
                developments_omitted=[i for i in range(len(timeline)) if i not in set(reported)],
                name_variants={e: _spelling(c) for e, c in sorted(spellings[outlet].items())},
                loaded_terms=_kept_loaded(loaded[outlet], lexicon, params),
                sourcing={k: n for k, n in sorted(sourcing.items()) if n or k == "wire"},
                quote_ids=[q.id for a in originals[outlet] for q in a.quotes],
                name_spellings={
                    e: dict(c.most_common()) for e, c in sorted(spellings[outlet].items())
                },
                distinctive=distinct[outlet],
                contrasts=contrasts[outlet],
                loaded=loaded[outlet],
                sources=sourcing_uses,
                wire_articles=wires,
                omissions=_development_omissions(timeline, mine, window_days),
                headlines=[
                    Headline(a.id, a.meta.title.value, a.published, (events or {}).get(a.id))
                    for a in sorted(mine, key=lambda a: (a.published or "", a.id))
                    if a.meta.title.value
                ],
            )
        )
    return profiles


def _spellings(
    originals: Mapping[str, Sequence[Article]],
    names: Mapping[str, str],
    variant_sets: Mapping[str, set[str]],
    mention_entities: Mapping[tuple[str, int], str] | None,
) -> tuple[dict[str, dict[str, Counter[str]]], dict[tuple[str, str, str], Citation]]:
    """Per outlet, per entity with more than one spelling in the story, every spelling it
    uses with its count; and the first use of each (outlet, entity, spelling)."""
    spellings: dict[str, dict[str, Counter[str]]] = {o: {} for o in originals}
    first: dict[tuple[str, str, str], Citation] = {}
    for outlet, arts in originals.items():
        for article in arts:
            for idx, mention in enumerate(article.mentions):
                eid = (mention_entities or {}).get((article.id, idx)) or mention.entity_id
                if not eid or len(variant_sets.get(eid, set())) < 2:
                    continue
                name = names.get(eid, eid)
                text = re.sub(r"['\u2019]s$", "", mention.text)
                spellings[outlet].setdefault(name, Counter())[text] += 1
                first.setdefault(
                    (outlet, name, text),
                    Citation(article.id, mention.start, mention.start + len(text), outlet),
                )
    for per in spellings.values():  # fold case-only variants into the prose form
        for name, counts in list(per.items()):
            folded: Counter[str] = Counter()
            for text, n in counts.items():
                forms = [t for t in counts if t.casefold() == text.casefold()]
                folded[_spelling(Counter({t: counts[t] for t in forms}))] += n
            per[name] = folded
    return spellings, first


def _loaded(
    originals: Mapping[str, Sequence[Article]], lexicon: Lexicon, params: WordChoiceParams
) -> dict[str, list[DistinctiveTerm]]:
    """Per outlet, every loaded term it uses, with counts, other outlets' counts, the
    log-odds z against them; terms no other outlet of the story uses come first."""
    uses = {o: {a.id: loaded_word_spans(a, lexicon) for a in arts} for o, arts in originals.items()}
    only = story_only_terms(uses)
    totals = {
        o: Counter(t.lower() for found in per.values() for t, _, _ in found)
        for o, per in uses.items()
    }
    pooled: Counter[str] = sum(totals.values(), Counter())
    out: dict[str, list[DistinctiveTerm]] = {}
    for outlet, per_article in uses.items():
        scores = log_odds_z(totals[outlet], pooled - totals[outlet], pooled, params.prior_size)
        terms: dict[str, DistinctiveTerm] = {}
        for article_id, found in per_article.items():
            for term, start, end in found:
                key = term.lower()
                entry = terms.get(key)
                if entry is None:
                    entry = terms[key] = DistinctiveTerm(
                        term=term,
                        count=0,
                        articles=0,
                        others={o: totals[o][key] for o in sorted(uses) if o != outlet},
                        log_odds=round(scores[key][0], 3),
                        z=round(scores[key][1], 2),
                        loaded=True,
                    )
                entry.count += 1
                written = _written(originals[outlet], article_id, start, end)
                entry.forms[written] = entry.forms.get(written, 0) + 1
                if not any(e.article_id == article_id for e in entry.examples):
                    entry.articles += 1
                    if len(entry.examples) < params.max_examples:
                        entry.examples.append(Citation(article_id, start, end, outlet))
        out[outlet] = sorted(
            terms.values(),
            key=lambda t: (t.term.lower() not in only[outlet], -t.count, t.term.lower()),
        )
    return out


def _kept_loaded(
    terms: Sequence[DistinctiveTerm], lexicon: Lexicon, params: WordChoiceParams
) -> dict[str, int]:
    """The loaded terms the statistics keep: the listed phrases, and lexicon words no other
    outlet of the story uses or that this outlet uses distinctively (z >= min_z) -- the
    filter ``evals/framing.py`` measures against the lexicon alone."""
    phrases = {p.lower() for p in lexicon.phrases}
    return {
        t.term: t.count
        for t in sorted(terms, key=lambda t: t.term.lower())
        if t.term.lower() in phrases or not any(t.others.values()) or t.z >= params.min_z
    }


def _written(articles: Sequence[Article], article_id: str, start: int, end: int) -> str:
    for article in articles:
        if article.id == article_id:
            return article.text[start:end]
    return ""


def _period(articles: Sequence[Article], window_days: int) -> tuple[str, str] | None:
    days = sorted(a.published[:10] for a in articles if a.published)
    if not days:
        return None
    try:
        first = date.fromisoformat(days[0]) - timedelta(days=window_days)
        last = date.fromisoformat(days[-1]) + timedelta(days=window_days)
    except ValueError:
        return None
    return first.isoformat(), last.isoformat()


def _development_omissions(
    timeline: Sequence[Development], mine: Sequence[Article], window_days: int
) -> list[Omission]:
    """Developments at least two other outlets report, dated within the period this outlet
    covered the story, that none of its articles reports."""
    ids = {a.id for a in mine}
    period = _period(mine, window_days)
    out = []
    for i, d in enumerate(timeline):
        if any(c.article_id in ids for c in d.sources):
            continue
        outlets = {c.outlet for c in d.sources if c.outlet}
        if len(outlets) < MIN_REPORTING_OUTLETS:
            continue
        if period and d.date and not (period[0] <= d.date[:10] <= period[1]):
            continue
        out.append(Omission("development", d.text, d.date, list(d.sources), i))
    return out


def add_claim_omissions(
    profiles: Sequence[OutletProfile],
    claims: Sequence[Claim],
    articles: Sequence[Article],
    window_days: int = 3,
) -> None:
    """Add to each profile the claims at least two other outlets state within its period
    while it states none (in place; claims are built after the profiles)."""
    by_outlet: dict[str, list[Article]] = {}
    for a in articles:
        by_outlet.setdefault(a.outlet or UNKNOWN_OUTLET, []).append(a)
    for profile in profiles:
        period = _period(by_outlet.get(profile.outlet, []), window_days)
        for claim in claims:
            stated = {s.outlet or UNKNOWN_OUTLET for s in claim.statements}
            if profile.outlet in stated or len(stated) < MIN_REPORTING_OUTLETS:
                continue
            inside = [
                s
                for s in claim.statements
                if not period or not s.date or period[0] <= s.date[:10] <= period[1]
            ]
            if len({s.outlet for s in inside}) < MIN_REPORTING_OUTLETS:
                continue
            profile.omissions.append(
                Omission(
                    "claim",
                    claim.proposition,
                    min((s.date for s in inside if s.date), default=None),
                    [Citation(s.article_id, s.start, s.end, s.outlet) for s in inside],
                )
            )


def _spelling(counts: Counter[str]) -> str:
    """An outlet's spelling of a name: its most used form, with case-only variants (dateline
    capitals, lowercase slips) counted together, written the way its prose writes it."""
    folded: Counter[str] = Counter()
    for text, n in counts.items():
        folded[text.casefold()] += n
    best = folded.most_common(1)[0][0]
    forms = [text for text in counts if text.casefold() == best]
    return max(forms, key=lambda text: (not text.isupper(), text[:1].isupper(), counts[text], text))
