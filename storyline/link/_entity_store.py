"""Entities unified across the stored articles: the tables of migration ``0003``.

``entities`` holds one row per entity, ``entity_aliases`` each spelling with its uses per
outlet, ``entity_keys`` the normalised names (``n:kyiv``) and name-word skeletons
(``w:kyv``) that find an entity again; the store's ``mentions.entity_id`` and
``quotes.speaker_entity_id`` point into ``entities``.

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

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from storyline.config import Settings
from storyline.errors import NotFound
from storyline.models import Alias, Article, Entity

MentionRef = tuple[str, int]  # (article id, index into Article.mentions)

_CHUNK = 500
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


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _marks(items: Sequence[Any]) -> str:
    return ", ".join("?" * len(items))


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


def clear_entities(conn: sqlite3.Connection) -> None:
    """Forget every entity and the entity ids of mentions and quote speakers."""
    conn.execute("DELETE FROM entities")
    conn.execute("UPDATE mentions SET entity_id = NULL WHERE entity_id IS NOT NULL")
    conn.execute("UPDATE quotes SET speaker_entity_id = NULL WHERE speaker_entity_id IS NOT NULL")


def unify_store_entities(
    conn: sqlite3.Connection, articles: Sequence[Article], settings: Settings
) -> dict[MentionRef, str]:
    """Replace every stored entity by a unification of ``articles`` (all stored articles).

    Returns the entity ids of the stored mentions, ``(article id, mention index) -> id``.
    """
    unified = _unify(articles, settings)
    clear_entities(conn)
    for entity in unified.entities:
        _insert(conn, entity, unified, entity.id)
    mapping = _stored_mentions(articles, unified.mapping)
    _write_mention_ids(conn, mapping)
    _write_speaker_ids(conn, articles, mapping, _MemoryLookup(unified.entities))
    return mapping


def assign_entities(
    conn: sqlite3.Connection, articles: Sequence[Article], settings: Settings
) -> dict[MentionRef, str]:
    """Give the mentions of newly linked ``articles`` their entities, stored or new.

    Returns the entity ids of their stored mentions, ``(article id, mention index) -> id``.
    """
    if not articles:
        return {}
    unified = _unify(articles, settings)
    lookup = _StoreLookup(conn)
    final: dict[str, str] = {}
    for entity in unified.entities:
        match = _match(entity, lookup)
        if match is None:
            target = _free_id(conn, entity, min(unified.articles.get(entity.id, {""})))
            _insert(conn, entity, unified, target)
            lookup.exclude.add(target)  # kept apart from the batch's other entities
        else:
            target = match.id
            _merge(conn, entity, unified, target)
        final[entity.id] = target
    mapping = {ref: final[eid] for ref, eid in _stored_mentions(articles, unified.mapping).items()}
    _write_mention_ids(conn, mapping)
    lookup.exclude.clear()
    _write_speaker_ids(conn, articles, mapping, lookup)
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


def _free_id(conn: sqlite3.Connection, entity: Entity, first_article: str) -> str:
    """``entity.id``, or the id :func:`unify_entities` gives the second thing of one name."""
    ents = _entities_module()
    options = [
        entity.id,
        ents.entity_id(f"{entity.name} {entity.type}"),
        ents.entity_id(f"{entity.name} {entity.type} {first_article}"),
    ]
    for option in options:
        if conn.execute("SELECT 1 FROM entities WHERE id = ?", (option,)).fetchone() is None:
            return str(option)
    return str(ents.entity_id(f"{entity.name} {entity.type} {first_article} {len(options)}"))


def _insert(conn: sqlite3.Connection, entity: Entity, unified: _Unified, target: str) -> None:
    usage = unified.usage.get(entity.id, Counter())
    conn.execute(
        "INSERT INTO entities (id, name, type, mentions, articles) VALUES (?, ?, ?, ?, ?)",
        (
            target,
            entity.name,
            entity.type,
            unified.mentions[entity.id],
            len(unified.articles.get(entity.id, ())),
        ),
    )
    conn.executemany(
        "INSERT INTO entity_aliases (entity_id, text, outlet, count) VALUES (?, ?, ?, ?)",
        [(target, text, outlet, n) for (text, outlet), n in sorted(usage.items())],
    )
    _add_keys(conn, target, _entity_keys(entity))


def _merge(conn: sqlite3.Connection, entity: Entity, unified: _Unified, target: str) -> None:
    usage = unified.usage.get(entity.id, Counter())
    conn.execute(
        "UPDATE entities SET mentions = mentions + ?, articles = articles + ? WHERE id = ?",
        (unified.mentions[entity.id], len(unified.articles.get(entity.id, ())), target),
    )
    conn.executemany(
        "INSERT INTO entity_aliases (entity_id, text, outlet, count) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (entity_id, text, outlet) DO UPDATE SET count = count + excluded.count",
        [(target, text, outlet, n) for (text, outlet), n in sorted(usage.items())],
    )
    _add_keys(conn, target, _entity_keys(entity))


def _add_keys(conn: sqlite3.Connection, entity_id: str, keys: Iterable[str]) -> None:
    conn.executemany(
        "INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
        [(key, entity_id) for key in sorted(keys)],
    )


def _write_mention_ids(conn: sqlite3.Connection, mapping: Mapping[MentionRef, str]) -> None:
    conn.executemany(
        "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND idx = ?",
        [(eid, aid, idx) for (aid, idx), eid in sorted(mapping.items())],
    )


def _write_speaker_ids(
    conn: sqlite3.Connection,
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
    conn.executemany(
        "UPDATE quotes SET speaker_entity_id = ? WHERE article_id = ? AND idx = ?", rows
    )


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

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.exclude: set[str] = set()

    def _find(self, keys: Iterable[str], limit: int) -> list[Entity]:
        wanted = sorted(keys)
        if not wanted:
            return []
        ids = [
            r[0]
            for r in self.conn.execute(
                "SELECT DISTINCT k.entity_id FROM entity_keys k JOIN entities e "
                f"ON e.id = k.entity_id WHERE k.key IN ({_marks(wanted)}) "
                "ORDER BY e.mentions DESC, e.id LIMIT ?",
                [*wanted, limit + len(self.exclude)],
            )
            if r[0] not in self.exclude
        ]
        return read_entities(self.conn, ids[:limit])

    def spelled(self, names: Iterable[str]) -> list[Entity]:
        return self._find(name_keys(names), POOL_SIZE)

    def candidates(self, name: str) -> list[Entity]:
        return self._find(name_keys([name]) | word_keys([name]), POOL_SIZE)


# ---------------------------------------------------------------------------- reads


def entities_named(conn: sqlite3.Connection, name: str) -> list[str]:
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

    lookup = _StoreLookup(conn)
    clean = strip_titles(name.strip())
    spelled = [e.id for e in lookup.spelled([name, clean])]
    parsed = parse_person_name(clean)
    named_in_full = any(
        (p := parse_person_name(e.name)) is not None and p.is_full
        for e in read_entities(conn, spelled)
    )
    if parsed is None or named_in_full:
        return spelled  # the link stage knew whom the spelling means
    people = [e for e in lookup.candidates(clean) if e.type == "person"]
    if parsed.is_full:
        fits = [e.id for e in people if same_person(clean, e.name)]
    else:  # a surname the link stage could not give to one bearer: all of them
        fits = [e.id for e in people if surname_matches(clean, e.name)]
    return list(dict.fromkeys(spelled + fits))


def read_entities(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Entity]:
    """The stored entities ``ids`` (unknown ids left out), in the order given."""
    rows: dict[str, sqlite3.Row] = {}
    aliases: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for chunk in _chunks(list(dict.fromkeys(ids))):
        for r in conn.execute(f"SELECT * FROM entities WHERE id IN ({_marks(chunk)})", chunk):
            rows[r["id"]] = r
        for r in conn.execute(
            f"SELECT * FROM entity_aliases WHERE entity_id IN ({_marks(chunk)})", chunk
        ):
            aliases[r["entity_id"]].append(r)
    return [_entity(rows[i], aliases[i]) for i in ids if i in rows]


def _entity(row: sqlite3.Row, alias_rows: Iterable[sqlite3.Row]) -> Entity:
    counts: Counter[str] = Counter()
    outlets: dict[str, set[str]] = defaultdict(set)
    for r in alias_rows:
        counts[r["text"]] += r["count"]
        if r["outlet"]:
            outlets[r["text"]].add(r["outlet"])
    aliases = [Alias(text, n, sorted(outlets[text])) for text, n in counts.items()]
    aliases.sort(key=lambda a: (-a.count, a.text))
    return Entity(id=row["id"], name=row["name"], type=row["type"], aliases=aliases)


def entity_summaries(
    conn: sqlite3.Connection,
    text: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[EntitySummary], int]:
    """Entities most mentioned first, with how many match; ``text`` is part of the name or
    of a spelling (any case), ``kind`` the entity type."""
    clauses, params = [], []
    if kind:
        clauses.append("e.type = ?")
        params.append(kind)
    needle = (text or "").strip()
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            "(e.name LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM entity_aliases x WHERE "
            "x.entity_id = e.id AND x.text LIKE ? ESCAPE '\\'))"
        )
        params += [pattern, pattern]
    where = " AND ".join(clauses) or "1"
    total = int(
        conn.execute(f"SELECT count(*) FROM entities e WHERE {where}", params).fetchone()[0]
    )
    rows = conn.execute(
        f"SELECT e.id, e.mentions, e.articles FROM entities e WHERE {where} "
        "ORDER BY e.mentions DESC, e.name, e.id LIMIT ? OFFSET ?",
        [*params, -1 if limit is None else limit, offset],
    ).fetchall()
    found = {e.id: e for e in read_entities(conn, [r["id"] for r in rows])}
    return [EntitySummary(found[r["id"]], r["mentions"], r["articles"]) for r in rows], total


def entity_summary(conn: sqlite3.Connection, entity_id: str) -> EntitySummary:
    """One stored entity; raises :class:`NotFound` for an unknown id."""
    row = conn.execute(
        "SELECT id, mentions, articles FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        raise NotFound(f"no entity with id {entity_id!r}")
    (entity,) = read_entities(conn, [entity_id])
    return EntitySummary(entity, row["mentions"], row["articles"])


def entity_usage(conn: sqlite3.Connection, entity_id: str) -> dict[str, dict[str, int]]:
    """How each outlet spelled the entity: outlet -> spelling -> uses, most used first."""
    usage: dict[str, Counter[str]] = defaultdict(Counter)
    for r in conn.execute(
        "SELECT text, outlet, count FROM entity_aliases WHERE entity_id = ?", (entity_id,)
    ):
        usage[r["outlet"] or "(unknown outlet)"][r["text"]] += r["count"]
    return {outlet: dict(counts.most_common()) for outlet, counts in sorted(usage.items())}


def entity_names(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """Entity id -> name for the stored ones among ``ids``."""
    wanted = sorted(set(ids))
    out: dict[str, str] = {}
    for chunk in _chunks(wanted):
        for r in conn.execute(
            f"SELECT id, name FROM entities WHERE id IN ({_marks(chunk)})", chunk
        ):
            out[r["id"]] = r["name"]
    return out


def mention_entity_ids(
    conn: sqlite3.Connection, article_ids: Sequence[str]
) -> dict[MentionRef, str]:
    """The stored entity ids of the mentions of ``article_ids``."""
    out: dict[MentionRef, str] = {}
    for chunk in _chunks(list(dict.fromkeys(article_ids))):
        for r in conn.execute(
            f"SELECT article_id, idx, entity_id FROM mentions WHERE article_id IN "
            f"({_marks(chunk)}) AND entity_id IS NOT NULL",
            chunk,
        ):
            out[(r["article_id"], r["idx"])] = r["entity_id"]
    return out
