"""Pairing quotation marks: where quoted passages begin and end in a text.

News text mixes curly (“…”, ‘…’) and straight ("…", '…') marks, the double apostrophe of
some archives (''…''), apostrophes that look like closing single quotes (“don’t”,
“officials’”), quotes nested in quotes, and the convention that a quotation running over
several paragraphs leaves each paragraph open and re-opens the next one. This module reads
only the marks and the characters around them; it knows nothing about speakers.

>>> [(q.inner_start, q.inner_end) for q in find_quoted_spans('He said "yes" and left.')]
[(9, 12)]
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

MarkClass = Literal["double", "single"]

# One regex alternative per mark; the double apostrophe and the backtick pair come first so
# they are not read as two single marks.
_MARK = re.compile(r"''|``|[\"“”„«»‘’'‚]")
_DOUBLE = {"''", "``", '"', "“", "”", "„", "«", "»"}
_OPENERS = {"“", "„", "«", "‘", "‚", "``"}
_CLOSERS = {"”", "»", "’"}
_OPEN_BEFORE = set("([{—–-/") | {"“", "‘", '"', "'", "«", "„"}
_PARAGRAPH_BREAK = re.compile(r"\n")


@dataclass(frozen=True)
class QuotedSpan:
    """A quoted passage: ``start``/``end`` include the marks, ``inner_*`` exclude them.

    ``depth`` is 0 for a top-level quotation and 1+ for one nested inside another;
    ``paragraphs`` counts how many paragraphs it runs over.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    mark: MarkClass
    depth: int = 0
    paragraphs: int = 1


@dataclass
class _Mark:
    start: int
    end: int
    text: str
    cls: MarkClass
    can_open: bool
    can_close: bool


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, start: int, end: int) -> _Mark | None:
    """Decide from its neighbours whether a mark may open and/or close a quotation."""
    mark = text[start:end]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    cls: MarkClass = "double" if mark in _DOUBLE else "single"
    left_flanking = not after.isspace() and (before.isspace() or before in _OPEN_BEFORE)
    right_flanking = not before.isspace() and (
        after.isspace() or not _is_word(after) or after in _CLOSERS
    )
    if cls == "single" and (_is_word(before) or after.isdigit()) and _is_word(after):
        return None  # an apostrophe: don't, Kyiv's, O'Neill, the ’90s
    if mark in _OPENERS:
        can_open, can_close = not after.isspace(), False
        if not left_flanking and right_flanking and mark == "‘":
            can_open, can_close = False, True  # a mis-typed closing mark
    elif mark in _CLOSERS:
        can_open, can_close = False, not before.isspace()
        if left_flanking and not right_flanking:
            can_open, can_close = True, False  # ” used as an opener by some sources
    else:
        can_open, can_close = left_flanking, right_flanking
        if mark == "''" and _is_word(before) and _is_word(after):
            return None
    if not (can_open or can_close):
        return None
    return _Mark(start, end, mark, cls, can_open, can_close)


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _opens_paragraph(text: str, mark: _Mark, paragraph_start: int) -> bool:
    return mark.can_open and not text[paragraph_start : mark.start].strip()


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every balanced quotation in ``text``, top-level and nested, in order of start.

    Pairing is by a stack per paragraph. An opening mark left unclosed at the end of a
    paragraph continues the quotation only when the next paragraph opens with the same kind
    of mark (the newspaper convention for long quotations); any other unclosed mark is
    dropped, which is how apostrophes and stray marks fall out.
    """
    marks = [m for m in (_classify(text, x.start(), x.end()) for x in _MARK.finditer(text)) if m]
    starts = _paragraph_starts(text)
    spans: list[QuotedSpan] = []
    stack: list[tuple[_Mark, int]] = []  # (opening mark, paragraphs spanned so far)
    paragraph = 0
    skip_continuation: _Mark | None = None

    for mark in marks:
        while paragraph + 1 < len(starts) and mark.start >= starts[paragraph + 1]:
            paragraph += 1
            if not text[starts[paragraph - 1] : starts[paragraph]].strip():
                continue  # blank line: the paragraph break is still pending
            stack, skip_continuation = _carry_over(text, stack, marks, mark, starts[paragraph])
        if mark is skip_continuation:
            skip_continuation = None
            continue
        opener = next(
            (i for i in range(len(stack) - 1, -1, -1) if stack[i][0].cls == mark.cls), None
        )
        if mark.can_close and opener is not None:
            open_mark, paragraphs = stack[opener]
            del stack[opener:]
            spans.append(
                QuotedSpan(
                    start=open_mark.start,
                    end=mark.end,
                    inner_start=open_mark.end,
                    inner_end=mark.start,
                    mark=open_mark.cls,
                    paragraphs=paragraphs,
                )
            )
        elif mark.can_open:
            stack.append((mark, 1))
    return _with_depth(sorted(spans, key=lambda s: (s.start, -s.end)))


def _with_depth(spans: list[QuotedSpan]) -> list[QuotedSpan]:
    """Set ``depth`` to the number of other quotations that enclose each one."""
    out: list[QuotedSpan] = []
    open_ends: list[int] = []
    for span in spans:
        open_ends = [end for end in open_ends if end >= span.end]
        out.append(dataclasses.replace(span, depth=len(open_ends)))
        open_ends.append(span.end)
    return out


def _carry_over(
    text: str,
    stack: list[tuple[_Mark, int]],
    marks: list[_Mark],
    current: _Mark,
    paragraph_start: int,
) -> tuple[list[tuple[_Mark, int]], _Mark | None]:
    """At a paragraph break keep only a top-level double quotation that the next
    paragraph re-opens; return the new stack and the re-opening mark to skip."""
    if not stack:
        return [], None
    first, paragraphs = stack[0]
    # Only the first mark of the new paragraph can re-open it.
    if (
        first.cls == "double"
        and current.start >= paragraph_start
        and _same_style(first.text, current.text)
        and _opens_paragraph(text, current, paragraph_start)
        and _has_closer_later(marks, current)
    ):
        return [(first, paragraphs + 1)], current
    return [], None


def _same_style(opening: str, reopening: str) -> bool:
    """A long quotation is re-opened with the mark that opened it ('"' again, not '“')."""
    curly = {"“", "”", "„"}
    return opening == reopening or (opening in curly and reopening in curly)


def _has_closer_later(marks: list[_Mark], current: _Mark) -> bool:
    return any(m.start > current.start and m.cls == "double" and m.can_close for m in marks)
