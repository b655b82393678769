"""News agencies: who a republished story credits, and which outlets are wires.

A copy of an agency story names its source in the dateline ("ZELVOHRAD (VPA) –",
"WASHINGTON (Sputnik) –"), in a byline ("By Lina Korsak, Velmora Press Agency") or in a
contributor line ("Associated Press writers ... contributed"). The original of a group of
copies is the article published by that agency, so the credits are compared with each
member's outlet, by name or by initials.

>>> sorted(credits_in("WASHINGTON (AP) – The ban stays."))
['AP']
>>> outlet_matches_credit("Velmora Press Agency", "VPA")
True
>>> is_known_wire("Reuters"), is_known_wire("The Zelvohrad Courier")
(True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from storyline.data_files import packaged_toml

#: The word lists below, in ``words.toml`` beside this module.
_WORDS = packaged_toml("storyline.link", "words.toml")["agencies"]
#: Agencies that sell their copy to other outlets (names and the short forms they sign with).
KNOWN_WIRES = frozenset(_WORDS["known_wires"])
#: Words in an outlet's name that make it an agency whatever its country.
WIRE_WORDS = re.compile(
    r"\b(news|press|telegraph|information) agency\b|\bagen(ce|cia|zia|tur)\b|\bnewswires?\b|"
    r"\bwire service\b",
    re.IGNORECASE,
)
#: "CITY (AGENCY) –" at the start of a paragraph.
_DATELINE_CREDIT = re.compile(
    r"^[ \t]*[A-Z][A-Z .,'\u2019/-]{1,40}?\s*\(([^()\n]{2,40})\)\s*[\u2013\u2014:-]", re.MULTILINE
)
#: "By Name, Agency" on a line of its own.
_BYLINE_CREDIT = re.compile(r"^[ \t]*By\s+[^,\n]{2,60},\s*([^,\n]{2,60}?)\s*$", re.MULTILINE)
#: "Associated Press writers Tara Copp and ... contributed"
_CONTRIBUTOR_CREDIT = re.compile(
    r"\b((?:[A-Z][\w.&'-]*\s+){0,4}[A-Z][\w.&'-]*)\s+(?:staff\s+)?"
    r"(?:writers?|reporters?|correspondents?)\b[^.\n]{0,120}\bcontributed\b"
)
_SMALL_WORDS = frozenset(_WORDS["small_words"])
#: Only the head of an article carries its dateline and byline.
HEAD_CHARS = 600


def _fold(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'")
    name = re.sub(r"[^\w&' -]+", " ", name)
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"\s+", " ", name)


def initials(name: str) -> str:
    """Initials of a multi-word name, small words left out ("Velmora Press Agency" -> "vpa")."""
    words = [w for w in re.split(r"[\s-]+", _fold(name)) if w and w not in _SMALL_WORDS]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def credits_in(text: str, extra_lines: Iterable[str] = ()) -> set[str]:
    """The agencies ``text`` credits in its dateline, byline or contributor line.

    ``extra_lines`` are lines cleaning removed from the article (bylines usually are).
    """
    head = text[:HEAD_CHARS]
    found = {m.group(1).strip() for m in _DATELINE_CREDIT.finditer(head)}
    for line in [head, *extra_lines]:
        found.update(m.group(1).strip() for m in _BYLINE_CREDIT.finditer(line))
    found.update(m.group(1).strip() for m in _CONTRIBUTOR_CREDIT.finditer(text))
    return {c for c in found if c}


def outlet_matches_credit(outlet: str | None, credit: str) -> bool:
    """Is ``credit`` (as a copy signs it) the outlet's name, its initials or its short form?"""
    if not outlet:
        return False
    a, b = _fold(outlet), _fold(credit)
    if not a or not b:
        return False
    if a == b or initials(outlet) == b or initials(credit) == a:
        return True
    # "Associated Press" credited, "Associated Press (syndicated)" stored: a whole-word prefix
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) > 3 and (longer + " ").startswith(shorter + " ")


def is_known_wire(outlet: str | None) -> bool:
    """An outlet that is a news agency: a known wire, or named as an agency."""
    if not outlet:
        return False
    return _fold(outlet) in KNOWN_WIRES or bool(WIRE_WORDS.search(outlet))
