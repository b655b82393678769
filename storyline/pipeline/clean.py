"""Remove page furniture from an article's text and lay the rest out as paragraphs.

Text dumps of web pages keep the page around the article: language switchers, interface
words, counters, photo credits, notices, stamps and header lines. :func:`clean_text`
recognises them by general features of a line (length, sentence punctuation, vocabulary
class from :mod:`storyline.pipeline.clean_rules`, position at the top or bottom edge of the
page, repetition) and records every removal with its character offsets in the input.

**Output layout.** The cleaned text is the kept paragraphs joined by one blank line
(``"\\n\\n"``); inside a paragraph whitespace is collapsed to single spaces and lines that
a dump broke mid-sentence are joined back. The same input always gives the same output,
because every span of later stages indexes this text.

**Edges.** The *body* runs from the first to the last reporting line (a line ending in
sentence punctuation with at least five words, not recognised as furniture). Some classes
(short fragments, section names, calls to the reader, publishing notices, outlet-wide
boilerplate) are removed only above or below the body, so a sentence of reporting is
never taken for furniture.

**Reasons** name the class removed: ``separator``, ``language-switcher``, ``ui``,
``counter``, ``status``, ``photo-credit``, ``repeated-headline``, ``repeated``,
``solicitation``, ``notice``, ``credit``, ``copyright``, ``cross-reference``,
``boilerplate``, ``fragment``, ``code`` (style sheets, scripts), ``site-name`` (the
outlet's name alone on a line), and ``metadata:<kind>`` (``header``, ``timestamp``,
``byline``, ``dateline``) for lines whose values :mod:`storyline.pipeline.metadata.step` reads.

>>> text, removed = clean_text("close\\nStorm hits coast\\nThe storm hit the coast on Friday.")
>>> text
'Storm hits coast\\n\\nThe storm hit the coast on Friday.'
>>> [(r.text, r.reason) for r in removed]
[('close', 'ui')]
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from storyline.models import RemovedLine
from storyline.pipeline import clean_rules as rules
from storyline.pipeline.metadata.lines import (
    WORD,
    has_calendar_date,
    is_timestamp_line,
    match_byline,
    match_header,
    match_lone_dateline,
)
from storyline.pipeline.metadata.outlets import initials, load_outlet_table, outlet_markers, squash

__all__ = [
    "Layout",
    "Line",
    "boilerplate_lines",
    "clean_text",
    "collapse",
    "is_reporting",
    "layout_lines",
    "normalize_line",
    "split_lines",
]

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_LINE_END = re.compile(r"\r\n|\r|\n")
_EDGE_JUNK = re.compile("[\\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"})
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_SWITCH_SPLIT = re.compile(r"[\s|/•·,]+")
_MIN_REPORTING_WORDS = 5
_MIN_REPEATED_WORDS = 4


@dataclass(frozen=True)
class Line:
    """One non-blank line of the input: its span ``[start, end)`` without surrounding
    whitespace, its text with whitespace collapsed, whether a blank line precedes it, and
    its words."""

    number: int
    start: int
    end: int
    text: str
    blank_before: bool
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """The lines of a text with the reason each removed line was removed (``None`` = kept).

    ``first_body``/``last_body`` index the first and last reporting line (``None`` when
    the text has none); ``title`` indexes the headline line kept above the body; ``cuts``
    maps a line index to the offset where a trailing cross-reference was cut off.
    """

    lines: tuple[Line, ...]
    reasons: tuple[str | None, ...]
    first_body: int | None
    last_body: int | None
    title: int | None
    cuts: Mapping[int, int]

    def in_edge(self, index: int) -> bool:
        """Whether line ``index`` lies above or below the reporting body."""
        if self.first_body is None or self.last_body is None:
            return False
        return index < self.first_body or index > self.last_body


def collapse(text: str) -> str:
    """Text with zero-width characters dropped and whitespace runs made single spaces."""
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", text)).strip()


def normalize_line(text: str) -> str:
    """The comparison key of a line: case, quotes, dashes, digits and spacing folded.

    Two lines with the same key are "the same line" for repetition and boilerplate.

    >>> normalize_line("  3 Comments ") == normalize_line("0 comments")
    True
    """
    text = unicodedata.normalize("NFKC", collapse(text)).casefold().translate(_QUOTES)
    return re.sub(r"\d+", "0", _DASHES.sub("-", text))


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their offsets (``\\n``, ``\\r\\n`` or ``\\r``
    end a line); a line's span leaves out the whitespace and invisible marks around it."""
    lines: list[Line] = []
    blank_before = False
    ends = [m.start() for m in _LINE_END.finditer(text)] + [len(text)]
    starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
    for number, (start, end) in enumerate(zip(starts, ends, strict=True)):
        content = collapse(text[start:end])
        if not content:
            blank_before = True
            continue
        while _EDGE_JUNK.match(text, start):
            start += 1
        while _EDGE_JUNK.match(text, end - 1):
            end -= 1
        words = tuple(WORD.findall(content))
        lines.append(Line(number, start, end, content, blank_before, words))
        blank_before = False
    return lines


