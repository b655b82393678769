"""Entity mentions from a language's own NER, each with its in-article nominative name.

Spans the NER tagged are kept unless they are function words the dictionary knows
("Как", "Після", "Але", "Он"); names are put in the nominative (Russian, Ukrainian:
:mod:`morphology`) and a surname alone is linked to the article's full name when exactly
one person fits ("Пескову" -> "Дмитрий Песков").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyline.models import EntityMention
from storyline.pipeline.languages.gazetteer import places_in
from storyline.pipeline.languages.morphology import (
    best_reading,
    capitalise_parts,
    is_attribute_word,
    is_common_word,
    is_function_word,
    is_given_name,
    looks_like_place,
    nominative_name,
    place_noun_lemma,
    surname_keys,
)
from storyline.pipeline.languages.segments import Segments

__all__ = ["find_language_mentions"]

_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place"}
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop quotation marks and punctuation the tagger left on a span's edges."""
    span = text[start:end]
    lead = len(span) - len(span.lstrip("«»„“”\"'(),.:;—– "))
    tail = len(span) - len(span.rstrip("«»„“”\"'(),.:;—– "))
    return start + lead, end - tail


def _surname_index(mentions: Sequence[EntityMention], lang: str) -> dict[str, set[str]]:
    """Nominative surname (folded) -> the full names in the article that end in it."""
    index: dict[str, set[str]] = {}
    for m in mentions:
        words = m.canonical.split()
        if m.kind == "person" and len(words) >= 2:
            index.setdefault(words[-1].casefold(), set()).add(m.canonical)
    return index


def _full_name(mention: EntityMention, index: dict[str, set[str]], lang: str) -> str:
    words = mention.text.split()
    if mention.kind != "person" or len(words) != 1:
        return mention.canonical
    forms = surname_keys(words[0], lang) | {mention.canonical.casefold()}
    names = {name for form in forms for name in index.get(form, ())}
    return names.pop() if len(names) == 1 else mention.canonical


def _given_name_only(span: str, lang: str) -> bool:
    """A one-word span that is a given name ("Дмитро" tagged apart from "Кулеба")."""
    return bool(lang) and " " not in span and is_given_name(span, lang)


def _merged_spans(
    text: str, spans: list[tuple[int, int, str]], lang: str = ""
) -> list[tuple[int, int, str]]:
    """Spans cut at line breaks, and a person's name split in two joined ("Дмитро" "Кулеба")."""
    out: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans):
        newline = text.find("\n", start, end)
        end = end if newline < 0 else newline
        if (
            out
            and label == "PERSON"
            and text[out[-1][1] : start] == " "
            and (out[-1][2] == "PERSON" or _given_name_only(text[out[-1][0] : out[-1][1]], lang))
        ):
            out[-1] = (out[-1][0], end, label)
        else:
            out.append((start, end, label))
    return out


def _before_name(word: str, lang: str) -> bool:
    """A title, genitive attribute or acronym before a name ("Речник", "України", "ОВА")."""
    return is_attribute_word(word, lang) or (word.isupper() and len(word) > 1)


def _strip_title(text: str, start: int, end: int, lang: str) -> int:
    """Where an organisation's name starts after a leading title ("Речник МЗС" -> "МЗС")."""
    first = re.match(r"\S+", text[start:end])
    if (
        first
        and first.end() < end - start
        and is_attribute_word(first.group(), lang)
        and best_reading(first.group(), lang).tag.animacy == "anim"
    ):
        return start + first.end() + 1
    return start


