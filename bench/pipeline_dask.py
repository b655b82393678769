"""Benchmark: articles per second through the full per-article pipeline, in process vs on Dask.

The text and HTML files of ``examples/`` are read once and repeated until there are
``--articles`` raw documents, each given its own id. The same documents then go through
``analyze_stream`` with spaCy in this process and through ``analyze_on_dask`` on a local
cluster of 1..``--workers`` single-threaded worker processes. Cluster start-up (spaCy loads
once per worker) is timed apart from the analysis. On a shared machine the wall-clock rate
depends on what else runs, so CPU seconds (workers plus driver) are printed too: articles
per CPU-second tell the cost of the distribution itself. The Dask runs come first and the driver
never loads spaCy for them, so its peak memory shows what back-pressure keeps in flight
(compare ``--articles 200`` with ``--articles 2000``: it should barely move).

    .venv/bin/python bench/pipeline_dask.py [--articles 200] [--workers 2] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import time
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storyline.config import Settings  # noqa: E402
from storyline.ingest import read_inputs  # noqa: E402
from storyline.models import Article, RawDocument, SourceRef  # noqa: E402
from storyline.pipeline.nlp import load_nlp  # noqa: E402
from storyline.runner import (
    analyze_documents,  # noqa: E402
    analyze_stream,  # noqa: E402
)
from storyline.runner.dask import analyze_on_dask, open_client  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _corpus(count: int, settings: Settings) -> Iterator[RawDocument]:
    """``count`` raw documents cycling over the example text and HTML files, ids made unique."""
    folders = [str(EXAMPLES / "text"), str(EXAMPLES / "html")]
    found = [d for d in read_inputs(folders, settings) if isinstance(d, RawDocument)]
    if not found:
        raise SystemExit(f"no example articles under {EXAMPLES}")
    for n, raw in enumerate(islice(cycle(found), count)):
        yield dataclasses.replace(raw, given={**raw.given, "id": f"bench-{n:06d}"})


def _warm_up(settings: Settings) -> None:
    """Load what a worker caches on first use (spaCy, lexicons, language model) once."""
    warm = RawDocument(SourceRef("warm-up.txt"), "Warm-up\n\nOfficials said on Monday it was so.")
    analyze_documents([warm], settings)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _workers_cpu(client: Any) -> float:
    return sum(client.run(_cpu_seconds).values())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    args = parser.parse_args()
    settings = Settings(batch_size=args.batch_size)

    for workers in range(1, args.workers + 1):
        started = time.perf_counter()
        with open_client(workers=workers) as client:
            client.run(_warm_up, settings)  # time the model loads apart
            ready = time.perf_counter()
            before = _workers_cpu(client), _cpu_seconds()
            done = sum(
                isinstance(r, Article)
                for r in analyze_on_dask(_corpus(args.articles, settings), settings, client)
            )
            took = time.perf_counter() - ready
            workers_cpu = _workers_cpu(client) - before[0]
            driver_cpu = _cpu_seconds() - before[1]
        print(
            f"dask {workers} worker(s): {done} articles in {took:6.1f} s = {done / took:6.1f}/s; "
            f"CPU {workers_cpu:.1f} s in workers + {driver_cpu:.1f} s in the driver = "
            f"{done / (workers_cpu + driver_cpu):.1f}/CPU-s (cluster + spaCy start "
            f"{ready - started:.1f} s; driver peak RSS {_peak_rss_mb():.0f} MB)"
        )
    started = time.perf_counter()
    nlp = load_nlp(settings.spacy_model)
    loaded = time.perf_counter()
    cpu = _cpu_seconds()
    done = sum(
        isinstance(r, Article)
        for r in analyze_stream(_corpus(args.articles, settings), settings, nlp)
    )
    took = time.perf_counter() - loaded
    cpu = _cpu_seconds() - cpu
    print(
        f"in process      : {done} articles in {took:6.1f} s = {done / took:6.1f}/s; "
        f"CPU {cpu:.1f} s = {done / cpu:.1f}/CPU-s (spaCy load {loaded - started:.1f} s; driver peak RSS {_peak_rss_mb():.0f} MB)"
    )
    print(f"cores: {os.cpu_count()}, batch size {args.batch_size}")


if __name__ == "__main__":
    main()
