"""Whose "Foreign Ministry"? Institutions every country has, qualified by their country.

"Foreign Ministry", "Customs Service" or "Ministry of Defence" is not a name on its own: a
story between two countries has two foreign ministries. When the article says whose it is
-- a possessive ("Dravania's Foreign Ministry"), a country or its adjective in front ("the
Dravanian Foreign Ministry"), or an "of" after it ("the Customs Service of Velmora") -- the
mention's canonical name carries the country: ``"Foreign Ministry (Dravania)"``. The other
mentions of the same institution in the article take that country when the article names
only one. Mentions left unqualified are resolved across articles by the link stage.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.names.rules import (
    demonym_of,
    is_generic_institution,
    name_key,
    qualified_name,
    split_qualified,
    strip_possessive,
)
from storyline.pipeline.entities.spans import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["qualify_institutions", "resolve_institutions"]

#: Kinds of mention that can say whose an institution is.
_OWNER_KINDS = frozenset({"place", "group", "organization"})


def _strip_the(words: list[str]) -> list[str]:
    return words[1:] if words and words[0].lower() == "the" else words


def _split_name(text: str) -> tuple[str, str | None] | None:
    """``(institution, country)`` read from the mention itself, or None when it is not an
    institution: "Customs Service of Velmora" -> ("Customs Service", "Velmora"), "Dravanian
    Foreign Ministry" -> ("Foreign Ministry", "Dravanian"), "Foreign Ministry" ->
    ("Foreign Ministry", None)."""
    words = _strip_the(strip_possessive(text).split())
    if not words:
        return None
    whole = " ".join(words)
    if is_generic_institution(whole):
        return whole, None
    if "of" in words:
        cut = len(words) - 1 - words[::-1].index("of")
        base, owner = " ".join(words[:cut]), " ".join(_strip_the(words[cut + 1 :]))
        if is_generic_institution(base) and owner[:1].isupper():
            return base, owner
    for cut in range(1, min(3, len(words) - 1) + 1):
        base = " ".join(words[cut:])
        if is_generic_institution(base) and all(w[:1].isupper() for w in words[:cut]):
            return base, strip_possessive(" ".join(words[:cut]))
    return None


def _owner_before(doc: Doc, start: int, by_end: dict[int, Candidate]) -> str | None:
    """The country in front of an institution: "Dravania's ..." or "the Dravanian ..."."""
    end = start - 1 if start >= 1 and doc[start - 1].tag_ == "POS" else start
    owner = by_end.get(end)
    if owner is None or owner.kind not in _OWNER_KINDS:
        return None
    return strip_possessive(doc[owner.start : owner.end].text)


def _owner_after(doc: Doc, end: int, by_start: dict[int, Candidate]) -> str | None:
    """The country after an institution: "... of Velmora"."""
    if end >= len(doc) or doc[end].lower_ != "of":
        return None
    at = end + 2 if end + 1 < len(doc) and doc[end + 1].lower_ == "the" else end + 1
    owner = by_start.get(at)
    if owner is None or owner.kind != "place":
        return None
    return strip_possessive(doc[owner.start : owner.end].text)


def _as_place(owner: str, places: list[str]) -> str:
    """The place an adjective stands for when the article names it ("Dravanian" ->
    "Dravania")."""
    return next((p for p in places if demonym_of(owner, p)), owner)


def qualify_institutions(doc: Doc, cands: list[Candidate]) -> None:
    """Set the canonical name of every institution mention whose country the article gives.

    Mentions that are not generic institutions are left alone; so are institutions of an
    article that gives two countries for the same name and does not say which one a
    mention means.
    """
    by_start = {c.start: c for c in cands}
    by_end = {c.end: c for c in cands}
    places = [doc[c.start : c.end].text for c in cands if c.kind == "place"]
    found: list[tuple[Candidate, str, str | None]] = []
    for cand in cands:
        if cand.kind == "person" or cand.group is not None:
            continue
        split = _split_name(doc[cand.start : cand.end].text)
        if split is None:
            continue
        base, owner = split
        owner = (
            owner or _owner_before(doc, cand.start, by_end) or _owner_after(doc, cand.end, by_start)
        )
        found.append((cand, base, _as_place(owner, places) if owner else None))
    owners: dict[str, set[str]] = defaultdict(set)
    for _, base, owner in found:
        if owner:
            owners[name_key(base)].add(owner)
    for cand, base, owner in found:
        known = owners[name_key(base)]
        if owner is None and len(known) == 1:
            owner = next(iter(known))
        cand.canonical = qualified_name(base, owner) if owner else base


def _country_of_outlet(outlet: str, countries: set[str]) -> str | None:
    """The country an outlet's name carries ("Velmora Press Agency", "Dravania Today",
    "The Velmoran Times"), among ``countries``; None when it names none or several."""
    words = [w for w in strip_possessive(outlet).split() if w[:1].isupper()]
    hits = {
        c
        for c in countries
        if name_key(c) in {name_key(w) for w in words}
        or (" " in c and name_key(c) in name_key(outlet))
        or any(demonym_of(w, c) for w in words)
    }
    return hits.pop() if len(hits) == 1 else None


def resolve_institutions(mentions: Sequence[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """Whose institution each mention of a corpus means, given ``(canonical, outlet)`` pairs.

    Returns, in order, ``(name, scope)``: the name to unify under and, for an institution
    that stays ambiguous, the outlet it is kept to. The countries are those any article
    names as an institution's owner ("Dravania's Foreign Ministry", "Customs Service of
    Velmora"). An unqualified mention takes

    * the country its outlet's name carries ("Velmora Press Agency" -> Velmora), else
    * the one country the corpus gives that institution, else
    * no country: with no country anywhere it is simply the institution ("Foreign
      Ministry"); with several it stays apart per outlet rather than joining either.

    Other names pass through unchanged.

    >>> resolve_institutions([("Foreign Ministry (Dravania)", "A"), ("Foreign Ministry", "B")])
    [('Foreign Ministry (Dravania)', None), ('Foreign Ministry (Dravania)', None)]
    """
    parsed = [_parse(canonical) for canonical, _ in mentions]
    owners = {owner for _, owner in filter(None, parsed) if owner}
    canon = {o: next((p for p in owners if p != o and demonym_of(o, p)), o) for o in owners}
    countries = set(canon.values())
    per_base: dict[str, set[str]] = defaultdict(set)
    implied: list[str | None] = []
    for (_, outlet), item in zip(mentions, parsed, strict=True):
        country = None
        if item is not None:
            base, owner = item
            country = canon[owner] if owner else _country_of_outlet(outlet, countries)
            if country:
                per_base[name_key(base)].add(country)
        implied.append(country)
    out: list[tuple[str, str | None]] = []
    for (canonical, outlet), item, country in zip(mentions, parsed, implied, strict=True):
        if item is None:
            out.append((canonical, None))
            continue
        base = item[0]
        known = per_base[name_key(base)]
        if country is None and len(known) == 1:
            country = next(iter(known))
        if country:
            out.append((qualified_name(base, country), None))
        else:
            out.append((base, outlet if known else None))
    return out


def _parse(canonical: str) -> tuple[str, str | None] | None:
    """``(institution, owner)`` of a canonical name, None when it is no institution."""
    base, owner = split_qualified(canonical)
    return (base, owner) if is_generic_institution(base) else None
