"""The whole flow at volume: analyze and link rates, the cost of the Nth article, memory, size.

Usage: ``.venv/bin/python bench/scale.py --articles 1000 [--chunk 1000] [--dask 1000]
[--no-nlp] [--no-link] [--probe N] [--fill] [--paired] [--reuse] [--workdir /tmp/storyline-scale]``

Volume comes from real texts with edits: every text under ``../shared/eval/*/`` (and the
seed articles), read at run time, never copied into the project. Article ``n`` is source
text ``n mod len(texts)`` with its sentences rotated by ``n // len(texts)`` places, its
numbers shifted by ``n``, a dateline sentence naming report ``n`` appended, an outlet out
of 12 and a publication date spread over 3 years: every article is new (its own id) and
still reads as news. They are written as JSON Lines in chunks of ``--chunk`` articles.

Each chunk is analysed by ``storyline analyze`` in a subprocess (spaCy included unless
``--no-nlp``; no linking), then linked by ``storyline link``; per chunk the script prints
articles per second for both, so the cost of the last thousand articles can be compared
with the first. Peak RSS is the largest of those subprocesses (``wait4``). With ``--dask N``
the first N articles are analysed again on a local Dask cluster of 2 workers into a second
store, and the two stores are compared article by article (identical JSON) with the speed-up.

At 100,000 articles (``--articles 100000 --probe 1000 --no-nlp --no-link --fill``): the
first and the last 1,000 articles are analysed, and the 98,000 between are stored as copies
of the first 1,000 stored rows with new ids (same text, so the search index grows as it
would; not analysed: that would take hours on a shared machine). ``--paired`` (also with
``--reuse`` on an earlier run's store) then analyses two more chunks of new articles into a
store of the first 1,000 and into the full one, alternately, so both rates see the same
machine load: the cost of the 100,000th article against the 1,000th.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
OUTLETS = [f"Outlet {chr(65 + k)}" for k in range(12)]
_NUMBER = re.compile(r"\b\d{1,3}\b")


def source_texts(limit: int = 5_000) -> list[str]:
    texts = []
    for folder in sorted((SHARED / "eval").glob("*/*/text")) + [SHARED / "seeds"]:
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            if 600 <= len(text) <= 20_000:
                texts.append(text)
            if len(texts) >= limit:
                return texts
    return texts


def edited(text: str, n: int, cycle: int) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    head, body = paragraphs[0], paragraphs[1:]
    if body:
        shift = cycle % len(body)
        body = body[shift:] + body[:shift]
    body_text = "\n\n".join(body)
    body_text = _NUMBER.sub(lambda m: str(int(m.group()) + n % 97), body_text)
    return f"{head}\n\n{body_text}\n\nThis is report {n} from the desk.\n"


def chunk_bounds(articles: int, chunk: int, probe: int) -> list[tuple[int, int]]:
    """First and last article number of each chunk; with ``probe`` the first and the last
    chunk hold ``probe`` articles, so the cost of the first and the last articles compares
    like with like."""
    cuts = [0]
    if probe:
        cuts.append(min(probe, articles))
    end = articles - probe if probe and articles - probe > cuts[-1] else articles
    while cuts[-1] < end:
        cuts.append(min(cuts[-1] + chunk, end))
    if cuts[-1] < articles:
        cuts.append(articles)
    return list(zip(cuts, cuts[1:], strict=False))


def write_corpus(folder: Path, articles: int, chunk: int, probe: int = 0) -> list[Path]:
    texts = source_texts()
    if not texts:
        raise SystemExit(f"no source texts under {SHARED}; the shared evaluation data is needed")
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for k, (first, last) in enumerate(chunk_bounds(articles, chunk, probe)):
        path = folder / f"chunk-{k:04d}.jsonl"
        write_articles(path, texts, range(first, last), articles)
        files.append(path)
    return files


def write_articles(path: Path, texts: list[str], numbers: range, articles: int) -> None:
    """Articles ``numbers`` as JSON Lines (dates spread over 3 years for ``articles``)."""
    start = dt.date(2022, 1, 1)
    with path.open("w", encoding="utf-8") as out:
        for n in numbers:
            record = {
                "id": f"scale-{n:06d}",
                "text": edited(texts[n % len(texts)], n, n // len(texts)),
                "outlet": OUTLETS[n % len(OUTLETS)],
                "published": (start + dt.timedelta(days=(n * 1096) // articles)).isoformat(),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def paired(work: Path, big: Path, small: Path, size: int, articles: int, run_args: Any) -> None:
    """Analyse two more chunks of ``size`` new articles into the small store (the first
    chunk only) and into the big one, alternately, so both see the same machine load."""
    texts = source_texts()
    base, flags, env = run_args
    if not small.exists():  # --reuse of a store made without --paired: analyse its first chunk
        first_chunk = work / "corpus" / "chunk-0000.jsonl"
        run([*base, "analyze", str(first_chunk), "--db", str(small), "--no-link", *flags], env)
    rates: dict[str, list[float]] = {"small": [], "big": []}
    for k in range(2):
        path = work / "corpus" / f"paired-{k}.jsonl"
        first = articles + k * size
        write_articles(path, texts, range(first, first + size), articles)
        for name, db in (("small", small), ("big", big)):
            seconds, _, _ = run(
                [*base, "analyze", str(path), "--db", str(db), "--no-link", *flags], env
            )
            rates[name].append(size / seconds)
    with sqlite3.connect(small) as conn:
        in_small = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(
        f"\npaired, {size:,} new articles at a time: into the small store (then {in_small:,} "
        f"articles) {', '.join(f'{r:.1f}' for r in rates['small'])} articles/s; into the "
        f"{articles:,}-article store {', '.join(f'{r:.1f}' for r in rates['big'])} articles/s; "
        f"cost ratio {sum(rates['small']) / sum(rates['big']):.2f}x"
    )


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Seconds, peak RSS (bytes) and stderr of a subprocess."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    err = process.stderr.read().decode("utf-8", "replace")
    process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{err[-2000:]}")
    return seconds, usage.ru_maxrss * 1024, err


def fill_store(db: Path, first: int, end: int, sources: int) -> float:
    """Store articles ``first`` .. ``end - 1`` as copies of the first ``sources`` stored
    articles' rows (new ids, same text and facts; the triggers index them for search).
    A shortcut for the volume between two analysed chunks; returns the seconds taken."""
    started = time.monotonic()
    conn = sqlite3.connect(db)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(articles)")]
    kept = [c for c in columns if c not in ("seq", "id", "data")]
    copy_article = (
        f"INSERT INTO articles (id, data, {', '.join(kept)}) "
        f"SELECT :new, json_set(data, '$.id', :new), {', '.join(kept)} FROM articles WHERE id = :old"
    )
    copy_raw = (
        "INSERT INTO raw_documents (article_id, source_file, source_record, data) "
        "SELECT :new, source_file, source_record, data FROM raw_documents WHERE article_id = :old"
    )
    copy_removed = (
        'INSERT INTO removed_lines (article_id, idx, text, "start", "end", reason) '
        'SELECT :new, idx, text, "start", "end", reason FROM removed_lines WHERE article_id = :old'
    )
    for low in range(first, end, 5_000):
        pairs = [
            {"new": f"scale-{n:06d}", "old": f"scale-{n % sources:06d}"}
            for n in range(low, min(end, low + 5_000))
        ]
        with conn:
            for sql in (copy_article, copy_raw, copy_removed):
                conn.executemany(sql, pairs)
    conn.close()
    return time.monotonic() - started


def store_size(db: Path) -> int:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--chunk", type=int, default=1_000)
    parser.add_argument("--dask", type=int, default=0, help="compare the first N on Dask")
    parser.add_argument("--no-nlp", action="store_true")
    parser.add_argument("--no-link", action="store_true")
    parser.add_argument(
        "--probe",
        type=int,
        default=0,
        help="make the first and the last chunk this many articles (the cost comparison)",
    )
    parser.add_argument(
        "--fill",
        action="store_true",
        help="store the chunks between the first and the last as copies of the first chunk's "
        "rows (new ids) instead of analysing them: the volume without the hours",
    )
    parser.add_argument(
        "--paired",
        action="store_true",
        help="at the end, analyse new chunks of --probe articles into a copy of the first "
        "chunk's store and into the full one, alternately (the same load for both)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the store and corpus of an earlier run in --workdir and only run "
        "--paired and --dask on them",
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/storyline-scale"))
    args = parser.parse_args()
    if args.fill and not args.no_link:
        parser.error("--fill stores copies the link stage has not seen; use it with --no-link")

    work = args.workdir
    db = work / "scale.db"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "storyline"]
    flags = ["--no-nlp"] if args.no_nlp else []
    if args.reuse:
        if args.paired:
            paired(
                work, db, work / "small.db", args.probe or args.chunk, args.articles,
                (base, flags, env),
            )  # fmt: skip
        if args.dask:
            corpus = sorted((work / "corpus").glob("chunk-*.jsonl"))
            compare_dask(work, corpus, args.dask, base, flags, env)
        return
    for old in work.glob("*.db*"):
        old.unlink()
    for old in (work / "corpus").glob("chunk-*.jsonl"):
        old.unlink()
    files = write_corpus(work / "corpus", args.articles, args.chunk, args.probe)
    peak = 0
    total_analyze = total_link = 0.0
    print(
        f"{'chunk':>5} {'articles':>8} {'analyze/s':>9} {'link/s':>8} {'rss MB':>7} {'store MB':>8}"
    )
    rates: list[tuple[float, float]] = []
    done = 0
    for k, path in enumerate(files):
        count = sum(1 for _ in path.open(encoding="utf-8"))
        if args.fill and 0 < k < len(files) - 1:
            seconds = fill_store(db, done, done + count, sum(1 for _ in files[0].open()))
            done += count
            print(
                f"{k:>5} {done:>8} {'(copied)':>9} {'':>8} {'':>7} {store_size(db) / 1e6:>8.1f}"
                f"  ({count:,} rows copied in {seconds:.0f} s)",
                flush=True,
            )
            continue
        seconds, rss, err = run(
            [*base, "analyze", str(path), "--db", str(db), "--no-link", *flags], env
        )
        failures = [line for line in err.splitlines() if line.startswith("failed: ")]
        peak = max(peak, rss)
        total_analyze += seconds
        link_seconds = 0.0
        if not args.no_link:
            link_seconds, rss, _ = run([*base, "link", "--db", str(db)], env)
            peak = max(peak, rss)
            total_link += link_seconds
        done += count
        if k == 0 and args.paired:
            with sqlite3.connect(db) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(db, work / "small.db")
        rates.append((count / seconds, count / link_seconds if link_seconds else 0.0))
        print(
            f"{k:>5} {done:>8} {rates[-1][0]:>9.1f} {rates[-1][1]:>8.1f} {rss / 1e6:>7.0f} "
            f"{store_size(db) / 1e6:>8.1f}" + (f"  ({len(failures)} failed)" if failures else ""),
            flush=True,
        )
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    print(f"\nstored {stored:,} of {args.articles:,} articles; integrity_check {check}")
    analysed = sum(
        1 for f in (files if not args.fill else files[:1] + files[-1:]) for _ in f.open()
    )
    print(f"analyze: {analysed / total_analyze:.1f} articles/s overall ({analysed:,} analysed)")
    if not args.no_link:
        print(f"link:    {analysed / total_link:.1f} articles/s overall")
    first, last = rates[0], rates[-1]
    print(
        f"cost of the last chunk vs the first: analyze {first[0] / last[0]:.2f}x"
        + (f", link {first[1] / last[1]:.2f}x" if not args.no_link and last[1] else "")
    )
    print(f"peak RSS {peak / 1e6:.0f} MB; store {store_size(db) / 1e6:.1f} MB")

    if args.paired:
        paired(
            work, db, work / "small.db", args.probe or args.chunk, args.articles, (base, flags, env)
        )
    if args.dask:
        compare_dask(work, files, args.dask, base, flags, env)


def compare_dask(
    work: Path,
    files: list[Path],
    articles: int,
    base: list[str],
    flags: list[str],
    env: dict[str, str],
) -> None:
    sample = work / "dask-sample.jsonl"
    with sample.open("w", encoding="utf-8") as out:
        lines = (line for f in files for line in f.open(encoding="utf-8"))
        for _, line in zip(range(articles), lines, strict=False):
            out.write(line)
    local_db, dask_db = work / "local.db", work / "dask.db"
    for old in [*work.glob("local.db*"), *work.glob("dask.db*")]:
        old.unlink()
    local, _, _ = run(
        [*base, "analyze", str(sample), "--db", str(local_db), "--no-link", *flags], env
    )
    on_dask, _, _ = run(
        [
            *base,
            "analyze",
            str(sample),
            "--db",
            str(dask_db),
            "--no-link",
            "--workers",
            "2",
            *flags,
        ],
        env,
    )

    def articles_of(db: Path) -> dict[str, str]:
        with sqlite3.connect(db) as conn:
            rows = conn.execute("SELECT id, data FROM articles").fetchall()
        return {row[0]: re.sub(r'"added_at":"[^"]*"', "", row[1]) for row in rows}

    a, b = articles_of(local_db), articles_of(dask_db)
    same = sum(1 for k in a if b.get(k) == a[k])
    print(
        f"\nDask, 2 local workers, {articles:,} articles: local {local:.0f} s, Dask {on_dask:.0f} s, "
        f"speed-up {local / on_dask:.2f}x; identical articles {same:,} of {len(a):,} "
        f"(Dask stored {len(b):,})"
    )


if __name__ == "__main__":
    main()
