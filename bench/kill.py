"""SIGKILL an ``analyze`` run at random points, again and again, then finish it: nothing is
lost, nothing is stored twice, and SQLite's integrity check passes.

Usage: ``.venv/bin/python bench/kill.py [--articles 1000] [--kills 20] [--nlp] [--seed 15]``

The corpus is generated (``--articles`` short articles, each with its own text). One whole
run is timed first. Each of ``--kills`` trials then starts ``storyline analyze`` into a fresh
database (without spaCy unless ``--nlp``: crash safety does not depend on it, and trials
stay short), kills it with SIGKILL at a random point between 5 % and 95 % of that time --
reading, analysing, inside a write transaction or between batches -- and runs it again to
the end. Printed per trial: articles stored at the kill, then lost (expected minus stored),
duplicated ids, ``PRAGMA integrity_check`` and the search index rows. Exit code 1 when any
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
    args = parser.parse_args()
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="storyline-kill-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.articles)
        env = {
            **os.environ,
            "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": str(ROOT),
            "STORYLINE_BATCH_SIZE": "10",
        }

        def command(db: Path) -> list[str]:
            flags = [] if args.nlp else ["--no-nlp"]
            return [sys.executable, "-m", "storyline", "analyze", str(corpus), "--db", str(db),
                    "--no-link", *flags]  # fmt: skip

        started = time.monotonic()
        subprocess.run(command(Path(tmp) / "timing.db"), env=env, capture_output=True, check=False)
        full = time.monotonic() - started
        print(f"a whole run takes {full:.1f} s; each trial kills a fresh run at a random point")
        failed = 0
        for trial in range(1, args.kills + 1):
            db = Path(tmp) / f"trial-{trial}.db"
            process = subprocess.Popen(
                command(db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            at = rng.uniform(0.05, 0.95) * full
            time.sleep(at)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
            process.wait()
            before, _ = stored(db)
            final = subprocess.run(command(db), env=env, capture_output=True, text=True)
            rows, distinct = stored(db)
            with sqlite3.connect(db) as conn:
                check = conn.execute("PRAGMA integrity_check").fetchone()[0]
                fts = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
            lost, duplicated = args.articles - distinct, rows - distinct
            ok = not lost and not duplicated and check == "ok" and fts == rows
            ok = ok and final.returncode == 0
            failed += not ok
            print(
                f"trial {trial:>2}: killed at {at:5.1f} s with {before:>5,} stored; after the "
                f"re-run lost {lost}, duplicated {duplicated}, integrity_check {check}, "
                f"search rows {fts:,} {'ok' if ok else 'FAILED'}",
                flush=True,
            )
    print(f"\n{args.kills - failed} of {args.kills} trials ok")
    return 0 if not failed else 1


if __name__ == "__main__":
    raise SystemExit(main())
