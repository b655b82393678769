"""The part of a sentence a timeline shows: its own words, not the page's header or comments.

Sentences found on a scraped page often start with what precedes the lead: the headline
and highlights, a time stamp, a byline and the dateline ("By the CNN Wire Staff ...
TRIPOLI, Libya (CNN) -- Rebels took ..."). A day's text is the statement after it, so
:func:`shown_start` gives where that statement starts; the entry keeps a true span of the
article (the start moves forward, nothing is rewritten). :func:`comments_start` gives where
the readers' comments printed below an article begin, so they are not taken for its
reporting.

>>> text = "Rebels gain ground By Jane Roe TRIPOLI, Libya (CNN) -- Rebels took the port town of Brega on Monday."
>>> text[shown_start(text):]
'Rebels took the port town of Brega on Monday.'
>>> text = "WASHINGTON -- The Senate voted on Friday to extend the moratorium."
>>> text[shown_start(text):]
'The Senate voted on Friday to extend the moratorium.'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from storyline.data_files import packaged_toml
from storyline.link.agencies import KNOWN_WIRES

__all__ = ["comments_start", "shown_start"]

#: Only so far into a sentence can a header reach.
HEAD_CHARS = 600
#: What the shown part must keep at least (else the sentence is shown whole).
MIN_SHOWN_WORDS = 8

#: "(Credit) --", "(Credit) - -", "(CREDIT).-", "(Credit):" before the first word of the lead.
_CREDIT = re.compile(
    r"\((?P<credit>[^()\n]{2,40})\)\s*\.?(?:\s*(?:--?|[\u2013\u2014:]))+\s*"
    r"(?=[\"\u201c\u00ab'A-Z0-9\u00c0-\u00dd])"
)
#: "WASHINGTON --", "NEW ORLEANS/WASHINGTON --", "KABUL, Afghanistan (VPA) --" opening a
#: sentence (any credit: the place in capitals says it is a dateline).
_PLACE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\u2019\\/-]+(?:\s+[A-Z][A-Z.'\u2019\\/-]+){0,4})"
    r"(?:,\s*[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){0,2})?"
    r"(?:\s*\([^()\n]{2,40}\))?\s*(?:--?|[\u2013\u2014])\s*(?=[\"\u201cA-Z])"
)
#: "By the CNN Wire Staff" opening a sentence.
_STAFF_BYLINE = re.compile(r"^By the [A-Z][\w.&' -]{1,40}? (?:Wire )?Staff\s+(?=[A-Z\"\u201c])")


@lru_cache(maxsize=1)
def _data() -> tuple[frozenset[str], tuple[str, ...]]:
    words = packaged_toml("storyline.link", "timeline_text.toml")
    credits = frozenset(KNOWN_WIRES) | frozenset(words["credits"])
    return credits, tuple(words["comment_markers"])


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def shown_start(text: str) -> int:
    """Where the statement of ``text`` starts, after the header a page put before it: up to
    a dateline that credits a wire or broadcaster, or an opening dateline or staff byline.
    0 when there is none, or when what follows it would be too short to stand alone."""
    credits, _ = _data()
    start = 0
    for match in _CREDIT.finditer(text[:HEAD_CHARS]):
        if _fold(match.group("credit")) in credits:
            start = match.end()
            break
    if start == 0:
        for pattern in (_STAFF_BYLINE, _PLACE_DATELINE):
            if (opening := pattern.match(text)) is not None:
                start = opening.end()
                break
    if start and len(text[start:].split()) < MIN_SHOWN_WORDS:
        return 0
    return start


def comments_start(text: str) -> int | None:
    """Where the readers' comments printed below an article begin (None: it prints none)."""
    _, markers = _data()
    folded = text.casefold()
    found = [i for marker in markers if (i := folded.find(marker)) >= 0]
    return min(found) if found else None
