"""Numbered schema migrations: ``migrations/NNNN_name.sql``, applied in order, each once.

Adding a table means adding the next numbered file; nothing else changes. Each file runs
inside its own transaction together with its row in ``schema_migrations``, so a failing
migration leaves the database as it was, and two processes opening a fresh database at
once cannot both apply the same file.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from storyline.errors import Errors, StoreError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def default_migrations_dir() -> Traversable:
    return resources.files("storyline.store") / "migrations"


def discover_migrations(directory: Traversable | Path | None = None) -> list[Migration]:
    """The migration files in ``directory``, ordered by number; duplicates are an error."""
    folder = directory if directory is not None else default_migrations_dir()
    found: dict[int, Migration] = {}
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if not match:
            continue
        version = int(match.group(1))
        if version in found:
            raise StoreError(
                Errors.E306(version=version, name=found[version].name, other=match.group(2))
            )
        found[version] = Migration(version, match.group(2), entry.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    conn.execute(_CREATE_LEDGER)
    return {row[0] for row in conn.execute("SELECT version FROM schema_migrations")}


def apply_migrations(
    conn: sqlite3.Connection, directory: Traversable | Path | None = None
) -> list[int]:
    """Bring the schema up to date; returns the versions applied now (oldest first)."""
    migrations = discover_migrations(directory)
    known = {m.version for m in migrations}
    done = applied_versions(conn)
    unknown = sorted(done - known)
    if unknown:
        raise StoreError(Errors.E305(unknown=unknown))
    applied: list[int] = []
    for migration in migrations:
        if migration.version in done:
            continue
        _apply_one(conn, migration)
        applied.append(migration.version)
    return applied


def _apply_one(conn: sqlite3.Connection, migration: Migration) -> None:
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    script = (
        "BEGIN IMMEDIATE;\n"
        f"{migration.sql}\n;\n"
        "INSERT INTO schema_migrations (version, name, applied_at) "
        f"VALUES ({migration.version}, '{migration.name}', '{stamp}');\n"
        "COMMIT;\n"
    )
    try:
        conn.executescript(script)
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if migration.version in applied_versions(conn):
            return  # another process applied it first
        raise StoreError(
            Errors.E307(version=migration.version, name=migration.name, exc=exc)
        ) from exc


def pending_migrations(
    conn: sqlite3.Connection, directory: Traversable | Path | None = None
) -> list[int]:
    """Versions not yet applied (a read-only connection cannot apply them)."""
    done = {row[0] for row in _ledger_rows(conn)}
    return [m.version for m in discover_migrations(directory) if m.version not in done]


def _ledger_rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    try:
        return list(conn.execute("SELECT version FROM schema_migrations"))
    except sqlite3.OperationalError:
        return []
