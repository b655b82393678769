"""Which stored entities a name typed by a reader means, in any spelling.

Search and the list filters call :func:`entities_named` so that "Kiev" finds the articles
that write "Kyiv", and "Zelensky" (a surname alone) finds "Volodymyr Zelenskyy". A name
means an entity when one of the entity's spellings has the same normalised form, or, for a
one-word name, when that word is the surname of one of a person's spellings. Loose
look-alikes (the consonant skeletons the link stage uses to *propose* a match) are not
enough here: a reader who types a word wants that word, not its cousins.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.link._entity_store import name_keys, word_keys
from storyline.models import Entity
from storyline.store import Store
from storyline.store._entities import has_entity_tables

#: Entities one name may stand for (most mentioned first).
MAX_ENTITIES = 5
#: Spellings of one entity a search expands to.
MAX_SPELLINGS = 12


def _surname_key(name: str) -> str | None:
    from storyline.names.rules import name_key, parse_person_name

    parsed = parse_person_name(name)
    return name_key(parsed.surname) if parsed and parsed.surname else None


def _means(entity: Entity, key: str, one_word: bool) -> bool:
    from storyline.names.rules import name_key

    spellings = [entity.name, *(a.text for a in entity.aliases)]
    if any(name_key(s) == key for s in spellings):
        return True
    if one_word and entity.type == "person":
        return any(_surname_key(s) == key for s in spellings if " " in s.strip())
    return False


def entities_named(store: Store, name: str, limit: int = MAX_ENTITIES) -> list[Entity]:
    """The stored entities ``name`` stands for, most mentioned first (empty when none).

    >>> from storyline.store import open_store
    >>> entities_named(open_store(":memory:"), "Kyiv")
    []
    """
    from storyline.names.rules import name_key

    key = name_key(name)
    if not key or not has_entity_tables(store):
        return []
    one_word = " " not in key
    keys = sorted(name_keys([name]) | (word_keys([name]) if one_word else set()))
    tables = store.entities
    found = tables.read(tables.ids_by_keys(keys, 50))
    return [e for e in found if _means(e, key, one_word)][:limit]


def entity_ids_named(store: Store, name: str) -> list[str]:
    """The ids of :func:`entities_named` (an entity id given as the name is kept as is)."""
    ids = [e.id for e in entities_named(store, name)]
    if not ids and has_entity_tables(store) and store.entities.exists(name):
        ids = [name]
    return ids


def spellings(entities: Sequence[Entity], limit: int = MAX_SPELLINGS) -> list[str]:
    """Every distinct spelling of ``entities`` (most used first), one per normalised form."""
    from storyline.names.rules import name_key

    seen: set[str] = set()
    out: list[str] = []
    for entity in entities:
        for text in [entity.name, *(a.text for a in entity.aliases)]:
            key = name_key(text)
            if key and key not in seen:
                seen.add(key)
                out.append(text)
    return out[:limit]
