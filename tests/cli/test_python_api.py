"""The Python API mirrors the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import storyline
from storyline.config import Settings


def test_every_public_name_resolves() -> None:
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None, name
    assert set(storyline.__all__) <= set(dir(storyline))
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        _ = storyline.nonsense  # type: ignore[attr-defined]


@pytest.mark.slow
def test_importing_storyline_loads_no_stage() -> None:
    code = (
        "import sys, storyline; print(sorted(m for m in sys.modules if m.startswith('storyline')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "['storyline']"


def test_analyze_paths_into_a_database_file(articles_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "api.db"
    report = storyline.analyze_paths([articles_dir], db, use_nlp=False, link=False)
    assert len(report.added) == 3 and report.ok
    again = storyline.analyze_paths([articles_dir], db, use_nlp=False, link=False)
    assert again.added == [] and sorted(again.present) == sorted(report.added)
    with storyline.open_store(db) as store:
        hits = store.search("quay")
        assert [h.title for h in hits] == ["Harbour authority reopens northern quay"]
        corpus = storyline.export_corpus(store, sections={})
    storyline.validate_export(corpus)


def test_analyze_paths_into_an_open_store_with_defaults(articles_dir: Path) -> None:
    settings = Settings(batch_size=2)
    with storyline.open_store(":memory:") as store:
        report = storyline.analyze_paths(
            [articles_dir / "rail.txt"],
            store,
            settings=settings,
            use_nlp=False,
            link=False,
            outlet="Rail Weekly",
        )
        article = store.get_article(report.added[0])
        assert article.outlet == "Rail Weekly"
        assert article.meta.outlet.source == "input"
        redo = storyline.reanalyze(store, settings=settings, use_nlp=False, link=False)
        assert redo.unchanged == report.added and redo.ok
