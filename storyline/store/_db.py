"""Opening SQLite connections the way the store needs them, and transactions on them.

Connections run in autocommit mode (``isolation_level=None``) so every transaction is
explicit: writers take the write lock up front with ``BEGIN IMMEDIATE`` and either commit a
whole batch or nothing. WAL lets readers go on while one writer writes; ``busy_timeout``
makes a second writer wait instead of failing at once.
"""

from __future__ import annotations

import functools
import itertools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from storyline.errors import Errors, StoreError

if TYPE_CHECKING:
    from storyline.store._store import Store

BUSY_TIMEOUT = 5.0  # seconds; the ``busy_timeout`` setting
MEMORY = ":memory:"
#: Values bound in one ``IN (...)`` list; SQLite's limit on parameters is far above.
CHUNK = 500

T = TypeVar("T")
P = ParamSpec("P")

_savepoints = itertools.count()


def connect(
    path: str | os.PathLike[str], *, readonly: bool = False, busy_timeout: float = BUSY_TIMEOUT
) -> sqlite3.Connection:
    """Open ``path`` (or ``":memory:"``) with WAL, foreign keys and a busy timeout.

    A read-only connection fails when the file does not exist rather than creating it. The
    folder of a new database must exist: a mistyped path is reported, not created.
    Raises :class:`StoreError` with one line saying what is wrong (a missing folder, a path
    under a file, a file that is not SQLite, a locked or read-only database).
    """
    target = str(path)
    try:
        if readonly:
            if target == MEMORY:
                raise StoreError(Errors.E304())
            uri = Path(target).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=busy_timeout)
        else:
            if target != MEMORY:
                _check_location(Path(target))
            conn = sqlite3.connect(target, isolation_level=None, timeout=busy_timeout)
    except sqlite3.Error as exc:
        raise StoreError(database_problem(target, exc)) from exc
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly and target != MEMORY:
            conn.execute("PRAGMA journal_mode = WAL")
            # In WAL mode NORMAL is safe against corruption; a crash loses no committed batch.
            conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(database_problem(target, exc)) from exc
    return conn


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``items`` in runs of at most ``size``, for ``IN (...)`` lists read in batches."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(values: Sequence[Any]) -> str:
    """``?, ?, ...``: one SQL parameter mark per value."""
    return ", ".join("?" * len(values))


def reader(
    read: Callable[Concatenate[sqlite3.Connection, P], T],
) -> Callable[Concatenate[Store, P], T]:
    """``read`` (a function of the store's connection) as a read function of the store: the
    interfaces and the link stage call it with the :class:`Store`, and never hold the
    connection itself."""

    @functools.wraps(read)
    def on_store(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return read(store._conn, *args, **kwargs)

    return on_store


class ChangeCounter:
    """SQLite's ``PRAGMA data_version`` of one database, read on a connection of its own:
    the number moves whenever another connection commits, so views cached under it stay
    valid until the database changes. One counter may serve many threads."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._lock = threading.Lock()
        # check_same_thread=False: every use is under _lock
        self._conn = sqlite3.connect(
            Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False
        )

    def generation(self) -> int:
        with self._lock:
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def _check_location(path: Path) -> None:
    folder = path.parent
    if path.is_dir():
        raise StoreError(Errors.E301(path=path))
    for parent in (folder, *folder.parents):
        if parent.exists() and not parent.is_dir():
            raise StoreError(Errors.E303(path=path, parent=parent))
        if parent.exists():
            break
    if not folder.is_dir():
        raise StoreError(Errors.E302(path=path, folder=folder))


def database_problem(path: str, exc: BaseException) -> str:
    """One line saying what is wrong with the database ``path`` and what to do."""
    path = path or "(the one in use)"
    message = str(exc)
    lower = message.lower()
    if "locked" in lower or "busy" in lower:
        return Errors.E315(path=path)
    if "readonly" in lower or "read-only" in lower:
        return Errors.E316(path=path, message=message)
    if "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        return Errors.E317(path=path, message=message)
    if "unable to open" in lower:
        return Errors.E318(path=path, message=message)
    return Errors.E314(path=path, kind=type(exc).__name__, message=message)


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
