"""How each outlet covered a story: coverage, name variants, loaded terms, sourcing, quotes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from storyline.models import Article, Development, Entity, OutletProfile, Quote

UNKNOWN_OUTLET = "(unknown outlet)"
#: Phrases that take a side by their wording. Extend with ``extra['loaded_terms']``.
LOADED_TERMS: tuple[str, ...] = (
    "Kiev regime", "Kyiv regime", "Kremlin regime", "Zelensky regime", "Putin regime",
    "special military operation", "neo-Nazi", "neo-Nazis", "junta", "puppet", "terrorist state",
    "war of aggression", "unprovoked", "so-called", "regime", "thugs", "hawks", "warmongers",
    "propaganda", "illegal annexation", "liberated", "sham",
)  # fmt: skip
#: Words in a speaker's name, title or role that make them an official source.
OFFICIAL_WORDS = frozenset(
    [
        "official",
        "officials",
        "spokesperson",
        "spokesman",
        "spokeswoman",
        "secretary",
        "minister",
        "president",
        "ambassador",
        "adviser",
        "advisor",
        "senator",
        "sen.",
        "rep.",
        "governor",
        "mayor",
        "general",
        "commander",
        "department",
        "ministry",
        "pentagon",
        "kremlin",
        "white",
        "house",
        "administration",
        "government",
        "coordinator",
        "director",
        "chief",
        "press",
    ]
)


def loaded_terms_in(text: str, terms: Iterable[str]) -> Counter[str]:
    """Whole-phrase, case-insensitive counts; a longer phrase hides the shorter inside it."""
    found: Counter[str] = Counter()
    taken: list[tuple[int, int]] = []
    for term in sorted(set(terms), key=len, reverse=True):
        for match in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found[term] += 1
    return found


def is_official(quote: Quote) -> bool:
    words = " ".join(filter(None, [quote.speaker, quote.speaker_title])).lower()
    return any(w in words.split() or (" " in w and w in words) for w in OFFICIAL_WORDS)


def compare_outlets(
    story_id: str,
    articles: Sequence[Article],
    timeline: Sequence[Development],
    entities: Sequence[Entity] = (),
    mention_entities: Mapping[tuple[str, int], str] | None = None,
    copies: Mapping[str, str] | None = None,
    extra_terms: Iterable[str] = (),
) -> list[OutletProfile]:
    """One :class:`OutletProfile` per outlet of the story, outlets in name order.

    ``mention_entities`` maps ``(article id, mention index)`` to entity ids (as from
    ``unify_entities``); when absent, mentions' own ``entity_id`` is used.
    """
    by_outlet: dict[str, list[Article]] = {}
    for article in articles:
        by_outlet.setdefault(article.outlet or UNKNOWN_OUTLET, []).append(article)
    names = {e.id: e.name for e in entities}
    variant_sets: dict[str, set[str]] = {}
    for e in entities:
        variant_sets[e.id] = {a.text.casefold() for a in e.aliases}
    terms = [*LOADED_TERMS, *extra_terms]

    profiles = []
    for outlet in sorted(by_outlet):
        mine = by_outlet[outlet]
        ids = {a.id for a in mine}
        originals = [a for a in mine if a.id not in (copies or {})]
        reported = [
            i for i, d in enumerate(timeline) if any(c.article_id in ids for c in d.sources)
        ]
        omitted = [i for i in range(len(timeline)) if i not in set(reported)]
        used: dict[str, Counter[str]] = {}
        for article in originals:
            for idx, mention in enumerate(article.mentions):
                eid = (mention_entities or {}).get((article.id, idx)) or mention.entity_id
                if eid:
                    used.setdefault(eid, Counter())[mention.text] += 1
        variants = {
            names.get(eid, eid): _spelling(counts)
            for eid, counts in sorted(used.items())
            if len(variant_sets.get(eid, set())) > 1
        }
        loaded: Counter[str] = Counter()
        sourcing: Counter[str] = Counter()
        quote_ids: list[str] = []
        for article in originals:
            loaded.update(loaded_terms_in(article.text, terms))
            for quote in article.quotes:
                sourcing[quote.speaker_kind or "unattributed"] += 1
                sourcing["officials" if is_official(quote) else "others"] += 1
                quote_ids.append(quote.id)
        profiles.append(
            OutletProfile(
                story_id=story_id,
                outlet=outlet,
                article_ids=sorted(ids),
                developments_reported=reported,
                developments_omitted=omitted,
                name_variants=variants,
                loaded_terms=dict(sorted(loaded.items())),
                sourcing=dict(sorted(sourcing.items())),
                quote_ids=quote_ids,
            )
        )
    return profiles


def _spelling(counts: Counter[str]) -> str:
    """An outlet's spelling of a name: its most used form, with case-only variants (dateline
    capitals, lowercase slips) counted together, written the way its prose writes it."""
    folded: Counter[str] = Counter()
    for text, n in counts.items():
        folded[text.casefold()] += n
    best = folded.most_common(1)[0][0]
    forms = [text for text in counts if text.casefold() == best]
    return max(forms, key=lambda text: (not text.isupper(), counts[text], text))
