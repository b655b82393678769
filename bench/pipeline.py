"""Benchmark: the per-article analysis against bare spaCy on the same texts, step by step.

``analyze_articles`` runs ``nlp.pipe`` and then the analysis steps (entities, quotes,
dates) on each article. This prints its rate next to the rate of ``nlp.pipe`` alone on the
same texts, in the same run and with the same batch size, and their ratio (analysis rate /
bare rate; 1.0 would mean the steps cost nothing beside the parse). Each step is then timed
on its own over the already-parsed documents, so the rest of the gap can be read off.

The texts are the example corpus (every input under ``examples/``) plus, when
``../shared/eval/polnear`` exists, ``--polnear`` PolNeAR training articles (real news
length) with their publication dates. They are read and prepared (HTML extraction,
cleaning, metadata) before any timing. spaCy, the lexicons and the matchers are warmed up
first; every pass is repeated ``--rounds`` times, the bare and full passes taking turns,
and the median is reported (the best is printed too). On a shared machine the wall clock
moves with the neighbours' load, so CPU seconds of this process are measured beside it.

    .venv/bin/python bench/pipeline.py [--polnear 300] [--rounds 3] [--batch-size 32]
        [--profile quotes] [--profile-top 25]

``--profile STEP`` (``all``, ``entities``, ``quotes`` or ``dates``) runs cProfile over that
step on the parsed documents and prints the most expensive functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import statistics
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storyline.config import Settings  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.ingest import read_inputs  # noqa: E402
from storyline.models import Article, RawDocument, SourceRef  # noqa: E402
from storyline.pipeline import ANALYSIS_STEPS, analyze_articles, prepare_article  # noqa: E402
from storyline.pipeline.nlp import load_nlp  # noqa: E402

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
EXAMPLE_INPUTS = ("text", "html", "feeds", "jsonl", "warc")
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"


@dataclass(frozen=True)
class Timing:
    """Wall-clock and CPU seconds of one pass."""

    wall: float
    cpu: float


def example_documents(settings: Settings) -> Iterator[RawDocument]:
    """Every readable input of the example corpus."""
    folders = [str(EXAMPLES / name) for name in EXAMPLE_INPUTS if (EXAMPLES / name).exists()]
    for item in read_inputs(folders, settings):
        if isinstance(item, RawDocument):
            yield item


def polnear_documents(count: int, folder: Path = POLNEAR) -> Iterator[RawDocument]:
    """The first ``count`` PolNeAR training texts (sorted by name) with their dates."""
    texts = folder / "train" / "text"
    if count <= 0 or not texts.is_dir():
        return
    meta: dict[str, dict[str, str]] = {}
    with (folder / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            meta[row["filename"]] = row
    for path in sorted(texts.glob("*.txt"))[:count]:
        row = meta.get(path.stem, {})
        given = {"id": f"polnear-{path.stem}"}
        if row.get("publication_date"):
            given["published"] = row["publication_date"]
        if row.get("title"):
            given["title"] = row["title"]
        yield RawDocument(SourceRef(str(path)), path.read_text(encoding="utf-8"), given=given)


def prepare(raws: Sequence[RawDocument], settings: Settings) -> list[Article]:
    """Prepared articles (no spaCy); documents with no article text are left out."""
    articles = []
    for raw in raws:
        try:
            articles.append(prepare_article(raw, settings))
        except InputError:
            continue
    return articles


def _timed(run: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu)


def bare_pass(nlp: Language, texts: Sequence[str], batch_size: int) -> None:
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass


def step_passes(
    articles: Sequence[Article], docs: Sequence[Doc], settings: Settings
) -> dict[str, Timing]:
    """Each analysis step over the parsed documents, in pipeline order (each step sees the
    articles the steps before it enriched, as in :func:`analyze_articles`)."""
    current = list(articles)
    timings: dict[str, Timing] = {}
    for step in ANALYSIS_STEPS:
        enriched: list[Article] = []

        def run(
            step: Callable[[Article, Doc, Settings], Article] = step.run,
            into: list[Article] = enriched,
            inputs: list[Article] = current,
        ) -> None:
            into.extend(step(a, d, settings) for a, d in zip(inputs, docs, strict=True))

        timings[step.name] = _timed(run)
        current = enriched
    return timings


def _median(timings: Sequence[Timing]) -> Timing:
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def _best(timings: Sequence[Timing]) -> Timing:
    return Timing(min(t.wall for t in timings), min(t.cpu for t in timings))


def profile_step(
    which: str, articles: Sequence[Article], docs: Sequence[Doc], settings: Settings, top: int
) -> None:
    """cProfile over one step (or all) on the parsed documents; prints the top functions."""
    profiler = cProfile.Profile()
    current = list(articles)
    for step in ANALYSIS_STEPS:
        wanted = which in {"all", step.name}
        if wanted:
            profiler.enable()
        current = [step.run(a, d, settings) for a, d in zip(current, docs, strict=True)]
        if wanted:
            profiler.disable()
    print(f"\nprofile of {which} (cumulative time, top {top}):")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--polnear", type=int, default=300, help="PolNeAR texts to add")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument("--profile", choices=["all", *[s.name for s in ANALYSIS_STEPS]])
    parser.add_argument("--profile-top", type=int, default=25)
    args = parser.parse_args(argv)
    settings = Settings(batch_size=args.batch_size)

    examples = prepare(list(example_documents(settings)), settings)
    polnear = prepare(list(polnear_documents(args.polnear)), settings)
    articles = examples + polnear
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    print(
        f"{len(articles)} articles ({len(examples)} examples, {len(polnear)} PolNeAR), "
        f"{chars / max(1, len(articles)):,.0f} characters on average; "
        f"batch size {args.batch_size}, {args.rounds} rounds, {os.cpu_count()} cores"
    )

    nlp = load_nlp(settings.spacy_model)
    warm = articles[: min(len(articles), 8)]
    analyze_articles(warm, nlp, settings)  # lexicons, matchers and caches load here
    bare_pass(nlp, texts[:8], args.batch_size)

    bare: list[Timing] = []
    full: list[Timing] = []
    for _ in range(args.rounds):
        bare.append(_timed(lambda: bare_pass(nlp, texts, args.batch_size)))
        full.append(_timed(lambda: analyze_articles(articles, nlp, settings)))

    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    steps: dict[str, list[Timing]] = {s.name: [] for s in ANALYSIS_STEPS}
    for _ in range(args.rounds):
        for name, timing in step_passes(articles, docs, settings).items():
            steps[name].append(timing)

    count = len(articles)
    bare_m, full_m = _median(bare), _median(full)
    print(f"\n{'pass':<22}{'wall s':>9}{'art/s':>9}{'CPU s':>9}{'art/CPU-s':>11}{'best wall':>11}")
    for label, runs in (("nlp.pipe (bare)", bare), ("analyze_articles", full)):
        m, b = _median(runs), _best(runs)
        print(
            f"{label:<22}{m.wall:>9.2f}{count / m.wall:>9.1f}{m.cpu:>9.2f}"
            f"{count / m.cpu:>11.1f}{b.wall:>11.2f}"
        )
    print(
        f"ratio analysis/bare: {bare_m.wall / full_m.wall:.3f} (wall), "
        f"{bare_m.cpu / full_m.cpu:.3f} (CPU)"
    )
    print(f"\n{'step (parsed docs)':<22}{'wall s':>9}{'ms/art':>9}{'CPU s':>9}{'% of bare':>11}")
    for name, runs in steps.items():
        m = _median(runs)
        print(
            f"{name:<22}{m.wall:>9.2f}{1000 * m.wall / count:>9.2f}{m.cpu:>9.2f}"
            f"{100 * m.cpu / bare_m.cpu:>10.1f}%"
        )
    step_cpu = sum(_median(r).cpu for r in steps.values())
    print(f"{'steps total':<22}{'':>9}{'':>9}{step_cpu:>9.2f}{100 * step_cpu / bare_m.cpu:>10.1f}%")

    if args.profile:
        profile_step(args.profile, articles, docs, settings, args.profile_top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
