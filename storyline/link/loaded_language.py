"""Loaded and subjective language: words of maintained lexicons plus editable phrases.

The mechanism is the lexicons of two installed packages -- TextBlob's ``en-sentiment.xml``
(subjectivity per word sense, from the Pattern project) and VADER's ``vader_lexicon.txt``
(mean valence rated by ten people) -- read as data files, never downloaded. On top come the
phrases of ``storyline/data/loaded_terms.toml`` (the Russia-Ukraine list and other labels)
and the ``loaded_terms`` setting; the thresholds live in that file too.

>>> lex = load_lexicon()
>>> "outrageous" in lex.words, "said" in lex.words
(True, False)
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree

from storyline.data_files import packaged_toml
from storyline.link._text import any_whole_words, whole_words
from storyline.models import Article

__all__ = [
    "Lexicon",
    "load_lexicon",
    "loaded_phrase_spans",
    "loaded_phrases",
    "loaded_word_spans",
    "story_only_terms",
]

DATA_FILE = "loaded_terms.toml"  # in storyline/data


@dataclass(frozen=True)
class Lexicon:
    """Loaded single words (lower case; lemmas and inflected forms) and whole phrases."""

    words: frozenset[str]
    phrases: tuple[str, ...]


def _package_file(package: str, *parts: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations)), *parts)
    return path if path.exists() else None


def textblob_subjective(min_subjectivity: float, min_polarity: float = 0.0) -> set[str]:
    """Words whose mean subjectivity (and absolute mean polarity) over their senses in
    TextBlob's lexicon is high."""
    path = _package_file("textblob", "en", "en-sentiment.xml")
    if path is None:
        return set()
    scores: dict[str, list[tuple[float, float]]] = {}
    for word in ElementTree.parse(path).getroot().iter("word"):
        form = (word.get("form") or "").lower()
        if form and " " not in form:
            scores.setdefault(form, []).append(
                (float(word.get("subjectivity") or 0), float(word.get("polarity") or 0))
            )
    out = set()
    for w, senses in scores.items():
        subjectivity = sum(s for s, _ in senses) / len(senses)
        polarity = abs(sum(p for _, p in senses) / len(senses))
        if subjectivity >= min_subjectivity and polarity >= min_polarity:
            out.add(w)
    return out


def vader_valenced(min_valence: float) -> set[str]:
    """Words (not emoticons) whose mean valence in VADER's lexicon is strong."""
    path = _package_file("vaderSentiment", "vader_lexicon.txt")
    if path is None:
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha() and abs(float(parts[1])) >= min_valence:
            out.add(parts[0].lower())
    return out


def loaded_phrases(extra_phrases: Iterable[str] = ()) -> tuple[str, ...]:
    """The editable list of phrases that take a side by their wording (data file), plus
    ``extra_phrases`` (the ``loaded_terms`` setting)."""
    data = packaged_toml("storyline.data", DATA_FILE)
    phrases = [p for group in data.get("phrases", {}).values() for p in group]
    return tuple(dict.fromkeys([*phrases, *extra_phrases]))


@functools.cache
def load_lexicon(
    extra_phrases: tuple[str, ...] = (),
    min_subjectivity: float | None = None,
    min_valence: float | None = None,
    min_polarity: float | None = None,
) -> Lexicon:
    """The loaded-language lexicon; thresholds default to those of the data file."""
    data = packaged_toml("storyline.data", DATA_FILE)
    settings = data.get("lexicons", {})
    subj = settings.get("textblob_min_subjectivity", 1.0)
    val = settings.get("vader_min_valence", 4.0)
    pol = settings.get("textblob_min_polarity", 0.0)
    subj = subj if min_subjectivity is None else min_subjectivity
    val = val if min_valence is None else min_valence
    pol = pol if min_polarity is None else min_polarity
    words = textblob_subjective(subj, pol) | vader_valenced(val)
    words -= {w.lower() for w in settings.get("ignore", [])}
    return Lexicon(frozenset(words), loaded_phrases(extra_phrases))


@functools.lru_cache(maxsize=64)
def _escaped(phrases: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each distinct phrase, longest first, with its regex."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return tuple((phrase, re.escape(phrase)) for phrase in ordered)


def loaded_phrase_spans(text: str, phrases: Iterable[str]) -> list[tuple[str, int, int]]:
    """Whole-phrase, case-insensitive matches; a longer phrase hides the shorter inside it."""
    escaped = _escaped(tuple(phrases))
    if not escaped or any_whole_words(tuple(e for _, e in escaped)).search(text) is None:
        return []
    found: list[tuple[str, int, int]] = []
    for phrase, pattern in escaped:
        for match in re.finditer(whole_words(pattern), text, re.IGNORECASE):
            if any(s < match.end() and match.start() < e for _, s, e in found):
                continue
            found.append((phrase, *match.span()))
    return sorted(found, key=lambda f: f[1])


def loaded_word_spans(article: Article, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """Every use of a loaded word or phrase in ``article`` as (term, start, end).

    Words are matched on the stored lemma or the written form (lower case); the term
    reported is the lemma, so "slammed" and "slams" count as "slam".
    """
    phrases = loaded_phrase_spans(article.text, lexicon.phrases)
    taken = [(s, e) for _, s, e in phrases]
    out = list(phrases)
    t = article.tokens
    for lemma, pos, start, end in zip(t.lemmas, t.pos, t.starts, t.ends, strict=True):
        if pos in ("PROPN", "PUNCT", "NUM"):
            continue
        written = article.text[start:end].lower()
        if (lemma in lexicon.words or written in lexicon.words) and not any(
            s < end and start < e for s, e in taken
        ):
            out.append((lemma, start, end))
    return sorted(out, key=lambda f: f[1])


def story_only_terms(
    uses: Mapping[str, Mapping[str, Sequence[tuple[str, int, int]]]],
) -> dict[str, set[str]]:
    """Per outlet, the loaded terms it uses on a story that no other outlet of the story uses
    (``uses``: outlet -> article id -> loaded uses), the per-story contrast of the lexicon."""
    terms = {
        outlet: {t.lower() for found in per_article.values() for t, _, _ in found}
        for outlet, per_article in uses.items()
    }
    return {
        outlet: mine - set().union(*(t for o, t in terms.items() if o != outlet))
        for outlet, mine in terms.items()
    }


def count_terms(uses: Iterable[tuple[str, int, int]]) -> Counter[str]:
    return Counter(term.lower() for term, _, _ in uses)