def is_reporting(text: str) -> bool:
    """Whether a line reads as prose: sentence punctuation at the end and enough words."""
    return bool(rules.SENTENCE_END.search(text)) and len(WORD.findall(text)) >= (
        _MIN_REPORTING_WORDS
    )


def _is_language_switcher(text: str) -> bool:
    tokens = [t for t in _SWITCH_SPLIT.split(text.casefold()) if t]
    return len(tokens) >= 2 and all(t in rules.LANGUAGE_SWITCH_TOKENS for t in tokens)


def _looks_like_language_switcher(text: str) -> bool:
    """Short codes in one case with at least one known code ("vl en dr"): a switcher
    listing languages the vocabulary does not know; trusted only at the page edges."""
    tokens = [t for t in _SWITCH_SPLIT.split(text) if t]
    return (
        2 <= len(tokens) <= 8
        and all(t.isalpha() and 2 <= len(t) <= 3 for t in tokens)
        and (all(t.islower() for t in tokens) or all(t.isupper() for t in tokens))
        and any(t.casefold() in rules.LANGUAGE_SWITCH_TOKENS for t in tokens)
    )


def _is_ui(text: str, vocabulary: frozenset[str]) -> bool:
    key = re.sub(r"[^\w\s'-]", " ", text.casefold())
    key = _SPACES.sub(" ", re.sub(r"\d+", " ", key)).strip()
    if not key:
        return False
    if key in rules.UI_PHRASES:
        return True
    words = key.split()
    return len(words) <= 4 and all(w in vocabulary for w in words)


def _strong_reason(line: Line) -> str | None:
    """The furniture class of a line that is furniture wherever it stands.

    Length guards come before the patterns: most lines are long sentences of reporting,
    which only a few classes (credits, notices, header links) can match.
    """
    text = line.text
    n = len(line.words)
    if not any(c.isalnum() for c in text):
        return "separator"
    if n <= 12 and rules.CODE.match(text):
        return "code"
    if n <= 8 and _is_language_switcher(text):
        return "language-switcher"
    if ("://" in text or "www." in text) and match_header(text):
        return "metadata:header"
    if n <= 12 and is_timestamp_line(text) and has_calendar_date(text):
        return "metadata:timestamp"
    if n <= 12 and match_byline(text):
        return "metadata:byline"
    if n <= 40 and rules.CONTRIBUTOR_CREDIT.search(text):
        return "credit"
    if rules.NOTICE.match(text):
        return "notice"
    if n <= 20 and rules.COPYRIGHT.search(text):
        return "copyright"
    if rules.STATUS.match(text.rstrip(".!: ")):
        return "status"
    if n <= 6 and rules.COUNTER.match(text):
        return "counter"
    if n <= 6 and _is_ui(text, rules.UI_WORDS):
        return "ui"
    if n <= 40 and not is_reporting(text) and rules.PHOTO_CREDIT.search(text):
        return "photo-credit"
    if "protected" in text.lower() and rules.EMAIL_PROTECTED.search(text):
        return "solicitation" if rules.SOLICITATION.search(text) else None
    return None


def _edge_reason(line: Line, key: str, known_boilerplate: frozenset[str]) -> str | None:
    """The furniture class of a line that is furniture only outside the body."""
    text = line.text
    n = len(line.words)
    if key in known_boilerplate:
        return "boilerplate"
    if n <= 12 and is_timestamp_line(text):
        return "metadata:timestamp"
    if n <= 8 and _looks_like_language_switcher(text):
        return "language-switcher"
    if n > 60 or rules.QUOTED_SPEECH.search(text):
        return None  # long prose, or a quote that addresses its audience: reporting
    if rules.SOLICITATION.search(text) and rules.READER_ADDRESS.search(text):
        return "solicitation"
    if rules.DISCLAIMER.search(text):
        return "notice"
    return None


def _is_fragment(line: Line) -> bool:
    """A short line without sentence punctuation or a clause: a label, not prose."""
    if rules.SENTENCE_END.search(line.text):
        return False
    words = line.words
    if len(words) <= 3:
        return True
    return len(words) <= 8 and not any(w.casefold() in rules.FUNCTION_WORDS for w in words)


