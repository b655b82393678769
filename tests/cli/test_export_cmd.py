from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.export import validate_export, validation_errors


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def filled_db(articles_dir: Path, db: Path) -> Path:
    result = _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp", "--no-link")
    assert result.exit_code == 0, result.output
    return db


def test_json_export_to_stdout_validates(filled_db: Path) -> None:
    result = _run("export", "--db", str(filled_db))
    assert result.exit_code == 0, result.output
    corpus = json.loads(result.stdout)
    validate_export(corpus)
    titles = {a["title"] for a in corpus["articles"]}
    assert "Rail union calls off strike after pay offer" in titles
    assert "Bridge repairs finish early" in titles


def test_jsonl_export_to_a_file_has_one_valid_article_per_line(
    filled_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "news.jsonl"
    out.parent.mkdir()
    result = _run("export", "--db", str(filled_db), "--format", "jsonl", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "exported 3 articles" in result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    for line in lines:
        assert validation_errors(json.loads(line), "article") == []


def test_csv_export_has_a_row_per_article(filled_db: Path) -> None:
    result = _run("export", "--db", str(filled_db), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    assert {r["source_file"].rsplit("/", 1)[-1] for r in rows} == {
        "port.txt",
        "rail.txt",
        "bridge.html",
    }


def test_export_of_a_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = _run("export", "--db", str(tmp_path / "nothing.db"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "nothing.db").exists()


def test_unknown_format_is_refused(filled_db: Path) -> None:
    result = _run("export", "--db", str(filled_db), "--format", "xml")
    assert result.exit_code == 2


def test_summary_shows_outlets_and_dates(filled_db: Path) -> None:
    result = _run("summary", "--db", str(filled_db))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 3 articles from 2 outlets")
    assert any(line.strip().endswith("Valley Post") for line in lines)
    assert any("2024-03-04 .. 2024-03-06" in line for line in lines)
    assert any(line.strip().startswith("quotes") for line in lines)
