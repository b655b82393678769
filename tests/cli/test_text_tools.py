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
    result = CliRunner().invoke(main, ["quotes", str(path), "--published", "2024-11-25"])
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
    result = CliRunner().invoke(main, ["dates", "-", "--dct", "2024-11-27"], input=text)
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
        (["dates", "-"], "Missing option '--dct'"),
        (["dates", "-", "--dct", "27.11.2024"], "not an ISO date"),
        (["quotes", "no-such-file.txt"], "No such file"),
    ],
)
def test_text_tool_usage_errors(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, args, input="text")
    assert result.exit_code == 2
    assert message in result.stderr


def test_text_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 owners said on Monday".encode("latin-1"))
    result = CliRunner().invoke(main, ["dates", str(path), "--dct", "2024-11-27"])
    assert result.exit_code == 2
    assert "is not UTF-8 text" in result.stderr
