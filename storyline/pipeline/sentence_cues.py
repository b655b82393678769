"""Cue counts of a sentence, from word classes kept as data (``storyline/data/stance_cues.toml``).

Denials ("denied", "hoax", "no evidence"), hedges and attribution ("reportedly",
"according to"), confirmations, negations and modality are counted per sentence in the
pipeline and stored; the learned stance model reads them as features. The file's top-level
lists are English; a table per language (``[ru]``, ``[uk]``, ``[fr]``, ``[es]``, ``[it]``)
holds the same classes in that language, so a statement is counted in its own words.

>>> sentence_cues("Officials denied the report, calling it a hoax.")["deny"]
2
>>> sentence_cues("В Кремле опровергли эти сообщения, назвав их фейком.", "ru")["deny"]
2
"""

from __future__ import annotations

import functools
import re
from typing import Any

from storyline.data_files import packaged_toml

#: The classes, in the order the stance model reads them.
CUE_CLASSES = ("deny", "hedge", "confirm", "negation", "modal")


@functools.cache
def _lists() -> dict[str, Any]:
    data: dict[str, Any] = packaged_toml("storyline.data", "stance_cues.toml")
    return data


@functools.cache
def cue_languages() -> frozenset[str]:
    """Codes of the languages with cue words of their own besides English."""
    return frozenset(k for k, v in _lists().items() if isinstance(v, dict))


@functools.cache
def _patterns(language: str) -> dict[str, re.Pattern[str]]:
    data = _lists()
    if language != "en":
        data = data[language]
    out = {}
    for name in CUE_CLASSES:
        parts = []
        for entry in data[name]:
            word = re.escape(entry.rstrip("*")).replace(r"\ ", r"\s+")
            if entry == "n't":
                parts.append(r"n't")
                continue
            parts.append(rf"\b{word}\w*" if entry.endswith("*") else rf"\b{word}\b")
        out[name] = re.compile("|".join(parts), re.IGNORECASE)
    return out


def sentence_cues(text: str, language: str | None = "en") -> dict[str, int]:
    """How many words of each cue class the sentence holds, plus ``question`` (it asks).

    ``language`` chooses the word lists; a language without lists of its own is counted
    with the English ones (its negations and hedges are then mostly missed).
    """
    code = language if language in cue_languages() else "en"
    text = text.replace("\u2019", "'")
    counts = {name: len(pattern.findall(text)) for name, pattern in _patterns(code).items()}
    counts["question"] = int(text.rstrip("\"'\u201d\u00bb\u201c ").endswith("?"))
    return counts
