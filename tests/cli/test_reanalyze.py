from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.config import Settings
from storyline.store import Store, open_store
from tests.conftest import store_sql


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]


def test_reanalyze_keeps_ids_of_unchanged_content(articles_dir: Path, db: Path) -> None:
    assert _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp").exit_code == 0
    before = _ids(db)
    with open_store(db) as store:
        texts = {a.id: a.text for a in store.iter_articles()}

    result = _run("reanalyze", "--db", str(db), "--no-nlp")

    assert result.exit_code == 0, result.output
    assert "reanalysed 3: same id 3, new id 0, failed 0" in result.stdout
    assert _ids(db) == before
    with open_store(db) as store:
        assert {a.id: a.text for a in store.iter_articles()} == texts


def test_reanalyze_moves_an_article_whose_raw_document_changed(
    articles_dir: Path, db: Path
) -> None:
    assert _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp").exit_code == 0
    with open_store(db) as store:
        port = next(a for a in store.iter_articles() if a.source.file.endswith("port.txt"))
        raw = store.get_raw_document(port.id)
        assert raw is not None
        raw.body = raw.body.replace("three weeks", "four weeks")
        # an earlier version stored a slightly different raw document for the same article
        store_sql(store).execute(
            "UPDATE raw_documents SET data = ? WHERE article_id = ?",
            (json.dumps(raw.to_dict()), port.id),
        )

    result = _run("reanalyze", "--db", str(db), "--no-nlp")

    assert result.exit_code == 0, result.output
    assert "same id 2, new id 1" in result.stdout
    with open_store(db) as store:
        assert not store.has_article(port.id)
        assert store.count_articles() == 3
        moved = next(a for a in store.iter_articles() if a.source.file.endswith("port.txt"))
        assert "four weeks" in moved.text
        assert store.search("four weeks")[0].article_id == moved.id


def test_reanalyze_of_a_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("reanalyze", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_reanalyze_relinks_everything_when_the_stage_can(
    articles_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp", "--no-link").exit_code == 0
    )
    calls: list[str] = []

    def hook_for(module: str, name: str) -> Callable[[Store, Settings], None] | None:
        if module != "storyline.link":
            return None
        return lambda store, settings: calls.append(f"{name}:{store.count_articles()}")

    monkeypatch.setattr("storyline._analyze.optional_hook", hook_for)
    assert _run("reanalyze", "--db", str(db), "--no-nlp").exit_code == 0
    assert calls == ["relink_all:3"]
    assert _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp").exit_code == 0
    assert calls == ["relink_all:3", "link_store:3"]
