from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.store import open_store


def _run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def _ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY seq")]


def test_analyze_stores_each_article_once(articles_dir: Path, db: Path) -> None:
    first = _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp")
    assert first.exit_code == 0, first.output
    assert "added 3, already present 0, failed 0" in first.stdout
    ids = _ids(db)
    assert len(ids) == len(set(ids)) == 3

    second = _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp")
    assert second.exit_code == 0
    assert "added 0, already present 3, failed 0" in second.stdout
    assert _ids(db) == ids


def test_stored_articles_keep_their_raw_document_and_clean_text(
    articles_dir: Path, db: Path
) -> None:
    assert _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp").exit_code == 0
    with open_store(db) as store:
        articles = {a.source.file.rsplit("/", 1)[-1]: a for a in store.iter_articles()}
        raws = dict(store.raw_documents())
    port = articles["port.txt"]
    assert "northern quay would reopen" in port.text
    assert raws[port.id].body.startswith("Harbour authority reopens northern quay")
    bridge = articles["bridge.html"]
    assert "old river bridge" in bridge.text and "<p>" not in bridge.text
    assert raws[bridge.id].format == "html"


def test_bad_inputs_are_named_and_the_good_ones_stored(
    articles_dir: Path, bad_inputs: dict[str, Path], db: Path
) -> None:
    assert _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp").exit_code == 0
    before = _ids(db)

    folder = str(bad_inputs["empty"].parent)
    result = _run("analyze", folder, str(articles_dir), "--db", str(db), "--no-nlp")

    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    for what in ("empty", "binary", "no body"):
        assert any(str(bad_inputs[what]) in line for line in failed), f"{what} not reported"
    assert any("mixed.jsonl [line 2]: not valid JSON" in line for line in failed)
    # a wrongly encoded text is either refused or kept with a warning that says so
    latin = str(bad_inputs["encoding"])
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert any(latin in line for line in failed) or any(
        latin in line and "UTF-8" in line for line in warned
    )
    after = _ids(db)
    assert after[: len(before)] == before  # nothing stored earlier is lost
    assert len(after) == len(set(after))  # nor duplicated
    assert "jsonl-ferry" in after  # the good line of the file with a bad line
    assert "already present 3" in result.stdout
    assert f"failed {len(failed)}" in result.stdout


def test_missing_path_is_a_failure_not_a_crash(articles_dir: Path, db: Path) -> None:
    result = _run("analyze", "nowhere/at/all.txt", str(articles_dir), "--db", str(db), "--no-nlp")
    assert result.exit_code == 1
    assert "failed: [E215] nowhere/at/all.txt: no such file" in result.stderr
    assert len(_ids(db)) == 3


@pytest.mark.parametrize(
    "flags,outlet,published,source",
    [
        ([], None, None, None),
        (
            ["--outlet", "Harbour Gazette", "--published", "2024-03-05"],
            "Harbour Gazette",
            "2024-03-05",
            "input",
        ),
    ],
)
def test_stdin_with_outlet_and_published_flags(
    db: Path, flags: list[str], outlet: str | None, published: str | None, source: str | None
) -> None:
    text = (
        "Ferry crews accept new rota\n\nFerry crews voted on Sunday to accept a new rota "
        "that shortens night shifts, their association said in a statement.\n"
    )
    result = _run("analyze", "-", "--db", str(db), "--no-nlp", *flags, stdin=text.encode())
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        (article,) = list(store.iter_articles())
    assert article.source.file == "<stdin>"
    if outlet:
        assert article.outlet == outlet
        assert (article.published or "").startswith(published or "")
        assert article.meta.published.source == source


def test_flags_do_not_override_what_an_input_states(db: Path, tmp_path: Path) -> None:
    line = {
        "id": "stated",
        "title": "Dock workers return",
        "text": "Dock workers returned on Monday after a two-day stoppage over safety rules.",
        "outlet": "Port Times",
        "published": "2024-02-12",
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line) + "\n")
    args = ["analyze", str(path), "--db", str(db), "--no-nlp", "--outlet", "Other"]
    assert _run(*args, "--published", "2020-01-01").exit_code == 0
    with open_store(db) as store:
        article = store.get_article("stated")
    assert article.outlet == "Port Times"
    assert article.published and article.published.startswith("2024-02-12")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--published", "yesterday"], "not an ISO date"),
        (["--config", "missing.toml"], "does not exist"),
    ],
)
def test_usage_errors_exit_with_2(
    articles_dir: Path, db: Path, args: list[str], message: str
) -> None:
    result = _run("analyze", str(articles_dir), "--db", str(db), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_bad_setting_exits_with_2(articles_dir: Path, db: Path, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[storyline]\nbatch_size = 0\n")
    result = _run("analyze", str(articles_dir), "--db", str(db), "--config", str(config))
    assert result.exit_code == 2
    assert "Error: [E102] batch_size must be at least 1" in result.stderr


def test_link_stage_is_called_after_storing(
    articles_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, int]] = []

    def link_store(store: object, settings: object) -> None:
        calls.append((store.count_articles(), settings.batch_size))  # type: ignore[attr-defined]

    monkeypatch.setattr(
        "storyline._analyze.optional_hook",
        lambda module, name: (
            link_store if (module, name) == ("storyline.link", "link_store") else None
        ),
    )
    assert _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp").exit_code == 0
    assert calls == [(3, 32)]
    assert (
        _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp", "--no-link").exit_code == 0
    )
    assert len(calls) == 1


def test_a_failing_link_stage_keeps_the_articles(
    articles_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def link_store(store: object, settings: object) -> None:
        raise RuntimeError("clustering exploded")

    monkeypatch.setattr("storyline._analyze.optional_hook", lambda module, name: link_store)
    result = _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp")
    assert result.exit_code == 1
    assert "linking failed (RuntimeError: clustering exploded)" in result.stderr
    assert len(_ids(db)) == 3
