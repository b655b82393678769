"""Finding the extents of temporal expressions (TIMEX3 spans) in a text.

Two sources are combined. spaCy's DATE and TIME entities find most dates in news text
but follow OntoNotes conventions (ages, "the quarter ended Sept. 30" as one span, "Wednesday"
and "night" as two) and miss reference words ("now", "recently") and frequencies
("daily"). The lexicon patterns (``lexicon.toml``) find those and give TimeML
extents. Overlapping candidates become one span; each span is trimmed to TimeML
conventions (no leading preposition, no trailing punctuation or possessive) and kept only
when it holds a temporal word.

>>> [text for text, *_ in find_spans("He left on Monday, and will be back next week.")]
['Monday', 'next week']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.data_files import packaged_toml
from storyline.pipeline.dates.lexicon import Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LEADING_THE_BEFORE_NAME = re.compile(r"^(?:the|an?)\s+(?=[A-Z][a-z]+\.?\s+\d)", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"['’]s?$")
_TRAILING_CONNECTIVE = re.compile(
    r"\s+(?:and|or|to|through|until|till|from|of|the|a|an|between|in|on|at)$", re.IGNORECASE
)
_TRAILING_PUNCT = ".,;:!?)]}\"'“”‘’-–—/"
_ABBREVIATION_END = re.compile(r"(?:\b[a-z]\.[a-z]|\b[A-Za-z]{2,5})\.$")
_AGE = re.compile(
    r"\b(?:\d+|[a-z]+)[\s-]+(?:years?|months?|weeks?|days?)[\s-]+old\b|"
    r"-(?:year|month|week|day)-olds?\b|\byear-olds?\b",
    re.IGNORECASE,
)
#: Titles of shows and sections: "This Week", "60 Minutes", "The Day After".
_TITLE = re.compile(
    r"^(?:\d+|This|Last|Next|The)\s+(?:[A-Z][a-z]+\s+)*(?:Week|Weeks|Minutes|Hours|Days|Day|Years|Months|Night|Morning|Evening)\b(?:\s+[A-Z]\w*)*$"
)
#: "in his 30s": an age, not a decade.
_AGE_DECADE = re.compile(
    r"\b(?:his|her|their|my|your|our)\s+(?:early\s+|mid-?|late\s+)?(?:\d0s|'\d0s|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    re.IGNORECASE,
)
_SPLIT_AT = re.compile(
    r"\s*(?:\b(?:and|or|to|through|until|till|ended|ending|ends|since|vs\.?)\b|–|—|,)\s*",
    re.IGNORECASE,
)
_YEAR_RANGE = re.compile(r"^((?:1[0-9]|20)\d\d)\s*[-–]\s*((?:1[0-9]|20)?\d\d)$")


@dataclass(frozen=True)
class Candidate:
    """A span ``[start, end)`` of the text that may be a temporal expression."""

    start: int
    end: int
    source: str  # "ner" or the name of the lexicon pattern


def find_spans(
    text: str, doc: Doc | None = None, lexicon: Lexicon | None = None
) -> list[tuple[str, int, int]]:
    """``(text, start, end)`` of each temporal expression, in text order."""
    return [(text[c.start : c.end], c.start, c.end) for c in find_candidates(text, doc, lexicon)]


def find_candidates(
    text: str, doc: Doc | None = None, lexicon: Lexicon | None = None
) -> list[Candidate]:
    """Temporal expression extents in ``text``; ``doc`` (its spaCy parse) adds NER spans."""
    lex = lexicon or load_lexicon()
    patterns = [c for c in _pattern_candidates(text, lex) if _keep(text, c, lex, doc)]
    entities: list[Candidate] = []
    if doc is not None:
        entities = [c for c in _entity_candidates(text, doc, lex) if _keep(text, c, lex, doc)]
    merged = _combine(entities, patterns, doc is None, lex, text)
    out = []
    for cand in merged:
        trimmed = _trim(text, cand, lex)
        if trimmed is not None and _keep(text, trimmed, lex, doc):
            out.append(trimmed)
    return _dedupe(out)


# ------------------------------------------------------------------ sources


def _pattern_candidates(text: str, lex: Lexicon) -> Iterator[Candidate]:
    """Matches of the lexicon patterns; a group named ``timex`` marks the extent within the
    match (the context around it only decides whether it is one).

    Every pattern needs a temporal word, so the patterns run only on the stretches of text
    around one (see :func:`_windows`), not over the whole article.
    """
    windows = _windows(text, lex)
    for name, pattern in lex.patterns.items():
        group = "timex" if "timex" in pattern.groupindex else 0
        for window_start, window_end in windows:
            for m in pattern.finditer(text, window_start, window_end):
                start, end = m.span(group)
                if end > start:
                    yield Candidate(start, end, name)


#: How far an expression may reach on either side of its temporal word ("no more than
#: twenty-four hours ago", "on the night of Friday, Oct. 23"); windows end at a space, so
#: a pattern sees whole words.
_WINDOW_MARGIN = 50


def _windows(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The stretches ``[start, end)`` of ``text`` within the margin of a temporal word."""
    words, names = _trigger_words(lex)
    hits = [
        m.start()
        for m in _WORD.finditer(text)
        if (w := m.group().lower()) in words or (w in names and m.group()[0].isupper())
    ]
    hits.extend(m.start() for m in _NUMBER_TRIGGER.finditer(text))
    windows: list[tuple[int, int]] = []
    for hit in sorted(hits):
        start = max(0, hit - _WINDOW_MARGIN)
        space = text.find(" ", hit + _WINDOW_MARGIN)  # look-aheads see the next word whole
        end = len(text) if space < 0 else space
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


