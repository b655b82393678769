"""Cue counts of a sentence, from word classes kept as data (``storyline/data/stance_cues.toml``).

Denials ("denied", "hoax", "no evidence"), hedges and attribution ("reportedly",
"according to"), confirmations, negations and modality are counted per sentence in the
pipeline and stored; the learned stance model reads them as features.

>>> sentence_cues("Officials denied the report, calling it a hoax.")["deny"]
2
"""

from __future__ import annotations

import functools
import re

from storyline.data_files import packaged_toml

#: The classes, in the order the stance model reads them.
CUE_CLASSES = ("deny", "hedge", "confirm", "negation", "modal")


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = packaged_toml("storyline.data", "stance_cues.toml")
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


def sentence_cues(text: str) -> dict[str, int]:
    """How many words of each cue class the sentence holds, plus ``question`` (it asks)."""
    text = text.replace("\u2019", "'")
    counts = {name: len(pattern.findall(text)) for name, pattern in _patterns().items()}
    counts["question"] = int(text.rstrip("\"'\u201d ").endswith("?"))
    return counts
