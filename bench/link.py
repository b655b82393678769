"""Cost of linking one new article into a store of 1,000 vs 10,000 articles, and the rate of
linking a long feed.

Usage: ``.venv/bin/python bench/link.py [--small 1000] [--large 10000] [--probes 15]
[--story-size 20 [100 300 ...]] [--profile /tmp/link.prof]``
and ``.venv/bin/python bench/link.py --feed 20000 [--chunk 2000]``

The volume is synthetic and seeded: pseudo-words built from syllables, one topical
vocabulary (30 words, 4 names) per story, each article 8 sentences mixing its story's
words with Zipf-distributed filler; stories of 20 articles founded at a constant rate of
10 articles a day (a larger archive covers a longer period, as a growing news archive
does). Each store is filled with ``relink_all``; then ``probes`` new articles (on existing
stories) are added one at a time with ``link_store`` and the median time is reported, as
wall-clock and as this process's CPU time (the wall clock of a shared machine counts the
other processes' turns too). The target is a ratio (large / small) of at most 1.5.

An added article recomputes the products of the story it joins (timeline, outlet
comparison, claims), so its cost grows with that story: ``--story-size`` sets the articles
per story (default 20; several sizes run one after the other), and ``--profile PATH`` runs
the additions under cProfile, writes the statistics next to PATH (one file per story size
and store size) and prints the 25 costliest calls. With ``--copies`` each added article is
a reprint of a stored one (its text and one line more, another outlet, a day later): a copy
leaves its story's originals, and so its timeline, as they were.

``--feed N`` starts from an empty store and adds the N articles in chunks of ``--chunk``,
one ``link_store`` run per chunk, as a feed polled in rounds is linked; it prints the
articles linked per second of each chunk and the last chunk's cost per article against
the first's.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import random
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.link import link_store, relink_all  # noqa: E402
from storyline.models import Article, MetaValue, SourceRef  # noqa: E402
from storyline.store import Store, open_store  # noqa: E402

SYLLABLES = [c + v for c in "bdklmnrstv" for v in "aeiou"]
ARTICLES_PER_STORY = 20
ARTICLES_PER_DAY = 10
START = dt.date(2020, 1, 1)


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


class Corpus:
    """A seeded generator of synthetic news articles grouped into stories."""

    def __init__(self, seed: int = 7, story_size: int = ARTICLES_PER_STORY) -> None:
        self.rng = random.Random(seed)
        self.story_size = story_size
        self.filler = [word(self.rng, 2) for _ in range(3000)]
        self.weights = [1.0 / (rank + 1) for rank in range(len(self.filler))]
        self.stories: list[tuple[list[str], list[str], dt.date]] = []

    def story(self, index: int) -> tuple[list[str], list[str], dt.date]:
        while len(self.stories) <= index:
            topic = [word(self.rng, 3) for _ in range(30)]
            names = [word(self.rng, 3).capitalize() for _ in range(4)]
            start = START + dt.timedelta(
                days=len(self.stories) * self.story_size // ARTICLES_PER_DAY
            )
            self.stories.append((topic, names, start))
        return self.stories[index]

    def article(self, article_id: str, story_index: int) -> Article:
        topic, names, start = self.story(story_index)
        sentences = []
        for _ in range(8):
            words = [
                self.rng.choice(topic)
                if self.rng.random() < 0.35
                else self.rng.choices(self.filler, self.weights)[0]
                for _ in range(12)
            ]
            words.insert(self.rng.randrange(len(words)), self.rng.choice(names))
            sentences.append(" ".join(words).capitalize() + ".")
        text = "\n".join(sentences)
        article = Article(article_id, SourceRef("synthetic"), text, text)
        published = start + dt.timedelta(days=self.rng.randrange(30))
        article.meta.published = MetaValue(published.isoformat(), "input")
        article.meta.outlet = MetaValue(f"outlet{self.rng.randrange(12)}", "input")
        return article


def filled_store(n: int, settings: Settings, story_size: int) -> tuple[Store, Corpus]:
    corpus = Corpus(story_size=story_size)
    store = open_store(":memory:")
    batch = [corpus.article(f"a{i:06d}", i // story_size) for i in range(n)]
    store.add_articles(batch)
    relink_all(store, settings)
    return store, corpus


def reprint(store: Store, original_id: str, article_id: str) -> Article:
    """A copy of a stored article by another outlet the day after: its text and one line of
    its own."""
    original = store.get_article(original_id)
    text = original.text + "\nReprinted with permission."
    article = Article(article_id, SourceRef("synthetic"), text, text)
    published = dt.date.fromisoformat(original.published or START.isoformat())
    article.meta.published = MetaValue((published + dt.timedelta(days=1)).isoformat(), "input")
    article.meta.outlet = MetaValue("reprints", "input")
    return article


def time_additions(
    store: Store,
    corpus: Corpus,
    probes: int,
    settings: Settings,
    profile: Path | None = None,
    copies_of: int = 0,
) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of linking each of ``probes`` articles added one at a time; with
    ``profile``, the additions run under cProfile and its statistics are written there; with
    ``copies_of`` (the stored articles), each probe is a reprint of one of them."""
    stories = len(corpus.stories)
    profiler = cProfile.Profile() if profile else None
    timings = []
    for p in range(probes):
        if copies_of:
            article = reprint(store, f"a{corpus.rng.randrange(copies_of):06d}", f"probe{p:04d}")
        else:
            article = corpus.article(f"probe{p:04d}", corpus.rng.randrange(stories))
        store.add_articles([article])
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        link_store(store, settings)
        if profiler:
            profiler.disable()
        timings.append((time.perf_counter() - wall, time.process_time() - cpu))
    if profiler and profile:
        profile.parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(profile)
        pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(25)
    return timings


