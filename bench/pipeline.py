"""Benchmark: the per-article analysis against bare spaCy on the same texts, step by step.

``analyze_articles`` runs ``nlp.pipe`` and then the analysis steps (entities, quotes, dates,
tokens, sentences with their claim units) on each article, and embeds the statements the
claims compare and each article's title and lead. Three passes take turns in every round
on the same texts: bare ``nlp.pipe`` (one process, the settings' batch size), the analysis
without embeddings
(``embed_sentences = 0``) and the analysis with them (``--embed`` per article), both
parsing in ``--n-process`` processes. Each analysis rate is printed as a ratio to the bare
rate of the same round (analysis rate / bare rate: 1.0 means the whole analysis keeps
pace with the parse alone), with the median and range over the rounds. Each step is then
timed on its own over already-parsed documents (ms per article), the claim units inside
the sentences step, and the embeddings as batched passes (the statements, then the titles
and leads).

The texts are the example corpus (every input under ``examples/``) plus, when
``../shared/eval/polnear`` exists, ``--polnear`` PolNeAR training articles (real news
length) with their publication dates. They are read and prepared (HTML extraction,
cleaning, metadata) before any timing; spaCy, the lexicons, the matchers and the encoder
are warmed up first. On a shared machine the wall clock moves with the neighbours' load:
read the ratios of one run, not rates across runs. CPU seconds count this process and the
parsing workers it started (they end with each pass), so the CPU ratio (bare CPU / analysis
CPU) says what the work costs whatever the load.

    .venv/bin/python bench/pipeline.py [--polnear 300] [--rounds 3] [--batch-size 32]
        [--n-process 2] [--embed 6] [--profile quotes] [--profile-top 25]

``--profile STEP`` (``all``, ``entities``, ``quotes``, ``dates``, ``tokens`` or
``sentences``) runs cProfile over that step on the parsed documents and prints the most
expensive functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import os
import pstats
import resource
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


def _cpu() -> float:
    """CPU seconds of this process and of its finished child processes (spaCy's workers
    end with their ``nlp.pipe`` call, so a pass's parse CPU is counted once it is over)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _timed(run: Callable[[], object]) -> Timing:
    wall, cpu = time.perf_counter(), _cpu()
    run()
    return Timing(time.perf_counter() - wall, _cpu() - cpu)


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


def embed_pass(articles: Sequence[Article], settings: Settings) -> None:
    """The statements' embeddings alone over analysed articles (their vectors are recomputed)."""
    from storyline.pipeline.embed import shared_encoder
    from storyline.pipeline.sentences import embed_statements

    embed_statements(articles, shared_encoder(), settings)


def lead_pass(articles: Sequence[Article]) -> None:
    """The title-and-lead embeddings alone over analysed articles (recomputed)."""
    from storyline.pipeline.embed import shared_encoder
    from storyline.pipeline.embed_lead import embed_leads

    embed_leads(articles, shared_encoder())


def claim_units_time(
    articles: Sequence[Article], docs: Sequence[Doc], settings: Settings
) -> Timing:
    """The part of the sentences step spent on claim units (words and deontic units)."""
    from storyline.pipeline import sentences

    spent = [0.0, 0.0]
    original = sentences.add_claim_facts

    def timed(*args: object) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        original(*args)  # type: ignore[arg-type]
        spent[0] += time.perf_counter() - wall
        spent[1] += time.process_time() - cpu

    current = list(articles)
    sentences.add_claim_facts = timed  # type: ignore[assignment]
    try:
        for step in ANALYSIS_STEPS:
            current = [step.run(a, d, settings) for a, d in zip(current, docs, strict=True)]
    finally:
        sentences.add_claim_facts = original
    return Timing(spent[0], spent[1])


def _row(label: str, runs: Sequence[Timing], count: int) -> str:
    m, b = _median(runs), _best(runs)
    return (
        f"{label:<28}{m.wall:>9.2f}{count / m.wall:>9.1f}{1000 * m.wall / count:>9.1f}"
        f"{m.cpu:>9.2f}{b.wall:>11.2f}"
    )


def _ratios(bare: Sequence[Timing], full: Sequence[Timing]) -> str:
    """Throughput ratio (bare seconds / analysis seconds) per round, then median and range;
    then the same in CPU seconds (the work, which moves less with the neighbours' load)."""
    per_round = [b.wall / f.wall for b, f in zip(bare, full, strict=True)]
    work = [b.cpu / f.cpu for b, f in zip(bare, full, strict=True)]
    return (
        f"{statistics.median(per_round):.2f}x (rounds: "
        f"{', '.join(f'{r:.2f}' for r in per_round)}; range "
        f"{min(per_round):.2f}-{max(per_round):.2f}); CPU {statistics.median(work):.2f}x "
        f"(rounds: {', '.join(f'{r:.2f}' for r in work)})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--polnear", type=int, default=300, help="PolNeAR texts to add")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    parser.add_argument(
        "--n-process",
        type=int,
        default=2,
        help="processes the analysis parses with (the bare pass always uses one)",
    )
    parser.add_argument(
        "--embed",
        type=int,
        default=Settings().embed_sentences,
        help="statements embedded per article in the pass with embeddings (0: skip that pass)",
    )
    parser.add_argument("--profile", choices=["all", *[s.name for s in ANALYSIS_STEPS]])
    parser.add_argument("--profile-top", type=int, default=25)
    args = parser.parse_args(argv)
    base = Settings(batch_size=args.batch_size)
    plain = Settings(batch_size=args.batch_size, n_process=args.n_process, embed_sentences=0)
    embedded = Settings(
        batch_size=args.batch_size, n_process=args.n_process, embed_sentences=args.embed
    )

    examples = prepare(list(example_documents(base)), base)
    polnear = prepare(list(polnear_documents(args.polnear)), base)
    articles = examples + polnear
    texts = [a.text for a in articles]
    chars = sum(len(t) for t in texts)
    print(
        f"{len(articles)} articles ({len(examples)} examples, {len(polnear)} PolNeAR), "
        f"{chars / max(1, len(articles)):,.0f} characters on average; "
        f"batch size {args.batch_size}, {args.rounds} rounds, {os.cpu_count()} cores, "
        f"analysis parses in {args.n_process} process(es), {args.embed} embedded per article"
    )

    nlp = load_nlp(base.spacy_model)
    warm = articles[: min(len(articles), 8)]
    analyze_articles(warm, nlp, embedded)  # lexicons, matchers, caches and e5 load here
    bare_pass(nlp, texts[:8], args.batch_size)

    # the passes take turns in every round, so each sees the same load from the neighbours
    bare: list[Timing] = []
    full: list[Timing] = []
    with_embeddings: list[Timing] = []
    for _ in range(args.rounds):
        bare.append(_timed(lambda: bare_pass(nlp, texts, args.batch_size)))
        full.append(_timed(lambda: analyze_articles(articles, nlp, plain)))
        if args.embed > 0:
            with_embeddings.append(_timed(lambda: analyze_articles(articles, nlp, embedded)))
        done = [bare[-1], full[-1], *with_embeddings[-1:]]
        print(f"round {len(bare)}: wall s {', '.join(f'{t.wall:.1f}' for t in done)}", flush=True)

    docs = list(nlp.pipe(texts, batch_size=args.batch_size))
    steps: dict[str, list[Timing]] = {s.name: [] for s in ANALYSIS_STEPS}
    units: list[Timing] = []
    embeds: list[Timing] = []
    leads: list[Timing] = []
    analysed = analyze_articles(articles, nlp, plain)
    for _ in range(args.rounds):
        for name, timing in step_passes(articles, docs, base).items():
            steps[name].append(timing)
        units.append(claim_units_time(articles, docs, base))
        if args.embed > 0:
            embeds.append(_timed(lambda: embed_pass(analysed, embedded)))
            leads.append(_timed(lambda: lead_pass(analysed)))

    count = len(articles)
    print(
        f"\n{'pass (same texts, same run)':<28}{'wall s':>9}{'art/s':>9}{'ms/art':>9}"
        f"{'CPU s':>9}{'best wall':>11}"
    )
    print(_row("nlp.pipe (bare, 1 process)", bare, count))
    print(_row("analysis, no embeddings", full, count))
    if with_embeddings:
        print(_row(f"analysis, {args.embed} embedded", with_embeddings, count))
    print(f"ratio analysis without embeddings / bare: {_ratios(bare, full)}")
    if with_embeddings:
        print(f"ratio analysis with embeddings / bare:    {_ratios(bare, with_embeddings)}")
    print(
        "(CPU s: this process and its finished workers; a CPU ratio of r on c free cores "
        "bounds the wall ratio at c * r)"
    )

    bare_cpu = _median(bare).cpu
    print(f"\n{'step (parsed docs)':<28}{'wall s':>9}{'ms/art':>9}{'CPU s':>9}{'% of bare':>11}")
    rows = [(name, runs) for name, runs in steps.items()]
    rows.append(("  of which claim units", units))
    if embeds:
        rows.append(("embeddings: statements", embeds))
        rows.append(("embeddings: title and lead", leads))
    for name, runs in rows:
        m = _median(runs)
        print(
            f"{name:<28}{m.wall:>9.2f}{1000 * m.wall / count:>9.2f}{m.cpu:>9.2f}"
            f"{100 * m.cpu / bare_cpu:>10.1f}%"
        )
    step_cpu = sum(_median(r).cpu for r in steps.values())
    print(f"{'steps total':<28}{'':>9}{'':>9}{step_cpu:>9.2f}{100 * step_cpu / bare_cpu:>10.1f}%")

    if args.profile:
        profile_step(args.profile, articles, docs, base, args.profile_top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
