from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline._one_text import offset_map
from storyline.cli import main


@pytest.mark.parametrize(
    "raw,text,word",
    [
        ("Title\nBody line.\n", "Title\nBody line.\n", "Body"),
        ("Title\nBy A. Writer\nWASHINGTON\nBody line here.\n", "Title\nBody line here.", "here"),
        (
            "Skip to content\n  Indented body line.  \nAd\nLast.\n",
            "Indented body line.\nLast.",
            "body",
        ),
        ("Head\r\nMiddle text\r\nTail\r\n", "Head\nTail\n", "Tail"),
    ],
)
def test_offsets_in_the_clean_text_map_back_to_the_input(raw: str, text: str, word: str) -> None:
    to_raw = offset_map(text, raw)
    start = text.index(word)
    mapped = to_raw(start)
    assert mapped is not None
    assert raw[mapped : mapped + len(word)] == word


def test_text_that_is_not_in_the_input_maps_to_none() -> None:
    to_raw = offset_map("Title\nRewritten line.", "Title\nOriginal line.\n")
    assert to_raw(0) == 0
    assert to_raw(len("Title\n")) is None


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_quotes_command_prints_quotes_with_spans_into_the_input(
    seeds_dir: Path, prefix: str, nlp: object
) -> None:
    path = _seed(seeds_dir, prefix)
    result = CliRunner().invoke(main, ["quotes", str(path), "--published", "2024-11-25", "--json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    source = path.read_text(encoding="utf-8")
    assert quotes, "a news article on a policy change quotes someone"
    for quote in quotes:
        assert "article_id" not in quote and "speaker_entity_id" not in quote
        assert quote["kind"] in {"direct", "partial", "indirect"}
        if quote["input_start"] is not None:
            assert source[quote["input_start"] : quote["input_end"]] == quote["text"]
        if quote["input_speaker_start"] is not None and quote["speaker_start"] is not None:
            said = source[quote["input_speaker_start"] : quote["input_speaker_end"]]
            assert said and said.split()[-1] in (quote["speaker"] or "") + " " + said
    assert any(q["speaker"] for q in quotes if q["kind"] == "direct")


@pytest.mark.slow
def test_dates_command_resolves_against_the_dct_from_stdin(nlp: object) -> None:
    text = (
        "Ministers met on Monday and will meet again next Friday, the spokesperson said. "
        "The talks began on 3 March 2024.\n"
    )
    result = CliRunner().invoke(
        main, ["dates", "-", "--published", "2024-11-27", "--json"], input=text
    )
    assert result.exit_code == 0, result.output
    dates = {d["text"]: d for d in json.loads(result.stdout)}
    assert dates["Monday"]["value"] == "2024-11-25"
    assert dates["3 March 2024"]["value"] == "2024-03-03"
    for date in dates.values():
        assert text[date["input_start"] : date["input_end"]] == date["text"]
        assert "article_id" not in date


@pytest.mark.parametrize(
    "args,message",
    [
        (["dates", "-", "--published", "27.11.2024"], "not an ISO date"),
        (["dates", "-", "--dct", "27.11.2024"], "not an ISO date"),
        (["quotes", "-", "--published", "2024-13-45"], "not an ISO date"),
    ],
)
def test_text_tool_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, input="text")
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_missing_file_is_reported_and_fails(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["quotes", str(tmp_path / "no-such-file.txt")])
    assert result.exit_code == 1
    assert "no such file" in result.stderr and "Traceback" not in result.output


def test_both_tools_name_the_date_published() -> None:
    for command in ("quotes", "dates"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert "--published" in result.stdout and "--json" in result.stdout
        assert "--dct" not in result.stdout  # an old alias of dates, kept hidden


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.slow
def test_quotes_of_an_html_page_come_from_its_text_not_its_markup(nlp: object) -> None:
    page = next((EXAMPLES / "html").glob("*.html"))
    result = CliRunner().invoke(main, ["quotes", str(page), "--json"])
    assert result.exit_code == 0, result.output
    quotes = json.loads(result.stdout)
    assert quotes
    for quote in quotes:
        assert "<" not in quote["text"] and "@context" not in quote["text"]
        assert '"@type"' not in quote["text"]


@pytest.mark.slow
def test_quotes_read_a_warc_and_a_folder_and_print_text_by_default(nlp: object) -> None:
    warc = next((EXAMPLES / "warc").glob("*.warc.gz"))
    result = CliRunner().invoke(main, ["quotes", str(warc)])
    assert result.exit_code == 0, result.output
    assert "“" in result.stdout and "—" in result.stdout  # a quote and its speaker
    with pytest.raises(json.JSONDecodeError):
        json.loads(result.stdout)
    folder = CliRunner().invoke(main, ["dates", str(EXAMPLES / "text")])
    assert folder.exit_code == 0, folder.output
    headings = [
        line
        for line in folder.stdout.splitlines()
        if line.endswith(" · undated") or " · published " in line
    ]
    assert len(headings) == len(list((EXAMPLES / "text").glob("*.txt")))
    assert " -> 2025-" in folder.stdout
