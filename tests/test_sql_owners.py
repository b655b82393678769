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
