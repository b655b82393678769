"""An ``analyze`` run killed with SIGKILL part-way loses nothing committed and can resume."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 300
BATCH = 10

TOPICS = ("harbour", "rail", "bridge", "school", "clinic", "library", "tram", "market")
PLACES = ("Northdale", "Eastholm", "Westby", "Southmere", "Lakeside", "Hillcrest")


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for n in range(ARTICLES):
        topic, place = TOPICS[n % len(TOPICS)], PLACES[n % len(PLACES)]
        (folder / f"{n:04d}.txt").write_text(
            f"{place} council approves {topic} plan number {n}\n\n"
            f"The {place} council approved plan number {n} for the {topic} on Tuesday, "
            f"its chair said, after {n % 7 + 2} months of consultation with residents.\n\n"
            f"Work on the {topic} is due to start in {2025 + n % 3}.\n",
            encoding="utf-8",
        )


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # not created or not migrated yet


def _ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM articles")}


def _command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "storyline", "analyze", str(corpus), "--db", str(db),
            "--no-nlp", "--no-link"]  # fmt: skip


@pytest.mark.slow
def test_a_killed_run_keeps_committed_batches_and_resumes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "news.db"
    _write_corpus(corpus)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "STORYLINE_BATCH_SIZE": str(BATCH)}
    process = subprocess.Popen(
        _command(corpus, db), cwd=tmp_path, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while _count(db) < 2 * BATCH:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "no batch was committed within two minutes"
            time.sleep(0.005)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == -signal.SIGKILL

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    committed = _ids(db)
    assert 2 * BATCH <= len(committed) < ARTICLES, "the run was not interrupted part-way"
    assert len(committed) % BATCH == 0  # whole batches only

    rerun = subprocess.run(
        _command(corpus, db), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"added {ARTICLES - len(committed)}, already present {len(committed)}" in rerun.stdout
    final = _ids(db)
    assert committed <= final
    assert len(final) == ARTICLES  # every distinct input once, no duplicates
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fts = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'council'")
        assert fts.fetchone()[0] == ARTICLES
