"""Which analyses each language gets, read from ``data/languages.toml``.

English goes through the main spaCy pipeline; a language listed here gets its own
tools (natasha, pymorphy3, a spaCy model of its own) and its own cue and date words; any
other language gets the language-independent steps only, and the article says so.

>>> support_for("ru").ner, support_for("it").ner, support_for("de") is None
('natasha', '', True)
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from storyline.data_files import read_toml

__all__ = ["ANALYSES", "LanguageSupport", "missing_analyses", "support_for", "supported_languages"]

DATA = Path(__file__).parent / "data"

#: The per-article analyses, in the order the pipeline runs them.
ANALYSES: tuple[str, ...] = ("entities", "quotes", "dates")


@dataclass(frozen=True)
class LanguageSupport:
    """The tools for one language (see ``data/languages.toml``)."""

    code: str
    name: str
    ner: str = ""
    morphology: str = ""
    sentences: str = "spacy"
    optional: bool = False

    @property
    def spacy_package(self) -> str | None:
        """The spaCy model package named by ``ner`` ("spacy:fr_core_news_sm"), if any."""
        return self.ner.split(":", 1)[1] if self.ner.startswith("spacy:") else None

    def ner_available(self) -> bool:
        """Whether the NER model can be loaded here (an optional package may be missing)."""
        if not self.ner:
            return False
        package = self.spacy_package
        return package is None or importlib.util.find_spec(package) is not None


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, LanguageSupport]:
    raw = read_toml(DATA / "languages.toml")
    return {code: LanguageSupport(code=code, **fields) for code, fields in raw.items()}


def supported_languages() -> list[str]:
    """The codes of the languages with a pipeline of their own (besides English)."""
    return sorted(_table())


def support_for(code: str | None) -> LanguageSupport | None:
    """The tools for language ``code``, or None when it has no pipeline of its own."""
    return _table().get(code or "")


def missing_analyses(code: str | None) -> list[str]:
    """The analyses an article in ``code`` does not get (English: none).

    >>> missing_analyses("it"), missing_analyses("de")
    (['entities'], ['entities', 'quotes', 'dates'])
    """
    support = support_for(code)
    if support is None:
        return list(ANALYSES)
    return [] if support.ner_available() else ["entities"]
