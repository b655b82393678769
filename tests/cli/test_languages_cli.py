"""The command line says which analyses an article's language did not get."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from storyline.cli import main

ITALIAN = "Il ministro Franco Frattini ha detto ieri: «L'Italia non parteciperà ai raid aerei».\n"
GERMAN = "Der Minister sagte am Montag in Berlin, die Regierung werde keine Truppen schicken.\n"


def test_quotes_on_a_language_without_entities_warns_and_still_finds_quotes(tmp_path: Path) -> None:
    source = tmp_path / "it.txt"
    source.write_text(ITALIAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["quotes", str(source), "--json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert [q["speaker"] for q in quotes] == ["Franco Frattini"]
    assert "not analysed for language 'it': entities" in result.stderr


def test_dates_on_an_unsupported_language_say_so(tmp_path: Path) -> None:
    source = tmp_path / "de.txt"
    source.write_text(GERMAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["dates", str(source), "--published", "2024-05-29", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    assert "not analysed for language 'de': entities, quotes, dates" in result.stderr


def test_analyze_counts_articles_not_fully_analysed(tmp_path: Path, db: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "it.txt").write_text(ITALIAN, encoding="utf-8")
    (folder / "ru.txt").write_text(
        "Песков заявил в среду, что Москва не получала предложений.\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["analyze", str(folder), "--db", str(db), "--no-link"])
    assert result.exit_code == 0, result.output
    assert (
        "added 2, already present 0, failed 0, 1 not fully analysed for their language"
        in result.stdout
    )
    assert "not analysed for language 'it': entities" in result.stderr