def _own_names(
    text: str, lines: list[Line], reasons: list[str | None], first_body: int
) -> frozenset[str]:
    """Squashed names and initials the page gives its outlet: in its copyright line and
    notices, the wire credit of its dateline, and the outlet table's known names."""
    furniture = [
        (reason, line.start, line.end)
        for line, reason in zip(lines, reasons, strict=True)
        if reason in ("copyright", "notice")
    ]
    lead = lines[first_body]
    names = {squash(m.name) for m in outlet_markers(text, furniture, (lead.start, lead.end))}
    return frozenset(names | load_outlet_table().by_spelling.keys())


def _names_outlet(line: Line, own_names: frozenset[str]) -> bool:
    """Whether a short label line is the outlet's name ("Velmora Press Agency" or, with
    "(VPA)" in the dateline, its initials)."""
    if len(line.words) > 6 or rules.SENTENCE_END.search(line.text):
        return False
    return squash(line.text) in own_names or initials(line.text) in own_names


#: Furniture written as sentences, which a dump may break over several lines.
_SENTENCE_FURNITURE = frozenset(
    {"notice", "solicitation", "credit", "copyright", "boilerplate", "status", "photo-credit"}
)


def _extend_to_continuations(lines: list[Line], reasons: list[str | None]) -> None:
    """Lines that continue a removed notice or credit mid-sentence go with it."""
    carried = ""
    for i in range(1, len(lines)):
        previous = reasons[i - 1]
        loose = reasons[i] in (None, "fragment")
        if previous in _SENTENCE_FURNITURE and loose and not lines[i].blank_before:
            carried = carried or lines[i - 1].text
            if _continues(carried, lines[i].text, after_title=False):
                reasons[i] = previous
                carried = f"{carried} {lines[i].text}"
                continue
        carried = ""


def _pick_title(
    lines: list[Line], reasons: list[str | None], edge: list[str | None], first_body: int | None
) -> int | None:
    """The headline: among the kept lines above the body, the first that reads like one.

    Headlines have a few words and, in sentence or title case, some lowercase word ("to",
    "on"); a site name in capitals ("Gazette Today") has none, so it yields to them.
    """
    candidates = [
        i
        for i in range(first_body if first_body is not None else len(lines))
        if reasons[i] is None
        and (edge[i] is None or first_body is None)
        and not _is_ui(lines[i].text, rules.SECTION_WORDS | rules.UI_WORDS)
        and _is_title(lines[i])
    ]
    for i in candidates:
        words = lines[i].words
        if len(words) >= 3 and any(w[0].islower() for w in words):
            return i
    return candidates[0] if candidates else None


def _is_title(line: Line) -> bool:
    return not line.text.endswith(".") and 1 <= len(line.words) <= 30


def layout_lines(text: str, known_boilerplate: frozenset[str] = frozenset()) -> Layout:
    """Classify every line of ``text`` as kept or removed (with the reason).

    Pure; the last few results are memoised, so the metadata step asks for the layout of
    the raw text again instead of receiving it.
    """
    return _layout(text, known_boilerplate)


@functools.lru_cache(maxsize=4)
def _layout(text: str, known_boilerplate: frozenset[str]) -> Layout:
    lines = split_lines(text)
    keys = [normalize_line(line.text) for line in lines]
    reasons: list[str | None] = [_strong_reason(line) for line in lines]
    edge: list[str | None] = [
        _edge_reason(line, key, known_boilerplate) if reason is None else None
        for line, key, reason in zip(lines, keys, reasons, strict=True)
    ]

    seen: set[str] = set()
    for i, (line, key) in enumerate(zip(lines, keys, strict=True)):
        if (
            reasons[i] is None
            and key in seen
            and len(line.words) >= _MIN_REPEATED_WORDS
            and not is_reporting(line.text)
        ):
            reasons[i] = "repeated"
        seen.add(key)

    body = [
        i
        for i, line in enumerate(lines)
        if reasons[i] is None and edge[i] is None and is_reporting(line.text)
    ]
    first_body, last_body = (body[0], body[-1]) if body else (None, None)

    def in_edge(i: int) -> bool:
        return (
            first_body is not None and last_body is not None and not (first_body <= i <= last_body)
        )

    if first_body is not None:
        own_names = _own_names(text, lines, reasons, first_body)
        for i, line in enumerate(lines):
            if reasons[i] is None and in_edge(i) and _names_outlet(line, own_names):
                reasons[i] = "site-name"

    # A lone place line right above the lead is its dateline.
    if first_body is not None:
        above = [i for i in range(first_body) if reasons[i] is None]
        if above and match_lone_dateline(lines[above[-1]].text):
            reasons[above[-1]] = "metadata:dateline"

    title = _pick_title(lines, reasons, edge, first_body)
    if title is not None:
        headline = keys[title]
        for i in range(title + 1, len(lines)):
            # The headline again, alone or opening a caption ("<headline> Photo: ...").
            repeated = keys[i] == headline or (
                keys[i].startswith(headline)
                and len(lines[title].words) >= _MIN_REPEATED_WORDS
                and not is_reporting(lines[i].text)
            )
            if repeated:
                reasons[i] = "repeated-headline"

    for i, line in enumerate(lines):
        if reasons[i] is not None or i == title or not in_edge(i):
            continue
        if edge[i] is not None:
            reasons[i] = edge[i]
        elif _is_ui(line.text, rules.SECTION_WORDS | rules.UI_WORDS):
            reasons[i] = "ui"
        elif _is_fragment(line):
            reasons[i] = "fragment"

    _extend_to_continuations(lines, reasons)

    cuts: dict[int, int] = {}
    for i, line in enumerate(lines):
        if reasons[i] is not None:
            continue
        match = rules.CROSS_REFERENCE.search(text[line.start : line.end])
        if match is None:
            continue
        if match.start() == 0:
            reasons[i] = "cross-reference"
        else:
            cuts[i] = line.start + match.start()

    return Layout(
        tuple(lines), tuple(reasons), first_body, last_body, title, MappingProxyType(cuts)
    )


