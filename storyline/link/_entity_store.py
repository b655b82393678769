"""Entities unified across the stored articles, kept in the store's entity tables
(:mod:`storyline.store._entities`, migration ``0003``).

Each entity is found again by its normalised names (``n:kyiv``) and name-word skeletons
(``w:kyv``); the store's ``mentions.entity_id`` and ``quotes.speaker_entity_id`` point at it.
Here the names are compared; the store runs the SQL.

:func:`unify_store_entities` unifies every article at once (``relink_all``).
:func:`assign_entities` takes only the articles a link run added: they are unified among
themselves, then each of their entities joins the stored entity with the same name or
spelling, or the one :func:`~storyline.link.entities.entity_for_name` fits among the stored
entities sharing a name word; the others are founded. Adding an article so reads the few
entities its names can be, never the whole corpus; the price is that a name is not joined
to an entity founded before it the way a full unification would join it (``link --full``
does that).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.config import Settings
from storyline.errors import Errors, NotFound
from storyline.models import Article, Entity
from storyline.store import Store
from storyline.store._entities import (
    EntityTables,
    MentionRef,
    entity_count_row,
    entity_count_rows,
)

#: Stored entities read to fit one name that matched no known spelling.
POOL_SIZE = 200


@dataclass
class EntitySummary:
    """An entity with how often and in how many articles it is mentioned."""

    entity: Entity
    mentions: int
    articles: int


@dataclass
class _Unified:
    """Entities of some articles with where each is mentioned and how each outlet spells it."""

    entities: list[Entity]
    mapping: dict[MentionRef, str]
    usage: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    articles: dict[str, set[str]] = field(default_factory=dict)
    mentions: Counter[str] = field(default_factory=Counter)


class _Lookup(Protocol):
    def spelled(self, names: Iterable[str]) -> list[Entity]: ...

    def candidates(self, name: str) -> list[Entity]: ...


# ---------------------------------------------------------------------------- keys


def name_keys(names: Iterable[str]) -> set[str]:
    """``n:`` + the normalised form of each name (one key per spelling of one name)."""
    from storyline.names.rules import name_key

    return {f"n:{key}" for name in names if (key := name_key(name))}


def word_keys(names: Iterable[str]) -> set[str]:
    """``w:`` + the consonant skeleton of each longer word of the names, so "Kharkov" finds
    "Kharkiv" and "Austin" finds "Lloyd J. Austin III"."""
    from storyline.names.rules import consonant_skeleton, name_key, strip_titles

    out: set[str] = set()
    for name in names:
        for word in name_key(strip_titles(name)).split():
            if len(word) > 2 and (skeleton := consonant_skeleton(word)):
                out.add(f"w:{skeleton}")
    return out


def _entity_keys(entity: Entity) -> set[str]:
    names = [entity.name, *(a.text for a in entity.aliases)]
    return name_keys(names) | word_keys(names)


# ---------------------------------------------------------------------------- unify


def _entities_module() -> Any:
    """The unifier, imported on first use: it pulls in the per-article name rules."""
    from storyline.link import entities

    return entities


def _unify(articles: Sequence[Article], settings: Settings) -> _Unified:
    """Unify ``articles`` and count each entity's spellings per outlet.

    Case variants only other articles name properly ("KYIV" in a dateline) are added first,
    so the counts per outlet cover the same mentions as the entity's aliases.
    """
    from storyline.names.rules import strip_possessive

    ents = _entities_module()
    # the unifier would add them itself; added here first, their text is known for the counts
    extended = ents.add_case_variants(list(articles))
    entities, mapping = ents.unify_entities(extended, ents.load_alias_table(settings))
    by_id = {a.id: a for a in extended}
    unified = _Unified(entities, mapping)
    usage: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    seen: dict[str, set[str]] = defaultdict(set)
    for (article_id, idx), eid in mapping.items():
        article = by_id[article_id]
        text = strip_possessive(article.mentions[idx].text)
        usage[eid][(text, article.meta.outlet.value or "")] += 1
        seen[eid].add(article_id)
    for entity in entities:
        spelled = {text for text, _ in usage[entity.id]}
        for alias in entity.aliases:
            if alias.text not in spelled:  # an outlet's own name, from metadata only
                outlet = alias.outlets[0] if len(alias.outlets) == 1 else ""
                usage[entity.id][(alias.text, outlet)] += alias.count
    unified.usage = dict(usage)
    unified.articles = dict(seen)
    unified.mentions = Counter(mapping.values())
    return unified


def unify_store_entities(
    tables: EntityTables, articles: Sequence[Article], settings: Settings
) -> dict[MentionRef, str]:
    """Replace every stored entity by a unification of ``articles`` (all stored articles).

    Returns the entity ids of the stored mentions, ``(article id, mention index) -> id``.
    """
    unified = _unify(articles, settings)
    tables.clear()
    for entity in unified.entities:
        _insert(tables, entity, unified, entity.id)
    mapping = _stored_mentions(articles, unified.mapping)
    tables.set_mention_entities(mapping)
    _write_speaker_ids(tables, articles, mapping, _MemoryLookup(unified.entities))
    return mapping


def assign_entities(
    tables: EntityTables, articles: Sequence[Article], settings: Settings
) -> dict[MentionRef, str]:
    """Give the mentions of newly linked ``articles`` their entities, stored or new.

    Returns the entity ids of their stored mentions, ``(article id, mention index) -> id``.
    """
    if not articles:
        return {}
    unified = _unify(articles, settings)
    lookup = _StoreLookup(tables)
    final: dict[str, str] = {}
    for entity in unified.entities:
        match = _match(entity, lookup)
        if match is None:
            target = _free_id(tables, entity, min(unified.articles.get(entity.id, {""})))
            _insert(tables, entity, unified, target)
            lookup.exclude.add(target)  # kept apart from the batch's other entities
        else:
            target = match.id
            _merge(tables, entity, unified, target)
        final[entity.id] = target
    mapping = {ref: final[eid] for ref, eid in _stored_mentions(articles, unified.mapping).items()}
    tables.set_mention_entities(mapping)
    lookup.exclude.clear()
    _write_speaker_ids(tables, articles, mapping, lookup)
    return mapping


def _stored_mentions(
    articles: Sequence[Article], mapping: Mapping[MentionRef, str]
) -> dict[MentionRef, str]:
    """The part of ``mapping`` about mentions the store holds (not the case variants added)."""
    stored = {a.id: len(a.mentions) for a in articles}
    return {ref: eid for ref, eid in mapping.items() if ref[1] < stored.get(ref[0], 0)}


def _match(entity: Entity, lookup: _Lookup) -> Entity | None:
    """The stored entity ``entity`` is: one spelled alike, else the one its name fits."""
    ents = _entities_module()
    person = entity.type == "person"
    spelled = [
        e
        for e in lookup.spelled([entity.name, *(a.text for a in entity.aliases)])
        if (e.type == "person") == person
    ]
    if spelled:
        named = [e for e in spelled if name_keys([e.name]) == name_keys([entity.name])]
        return (named or spelled)[0]
    pool = [e for e in lookup.candidates(entity.name) if (e.type == "person") == person]
    found = ents.entity_for_name(entity.name, pool)
    return next((e for e in pool if e.id == found), None)


def _free_id(tables: EntityTables, entity: Entity, first_article: str) -> str:
    """``entity.id``, or the id :func:`unify_entities` gives the second thing of one name."""
    ents = _entities_module()
    options = [
        entity.id,
        ents.entity_id(f"{entity.name} {entity.type}"),
        ents.entity_id(f"{entity.name} {entity.type} {first_article}"),
    ]
    for option in options:
        if not tables.exists(option):
            return str(option)
    return str(ents.entity_id(f"{entity.name} {entity.type} {first_article} {len(options)}"))


def _counts(entity: Entity, unified: _Unified) -> tuple[int, int]:
    return unified.mentions[entity.id], len(unified.articles.get(entity.id, ()))


def _insert(tables: EntityTables, entity: Entity, unified: _Unified, target: str) -> None:
    usage = unified.usage.get(entity.id, Counter())
    tables.insert(entity, target, _counts(entity, unified), usage, _entity_keys(entity))


def _merge(tables: EntityTables, entity: Entity, unified: _Unified, target: str) -> None:
    usage = unified.usage.get(entity.id, Counter())
    tables.merge(target, _counts(entity, unified), usage, _entity_keys(entity))


def _write_speaker_ids(
    tables: EntityTables,
    articles: Sequence[Article],
    mapping: Mapping[MentionRef, str],
    lookup: _Lookup,
) -> None:
    """Quote speakers as entities: the entity of a mention of the same name in the article,
    else the one stored entity the name fits (see ``entity_for_name``)."""
    from storyline.names.rules import name_key

    ents = _entities_module()
    rows = []
    for article in articles:
        local: dict[str, str] = {}
        for i, mention in enumerate(article.mentions):
            if (eid := mapping.get((article.id, i))) is not None:
                local.setdefault(name_key(mention.canonical or mention.text), eid)
                local.setdefault(name_key(mention.text), eid)
        for idx, quote in enumerate(article.quotes):
            name = quote.speaker_canonical or quote.speaker
            if not name or quote.speaker_kind == "anonymous":
                continue
            found = local.get(name_key(name)) or ents.entity_for_name(name, lookup.candidates(name))
            if found:
                rows.append((found, article.id, idx))
    tables.set_speaker_entities(rows)


class _MemoryLookup:
    """Entities in memory found by their keys (a full unification's speakers)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._by_key: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            for key in _entity_keys(entity):
                self._by_key[key].append(entity)

    def _find(self, keys: Iterable[str]) -> list[Entity]:
        found = {e.id: e for key in sorted(keys) for e in self._by_key.get(key, ())}
        return list(found.values())

    def spelled(self, names: Iterable[str]) -> list[Entity]:
        return self._find(name_keys(names))

    def candidates(self, name: str) -> list[Entity]:
        return self._find(name_keys([name]) | word_keys([name]))


class _StoreLookup:
    """Stored entities found through ``entity_keys``, most mentioned first."""

    def __init__(self, tables: EntityTables) -> None:
        self.tables = tables
        self.exclude: set[str] = set()

    def _find(self, keys: Iterable[str], limit: int) -> list[Entity]:
        found = self.tables.ids_by_keys(keys, limit + len(self.exclude))
        return self.tables.read([i for i in found if i not in self.exclude][:limit])

    def spelled(self, names: Iterable[str]) -> list[Entity]:
        return self._find(name_keys(names), POOL_SIZE)

    def candidates(self, name: str) -> list[Entity]:
        return self._find(name_keys([name]) | word_keys([name]), POOL_SIZE)


# ---------------------------------------------------------------------------- reads


def entities_named(tables: EntityTables, name: str) -> list[str]:
    """Ids of the stored entities ``name`` can designate, for finding what one person said
    by any spelling: the person the link stage joined that spelling to ("Zelensky", "Mr.
    Trump" -> Donald Trump); otherwise the people whose full name it fits ("Joe Biden" for
    "Joseph R. Biden") or, for a surname alone, every person bearing it ("Kirby" -> John
    Kirby). Titles before the name are ignored."""
    from storyline.names.rules import (
        parse_person_name,
        same_person,
        strip_titles,
        surname_matches,
    )

    lookup = _StoreLookup(tables)
    clean = strip_titles(name.strip())
    spelled = [e.id for e in lookup.spelled([name, clean])]
    parsed = parse_person_name(clean)
    named_in_full = any(
        (p := parse_person_name(e.name)) is not None and p.is_full for e in tables.read(spelled)
    )
    if parsed is None or named_in_full:
        return spelled  # the link stage knew whom the spelling means
    people = [e for e in lookup.candidates(clean) if e.type == "person"]
    if parsed.is_full:
        fits = [e.id for e in people if same_person(clean, e.name)]
    else:  # a surname the link stage could not give to one bearer: all of them
        fits = [e.id for e in people if surname_matches(clean, e.name)]
    return list(dict.fromkeys(spelled + fits))


def entity_summaries(
    store: Store,
    text: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[EntitySummary], int]:
    """Entities most mentioned first, with how many match; ``text`` is part of the name or
    of a spelling (any case), ``kind`` the entity type."""
    rows, total = entity_count_rows(store, text, kind, limit, offset)
    found = {e.id: e for e in store.entities.read([r["id"] for r in rows])}
    return [EntitySummary(found[r["id"]], r["mentions"], r["articles"]) for r in rows], total


def entity_summary(store: Store, entity_id: str) -> EntitySummary:
    """One stored entity; raises :class:`NotFound` for an unknown id."""
    row = entity_count_row(store, entity_id)
    if row is None:
        raise NotFound(Errors.E446(entity_id=entity_id))
    (entity,) = store.entities.read([entity_id])
    return EntitySummary(entity, row["mentions"], row["articles"])
