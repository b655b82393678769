"""Text helpers shared by the link steps: normalising, sentences with spans, terms, dates.

Everything here is deterministic and free of I/O so the link steps stay pure.

>>> [s.text for s in split_sentences("One thing. Another thing!")]
['One thing.', 'Another thing!']
>>> fold_term("missiles"), fold_term("policies"), fold_term("ATACMS")
('missile', 'policy', 'atacms')
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from storyline.data_files import packaged_toml
from storyline.models import Article

_WORDS = packaged_toml("storyline.link", "words.toml")["text"]
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace
# and an upper-case letter, digit or opening quote; or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[A-Z0-9])|\n+")
#: Abbreviations whose full stop ends no sentence (in ``words.toml`` beside this module).
_ABBREVIATIONS = frozenset(_WORDS["abbreviations"])


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with its ``[start, end)`` span in ``Article.text``."""

    text: str
    start: int
    end: int


def normalize_text(text: str) -> str:
    """Fold case, quotes, accents and white space so re-published copies compare equal."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return _SPACE.sub(" ", text).strip()


def text_hash(text: str) -> str:
    """A content hash of the normalised text: equal for exact duplicates."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()


def stable_id(prefix: str, *parts: str) -> str:
    """An id derived only from its inputs, so re-runs give the same id."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{prefix}-{digest}"


def article_sentences(article: Article) -> list[Sentence]:
    """The sentences of ``article`` as the pipeline found them (``Article.sentences``: the
    language's own splitter on the parse, one paragraph per line), with their spans.

    An article analysed before sentences were stored, or built without the pipeline, has
    none: its text is split by :func:`split_sentences` instead.
    """
    text = article.text
    stored = [
        Sentence(text[s.start : s.end], s.start, s.end)
        for s in article.sentences
        if 0 <= s.start < s.end <= len(text)
    ]
    return stored or split_sentences(text)


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with spans (rule based, fast, no model).

    The fallback of :func:`article_sentences` for articles without stored sentences, and
    the splitter for text that is not an analysed article; lines stay separate because
    cleaned articles keep one paragraph per line. A cut after a name's middle initial is
    undone when a capitalised word that is not a common sentence opener follows:

    >>> [s.text for s in split_sentences("Envoy Marcus J. Whitcombe Jr. signed. It ended.")]
    ['Envoy Marcus J. Whitcombe Jr. signed.', 'It ended.']
    """
    out: list[Sentence] = []
    for sentence in _regex_sentences(text):
        previous = out[-1] if out else None
        if (
            previous is not None
            and _CUT_AT_INITIAL.search(previous.text)
            and (name := _NAME_GOES_ON.match(sentence.text)) is not None
            and name.group().lower() not in ENGLISH_STOP_WORDS
            and "\n" not in text[previous.end : sentence.start]
        ):
            out[-1] = Sentence(text[previous.start : sentence.end], previous.start, sentence.end)
        else:
            out.append(sentence)
    return out


#: A piece that ends at a name's middle initial ("Marcus J.") ...
_CUT_AT_INITIAL = re.compile(r"\b[A-Z][a-z]+ (?:[A-Z]\. ?){1,2}$")
#: ... continued by a capitalised word that is not a common sentence opener ("Whitcombe").
_NAME_GOES_ON = re.compile(r"[A-Z][a-z]+\b")


def _regex_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        last_word = piece.rstrip(".!?\"'\u201d\u2019)] ").rsplit(" ", 1)[-1].lower()
        if (
            match.group().strip() == ""
            and "\n" not in match.group()
            and last_word in _ABBREVIATIONS
        ):
            continue
        _append(out, text, start, match.start())
        start = match.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2:
        out.append(Sentence(text[start:end], start, end))


@functools.lru_cache(maxsize=1 << 16)
def fold_term(word: str) -> str:
    """Lower-case and fold plural endings so "missiles" and "missile" count as one term
    (kept for the words met most: a story's products fold every word of every article)."""
    acronym = word.isupper()
    word = word.lower().strip("-'")
    if word.endswith("'s"):
        word = word[:-2]
    if acronym:
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1)
def _analyzer() -> Callable[[str], list[str]]:
    vectorizer = CountVectorizer(
        lowercase=False, token_pattern=r"(?u)\b[^\W\d_][\w']*\w\b", stop_words=None
    )
    return vectorizer.build_analyzer()  # type: ignore[no-any-return]


STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | frozenset(_WORDS["stop_words"])


def terms(text: str) -> list[str]:
    """Content terms of ``text``: words without stop words, folded (see :func:`fold_term`)."""
    out = []
    for token in _analyzer()(text):
        folded = fold_term(token)
        if len(folded) > 1 and folded not in STOP_WORDS:
            out.append(folded)
    return out


def term_counts(text: str) -> Counter[str]:
    return Counter(terms(text))


def parse_date(value: str | None) -> dt.date | None:
    """The calendar day of an ISO date/datetime or TimeML day/month/year value, else None.

    Month and year values map to their first day; callers keep the precision separately.
    """
    if not value:
        return None
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        return dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


def top_items(weights: dict[str, float], k: int) -> list[str]:
    """The ``k`` heaviest keys, ties broken by key so results are deterministic."""
    return [t for t, _ in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


def first_line(text: str, limit: int = 160) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def whole_words(pattern: str) -> str:
    """The regex ``pattern`` matched only where no word character touches it."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


@functools.lru_cache(maxsize=256)
def any_whole_words(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex that matches wherever ``whole_words`` of one of
    ``patterns`` would.

    A text it finds nothing in holds none of them: one scan tells, where a scan per pattern
    would (most articles hold none of the loaded phrases or anonymous-sourcing phrases).

    >>> any_whole_words(("puppet", "junta")).search("A Junta rules") is None
    False
    >>> any_whole_words(("puppet", "junta")).search("Puppetry and juntas") is None
    True
    """
    return re.compile(whole_words("|".join(f"(?:{p})" for p in patterns)), re.IGNORECASE)
