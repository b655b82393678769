"""Benchmark: articles per second through ingest + clean + metadata + language (no spaCy).

The ``examples/`` corpus (text, HTML, feeds, WARC, JSON Lines) is copied until it holds
``--articles`` articles (2,000 by default), each copy edited slightly (its URLs and, for
plain text, one line) so every article gets its own id. The copies are read from disk
through ``read_inputs`` and prepared by ``analyze_stream`` without a spaCy model; with
``--store`` they are also written to a fresh SQLite store in batches.
When ``examples/`` is missing, generated plain-text articles stand in, and the output
says so.

    .venv/bin/python bench/ingest.py [--articles 2000] [--store]
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import re
import shlex
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storyline.config import Settings  # noqa: E402
from storyline.ingest import read_inputs  # noqa: E402
from storyline.models import Article, IngestFailure  # noqa: E402
from storyline.runner import analyze_stream  # noqa: E402
from storyline.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl", ".warc.gz", ".warc")
_URL = re.compile(rb"https?://")


def _input_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name.endswith(INPUT_SUFFIXES)
    )


def _edit_warc(data: bytes, copy: int) -> bytes:
    """Rewrite a WARC with every target URI moved to a per-copy host (lengths stay right)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for record in ArchiveIterator(io.BytesIO(data)):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if uri:
            record.rec_headers.replace_header(
                "WARC-Target-URI", _URL.sub(f"https://c{copy}.".encode(), uri.encode()).decode()
            )
        payload = record.content_stream().read()
        new = writer.create_warc_record(
            record.rec_headers.get_header("WARC-Target-URI") or "",
            record.rec_type,
            payload=io.BytesIO(payload),
            http_headers=record.http_headers,
            warc_headers_dict=dict(record.rec_headers.headers),
        )
        writer.write_record(new)
    return out.getvalue()


def _edit_jsonl(data: bytes, copy: int) -> bytes:
    lines = []
    for line in data.decode("utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if record.get("url"):
            record["url"] = _URL.sub(f"https://c{copy}.".encode(), record["url"].encode()).decode()
        if record.get("id"):
            record["id"] = f"{record['id']}-copy{copy}"
        lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def edited_copy(path: Path, data: bytes, copy: int) -> bytes:
    """The bytes of ``path`` changed just enough to give its articles new ids."""
    name = path.name
    if name.endswith((".warc.gz", ".warc")):
        return _edit_warc(data, copy)
    if name.endswith(".jsonl"):
        return _edit_jsonl(data, copy)
    edited = _URL.sub(f"https://c{copy}.".encode(), data)
    if name.endswith(".txt"):
        edited = edited.rstrip(b"\n") + f"\n\nThis is copy {copy} of the report.\n".encode()
    return edited


def _generated(count: int) -> Iterator[tuple[str, bytes]]:
    topics = ("harbour", "rail line", "bridge", "school", "clinic", "library", "tram", "market")
    for n in range(count):
        topic = topics[n % len(topics)]
        text = (
            f"Council approves new {topic} plan number {n}\n"
            f"By Staff Reporter\n2024-0{n % 9 + 1}-1{n % 9}\n\n"
            f"The city council approved plan number {n} for the {topic} on Tuesday, its chair "
            f"said, after {n % 7 + 2} months of consultation with residents and businesses.\n\n"
            f"Work on the {topic} is due to start next spring and to cost {n * 3 + 10} million, "
            "according to the council's budget office.\n"
        )
        yield f"generated-{n:05d}.txt", text.encode("utf-8")


def _prepare_all(folder: Path, settings: Settings, limit: int) -> tuple[list[Article], int]:
    articles: list[Article] = []
    failures = 0
    for item in analyze_stream(read_inputs([str(folder)], settings), settings, nlp=None):
        if isinstance(item, IngestFailure):
            failures += 1
            print(f"  failed: {item}", file=sys.stderr)
        else:
            articles.append(item)
            if len(articles) >= limit:
                break
    return articles, failures


def build_inputs(target: Path, wanted: int, settings: Settings, examples: Path) -> str:
    """Write the benchmark inputs into ``target``; returns a description of the corpus."""
    files = _input_files(examples) if examples.is_dir() else []
    if not files:
        for name, data in _generated(wanted):
            (target / name).write_bytes(data)
        return f"GENERATED plain text ({wanted} articles), because {examples} holds no inputs"
    per_copy, _ = _prepare_all(examples, settings, limit=10**9)
    copies = math.ceil(wanted / max(1, len(per_copy)))
    for copy in range(copies):
        for path in files:
            relative = path.relative_to(examples)
            out = target / f"copy{copy:04d}" / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(edited_copy(path, path.read_bytes(), copy))
    return f"{examples} ({len(per_copy)} articles in {len(files)} files) x {copies} edited copies"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles to process")
    parser.add_argument("--store", action="store_true", help="also time writing to SQLite")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="corpus to repeat")
    args = parser.parse_args(argv)
    settings = Settings(batch_size=64)

    with tempfile.TemporaryDirectory(prefix="storyline-bench-") as tmp:
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        corpus = build_inputs(inputs, args.articles, settings, args.examples)

        started = time.perf_counter()
        articles, failures = _prepare_all(inputs, settings, args.articles)
        elapsed = time.perf_counter() - started
        distinct = len({a.id for a in articles})

        print(f"command: {shlex.join([sys.executable, *sys.argv])}")
        print(f"corpus: {corpus}")
        print(f"articles: {len(articles)} ({distinct} distinct ids), failures: {failures}")
        print(
            f"ingest + clean + metadata + language: {elapsed:.2f} s, "
            f"{len(articles) / elapsed:.1f} articles/s"
        )
        if args.store:
            started = time.perf_counter()
            with open_store(Path(tmp) / "bench.db") as store:
                added = 0
                for start in range(0, len(articles), settings.batch_size):
                    added += len(
                        store.add_articles(articles[start : start + settings.batch_size]).added
                    )
            stored = time.perf_counter() - started
            print(
                f"store ({added} added, batches of {settings.batch_size}): {stored:.2f} s, "
                f"{len(articles) / stored:.1f} articles/s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
