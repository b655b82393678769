"""Metadata a user can fix: a manifest beside the inputs, ``storyline set``, analyze run
again with --published, and a loud warning about undated articles."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.store import open_store

UNDATED = {
    "quay.txt": (
        "Harbour authority reopens northern quay\n\n"
        "The harbour authority said the northern quay would reopen to container traffic "
        "after three weeks of repairs, and that the first ships were expected soon.\n"
    ),
    "strike.txt": (
        "Rail union calls off strike after pay offer\n\n"
        "The rail union called off next week's strike after the operator improved its pay "
        "offer, a union spokesperson said, ending a dispute over overtime rules.\n"
    ),
}


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "inputs"
    target.mkdir()
    for name, text in UNDATED.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def _articles(db: Path) -> dict[str, dict[str, str]]:
    result = _run("export", "--db", str(db), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = csv.DictReader(io.StringIO(result.stdout))
    return {Path(r["source_file"]).name: r for r in rows}


def test_a_csv_manifest_gives_each_file_its_metadata(folder: Path, db: Path) -> None:
    (folder / "storyline-manifest.csv").write_text(
        "file,outlet,published,url\n"
        "quay.txt,Port Gazette,2024-03-04,https://port.example/quay\n"
        "strike.txt,Rail Weekly,2024-03-06,\n",
        encoding="utf-8",
    )
    result = _run("analyze", str(folder), "--db", str(db), "--no-nlp", "--no-link")
    assert result.exit_code == 0, result.output
    rows = _articles(db)
    assert set(rows) == {"quay.txt", "strike.txt"}  # the manifest is not an article
    assert rows["quay.txt"]["outlet"] == "Port Gazette"
    assert rows["quay.txt"]["published"].startswith("2024-03-04")
    assert rows["quay.txt"]["url"] == "https://port.example/quay"
    assert rows["strike.txt"]["outlet"] == "Rail Weekly"
    assert "no publication date" not in result.stderr


def test_a_jsonl_manifest_with_a_bad_date_names_the_line(folder: Path, db: Path) -> None:
    lines = [
        {"file": "quay.txt", "outlet": "Port Gazette", "published": "26/11/2024"},
        {"file": "strike.txt", "outlet": "Rail Weekly", "published": "2024-03-06"},
    ]
    (folder / "storyline-manifest.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8"
    )
    result = _run("analyze", str(folder), "--db", str(db), "--no-nlp", "--no-link")
    assert result.exit_code == 1
    assert "line 1" in result.stderr and "26/11/2024" in result.stderr
    rows = _articles(db)
    assert rows["strike.txt"]["published"].startswith("2024-03-06")
    assert rows["quay.txt"]["published"] == ""


def test_undated_articles_are_flagged_loudly(folder: Path, db: Path) -> None:
    result = _run("analyze", str(folder), "--db", str(db), "--no-nlp", "--no-link")
    assert result.exit_code == 0, result.output
    assert "2 article(s) have no publication date" in result.stderr
    assert "quay.txt" in result.stderr and "storyline set" in result.stderr


def test_analyze_again_with_published_dates_stored_undated_articles(folder: Path, db: Path) -> None:
    quay = folder / "quay.txt"
    assert _run("analyze", str(quay), "--db", str(db), "--no-nlp").exit_code == 0
    again = _run(
        "analyze",
        str(quay),
        "--db",
        str(db),
        "--no-nlp",
        "--published",
        "2024-03-04",
        "--outlet",
        "Port Gazette",
    )
    assert again.exit_code == 0, again.output
    assert "updated the metadata of 1" in again.stdout
    row = _articles(db)["quay.txt"]
    assert row["published"].startswith("2024-03-04") and row["outlet"] == "Port Gazette"
    assert "no publication date" not in again.stderr


def test_set_changes_stored_metadata_and_reanalyze_keeps_it(folder: Path, db: Path) -> None:
    assert _run("analyze", str(folder), "--db", str(db), "--no-nlp").exit_code == 0
    article_id = _articles(db)["quay.txt"]["id"]
    result = _run(
        "set",
        article_id,
        "--published",
        "2024-03-04",
        "--outlet",
        "Port Gazette",
        "--db",
        str(db),
        "--no-nlp",
    )
    assert result.exit_code == 0, result.output
    assert "published (none) -> 2024-03-04" in result.stdout
    assert "linked again" in result.stdout
    row = _articles(db)["quay.txt"]
    assert row["published"].startswith("2024-03-04") and row["outlet"] == "Port Gazette"
    assert row["id"] == article_id and row["story_id"]
    assert _run("reanalyze", "--db", str(db), "--no-nlp").exit_code == 0
    row = _articles(db)["quay.txt"]
    assert row["published"].startswith("2024-03-04") and row["outlet"] == "Port Gazette"
    with open_store(db) as store:
        assert store.get_article(article_id).meta.published.source == "input"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "26/11/2024"], "published: '26/11/2024' is not an ISO date"),
        ([], "nothing to set"),
    ],
)
def test_set_refuses_bad_values(folder: Path, db: Path, args: list[str], message: str) -> None:
    assert _run("analyze", str(folder), "--db", str(db), "--no-nlp").exit_code == 0
    article_id = _articles(db)["quay.txt"]["id"]
    result = _run("set", article_id, *args, "--db", str(db), "--no-nlp")
    assert result.exit_code == 2
    assert message in result.stderr


def test_set_of_an_unknown_article(db: Path, folder: Path) -> None:
    assert _run("analyze", str(folder), "--db", str(db), "--no-nlp").exit_code == 0
    result = _run("set", "nope", "--outlet", "X", "--db", str(db), "--no-nlp")
    assert result.exit_code == 1 and "no article" in result.stderr


def test_a_missing_outlet_reads_the_same_everywhere(folder: Path, db: Path) -> None:
    assert _run("analyze", str(folder), "--db", str(db), "--no-nlp").exit_code == 0
    summary = _run("summary", "--db", str(db))
    assert "(unknown outlet)" in summary.stdout and "(unknown)" not in summary.stdout
    story = _articles(db)["quay.txt"]["story_id"]
    compare = _run("compare", "--db", str(db), "--story", story)
    if compare.exit_code == 0:  # the outlet comparison of a story with no named outlet
        assert "unknown:" not in compare.stdout
        # the article id may stand beside a headline it cites, never as the outlet's name
        assert f"{_articles(db)['quay.txt']['id']}:" not in compare.stdout
        assert "(unknown outlet):" in compare.stdout
