"""Analysis of articles in languages other than English, one pipeline per language.

:func:`analyze_in_language` is the per-article step for an article whose language has a
pipeline of its own (``data/languages.toml``): Russian and Ukrainian through natasha and
pymorphy3, French and Spanish through their spaCy models, Italian (no installable model)
without entities. An analysis a language cannot get is named in the article's warnings
(:func:`unavailable_note`), so that ``analyze`` and ``quotes``/``dates`` say so instead of
returning nothing silently.

>>> handled_here("ru"), handled_here("en"), handled_here(None), handled_here("de")
(True, False, False, True)
"""

from __future__ import annotations

import dataclasses

from storyline.config import Settings
from storyline.models import Article
from storyline.pipeline.languages.dates import find_language_dates
from storyline.pipeline.languages.entities import find_language_mentions
from storyline.pipeline.languages.profile import profile_for
from storyline.pipeline.languages.quotes import find_language_quotes
from storyline.pipeline.languages.segments import Segments, segment
from storyline.pipeline.languages.support import (
    ANALYSES,
    LanguageSupport,
    missing_analyses,
    support_for,
    supported_languages,
)
from storyline.pipeline.sentences import sentence_facts

__all__ = [
    "ANALYSES",
    "LanguageSupport",
    "UNAVAILABLE_PREFIX",
    "analyze_in_language",
    "handled_here",
    "missing_analyses",
    "support_for",
    "supported_languages",
    "unavailable_note",
]

#: The start of the warning that names the analyses an article's language does not get.
UNAVAILABLE_PREFIX = "not analysed for language"

#: Languages the main (English) spaCy pipeline reads; None: language unknown.
_MAIN_PIPELINE = {"en", None}


def handled_here(code: str | None) -> bool:
    """Whether an article in ``code`` is analysed here rather than by the main pipeline."""
    return code not in _MAIN_PIPELINE


def unavailable_note(code: str | None) -> str | None:
    """The warning naming what an article in ``code`` does not get, or None.

    >>> unavailable_note("it")
    "not analysed for language 'it': entities (no named-entity model for Italian)"
    """
    missing = missing_analyses(code)
    if not missing:
        return None
    support = support_for(code)
    if support is None:
        reason = "no pipeline for this language; cleaning, metadata and linking still ran"
    elif support.ner and not support.ner_available():
        reason = f"the optional model {support.spacy_package} is not installed"
    else:
        reason = f"no named-entity model for {support.name}"
    return f"{UNAVAILABLE_PREFIX} {code!r}: {', '.join(missing)} ({reason})"


def analyze_in_language(article: Article, settings: Settings) -> Article:
    """Entities, quotes, dates and sentences of ``article`` with its language's own tools.

    The sentences carry statement flags and cue counts in the language's own words
    (:func:`~storyline.pipeline.sentences.sentence_facts`), so claims read statements in
    every supported language. A language without a pipeline gets none of these and a
    warning saying so.
    """
    del settings  # the tools are packaged data; nothing tunable yet
    code = article.meta.language.value
    support = support_for(code)
    warnings = list(article.warnings)
    note = unavailable_note(code)
    if note and note not in warnings:
        warnings.append(note)
    if support is None:
        return dataclasses.replace(article, warnings=warnings)
    segments: Segments = segment(article.text, support)
    profile = profile_for(support.code)
    mentions = find_language_mentions(article.text, segments, support.morphology)
    quotes = find_language_quotes(article.text, segments.sentences, mentions, profile, article.id)
    dates = find_language_dates(
        article.text, article.published, profile, article.id, support.morphology
    )
    sentences = sentence_facts(article.text, segments.sentences, support.code)
    return dataclasses.replace(
        article,
        mentions=mentions,
        quotes=quotes,
        dates=dates,
        sentences=sentences,
        warnings=warnings,
    )
