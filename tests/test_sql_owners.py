"""Each piece of state has one owner: only the store runs SQL. The link stage writes its
tables through the store (``store.links``, ``store.entities``, inside ``store.transaction()``);
readers call the store's read functions."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "storyline"

#: Subpackages that own tables and may run SQL on a connection.
OWNERS = ("store",)

#: Modules elsewhere that still run SQL, each with the reason. Keep it empty: move a new
#: query into a read function of ``storyline/store`` instead of adding a line here.
ALLOWED: dict[str, str] = {}

_SQL_CALLS = {"execute", "executemany", "executescript"}


def _sql_calls(path: Path) -> list[int]:
    """Line numbers of ``<something>.execute(...)``-style calls in one source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _SQL_CALLS
    ]


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_scan_finds_sql_where_it_is() -> None:
    found = _sql_calls(PACKAGE / "store" / "_reads.py")
    assert len(found) > 10


def test_only_the_owners_run_sql() -> None:
    offenders = []
    for path in _modules():
        rel = path.relative_to(PACKAGE).as_posix()
        if rel.split("/", 1)[0] in OWNERS or rel in ALLOWED:
            continue
        offenders.extend(f"storyline/{rel}:{line}" for line in _sql_calls(path))
    assert offenders == [], (
        "SQL outside storyline/store; add a read or write function to the store: "
        + ", ".join(offenders)
    )


def test_the_allow_list_names_existing_modules_with_sql() -> None:
    for rel in ALLOWED:
        assert _sql_calls(PACKAGE / rel), f"{rel} runs no SQL any more; drop it from ALLOWED"


#: What reaches a connection: the store's private attribute, the property it no longer has,
#: and opening one.
_CONNECTION_ATTRIBUTES = {"_conn", "connection"}


def _connection_uses(path: Path) -> list[int]:
    """Line numbers where a module reaches a database connection itself."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in _CONNECTION_ATTRIBUTES
            or (
                isinstance(node, ast.Attribute)
                and node.attr == "connect"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sqlite3"
            )
        ):
            lines.append(node.lineno)
    return lines


def test_the_connection_scan_finds_the_store_reaching_its_connection() -> None:
    assert _connection_uses(PACKAGE / "store" / "_db.py")  # connect() opens one
    assert _connection_uses(PACKAGE / "store" / "_store.py")  # self._conn


def test_no_module_outside_the_store_holds_a_connection() -> None:
    # readers pass the Store to read functions; the store alone opens and uses connections
    offenders = [
        f"storyline/{path.relative_to(PACKAGE).as_posix()}:{line}"
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] not in OWNERS
        for line in _connection_uses(path)
    ]
    assert offenders == [], "a connection outside storyline/store: " + ", ".join(offenders)
