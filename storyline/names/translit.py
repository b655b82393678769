"""Latin letters for a name written in another script, as English news would spell it.

anyascii does the script conversion; for Cyrillic, a few letter groups go first the way
English-language outlets write them ("Дж" -> "J": Джон Кірбі -> Jon Kirbi),
so that :func:`~storyline.names.rules.translit_form` can compare "Зеленський",
"Зеленский", "Zelensky" and "Zelenskyy" as spellings of one name.

>>> latin("Джон Кірбі"), latin("Київ"), latin("Зеленський"), latin("Kyiv")
('Jon Kirbi', 'Kiiv', 'Zelenskiy', 'Kyiv')
"""

from __future__ import annotations

import functools
import re

from anyascii import anyascii

__all__ = ["latin"]

_NON_LATIN = re.compile(r"[^\W\d_a-zA-Z\u00C0-\u024F]")
_CYRILLIC_FIRST = (("дж", "j"), ("Дж", "J"), ("ДЖ", "J"), ("ь", ""), ("Ь", ""), ("ъ", ""))


@functools.lru_cache(maxsize=1 << 16)
def latin(text: str) -> str:
    """``text`` in Latin letters; text already in Latin script comes back unchanged."""
    if not _NON_LATIN.search(text):
        return text
    for cyrillic, latin_letters in _CYRILLIC_FIRST:
        text = text.replace(cyrillic, latin_letters)
    return anyascii(text).replace("'", "")
