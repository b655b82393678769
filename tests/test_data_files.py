"""The one loader of data files: packaged word lists and tables, and a user's files."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from storyline.data_files import packaged_json, packaged_toml, parse_toml, read_toml
from storyline.errors import ConfigError

PACKAGE = Path(__file__).resolve().parents[1] / "storyline"


def test_packaged_files_are_found_in_their_packages() -> None:
    assert "speech" in packaged_toml("storyline.pipeline.quotes", "cues.toml")["cues"]
    assert "patterns" in packaged_toml("storyline.pipeline.dates", "lexicon.toml")
    assert packaged_toml("storyline.pipeline.metadata", "outlets.toml")["outlet"]
    assert "weights" in packaged_json("storyline.pipeline.quotes", "screen.json")
    assert ["cut", "off"] in packaged_toml("storyline.pipeline", "stance_lexicon.toml")[
        "prohibit_phrasal"
    ]
    assert "anonymous" in packaged_toml("storyline.data", "sourcing.toml")
    assert packaged_json("storyline.export", "schema.json")["$defs"]


def test_a_broken_file_is_named_in_the_error(tmp_path: Path) -> None:
    bad = tmp_path / "mine.toml"
    bad.write_text("[outlet\nname = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\[E114\] mine.toml is not valid TOML"):
        read_toml(bad)
    with pytest.raises(ConfigError, match=r"outlet table x.toml is not valid TOML"):
        parse_toml("= 1", "outlet table x.toml")


#: Modules that still read a file themselves, and why.
OWN_READERS = {
    "data_files.py": "the loader itself",
    "config.py": "the user's storyline.toml, with the configuration's own messages",
    "store/_migrations.py": "the folder of SQL migrations, not a data file",
    "link/timeline.py": "timeline_words.toml, read again beside link/timeline_days.py",
}


def _own_readers() -> list[str]:
    """Modules of the package that parse TOML or open package resources themselves."""
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                pair = (node.value.id, node.attr)
                if pair in {("tomllib", "loads"), ("tomllib", "load"), ("resources", "files")}:
                    readers.append(path.relative_to(PACKAGE).as_posix())
    return sorted(set(readers))


def test_data_files_are_read_only_through_the_loader() -> None:
    assert [r for r in _own_readers() if r not in OWN_READERS] == []


def test_every_listed_reader_still_reads_a_file_itself() -> None:
    """An entry of OWN_READERS that no longer reads a file must leave the list."""
    assert sorted(OWN_READERS) == _own_readers()
