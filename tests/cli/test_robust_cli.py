"""``analyze`` under hostile conditions: damaged databases, odd names, failures as they happen."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> object:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _analyze(db: Path, *paths: str) -> object:
    return _run("analyze", *paths, "--db", str(db), "--no-nlp", "--no-link")


@pytest.mark.parametrize(
    "make, code, message",
    [
        (lambda p: p / "missing" / "x.db", "E302", "does not exist"),
        (lambda p: (p / "afile").write_text("x") and p / "afile" / "x.db", "E303", "is a file"),
        (
            lambda p: (p / "notes.db").write_text("not sqlite\n" * 200) and p / "notes.db",
            "E317",
            "damaged or not an SQLite database",
        ),
    ],
    ids=["missing folder", "path under a file", "not sqlite"],
)
def test_unusable_databases_give_one_line_and_exit_2(
    tmp_path: Path, articles_dir: Path, make: object, code: str, message: str
) -> None:
    db = make(tmp_path)  # type: ignore[operator]
    result = _analyze(db, str(articles_dir))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1 and lines[0].startswith(f"Error: [{code}] database")
    assert message in lines[0]
    assert not (tmp_path / "missing").exists()


def test_a_read_only_database_gives_one_line_and_exit_2(
    tmp_path: Path, articles_dir: Path, db: Path
) -> None:
    assert _analyze(db, str(articles_dir)).exit_code == 0  # type: ignore[attr-defined]
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "new.txt").write_text("New title\n\nA new article body to store here.\n")
    for name in os.listdir(tmp_path):
        if name.startswith("news.db"):
            os.chmod(tmp_path / name, 0o444)
    if os.access(db, os.W_OK):
        pytest.skip("running as a user who may write read-only files")
    result = _analyze(db, str(tmp_path / "more"))
    assert result.exit_code == 2  # type: ignore[attr-defined]
    assert "read-only" in result.stderr  # type: ignore[attr-defined]


def test_a_corrupt_database_gives_one_line_and_exit_2(
    tmp_path: Path, articles_dir: Path, db: Path
) -> None:
    assert _analyze(db, str(articles_dir)).exit_code == 0  # type: ignore[attr-defined]
    data = bytearray(db.read_bytes())
    for offset in range(4096 + 100, len(data), 97):  # trample every page after the first
        data[offset] = 0xFF
    db.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    result = _run("summary", "--db", str(db))
    assert result.exit_code == 2, result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.stderr  # type: ignore[attr-defined]
    assert result.stderr.startswith("Error: [E317]")  # type: ignore[attr-defined]
    assert "damaged or not an SQLite database" in result.stderr  # type: ignore[attr-defined]


def test_a_locked_database_waits_the_busy_timeout_then_says_so(
    tmp_path: Path, articles_dir: Path, db: Path
) -> None:
    assert _analyze(db, str(articles_dir)).exit_code == 0  # type: ignore[attr-defined]
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "new.txt").write_text("New title\n\nA new article body to store here.\n")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        env = {**os.environ, "STORYLINE_BUSY_TIMEOUT": "1", "PYTHONPATH": str(ROOT)}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "storyline",
                "analyze",
                str(tmp_path / "more"),
                "--db",
                str(db),
                "--no-nlp",
                "--no-link",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        elapsed = time.monotonic() - started
    finally:
        holder.rollback()
        holder.close()
    assert done.returncode == 2, done.stderr
    assert "locked by another process" in done.stderr
    assert "Traceback" not in done.stderr
    assert elapsed < 30


def test_failures_are_printed_as_they_happen_and_again_at_the_end(
    tmp_path: Path, articles_dir: Path, db: Path
) -> None:
    (articles_dir / "two\nfailed: forged.txt").write_bytes(b"")
    os.mkfifo(articles_dir / "pipe.txt")
    result = _analyze(db, str(articles_dir))
    assert result.exit_code == 1  # type: ignore[attr-defined]
    err = result.stderr  # type: ignore[attr-defined]
    failed = [line for line in err.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 2
    assert any("two\\nfailed: forged.txt: empty file" in line for line in failed)
    assert any("pipe.txt: a named pipe" in line for line in failed)
    assert "2 input(s) failed:" in err
    assert "added 3" in result.stdout  # type: ignore[attr-defined]


def test_analyze_a_url_goes_through_the_guarded_fetcher(db: Path) -> None:
    result = _analyze(db, "http://127.0.0.1:9/story")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "no such file" not in result.stderr  # type: ignore[attr-defined]
    assert "loopback address" in result.stderr  # type: ignore[attr-defined]


def test_a_pipe_gets_periodic_progress_lines_and_stage_messages(
    articles_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyline.cli._feedback.PIPE_INTERVAL", 0.0)
    result = _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp")
    err = result.stderr  # type: ignore[attr-defined]
    assert "analyze: 1 of 3 documents" in err
    assert "linking ..." in err


def test_a_terminal_gets_a_bar_with_its_total_and_stage_messages(
    articles_dir: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storyline.cli._feedback.stderr_is_terminal", lambda: True)
    result = _run("analyze", str(articles_dir), "--db", str(db), "--no-nlp")
    err = result.stderr  # type: ignore[attr-defined]
    assert re.search(r"analyze: 100%.*\b3/3\b", err), err
    assert "linking ..." in err
    result = _run("reanalyze", "--db", str(db), "--no-nlp")
    err = result.stderr  # type: ignore[attr-defined]
    assert re.search(r"reanalyze: 100%.*\b3/3\b", err), err
