"""The one loader of data files: packaged word lists and tables, and a user's files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from storyline.data_files import packaged_json, packaged_toml, parse_toml, read_toml
from storyline.errors import ConfigError

PIPELINE = Path(__file__).resolve().parents[1] / "storyline" / "pipeline"


def test_packaged_files_are_found_in_their_packages() -> None:
    assert "speech" in packaged_toml("storyline.pipeline.quotes", "cues.toml")["cues"]
    assert "patterns" in packaged_toml("storyline.pipeline.dates", "lexicon.toml")
    assert packaged_toml("storyline.pipeline.metadata", "outlets.toml")["outlet"]
    assert "weights" in packaged_json("storyline.pipeline.quotes", "screen.json")


def test_a_broken_file_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text("[outlet\nname = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\[E114\] mine.toml is not valid TOML"):
        read_toml(bad)
    with pytest.raises(ConfigError, match=r"outlet table x.toml is not valid TOML"):
        parse_toml("= 1", "outlet table x.toml")


def test_the_pipeline_reads_data_files_only_through_the_loader() -> None:
    readers = []
    for path in PIPELINE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                if (node.value.id, node.attr) in {("tomllib", "loads"), ("tomllib", "load")}:
                    readers.append(str(path.relative_to(PIPELINE)))
                if (node.value.id, node.attr) == ("resources", "files"):
                    readers.append(str(path.relative_to(PIPELINE)))
    assert readers == []
