"""Who an outlet cites: named people and bodies, roles, anonymous sources (its quotes'
speakers and phrases such as "sources told Fox News", "people familiar with"), officials
against others, and which of its articles are its own reporting rather than agency copy.

>>> [t for t, _, _ in anonymous_phrases("Law enforcement sources told Fox News on Monday.", "Fox News")]
['Law enforcement sources told Fox News']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from storyline.data_files import packaged_toml
from storyline.link._text import any_whole_words, whole_words
from storyline.link.agencies import credits_in, is_known_wire, outlet_matches_credit
from storyline.models import Article, Citation, Quote, SourceUse

__all__ = ["OFFICIAL_WORDS", "anonymous_phrases", "is_official", "source_uses", "wire_articles"]

DATA_FILE = "sourcing.toml"  # in storyline/data: the word lists and phrases below
_DATA = packaged_toml("storyline.data", DATA_FILE)

#: Words in a speaker's name, title or role that make them an official source.
OFFICIAL_WORDS = frozenset(_DATA["official_words"])
#: How the quote speaker kinds count in an outlet's sourcing.
SPEAKER_KINDS = {
    "person": "named",
    "organization": "named",
    "role": "role",
    "anonymous": "anonymous",
}
#: Nouns a phrase may open with whose modifiers belong to it ("Law enforcement sources").
_SOURCE_NOUNS = frozenset(_DATA["source_nouns"])
#: Words that make a source phrase official ("a senior administration official told ...").
_OFFICIAL_PHRASE = re.compile(r"\b(" + "|".join(_DATA["official_phrase_words"]) + r")\b", re.I)


def is_official(quote: Quote) -> bool:
    """Is the quote's speaker an official (by the words of their name, title or role)?"""
    words = " ".join(filter(None, [quote.speaker, quote.speaker_title])).lower()
    return any(w in words.split() or (" " in w and w in words) for w in OFFICIAL_WORDS)


@functools.cache
def _patterns() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = _DATA.get("anonymous", {})
    return tuple(data.get("own", ())), tuple(data.get("general", ()))


def _outlet_names(outlet: str) -> str:
    """A regex alternation of the outlet's name and its short forms ("Fox News" -> Fox)."""
    name = re.sub(r"^the\s+", "", outlet.strip(), flags=re.I)
    forms = {name, f"the {name}"}
    words = name.split()
    if len(words) > 1 and words[-1].lower() in {"news", "times", "post", "press", "journal"}:
        forms.add(" ".join(words[:-1]))
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


def anonymous_phrases(text: str, outlet: str | None) -> list[tuple[str, int, int]]:
    """Anonymous-sourcing phrases in ``text`` as (phrase, start, end), left to right; the
    outlet's own ("sources told <outlet>", "<outlet> has learned") only when it is known."""
    own, general = _patterns()
    patterns = list(general)
    if outlet:
        names = _outlet_names(outlet)
        patterns = [p.replace("{outlet}", names) for p in own] + patterns
    if any_whole_words(tuple(patterns)).search(text) is None:
        return []
    found: list[tuple[str, int, int]] = []
    for pattern in patterns:
        for m in re.finditer(whole_words(pattern), text, re.IGNORECASE):
            first = m.group(0).split(maxsplit=1)[0].lower()
            start = _phrase_start(text, m.start()) if first in _SOURCE_NOUNS else m.start()
            if not any(s < m.end() and start < e for _, s, e in found):
                found.append((text[start : m.end()], start, m.end()))
    return sorted(found, key=lambda f: f[1])


def _phrase_start(text: str, start: int) -> int:
    """Widen a match to the capitalised words before it ("Law enforcement sources")."""
    head = text[max(0, start - 40) : start]
    m = re.search(r"(?:\b[A-Z][\w-]*(?:\s+[a-z][\w-]*)?\s+)$", head)
    return start - len(m.group(0)) if m else start


def source_uses(articles: Iterable[Article], outlet: str) -> list[SourceUse]:
    """Every attribution in ``articles``: quote speakers, then anonymous-sourcing phrases
    that no quote's speaker span already covers."""
    out: list[SourceUse] = []
    for article in articles:
        spans: list[tuple[int, int]] = []
        for quote in article.quotes:
            kind = SPEAKER_KINDS.get(quote.speaker_kind or "", "unattributed")
            start = quote.speaker_start if quote.speaker_start is not None else quote.start
            end = quote.speaker_end if quote.speaker_end is not None else quote.end
            spans.append((start, end))
            out.append(
                SourceUse(
                    kind,
                    is_official(quote),
                    quote.speaker or "",
                    Citation(article.id, start, end, outlet),
                )
            )
        for phrase, start, end in anonymous_phrases(article.text, outlet):
            if any(s < end and start < e for s, e in spans):
                continue
            official = bool(_OFFICIAL_PHRASE.search(phrase))
            out.append(
                SourceUse("anonymous", official, phrase, Citation(article.id, start, end, outlet))
            )
    return out


def wire_articles(articles: Sequence[Article], copies: Iterable[str] = ()) -> list[str]:
    """Ids of the articles that are agency copy: copies of another outlet's article, or
    crediting an agency other than the outlet itself."""
    copied = set(copies)
    out = []
    for article in articles:
        credits = credits_in(article.text, (r.text for r in article.removed))
        foreign = [c for c in credits if not outlet_matches_credit(article.outlet, c)]
        if article.id in copied or (foreign and not is_known_wire(article.outlet)):
            out.append(article.id)
    return sorted(out)
