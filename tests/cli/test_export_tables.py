"""``storyline export --table``: one row per fact, a story filter, Excel's BOM, Parquet, and
one clear error for an output folder that does not exist (export and report alike)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from tests.api.conftest import BAN, EASED, LIFTED, OTHER, make_db


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def linked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("tables") / "corpus.db")


def _story_of(db: Path, article_id: str) -> str:
    rows = _csv(db, "articles")
    return next(r["story_id"] for r in rows if r["id"] == article_id)


def _csv(db: Path, table: str, *extra: str) -> list[dict[str, str]]:
    result = _run("export", "--db", str(db), "--format", "csv", "--table", table, *extra)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_quotes_table_has_one_row_per_quote_with_story_title(linked_db: Path) -> None:
    rows = _csv(linked_db, "quotes")
    assert len(rows) == 5  # BAN, its copy, EASED: one each; LIFTED: two
    said = {r["text"] for r in rows}
    assert "Small ships bring visitors without the crowds," in said
    eased = next(r for r in rows if r["article_id"] == EASED.id)
    assert eased["speaker"] == "Inês Carvalho" and eased["outlet"] == "Harbour Post"
    assert eased["story_title"] and eased["story_title"] != eased["story_id"]


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("articles", "story_title"),
        ("mentions", "canonical"),
        ("dates", "value"),
        ("entities", "spellings"),
        ("timeline", "text"),
        ("outlets", "outlet"),
        ("claims", "stance"),
    ],
)
def test_every_table_exports_with_its_columns(linked_db: Path, table: str, column: str) -> None:
    result = _run("export", "--db", str(linked_db), "--format", "csv", "--table", table)
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames and column in reader.fieldnames
    rows = list(reader)
    if table != "claims":  # claims need a language model; the header is still there
        assert rows


def test_entities_keep_every_spelling(linked_db: Path) -> None:
    rows = _csv(linked_db, "entities")
    carvalho = next(r for r in rows if "Carvalho" in r["name"])
    assert {"Ines Carvalho", "Inês Carvalho"} <= set(carvalho["spellings"].split("; "))


def test_story_filter_keeps_one_story(linked_db: Path) -> None:
    story = _story_of(linked_db, BAN.id)
    rows = _csv(linked_db, "articles", "--story", story)
    assert OTHER.id not in {r["id"] for r in rows}
    assert {BAN.id, EASED.id, LIFTED.id} <= {r["id"] for r in rows}
    assert {r["story_id"] for r in _csv(linked_db, "timeline", "--story", story)} == {story}
    result = _run("export", "--db", str(linked_db), "--format", "jsonl", "--story", story)
    assert result.exit_code == 0
    ids = {json.loads(line)["id"] for line in result.stdout.splitlines()}
    assert ids == {r["id"] for r in rows}
    unknown = _run("export", "--db", str(linked_db), "--format", "csv", "--story", "story-nope")
    assert unknown.exit_code != 0 and "no story" in unknown.stderr
    assert "Traceback" not in unknown.output


def test_bom_makes_excel_read_utf8(linked_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "quotes.csv"
    result = _run(
        "export",
        "--db",
        str(linked_db),
        "--format",
        "csv",
        "--table",
        "quotes",
        "--bom",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert "Inês" in data.decode("utf-8-sig")


def test_parquet_table(linked_db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "quotes.parquet"
    result = _run(
        "export",
        "--db",
        str(linked_db),
        "--format",
        "parquet",
        "--table",
        "quotes",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert table.num_rows == 5 and "story_title" in table.column_names


def test_missing_output_folder_is_one_clear_error(linked_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "dir"
    for args in (
        ("export", "--out", str(missing / "x.json")),
        ("report", "--story", _story_of(linked_db, BAN.id), "--out", str(missing / "r.html")),
    ):
        result = _run(*args, "--db", str(linked_db))
        assert result.exit_code == 1, result.output
        assert "does not exist" in result.stderr and "Traceback" not in result.output
        assert not (tmp_path / "missing").exists()


def test_report_and_export_files_get_the_same_mode(linked_db: Path, tmp_path: Path) -> None:
    story = _story_of(linked_db, BAN.id)
    exported, reported = tmp_path / "x.json", tmp_path / "r.html"
    assert _run("export", "--db", str(linked_db), "--out", str(exported)).exit_code == 0
    result = _run("report", "--db", str(linked_db), "--story", story, "--out", str(reported))
    assert result.exit_code == 0, result.output
    mask = os.umask(0)
    os.umask(mask)
    for path in (exported, reported):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