_WORD = re.compile(r"[A-Za-z]+")
#: Numbers that make a span temporal (see :func:`_trigger_pattern`), and day ordinals.
_NUMBER_TRIGGER = re.compile(
    r"(?:1[0-9]|20)\d\d|'\d\d\b|\d0s\b|\d:\d\d|\d\s*[ap]\.?m\b|\d/\d|\d(?:st|nd|rd|th)\b",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4)
def _trigger_words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The words of :func:`_trigger_pattern` (of a phrase, one of its words) in lower case
    with their plurals, and apart the month and weekday names, which count only when
    capitalised ("may", "march"). A set lookup per word of the text is far cheaper than
    the regex."""
    phrases = _trigger_phrases(lex) + ["nineteen", "eighteen", "twenty"]
    words: set[str] = set()
    split = [re.findall(r"[a-z]+", phrase.lower()) for phrase in phrases]
    for parts in split:
        if len(parts) == 1:
            words.update((parts[0], parts[0] + "s"))
    for parts in split:  # "right now", "father's day": a word already in; else the longest
        if len(parts) > 1 and not words.intersection(parts):
            longest = max(parts, key=len)
            words.update((longest, longest + "s"))
    names = frozenset(w.lower() for w in [*lex.months, *lex.weekdays]) - words
    return frozenset(words), names


def _entity_candidates(text: str, doc: Doc, lex: Lexicon) -> list[Candidate]:
    ents = [e for e in doc.ents if e.label_ in {"DATE", "TIME"}]
    spans: list[tuple[int, int]] = []
    for ent in ents:
        spans.extend(_split_entity(text, ent.start_char, ent.end_char, lex))
    spans.sort()
    # spaCy cuts "Wednesday night", "9 a.m. Tuesday" and "midnight on Dec. 31" in two:
    # join neighbours.
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined:
            left, gap = text[joined[-1][0] : joined[-1][1]], text[joined[-1][1] : start]
            if (re.fullmatch(r"\s*,?\s*", gap) and _joinable(left, text[start:end], lex)) or (
                re.fullmatch(r",?\s+on\s+", gap) and _is_clock(left, lex)
            ):
                joined[-1] = (joined[-1][0], end)
                continue
        joined.append((start, end))
    return [Candidate(s, e, "ner") for s, e in joined]


def _is_clock(chunk: str, lex: Lexicon) -> bool:
    """A clock time alone: "9 a.m.", "10:35", "midnight"."""
    return (
        bool(
            re.fullmatch(
                r"(?:\w+\s+)?\d{1,2}(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?", chunk
            )
            and re.search(r"[ap]\.?m\b|:", chunk, re.IGNORECASE)
        )
        or chunk.lower() in lex.clock_words
    )


def _joinable(left: str, right: str, lex: Lexicon) -> bool:
    """Whether two adjacent date entities are one expression ("Friday" + "night")."""
    words = {w.lower().rstrip(".") for w in re.findall(r"[\w.']+", right)}
    left_words = {w.lower().rstrip(".") for w in re.findall(r"[\w.']+", left)}
    day_parts = set(lex.parts_of_day) | set(lex.clock_words)
    if words & day_parts or left_words & day_parts:
        return True
    if re.search(r"\d\s*[ap]\.?m\b|\d:\d\d", left, re.IGNORECASE):
        return True
    return bool(left_words & set(lex.weekdays)) and bool(words & set(lex.months))


def _split_entity(text: str, start: int, end: int, lex: Lexicon) -> Iterable[tuple[int, int]]:
    """Split "1994 and 1995", "the quarter ended Sept. 30" into their expressions."""
    chunk = text[start:end]
    range_match = _YEAR_RANGE.match(chunk)
    if range_match:
        return [
            (start + range_match.start(1), start + range_match.end(1)),
            (start + range_match.start(2), start + range_match.end(2)),
        ]
    pieces: list[tuple[int, int]] = []
    last = 0
    for m in _SPLIT_AT.finditer(chunk):
        left = chunk[last : m.start()]
        right = chunk[m.end() :]
        if m.group().strip() == "," and not _comma_splits(left, right):
            continue
        if _has_trigger(left, lex) and _has_trigger(right, lex):
            pieces.append((start + last, start + m.start()))
            last = m.end()
    pieces.append((start + last, end))
    return pieces


def _comma_splits(left: str, right: str) -> bool:
    """A comma separates two expressions in "1994, 1995" but not in "Monday, Oct. 26"."""
    year = re.compile(r"^(?:(?:1[0-9]|20)\d\d)$")
    return bool(year.match(left.strip()) and year.match(right.strip().split(" ")[0]))


# ------------------------------------------------------------------ combining


def _combine(
    entities: list[Candidate],
    patterns: list[Candidate],
    strong_alone: bool,
    lex: Lexicon,
    text: str,
) -> list[Candidate]:
    """One span per group of overlapping candidates.

    Where spaCy found an entity, the longest pattern match inside or around it gives the
    extent when it covers the entity's temporal core; otherwise the entity stands. Pattern
    matches that overlap no entity stand alone unless the pattern is weak ("the week") and
    not joined to an entity ("between May and August").
    """
    items = sorted(entities + patterns, key=lambda c: (c.start, -c.end))
    groups: list[list[Candidate]] = []
    group_end = -1
    for cand in items:
        if groups and cand.start < group_end:
            groups[-1].append(cand)
            group_end = max(group_end, cand.end)
        else:
            groups.append([cand])
            group_end = cand.end
    out: list[Candidate] = []
    for n, group in enumerate(groups):
        ents = [c for c in group if c.source == "ner"]
        pats = [c for c in group if c.source != "ner"]
        # of two patterns with the same extent, the one that says it is a rate wins
        pats.sort(key=lambda p: p.source not in lex.rate_patterns)
        if ents:
            out.extend(_choose_with_entities(ents, pats))
            continue
        strong = [p for p in pats if strong_alone or p.source not in lex.patterns_needing_entity]
        if not strong and _paired_with_entity(groups, n, text, lex):
            strong = pats  # "between May and August": spaCy saw only "August"
        if strong:
            out.extend(_longest_cover(strong))
    return out


def _name_kind(chunk: str, lex: Lexicon) -> str | None:
    words = {w.lower().rstrip(".") for w in re.findall(r"[A-Za-z]+\.?", chunk)}
    if words & set(lex.months):
        return "month"
    if words & set(lex.weekdays):
        return "weekday"
    if re.search(r"\b(?:1[0-9]|20)\d\d\b", chunk):
        return "year"
    return None


_RANGE_GAP = re.compile(r"\s*(?:,|-|–|—|and|or|to|through|until|till)\s*", re.IGNORECASE)


def _paired_with_entity(groups: list[list[Candidate]], n: int, text: str, lex: Lexicon) -> bool:
    """Whether the group is joined by "and", "to" or a dash to a neighbour spaCy saw that
    names the same kind of date (a month with a month, a year with a year)."""
    start = min(c.start for c in groups[n])
    end = max(c.end for c in groups[n])
    kind = _name_kind(text[start:end], lex)
    for other in (groups[n - 1] if n > 0 else [], groups[n + 1] if n + 1 < len(groups) else []):
        entities = [c for c in other if c.source == "ner"]
        if not entities or kind is None:
            continue
        if _name_kind(text[entities[0].start : entities[-1].end], lex) != kind:
            continue
        gap = (
            text[max(c.end for c in entities) : start]
            if entities[0].start < start
            else text[end : min(c.start for c in entities)]
        )
        if _RANGE_GAP.fullmatch(gap):
            return True
    return False


def _choose_with_entities(ents: list[Candidate], pats: list[Candidate]) -> list[Candidate]:
    out = []
    for ent in ents:
        overlapping = [p for p in pats if p.start < ent.end and ent.start < p.end]
        if not overlapping:
            out.append(ent)
            continue
        best = max(overlapping, key=lambda p: (p.end - p.start, -p.start))  # first of equals
        if best.start <= ent.start and best.end >= ent.end:
            out.append(Candidate(best.start, best.end, best.source))
        else:
            out.append(ent)
    return out


def _longest_cover(cands: list[Candidate]) -> list[Candidate]:
    """Greedy non-overlapping selection, longest first."""
    chosen: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (c.start, -c.end)):
        if out and cand.start < out[-1].end:
            continue
        out.append(cand)
    return out


# ------------------------------------------------------------------ trimming and filters


def _trim(text: str, cand: Candidate, lex: Lexicon) -> Candidate | None:
    start, end = cand.start, cand.end
    for _ in range(6):
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            return None
        start += chunk.index(stripped[0])
        end = start + len(stripped)
        chunk = text[start:end]
        m = (
            _leading_signal(lex).match(chunk)
            or _LEADING_THE_BEFORE_NAME.match(chunk)
            or _leading_determiner(lex).match(chunk)
            or (cand.source == "ner" and _leading_junk(chunk, lex))
        )
        if m and _has_trigger(chunk[m.end() :], lex):
            start += m.end()
            continue
        if chunk[-1] in _TRAILING_PUNCT and not (
            chunk[-1] == "." and _ABBREVIATION_END.search(chunk) and _is_abbreviation(chunk)
        ):
            end -= 1
            continue
        m = _TRAILING_POSSESSIVE.search(chunk) or _TRAILING_CONNECTIVE.search(chunk)
        if m and m.start() > 0:
            end = start + m.start()
            continue
        break
    if end <= start:
        return None
    return Candidate(start, end, cand.source)


@functools.lru_cache(maxsize=4)
def _leading_signal(lex: Lexicon) -> re.Pattern[str]:
    """A preposition before the expression ("on Monday", "since August"), not "at least"."""
    signals = "|".join(re.escape(w) for w in sorted(lex.signals, key=len, reverse=True))
    return re.compile(rf"^(?:{signals})\s+(?!least\b|most\b)(?=\S)", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _leading_determiner(lex: Lexicon) -> re.Pattern[str]:
    """Words TimeML leaves outside: "a" in "a two-year war", "the" in "the 1996", "only"."""
    numbers = "|".join(
        sorted((w for w in lex.numbers if w not in {"a", "an"}), key=len, reverse=True)
    )
    units = "|".join(sorted(lex.units, key=len, reverse=True))
    approx = "|".join(re.escape(w) for w in sorted(lex.approximate, key=len, reverse=True))
    adjectival = (
        rf"(?:(?:{approx})\s+)?(?:\d+|(?:{numbers})(?:[\s-]+(?:{numbers}))*)-(?:{units})s?\b"
        rf"(?!\s+(?:ago|earlier|later))"
    )
    return re.compile(
        rf"^(?:(?:a|an|the|its|their|his|her|our|my|your)\s+(?={adjectival})|"
        rf"the\s+(?=(?:1[0-9]|20)\d\d$)|(?:only|just)\s+(?=\S))",
        re.IGNORECASE,
    )


def _leading_junk(chunk: str, lex: Lexicon) -> re.Match[str] | None:
    """A first word that is neither temporal nor a modifier ("both 1990", "d'etat last year")."""
    m = re.match(r"^([\w'’.-]+)\s+(?=\S)", chunk)
    if m is None:
        return None
    word = m.group(1).lower()
    if (
        word in lex.modifier_words
        or word in lex.numbers
        or word in lex.ordinals
        or word in lex.decade_words
        or re.search(r"\d", word)
        or _has_trigger(m.group(1), lex)
        or any(p.split()[0] == word for p in lex.approximate + lex.position)
    ):
        return None
    return m


def _is_abbreviation(chunk: str) -> bool:
    """Whether the final "." of ``chunk`` belongs to an abbreviation ("Sept.", "a.m.")."""
    if re.search(r"\b[ap]\.m\.$", chunk, re.IGNORECASE):
        return True
    last = re.findall(r"([A-Za-z]+)\.$", chunk)
    if not last:
        return False
    word = last[0].lower()
    return word in load_lexicon().abbreviations


def _trigger_phrases(lex: Lexicon) -> list[str]:
    """The lexicon's words and phrases that make a span temporal, but for the month and
    weekday names: units, seasons, parts of day, holidays, "today", "ago", ..."""
    return (
        list(lex.units)
        + list(lex.irregular_plurals)
        + list(lex.seasons)
        + list(lex.parts_of_day)
        + list(lex.clock_words)
        + list(lex.holidays)
        + list(lex.standalone_references)
        + list(lex.frequency_adverbs)
        + list(lex.decade_words)
        + ["today", "tomorrow", "yesterday", "tonight", "ago", "period", "time", "moment"]
    )


@functools.lru_cache(maxsize=4)
def _trigger_pattern(lex: Lexicon) -> re.Pattern[str]:
    """Any word or number that makes a span temporal: a month, a unit, "now", "1998"."""
    words = list(lex.months) + list(lex.weekdays) + _trigger_phrases(lex)
    alternation = "|".join(
        r"\s+".join(re.escape(p) for p in w.split())
        for w in sorted(set(words), key=len, reverse=True)
    )
    return re.compile(
        rf"\b(?:{alternation})s?\b|\b(?:1[0-9]|20)\d\d(?:s|\b)|'\d\d\b|\b\d0s\b|\d:\d\d|"
        r"\b(?:nineteen|eighteen|twenty)[\s-]+(?:ten|eleven|twelve|thirteen|fourteen|fifteen|"
        r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
        r"ninety|hundred|o[\s-]\w+)\b|"
        rf"\d\s*[ap]\.?m\b|\d{{4}}-\d\d|\d/\d",
        re.IGNORECASE,
    )


def _has_trigger(chunk: str, lex: Lexicon) -> bool:
    return bool(_trigger_pattern(lex).search(chunk))


def _keep(text: str, cand: Candidate, lex: Lexicon, doc: Doc | None) -> bool:
    chunk = text[cand.start : cand.end]
    if cand.source in lex.rate_patterns and not _after_quantity(text, cand, doc):
        return False
    triggered = cand.source in lex.patterns_without_trigger or _has_trigger(chunk, lex)
    if not triggered or _AGE.search(text[cand.start : cand.end + 4]):
        return False
    if doc is not None and not _plausible_part_of_speech(doc, cand, lex):
        return False
    if _TITLE.match(chunk) or _AGE_DECADE.search(text[max(0, cand.start - 8) : cand.end]):
        return False
    words = re.findall(r"[A-Za-z]+", chunk)
    names = [w for w in words if w.lower() in lex.months or w.lower() in lex.weekdays]
    if names and len(names) == len([w for w in words if _has_trigger(w, lex)]):
        # month and weekday names only count when capitalised ("may", "march")
        if not any(w[0].isupper() for w in names) and not chunk.isupper():
            return False
        if all(w.lower() == "may" for w in names):
            return _may_is_month(text, cand, doc)
    return True


def _plausible_part_of_speech(doc: Doc, cand: Candidate, lex: Lexicon) -> bool:
    """ "daily" the adverb, not the adjective or the newspaper; "fall" the season, not the verb."""
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return True
    content = [t for t in span if t.lower_ not in {"the", "this", "last", "next"}]
    if len(content) != 1:
        return True
    token = content[0]
    if token.lower_ in lex.frequency_adverbs:
        # "daily flights" is a set of times, "the Communist Party daily" a newspaper,
        # "quarterly results" a reporting period
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.pos_ == "PROPN":
            return False  # a title: "the daily Granma"
        if token.lower_ in lex.adverb_only:
            return token.pos_ == "ADV"
        return token.pos_ in {"ADV", "ADJ"}
    if token.lower_ in lex.seasons:
        return token.pos_ in {"NOUN", "PROPN"} and not token.is_title
    return True


#: Words before "a month" that make it a rate without a number: "thousands of people a day".
_QUANTITY_WORDS = frozenset(
    packaged_toml("storyline.pipeline.dates", "words.toml")["find"]["quantity_words"]
)
_QUANTITY_BEFORE = re.compile(
    r"(?:\d[\d,.]*\s*(?:%|percent|million|billion|thousand)?|\d[\d,.]*\s+[a-z]+s)\s*$", re.I
)


def _after_quantity(text: str, cand: Candidate, doc: Doc | None) -> bool:
    """ "a month" after a quantity is a rate ("500 tonnes a month", "$5 million a year",
    "3% a year"), not an amount of time ("lasted a month"); "per day" always is."""
    if text[cand.start : cand.start + 4].lower() == "per ":
        return True
    if doc is None:
        return bool(_QUANTITY_BEFORE.search(text[max(0, cand.start - 40) : cand.start]))
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    if before.like_num or before.tag_ in {"CD", "$"} or before.lower_ in _QUANTITY_WORDS:
        return True
    if before.pos_ not in {"NOUN", "PROPN"}:
        return False
    window = doc[max(before.sent.start, before.i - 5) : before.i]
    return any(t.like_num or t.tag_ == "CD" or t.lower_ in _QUANTITY_WORDS for t in window)


def _may_is_month(text: str, cand: Candidate, doc: Doc | None) -> bool:
    """ "May" the month, not the modal verb."""
    chunk = text[cand.start : cand.end]
    if re.search(r"\d", chunk):
        return True
    if doc is not None:
        span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
        if span is not None:
            may = [t for t in span if t.lower_ == "may"]
            return bool(may) and all(t.tag_ == "NNP" for t in may)
    before = text[max(0, cand.start - 12) : cand.start].lower().split()
    return bool(before) and before[-1] in {"in", "since", "until", "of", "by", "early", "late"}