def _person_span(text: str, start: int, end: int, lang: str) -> tuple[int, int, str]:
    """A PER span without the dictionary words before the name ("України Володимир
    Зеленський", "Радник Офісу"), or relabelled a place when no name is left (Київ)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
    while len(words) > 1 and _before_name(text[start + words[0][0] : start + words[0][1]], lang):
        words.pop(0)
    first = start + words[0][0]
    if len(words) == 1 and looks_like_place(text[first:end], lang):
        return first, end, "GPE"
    if all(is_common_word(text[start + a : start + b], lang) for a, b in words):
        return first, end, ""
    return first, end, "PERSON"


def _untagged_surnames(text: str, mentions: list[EntityMention], lang: str) -> list[EntityMention]:
    """Surnames of the article's people where the tagger missed them ("Зеленский отметил")."""
    surnames = {
        m.canonical.split()[-1].casefold(): m.canonical.split()[-1]
        for m in mentions
        if m.kind == "person" and len(m.canonical.split()) >= 2
    }
    if not surnames:
        return []
    found = []
    # a one-word span the tagger labelled a place or body ("Песков" as LOC) is re-read too
    tagged = [x for x in mentions if x.kind == "person" or len(x.text.split()) > 1]
    for m in re.finditer(r"(?<!\w)[A-ZА-ЯЁІЇЄҐ][\w'’-]+", text):
        if any(x.start <= m.start() < x.end for x in tagged):
            continue
        hit = next((surnames[f] for f in surname_keys(m.group(), lang) if f in surnames), None)
        if hit:
            found.append(EntityMention(m.group(), m.start(), m.end(), "PERSON", "person", hit))
    return found


def _gazetteer_places(
    text: str, mentions: Sequence[EntityMention], lang: str
) -> list[EntityMention]:
    """Capitalised words outside the tagged spans whose nominative is a known country or
    city name (:mod:`gazetteer`): the places the NER missed ("Польщі", "КИЇВ")."""
    known = places_in(lang)
    found = []
    for m in re.finditer(r"(?<![\w-])[A-ZА-ЯЁІЇЄҐ][\w'’]+(?![\w-])", text):
        if any(x.start <= m.start() < x.end for x in mentions):
            continue
        word = m.group()
        name = place_noun_lemma(word, lang)
        if name is not None and name.casefold() in known:
            found.append(
                EntityMention(word, m.start(), m.end(), "GPE", "place", capitalise_parts(name))
            )
    return found


def _title_place(name: str) -> str:
    """Datelines write places in capitals ("ВАШИНГТОН"); acronyms (США, НАТО) stay."""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 4 else w for w in name.split())


def find_language_mentions(text: str, segments: Segments, lang: str) -> list[EntityMention]:
    """The article's entity mentions from ``segments`` (``lang``: a pymorphy3 dictionary
    code, or "" when the language has none)."""
    mentions: list[EntityMention] = []
    for raw_start, raw_end, raw_label in _merged_spans(text, segments.entities, lang):
        start, end = _trim(text, raw_start, raw_end)
        # a determiner the model kept ("la France", "el Gobierno"): names start capitalised
        while (
            m := re.match(r"[^\W\d_A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w]*['’]?\s*", text[start:end])
        ) and m.end() < end - start:
            start += m.end()
        label = raw_label
        if lang and label == "PERSON" and end > start:
            start, end, label = _person_span(text, start, end, lang)
        elif lang and label == "ORG":
            start = _strip_title(text, start, end, lang)
        surface = text[start:end]
        if not label or not surface or not _EDGE.sub("", surface):
            continue
        kind = _KINDS.get(label, "other")
        if lang and len(surface.split()) == 1 and is_function_word(surface, lang):
            continue
        canonical = nominative_name(surface, kind, lang) if lang else surface
        if kind == "place":
            canonical = _title_place(canonical)
        mentions.append(EntityMention(surface, start, end, label, kind, canonical))
    if lang:
        mentions += _gazetteer_places(text, mentions, lang)
    people = _untagged_surnames(text, mentions, lang)
    relabelled = {(p.start, p.end) for p in people}
    mentions = [m for m in mentions if (m.start, m.end) not in relabelled] + [
        p
        for p in people
        if not any(
            m.start <= p.start < m.end and (m.start, m.end) != (p.start, p.end) for m in mentions
        )
    ]
    index = _surname_index(mentions, lang)
    return sorted(
        (
            EntityMention(m.text, m.start, m.end, m.label, m.kind, _full_name(m, index, lang))
            for m in mentions
        ),
        key=lambda m: m.start,
    )
