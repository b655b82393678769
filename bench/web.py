"""Latency of every page and API list endpoint, and of search, over 10,000 stored articles.

Usage: ``.venv/bin/python bench/web.py [--articles 10000] [--clients 8] [--requests 200]
[--time-cap 300] [--db bench/results/web-10000.db] [--kinds home,story,...] [--no-link]``

How the store is filled (a documented shortcut, not the analysis pipeline): seeded
synthetic articles -- pseudo-word text with a topical vocabulary per story, named people
and places, one quote and one resolved date each, 20 articles per story, 12 outlets --
are inserted directly through ``Store.add_articles`` and grouped with the real link stage
(``relink_all``). The database is kept at ``--db`` and reused by later runs with the same
size (delete it to rebuild).

The server is ``storyline serve`` in its own process on a free loopback port. After a
warm-up (home, a search, and every story of the mix once; the first story page loads the
language model for claims),
``--clients`` concurrent httpx clients each send ``--requests`` requests, cycling through
the request kinds (see ``KINDS``: the pages home, story, articles, outlets, one outlet,
quotes, entities, search with facets, the list downloads of one page, and the API list
endpoints with a search, and a search for a word every article has), until done or ``--time-cap`` seconds have passed. Stories,
outlets, speakers and search words are drawn from the stored data (40 stories, 40 words).
p50/p95 per kind are printed. Story
digests and claims are cached until the database changes, so the warm-up views each story
of the mix once and its (uncached) times are printed apart. Target: p95 < 100 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.link import relink_all  # noqa: E402
from storyline.models import (  # noqa: E402
    Article,
    DateMention,
    EntityMention,
    MetaValue,
    Quote,
    SourceRef,
)
from storyline.store import open_store  # noqa: E402
from storyline.store._reads import article_listing, top_speakers  # noqa: E402

SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
OUTLETS = [
    "Morning Ledger", "Harbour Post", "Coast Times", "Valley Courier", "Daily Planet",
    "Northern Wire", "City Herald", "Evening Standard", "Island Gazette", "Metro Record",
    "Capital Tribune", "Border Press",
]  # fmt: skip
PER_STORY = 20
START = dt.date(2023, 1, 2)
CUES = ["banned", "allowed", "lifted the ban on", "kept the ban on", "approved"]


class SyntheticNews:
    """Seeded articles grouped into stories, with facts whose spans point into the text."""

    def __init__(self, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.filler = [self.word(2) for _ in range(4000)]
        weights = [1.0 / (rank + 1) for rank in range(len(self.filler))]
        self.cum_weights = [sum(weights[: i + 1]) for i in range(len(weights))]

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(syllables))

    def story(self, index: int) -> tuple[list[str], list[str], str, dt.date]:
        rng = random.Random(index * 7919)
        topic = ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(25)]
        people = [
            f"{''.join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()} "
            f"{''.join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()}"
            for _ in range(3)
        ]
        place = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        return topic, people, place, START + dt.timedelta(days=index * 2)

    def article(self, number: int) -> Article:
        story = number // PER_STORY
        topic, people, place, start = self.story(story)
        rng = self.rng
        published = start + dt.timedelta(days=rng.randrange(40))
        aid = f"syn{number:06d}"
        title = f"{place} {rng.choice(topic)} {rng.choice(topic)} {rng.choice(CUES).split()[0]}"
        parts: list[str] = []
        facts: list[tuple[str, int, int, str]] = []

        def add(text: str, kind: str = "") -> None:
            offset = sum(len(p) for p in parts)
            parts.append(text)
            if kind:
                facts.append((kind, offset, offset + len(text), text))

        add(f"{place} ", "place")
        add(f"{rng.choice(CUES)} the {rng.choice(topic)} {rng.choice(topic)} ")
        add("on Monday", "date")
        add(", ")
        speaker = rng.choice(people)
        add(speaker, "person")
        add(" said.\n\n")
        for _ in range(5):
            words = [
                rng.choice(topic)
                if rng.random() < 0.3
                else rng.choices(self.filler, cum_weights=self.cum_weights)[0]
                for _ in range(rng.randrange(14, 24))
            ]
            add(" ".join(words).capitalize() + ". ")
        add('\n\n"')
        add(" ".join(rng.choice(topic) for _ in range(10)).capitalize(), "quote")
        add('," said ')
        add(speaker, "person")
        add(".\n")
        text = "".join(parts)
        art = Article(aid, SourceRef("synthetic"), text, text)
        art.meta.title = MetaValue(title.capitalize(), "input")
        art.meta.outlet = MetaValue(rng.choice(OUTLETS), "input")
        art.meta.published = MetaValue(published.isoformat(), "input")
        for kind, s, e, span in facts:
            if kind in {"place", "person"}:
                label = "GPE" if kind == "place" else "PERSON"
                name = span.strip()
                art.mentions.append(EntityMention(name, s, s + len(name), label, kind, name))
            elif kind == "date":
                day = published - dt.timedelta(days=published.weekday())
                art.dates.append(DateMention(aid, span, s, e, "DATE", day.isoformat(), "day"))
            else:
                art.quotes.append(
                    Quote(f"{aid}:q0", aid, span, s, e, "direct", speaker, "person", "said")
                )
        return art


def build_db(path: Path, n: int, link: bool = True) -> None:
    news = SyntheticNews()
    started = time.perf_counter()
    with open_store(path) as store:
        for first in range(0, n, 1000):
            store.add_articles([news.article(i) for i in range(first, min(n, first + 1000))])
        stored = time.perf_counter()
        if link:
            relink_all(store, Settings(db=str(path)))
    print(
        f"built {path}: {n} articles stored in {stored - started:.1f}s, linked in "
        f"{time.perf_counter() - stored:.1f}s"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, HF_HUB_OFFLINE="1")
    cmd = [sys.executable, "-m", "storyline", "serve", "--db", str(db), "--port", str(port)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(base: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/articles?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not come up")


#: What the clients request: every page, every API list endpoint, search with facets.
KINDS = (
    "home",
    "story",
    "articles",
    "articles-undated",
    "outlets",
    "outlet",
    "quotes",
    "entities",
    "search",
    "download-csv",
    "api-articles",
    "api-quotes",
    "api-entities",
    "api-stories",
    "api-search",
    "api-search-common",
    "api-summary",
)


def request_url(
    kind: str,
    rng: random.Random,
    i: int,
    stories: list[str],
    words: list[str],
    speakers: list[str],
) -> str:
    """The URL of one request of ``kind`` (varied by ``rng`` and the request number)."""
    outlet = rng.choice(OUTLETS).replace(" ", "%20")
    story = rng.choice(stories) if stories else ""
    page = 1 + i % 3
    urls = {
        "home": "/",
        "story": f"/stories/{story}",
        "articles": f"/articles?page={page}" + (f"&outlet={outlet}" if i % 2 else ""),
        "articles-undated": "/articles?undated=true",
        "outlets": "/outlets",
        "outlet": f"/outlets/{outlet}",
        "quotes": f"/quotes?page={page}"
        + (f"&speaker={rng.choice(speakers)}" if i % 2 and speakers else ""),
        "entities": f"/entities?page={page}",
        "search": f"/search?q={rng.choice(words)}" + (f"&outlet={outlet}" if i % 2 else ""),
        "download-csv": f"/quotes.csv?story={story}",
        "api-articles": f"/api/articles?limit=50&offset={50 * (page - 1)}",
        "api-quotes": "/api/quotes?limit=50"
        + (f"&speaker={rng.choice(speakers)}" if i % 2 and speakers else ""),
        "api-entities": "/api/entities?limit=50",
        "api-stories": f"/api/stories?limit=50&offset={50 * (page - 1)}",
        "api-search": f"/api/search?q={rng.choice(words)}&facets=true",
        # a word in every article: the whole store matches and is ranked
        "api-search-common": "/api/search?q=said",
        "api-summary": "/api/summary",
    }
    return urls[kind]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200, help="per client")
    parser.add_argument("--time-cap", type=float, default=300.0)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument(
        "--no-link",
        action="store_true",
        help="build the store without the link stage (no stories: story kinds are left out)",
    )
    parser.add_argument("--kinds", default=None, help=f"comma-separated, of: {', '.join(KINDS)}")
    args = parser.parse_args()
    suffix = "-nolink" if args.no_link else ""
    db = args.db or ROOT / "bench" / "results" / f"web-{args.articles}{suffix}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if not db.exists():
        build_db(db, args.articles, link=not args.no_link)

    with open_store(db, readonly=True) as store:
        sizes = Counter(r["story_id"] for r in store.links.link_rows().values())
        stories = sorted(sizes, key=lambda story: (-sizes[story], story))[:40]
        first = store.article_ids()[:4000]
        titles = {r["id"]: r["title"] for r in article_listing(store, first)}
        words = [titles[i].split()[1] for i in first][::100]
        speakers = [name for name, _ in top_speakers(store, 20)]
        total = store.count_articles()
    kinds = args.kinds.split(",") if args.kinds else list(KINDS)
    if not stories:  # a store built without the link stage has no story to ask for
        kinds = [k for k in kinds if k not in ("story", "download-csv")]
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; use {', '.join(KINDS)}")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(db, port)
    try:
        wait_until_up(base)
        # warm-up, not measured in the percentiles: the language model loads on the first
        # story page, and each story's digest and claims are computed once (reported apart)
        started = time.perf_counter()
        first_views: list[float] = []
        with httpx.Client(base_url=base, timeout=120) as http:
            http.get("/")
            http.get(f"/search?q={words[0]}")
            if stories:
                http.get(f"/stories/{stories[0]}")
            model_loaded = time.perf_counter() - started
            for sid in stories[1:]:
                t0 = time.perf_counter()
                http.get(f"/stories/{sid}")
                first_views.append(time.perf_counter() - t0)
        print(
            f"{total} articles, {len(stories)} story pages in the mix; warm-up "
            f"{time.perf_counter() - started:.1f}s (language model and first page {model_loaded:.1f}s)"
        )

        timings: dict[str, list[float]] = defaultdict(list)
        lock = threading.Lock()
        deadline = time.monotonic() + args.time_cap
        failures: list[str] = []

        def client(worker: int) -> None:
            local = random.Random(worker)
            with httpx.Client(base_url=base, timeout=60) as http:
                for i in range(args.requests):
                    if time.monotonic() > deadline:
                        return
                    kind = kinds[(i + worker) % len(kinds)]
                    url = request_url(kind, local, i, stories, words, speakers)
                    t0 = time.perf_counter()
                    response = http.get(url)
                    elapsed = time.perf_counter() - t0
                    with lock:
                        if response.status_code != 200:
                            failures.append(f"{url}: {response.status_code}")
                        timings[kind].append(elapsed)

        threads = [threading.Thread(target=client, args=(w,)) for w in range(args.clients)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)

    count = sum(len(v) for v in timings.values())
    print(
        f"{count} requests from {args.clients} concurrent clients in {wall:.1f}s "
        f"({count / wall:.0f} requests/s); failures: {len(failures)}"
    )
    worst = 0.0
    for kind in kinds:
        values = timings[kind]
        if not values:
            continue
        p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
        worst = max(worst, p95)
        print(f"  {kind:<16} n={len(values):4d}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
    if first_views:
        print(
            f"  first view of a story (uncached, one client) n={len(first_views)}: median "
            f"{statistics.median(first_views) * 1000:.0f} ms, max {max(first_views) * 1000:.0f} ms"
        )
    print(f"worst p95 {worst:.1f} ms (target < 100 ms)")
    for failure in failures[:5]:
        print("  failed:", failure)
    return 0 if worst < 100 and not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
