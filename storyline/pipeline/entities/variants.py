"""Names written in the wrong case: a machine-translation slip ("in zelvohrad") or a
dateline or heading in capitals ("ZELVOHRAD (VPA) –").

The NER model trusts capitalisation, so it misses both. Once it has found a name written
properly somewhere in the article, every lowercase or all-capitals occurrence of the same
words is a mention of it too. The article's own names are matched with a spaCy
``PhraseMatcher`` on lowercased forms; :func:`add_case_variants` does the same for the link
stage with names found in other articles.

A lowercase match is trusted only where it cannot be an ordinary word: right after a
preposition ("in zelvohrad", not "took a bath" in an article on Bath), for a name written
properly at least as often in the article, and not made of function words or verbs.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.models import Article, EntityMention
from storyline.names.rules import strip_possessive
from storyline.pipeline.entities.spans import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = [
    "TextVariant",
    "add_case_variants",
    "case_variant_candidates",
    "find_case_variants",
    "is_case_variant_text",
]

#: Kinds whose names are matched in other cases; people are left out because given names
#: are often ordinary words ("Will", "Rose", "Mark").
VARIANT_KINDS: frozenset[str] = frozenset({"place", "organization", "group", "event", "other"})

#: Words after which a lowercase place or body name is a slip rather than a common word
#: ("in zelvohrad", "from tarnsk").
_SLIP_AFTER = frozenset({"in", "at", "from", "to", "of", "near", "for", "into", "across"})

_NOT_IN_NAMES = frozenset({"VERB", "AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PART", "NUM"})


def is_case_variant_text(text: str) -> bool:
    """Whether ``text`` is written all in lowercase or all in capitals (with letters)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and (text.islower() or text.isupper())


def _proper(text: str) -> bool:
    return any(c.isalpha() for c in text) and not text.islower() and not text.isupper()


def _plausible(span: Span, proper_count: int, lower_count: int) -> bool:
    if span.text.isupper():
        return True
    if lower_count > proper_count or span.start == 0:
        return False
    before = span.doc[span.start - 1].lower_
    return before in _SLIP_AFTER and not any(t.is_stop or t.pos_ in _NOT_IN_NAMES for t in span)


def case_variant_candidates(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """``cands`` plus the lowercase and all-capitals occurrences of their names.

    Only names the article writes properly (mixed case) are looked for, and only where no
    mention is yet; a found variant takes the label and kind of the name it spells.
    """
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    models: dict[str, Candidate] = {}
    proper_counts: Counter[str] = Counter()
    for cand in cands:
        text = doc[cand.start : cand.end].text
        if cand.kind in VARIANT_KINDS and _proper(text) and "\n" not in text:
            key = text.lower()
            models.setdefault(key, cand)
            proper_counts[key] += 1
    if not models:
        return cands
    matcher = PhraseMatcher(doc.vocab, attr="LOWER")
    for key, model in models.items():
        # a bare Doc of the words: Span.as_doc would copy every attribute of the whole text
        span = doc[model.start : model.end]
        words = [t.text for t in span]
        matcher.add(key, [Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in span])])
    taken = {i for c in cands for i in range(c.start, c.end)}
    found = [(doc.vocab.strings[m], s, e) for m, s, e in matcher(doc)]
    lower_counts = Counter(key for key, s, e in found if doc[s:e].text.islower())
    added: list[Candidate] = []
    for key, start, end in sorted(found, key=lambda f: (f[1], f[1] - f[2])):
        span = doc[start:end]
        if any(i in taken for i in range(start, end)) or not is_case_variant_text(span.text):
            continue
        if not _plausible(span, proper_counts[key], lower_counts[key]):
            continue
        model = models[key]
        proper = strip_possessive(doc[model.start : model.end].text)
        added.append(
            Candidate(
                start, end, model.label, model.kind, "case", model.forced, model.group, proper
            )
        )
        taken.update(range(start, end))
    return sorted(cands + added, key=lambda c: c.start)


_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True)
class TextVariant:
    """A name found written in the wrong case in a text: span and the proper spelling."""

    start: int
    end: int
    proper: str


