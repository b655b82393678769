"""The public names of ``storyline`` are listed three times (the lazy-import table, ``__all__``
and the imports for type checkers); they must agree, and every one must resolve."""

from __future__ import annotations

import ast
import inspect

import pytest

import storyline


def _type_checking_imports() -> set[str]:
    tree = ast.parse(inspect.getsource(storyline))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                if isinstance(stmt, ast.ImportFrom):
                    names.update(alias.asname or alias.name for alias in stmt.names)
    return names


def test_all_matches_the_lazy_import_table() -> None:
    assert sorted(storyline.__all__) == sorted(storyline._EXPORTS)
    assert len(storyline.__all__) == len(set(storyline.__all__))


def test_type_checking_imports_match_all() -> None:
    assert _type_checking_imports() == set(storyline.__all__)


@pytest.mark.parametrize("name", sorted(storyline._EXPORTS))
def test_each_public_name_resolves_from_its_module(name: str) -> None:
    value = getattr(storyline, name)
    module = storyline._EXPORTS[name]
    assert getattr(value, "__module__", module).startswith("storyline")
    assert value is getattr(__import__(module, fromlist=[name]), name)


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = storyline.no_such_name  # type: ignore[attr-defined]
