"""The tables of entities unified across articles (migration ``0003``): ``entities``,
``entity_aliases`` (each spelling with its uses per outlet), ``entity_keys`` (normalised
names and name-word skeletons that find an entity again), and the entity ids the link stage
gives the stored mentions and quote speakers.

The link stage decides which entity a name is (:mod:`storyline.link._entity_store`) and
writes through :class:`EntityTables` (``store.entities``) inside the store's transaction;
readers call the read functions below with the store, or ``store.entities``.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from storyline.models import Alias, Entity
from storyline.store._db import chunks, marks, reader

MentionRef = tuple[str, int]  # (article id, index into Article.mentions)
#: (spelling, outlet) -> uses
Usage = Mapping[tuple[str, str], int]


class EntityTables:
    """The link stage's writes (and the reads it needs while writing) of the entity tables."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def clear(self) -> None:
        """Forget every entity and the entity ids of mentions and quote speakers."""
        self._conn.execute("DELETE FROM entities")
        self._conn.execute("UPDATE mentions SET entity_id = NULL WHERE entity_id IS NOT NULL")
        self._conn.execute(
            "UPDATE quotes SET speaker_entity_id = NULL WHERE speaker_entity_id IS NOT NULL"
        )

    def exists(self, entity_id: str) -> bool:
        return entity_id_stored(self._conn, entity_id)

    def insert(
        self,
        entity: Entity,
        entity_id: str,
        counts: tuple[int, int],
        usage: Usage,
        keys: Iterable[str],
    ) -> None:
        """Found an entity under ``entity_id`` with its (mentions, articles) counts, its
        spellings' uses per outlet and the keys that find it."""
        self._conn.execute(
            "INSERT INTO entities (id, name, type, mentions, articles) VALUES (?, ?, ?, ?, ?)",
            (entity_id, entity.name, entity.type, counts[0], counts[1]),
        )
        self._conn.executemany(
            "INSERT INTO entity_aliases (entity_id, text, outlet, count) VALUES (?, ?, ?, ?)",
            [(entity_id, text, outlet, n) for (text, outlet), n in sorted(usage.items())],
        )
        self._add_keys(entity_id, keys)

    def merge(
        self, entity_id: str, counts: tuple[int, int], usage: Usage, keys: Iterable[str]
    ) -> None:
        """Add mentions, articles, spellings and keys to the stored entity ``entity_id``."""
        self._conn.execute(
            "UPDATE entities SET mentions = mentions + ?, articles = articles + ? WHERE id = ?",
            (counts[0], counts[1], entity_id),
        )
        self._conn.executemany(
            "INSERT INTO entity_aliases (entity_id, text, outlet, count) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (entity_id, text, outlet) DO UPDATE SET count = count + excluded.count",
            [(entity_id, text, outlet, n) for (text, outlet), n in sorted(usage.items())],
        )
        self._add_keys(entity_id, keys)

    def _add_keys(self, entity_id: str, keys: Iterable[str]) -> None:
        self._conn.executemany(
            "INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)",
            [(key, entity_id) for key in sorted(keys)],
        )

    def set_mention_entities(self, mapping: Mapping[MentionRef, str]) -> None:
        """Give stored mentions ``(article id, index)`` their entity ids."""
        self._conn.executemany(
            "UPDATE mentions SET entity_id = ? WHERE article_id = ? AND idx = ?",
            [(eid, aid, idx) for (aid, idx), eid in sorted(mapping.items())],
        )

    def set_speaker_entities(self, rows: Iterable[tuple[str, str, int]]) -> None:
        """Give stored quotes ``(entity id, article id, index)`` their speaker's entity."""
        self._conn.executemany(
            "UPDATE quotes SET speaker_entity_id = ? WHERE article_id = ? AND idx = ?",
            list(rows),
        )

    def ids_by_keys(self, keys: Iterable[str], limit: int) -> list[str]:
        return entity_ids_by_keys(self._conn, keys, limit)

    def read(self, ids: Sequence[str]) -> list[Entity]:
        return read_entities(self._conn, ids)

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        return _entity_names(self._conn, ids)


# ---------------------------------------------------------------------------- readers


@reader
def has_entity_tables(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entity_keys'"
    ).fetchone()
    return row is not None


def entity_ids_by_keys(conn: sqlite3.Connection, keys: Iterable[str], limit: int) -> list[str]:
    """Ids of the entities found under any of ``keys``, most mentioned first."""
    wanted = sorted(set(keys))
    if not wanted:
        return []
    rows = conn.execute(
        "SELECT DISTINCT k.entity_id FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
        f"WHERE k.key IN ({marks(wanted)}) ORDER BY e.mentions DESC, e.id LIMIT ?",
        [*wanted, limit],
    )
    return [r[0] for r in rows]


def entity_id_stored(conn: sqlite3.Connection, entity_id: str) -> bool:
    row = conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return row is not None


def read_entities(conn: sqlite3.Connection, ids: Sequence[str]) -> list[Entity]:
    """The stored entities ``ids`` (unknown ids left out), in the order given."""
    rows: dict[str, sqlite3.Row] = {}
    aliases: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for chunk in chunks(list(dict.fromkeys(ids))):
        for r in conn.execute(f"SELECT * FROM entities WHERE id IN ({marks(chunk)})", chunk):
            rows[r["id"]] = r
        for r in conn.execute(
            f"SELECT * FROM entity_aliases WHERE entity_id IN ({marks(chunk)})", chunk
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


@reader
def entity_count_rows(
    conn: sqlite3.Connection,
    text: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> tuple[list[sqlite3.Row], int]:
    """``(id, mentions, articles)`` of the entities most mentioned first, and how many match;
    ``text`` is part of the name or of a spelling (any case), ``kind`` the entity type."""
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
    return rows, total


@reader
def entity_count_row(conn: sqlite3.Connection, entity_id: str) -> sqlite3.Row | None:
    """``(id, mentions, articles)`` of one entity, or None."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT id, mentions, articles FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    return row


@reader
def entity_usage(conn: sqlite3.Connection, entity_id: str) -> dict[str, dict[str, int]]:
    """How each outlet spelled the entity: outlet -> spelling -> uses, most used first."""
    usage: dict[str, Counter[str]] = defaultdict(Counter)
    for r in conn.execute(
        "SELECT text, outlet, count FROM entity_aliases WHERE entity_id = ?", (entity_id,)
    ):
        usage[r["outlet"] or "(unknown outlet)"][r["text"]] += r["count"]
    return {outlet: dict(counts.most_common()) for outlet, counts in sorted(usage.items())}


def _entity_names(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, str]:
    """Entity id -> name for the stored ones among ``ids``."""
    out: dict[str, str] = {}
    for chunk in chunks(sorted(set(ids))):
        for r in conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks(chunk)})", chunk):
            out[r["id"]] = r["name"]
    return out


#: The names of the given entity ids, read with the store.
entity_names = reader(_entity_names)
