"""Reading a reader's search words: plain words by default, every spelling of a name.

A plain query is a list of words that must all occur, whatever punctuation they carry
(``long-range``, ``Kirby's``, ``U.S.``). A run of words that names a stored entity
("Kiev", "Zelensky", "John Kirby") matches any spelling of that entity, so "Kiev" and
"Kyiv" find the same articles. FTS5 syntax (``OR``, ``NOT``, ``"phrases"``, ``prefix*``,
``title:``) is read only when asked for with ``syntax="fts"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from storyline.errors import Errors, QueryError
from storyline.link.name_lookup import entities_named, spellings
from storyline.models import Entity
from storyline.store import Store

Syntax = Literal["plain", "fts"]
SYNTAXES: tuple[str, ...] = ("plain", "fts")

#: Longest run of words tried as one name.
MAX_NAME_WORDS = 4
#: Words of a query looked up as names (the rest are plain words).
MAX_LOOKUP_WORDS = 16
_WORD = re.compile(r"\w")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s$", re.IGNORECASE)


@dataclass
class ReadQuery:
    """The FTS5 query a reader's words become, and the entities their names stand for."""

    fts: str
    entities: list[Entity] = field(default_factory=list)


def check_syntax(syntax: str) -> Syntax:
    if syntax not in SYNTAXES:
        raise QueryError(Errors.E417(syntaxes=", ".join(SYNTAXES), syntax=syntax))
    return syntax  # type: ignore[return-value]


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _alternatives(unit: str, entities: list[Entity]) -> list[str]:
    from storyline.names.rules import parse_person_name

    alts = [unit, *spellings(entities)]
    for entity in entities:
        if entity.type == "person":  # "Mr. Zelenskyy" says only the surname
            for text in [entity.name, *(a.text for a in entity.aliases)]:
                parsed = parse_person_name(text)
                if parsed and parsed.surname and " " in text.strip():
                    alts.append(parsed.surname)
    return list(dict.fromkeys(a for a in alts if _WORD.search(a)))


def read_plain_query(store: Store, text: str) -> ReadQuery:
    """Plain words as an FTS5 query; names expand to every spelling of their entity.

    >>> from storyline.store import open_store
    >>> read_plain_query(open_store(":memory:"), "U.S. long-range").fts
    '"U.S." AND "long-range"'
    """
    words = [w for w in text.split() if _WORD.search(w)]
    parts: list[str] = []
    found: list[Entity] = []
    i = 0
    while i < len(words):
        step, alts = 1, [words[i]]
        if i < MAX_LOOKUP_WORDS:
            for n in range(min(MAX_NAME_WORDS, len(words) - i), 0, -1):
                unit = " ".join(words[i : i + n])
                entities = entities_named(store, unit)
                if entities:
                    step, alts = n, _alternatives(unit, entities)
                    found.extend(e for e in entities if e not in found)
                    break
        if len(alts) == 1:
            # "Kirby's" finds "Kirby" too: the word without its possessive matches both
            parts.append(_phrase(_POSSESSIVE.sub("", alts[0]) or alts[0]))
        else:
            parts.append("(" + " OR ".join(_phrase(a) for a in alts) + ")")
        i += step
    return ReadQuery(" AND ".join(parts), found)
