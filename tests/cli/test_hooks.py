from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline._hooks import optional_hook


@pytest.fixture
def stage_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throw-away package ``fake_stage`` importable for one test."""
    package = tmp_path / "fake_stage"
    package.mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.startswith("fake_stage")]:
        del sys.modules[name]


def test_a_missing_stage_is_no_hook() -> None:
    assert optional_hook("storyline.not_installed_stage", "link_store") is None


def test_a_stage_without_the_function_is_no_hook(stage_package: Path) -> None:
    (stage_package / "__init__.py").write_text("other = 1\nlink_store = 'not callable'\n")
    assert optional_hook("fake_stage", "missing") is None
    assert optional_hook("fake_stage", "link_store") is None


def test_the_hook_is_the_stage_function(stage_package: Path) -> None:
    (stage_package / "__init__.py").write_text("def link_store(store, settings):\n    return 7\n")
    hook = optional_hook("fake_stage", "link_store")
    assert hook is not None and hook(None, None) == 7


def test_a_broken_stage_is_an_error_not_a_missing_stage(stage_package: Path) -> None:
    (stage_package / "__init__.py").write_text("import fake_dependency_that_is_not_there\n")
    with pytest.raises(ModuleNotFoundError, match="fake_dependency_that_is_not_there"):
        optional_hook("fake_stage", "link_store")
