"""Opening SQLite connections the way the store needs them, and transactions on them.

Connections run in autocommit mode (``isolation_level=None``) so every transaction is
explicit: writers take the write lock up front with ``BEGIN IMMEDIATE`` and either commit a
whole batch or nothing. WAL lets readers go on while one writer writes; ``busy_timeout``
makes a second writer wait instead of failing at once.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.errors import StoreError

BUSY_TIMEOUT_MS = 10_000
MEMORY = ":memory:"

_savepoints = itertools.count()


def connect(path: str | os.PathLike[str], *, readonly: bool = False) -> sqlite3.Connection:
    """Open ``path`` (or ``":memory:"``) with WAL, foreign keys and a busy timeout.

    A read-only connection fails when the file does not exist rather than creating it.
    """
    target = str(path)
    try:
        if readonly:
            if target == MEMORY:
                raise StoreError("an in-memory database cannot be opened read-only")
            uri = Path(target).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        else:
            if target != MEMORY:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(target, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {target}: {exc}; check the path") from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly and target != MEMORY:
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is safe against corruption; a crash loses no committed batch.
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{target} is not a usable SQLite database: {exc}") from exc
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block in one write transaction; nested blocks become savepoints.

    On an exception everything the block wrote is rolled back and the exception propagates.
    """
    if conn.in_transaction:
        name = f"sp_{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