def _continues(paragraph: str, line: str, after_title: bool) -> bool:
    """Whether ``line`` is the rest of a sentence the dump broke after ``paragraph``."""
    if rules.SENTENCE_END.search(paragraph) or paragraph.endswith(":"):
        return False
    if line[0] in ",;:)]" or paragraph.endswith(","):
        return True
    if after_title:
        return False  # a headline above a lead in lowercase ("iPhone ...") is no sentence
    first = WORD.match(line)
    if first is None or not first.group().islower():
        return False
    # A short label (a subheading) is not a sentence cut short; a clause is.
    return len(WORD.findall(paragraph)) >= _MIN_REPORTING_WORDS


def _join(paragraph: str, line: str) -> str:
    return paragraph + line if line[0] in ",;:)]" else f"{paragraph} {line}"


def clean_text(
    text: str, known_boilerplate: frozenset[str] = frozenset()
) -> tuple[str, list[RemovedLine]]:
    """Remove page furniture from ``text``; return the clean body and what was removed.

    ``known_boilerplate`` holds keys (:func:`normalize_line`) of lines an outlet repeats
    across its articles (see :func:`boilerplate_lines`). Removed lines carry their offsets
    in ``text`` and a reason (see the module docstring); paragraphs are joined by
    ``"\\n\\n"`` and lines broken mid-sentence are joined back.
    """
    layout = layout_lines(text, known_boilerplate)
    removed: list[RemovedLine] = []
    paragraphs: list[str] = []
    previous_kept = -2
    for i, line in enumerate(layout.lines):
        reason = layout.reasons[i]
        if reason is not None:
            removed.append(RemovedLine(text[line.start : line.end], line.start, line.end, reason))
            continue
        content = line.text
        if i in layout.cuts:
            cut = layout.cuts[i]
            content = collapse(text[line.start : cut])
            removed.append(RemovedLine(text[cut : line.end], cut, line.end, "cross-reference"))
        # Only a line right below the previous one continues it: a line removed in
        # between (a caption, a note) means the two were not one sentence.
        adjacent = previous_kept == i - 1 and not line.blank_before
        after_title = previous_kept == layout.title
        if paragraphs and adjacent and _continues(paragraphs[-1], content, after_title):
            paragraphs[-1] = _join(paragraphs[-1], content)
        else:
            paragraphs.append(content)
        previous_kept = i
    return "\n\n".join(paragraphs), removed


def boilerplate_lines(texts: Iterable[str], min_share: float = 0.5) -> frozenset[str]:
    """Keys of lines found in at least ``min_share`` of ``texts`` (and in two or more).

    Feed it the articles of one outlet; pass the result to :func:`clean_text` as
    ``known_boilerplate``. Each text counts a line once, so a line repeated inside one
    article does not make it boilerplate.

    >>> sorted(boilerplate_lines(["A\\nShare this\\nB", "C\\nShare this", "D"]))
    ['share this']
    """
    counts: Counter[str] = Counter()
    n = 0
    for text in texts:
        n += 1
        counts.update({normalize_line(line.text) for line in split_lines(text)})
    needed = max(2, math.ceil(min_share * n))
    return frozenset(key for key, count in counts.items() if count >= needed and key)