def find_case_variants(
    text: str, names: Mapping[str, str], taken: Iterable[tuple[int, int]] = ()
) -> list[TextVariant]:
    """Lowercase and all-capitals occurrences in ``text`` of the names in ``names``.

    ``names`` maps a lowercased name ("zelvohrad", "hollin dam") to its proper spelling;
    spans overlapping ``taken`` (the text's known mentions) are skipped. A lowercase
    occurrence counts only after a preposition ("in zelvohrad"), since without a parse an
    ordinary word cannot otherwise be told from a slip.

    >>> find_case_variants("TARNSK (DT) - talks in tarnsk", {"tarnsk": "Tarnsk"})
    [TextVariant(start=0, end=6, proper='Tarnsk'), TextVariant(start=23, end=29, proper='Tarnsk')]
    """
    if not names:
        return []
    sizes: dict[str, set[int]] = {}
    for name in names:
        parts = name.split()
        sizes.setdefault(parts[0], set()).add(len(parts))
    busy = sorted(taken)
    words = list(_WORD.finditer(text))
    lows = [w.group().lower() for w in words]
    found: list[TextVariant] = []
    i = 0
    while i < len(words):
        first = words[i].group()
        hit = None
        if lows[i] in sizes and (first.islower() or first.isupper()):
            for size in sorted(sizes[lows[i]], reverse=True):
                hit = _variant_at(text, words, lows, i, size, names, busy)
                if hit is not None:
                    break
        if hit is None:
            i += 1
            continue
        found.append(hit[1])
        i += hit[0]
    return found


def _variant_at(
    text: str,
    words: list[re.Match[str]],
    lows: list[str],
    i: int,
    size: int,
    names: Mapping[str, str],
    busy: list[tuple[int, int]],
) -> tuple[int, TextVariant] | None:
    """The variant of ``size`` words starting at word ``i``, if there is one."""
    if i + size > len(words):
        return None
    key = " ".join(lows[i : i + size])
    if key not in names:
        return None
    start, end = words[i].start(), words[i + size - 1].end()
    surface = text[start:end]
    if " ".join(surface.split()) != " ".join(w.group() for w in words[i : i + size]):
        return None  # punctuation between the words
    if "\n" in surface or not is_case_variant_text(surface) or _overlaps(busy, start, end):
        return None
    after_preposition = i > 0 and lows[i - 1] in _SLIP_AFTER
    if surface.islower() and not after_preposition:
        return None
    return size, TextVariant(start, end, names[key])


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def add_case_variants(articles: Sequence[Article]) -> list[Article]:
    """Copies of ``articles`` with a mention wherever a place or body named properly
    somewhere in the corpus is written in lowercase or capitals ("ZELVOHRAD:" and "in
    zelvohrad" in an article that never writes "Zelvohrad").

    The per-article step finds such variants of the article's own names; this, run by the
    link stage over many articles, finds those of names only other articles give. New
    mentions are appended after the article's own, so indices into the stored mentions
    stay valid. A lowercase form is taken only after a preposition, and only for names
    written properly at least twice as often as in lowercase across the corpus.
    """
    models: dict[str, EntityMention] = {}
    proper: Counter[str] = Counter()
    for article in articles:
        for m in article.mentions:
            text = strip_possessive(m.text)
            if m.kind in VARIANT_KINDS and _proper(text):
                key = " ".join(text.lower().split())
                models.setdefault(key, m)
                proper[key] += 1
    names = {key: strip_possessive(m.text) for key, m in models.items()}
    found = {
        a.id: find_case_variants(a.text, names, [(m.start, m.end) for m in a.mentions])
        for a in articles
    }
    surfaces = {a.id: [a.text[v.start : v.end] for v in found[a.id]] for a in articles}
    lowercase = Counter(
        " ".join(text.lower().split())
        for texts in surfaces.values()
        for text in texts
        if text.islower()
    )
    out: list[Article] = []
    for article in articles:
        extra: list[EntityMention] = []
        for v, surface in zip(found[article.id], surfaces[article.id], strict=True):
            key = " ".join(surface.lower().split())
            if surface.islower() and 2 * lowercase[key] > proper[key]:
                continue
            model = models[key]
            extra.append(
                EntityMention(surface, v.start, v.end, model.label, model.kind, model.canonical)
            )
        mentions = [*article.mentions, *extra]
        out.append(dataclasses.replace(article, mentions=mentions) if extra else article)
    return out