def compare_sizes(
    sizes: Sequence[int],
    story_size: int,
    probes: int,
    settings: Settings,
    profile: Path | None,
    copies: bool = False,
) -> dict[int, tuple[float, float]]:
    """Median (wall, CPU) seconds per added article for each store size in ``sizes``."""
    medians: dict[int, tuple[float, float]] = {}
    for n in sizes:
        started = time.perf_counter()
        store, corpus = filled_store(n, settings, story_size)
        fill = time.perf_counter() - started
        where = (
            profile.with_name(f"{profile.stem}-{story_size}-{n}{profile.suffix}")
            if profile
            else None
        )
        timings = time_additions(store, corpus, probes, settings, where, n if copies else 0)
        walls, cpus = [t[0] for t in timings], [t[1] for t in timings]
        medians[n] = (statistics.median(walls), statistics.median(cpus))
        print(
            f"{n:>6} stored articles, stories of {story_size}: filled in {fill:.1f}s; adding one "
            f"article: median {medians[n][0] * 1000:.1f} ms wall (min {min(walls) * 1000:.1f}, "
            f"max {max(walls) * 1000:.1f}), {medians[n][1] * 1000:.1f} ms CPU",
            flush=True,
        )
        store.close()
    return medians


def link_feed(total: int, chunk: int, settings: Settings) -> int:
    """Link ``total`` articles arriving in chunks into an empty store; print each chunk's rate."""
    corpus = Corpus()
    store = open_store(":memory:")
    rates: list[tuple[float, float]] = []
    wall_total = cpu_total = 0.0
    for start in range(0, total, chunk):
        ids = range(start, min(start + chunk, total))
        store.add_articles([corpus.article(f"a{i:06d}", i // ARTICLES_PER_STORY) for i in ids])
        wall, cpu = time.perf_counter(), time.process_time()
        report = link_store(store, settings)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        wall_total += wall
        cpu_total += cpu
        rates.append((len(ids) / wall, len(ids) / cpu))
        print(
            f"articles {start + 1:>6}-{start + len(ids):>6}: linked {report.linked} "
            f"({report.products} stories' products) in {wall:.1f}s wall, {cpu:.1f}s CPU: "
            f"{rates[-1][0]:.1f} articles/s wall, {rates[-1][1]:.1f} articles/s CPU",
            flush=True,
        )
    store.close()
    print(
        f"{total} articles linked in {wall_total:.0f}s wall ({total / wall_total:.1f}/s), "
        f"{cpu_total:.0f}s CPU ({total / cpu_total:.1f}/s); cost per article of the last chunk "
        f"vs the first: {rates[0][1] / rates[-1][1]:.2f}x (CPU), {rates[0][0] / rates[-1][0]:.2f}x "
        "(wall)"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=10000)
    parser.add_argument("--probes", type=int, default=15)
    parser.add_argument(
        "--story-size",
        type=int,
        nargs="+",
        default=[ARTICLES_PER_STORY],
        help="articles per story (several: one run each, to see the cost grow with the story)",
    )
    parser.add_argument(
        "--profile", type=Path, help="write cProfile statistics of the additions (one file a run)"
    )
    parser.add_argument(
        "--copies", action="store_true", help="each added article reprints a stored one"
    )
    parser.add_argument("--feed", type=int, default=0, help="link a feed of N articles instead")
    parser.add_argument("--chunk", type=int, default=2000, help="feed articles per link run")
    args = parser.parse_args()
    settings = Settings()
    if args.feed:
        return link_feed(args.feed, args.chunk, settings)
    worst = 0.0
    for story_size in args.story_size:
        medians = compare_sizes(
            (args.small, args.large), story_size, args.probes, settings, args.profile, args.copies
        )
        small, large = medians[args.small], medians[args.large]
        wall_ratio, cpu_ratio = large[0] / small[0], large[1] / small[1]
        worst = max(worst, cpu_ratio)
        print(
            f"stories of {story_size}: ratio {args.large} / {args.small}: {wall_ratio:.2f} wall, "
            f"{cpu_ratio:.2f} CPU (target <= 1.5)",
            flush=True,
        )
    return 0 if worst <= 1.5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
