"""SIGKILL an ``analyze`` run at random points, again and again, then finish it: nothing is
lost, nothing is stored twice, and SQLite's integrity check passes.

Usage: ``.venv/bin/python bench/kill.py [--articles 1000] [--kills 20] [--nlp] [--seed 15]``

The corpus is generated (``--articles`` short articles, each with its own text). Each round
starts ``storyline analyze`` (without spaCy unless ``--nlp``: crash safety does not depend on
it, and rounds stay short), waits a random --min-wait to --max-wait seconds (2-25 s by default: start-up to past the end on a busy machine) and kills it with SIGKILL, wherever it
is: reading, analysing, inside a write transaction or between batches. After ``--kills``
rounds one run goes to the end. Printed: articles stored after each kill, then lost
(expected minus stored), duplicated ids and ``PRAGMA integrity_check``. Exit code 1 when any
check fails, so it can run in CI.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOPICS = ("harbour", "rail", "bridge", "school", "clinic", "library", "tram", "market")
PLACES = ("Northdale", "Eastholm", "Westby", "Southmere", "Lakeside", "Hillcrest")


def write_corpus(folder: Path, articles: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(articles):
        topic, place = TOPICS[n % len(TOPICS)], PLACES[n % len(PLACES)]
        (folder / f"{n:05d}.txt").write_text(
            f"{place} council approves {topic} plan number {n}\n\n"
            f"The {place} council approved plan number {n} for the {topic} on Tuesday, its "
            f"chair said, after {n % 7 + 2} months of consultation with {n * 3 + 11} residents.\n\n"
            f'"Work starts in {2025 + n % 3}," the chair told reporters in {place}.\n',
            encoding="utf-8",
        )


def stored(db: Path) -> tuple[int, int]:
    """(rows, distinct ids) in the articles table; (0, 0) before it exists."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            rows, distinct = conn.execute(
                "SELECT count(*), count(DISTINCT id) FROM articles"
            ).fetchone()
            return int(rows), int(distinct)
    except sqlite3.OperationalError:
        return 0, 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--nlp", action="store_true")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--min-wait", type=float, default=2.0)
    parser.add_argument("--max-wait", type=float, default=25.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="storyline-kill-") as tmp:
        corpus, db = Path(tmp) / "corpus", Path(tmp) / "news.db"
        write_corpus(corpus, args.articles)
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": str(ROOT),
            "STORYLINE_BATCH_SIZE": "10",
        }
        command = [
            sys.executable,
            "-m",
            "storyline",
            "analyze",
            str(corpus),
            "--db",
            str(db),
            "--no-link",
        ]
        if not args.nlp:
            command.append("--no-nlp")
        for round_ in range(1, args.kills + 1):
            process = subprocess.Popen(
                command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(rng.uniform(args.min_wait, args.max_wait))
            finished = process.poll() is not None
            if not finished:
                process.send_signal(signal.SIGKILL)
            process.wait()
            rows, _ = stored(db)
            print(
                f"kill {round_:>2}: {'finished before the kill' if finished else 'killed'}, {rows:,} stored"
            )
        final = subprocess.run(command, env=env, capture_output=True, text=True)
        rows, distinct = stored(db)
        with sqlite3.connect(db) as conn:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    lost = args.articles - distinct
    duplicated = rows - distinct
    print(f"\nfinal run exit code {final.returncode}; stored {rows:,} of {args.articles:,}")
    print(
        f"lost {lost}, duplicated {duplicated}, integrity_check {check}, search index rows {fts:,}"
    )
    ok = lost == 0 and duplicated == 0 and check == "ok" and fts == rows and final.returncode == 0
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
