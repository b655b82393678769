"""Polling cost: 50 feeds x 100 items served on 127.0.0.1, time per poll cycle and per new
article, and peak memory.

Usage: ``.venv/bin/python bench/watch.py [--feeds 50] [--items 100] [--new 2] [--nlp] [--no-link]``

A stdlib ``http.server`` in a thread serves ``feeds`` RSS feeds (ETag + 304) and each item's
page (plain text, ~8 seeded pseudo-word sentences, one vocabulary per feed so each feed is
one story). Three cycles are timed with the real guarded fetcher:

1. the first poll: every feed and every page is new (feeds x items articles);
2. nothing changed: every feed answers 304 (the cost of a poll cycle at rest);
3. ``new`` items were published on every feed: only those pages are fetched.

By default the spaCy-free part of the analysis runs (``--nlp`` adds the model, whose own
cost ``bench/pipeline.py`` measures) and the link stage runs after each cycle
(``--no-link`` leaves it out). Peak memory is the process's maximum resident set.
"""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.store import WatchTables, open_store  # noqa: E402
from storyline.watch import Poller  # noqa: E402

SYLLABLES = [c + v for c in "bdklmnrstv" for v in "aeiou"]


class Site:
    """Seeded feeds whose items are generated on demand."""

    def __init__(self, feeds: int, items: int, seed: int = 11) -> None:
        rng = random.Random(seed)
        self.filler = ["".join(rng.choice(SYLLABLES) for _ in range(2)) for _ in range(2000)]
        self.vocab = [
            ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(25)]
            for _ in range(feeds)
        ]
        self.count = [items] * feeds
        self.port = 0

    def page(self, feed: int, n: int) -> bytes:
        rng = random.Random(feed * 100_003 + n)
        day = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=n * 6)
        words = self.vocab[feed]
        sentences = []
        for _ in range(8):
            picked = rng.sample(words, 4) + rng.sample(self.filler, 8)
            rng.shuffle(picked)
            sentences.append(" ".join(picked).capitalize() + ".")
        title = f"{words[0].capitalize()} {words[1]} report {n}"
        return f"{title}\n{day:%Y-%m-%d}\n\n{' '.join(sentences)}\n".encode()

    def feed(self, feed: int) -> bytes:
        base = f"http://127.0.0.1:{self.port}"
        items = "".join(
            f"<item><title>item {n}</title><link>{base}/a/{feed}/{n}.txt</link>"
            f"<guid>{base}/a/{feed}/{n}.txt</guid><pubDate>"
            f"{email.utils.format_datetime(datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=n * 6))}"
            "</pubDate></item>"
            for n in range(self.count[feed] - 1, -1, -1)
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>feed {feed}</title>'
            f"<link>{base}/</link>{items}</channel></rss>"
        ).encode()


def serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            parts = self.path.strip("/").split("/")
            status, body, headers = 404, b"", {}
            if parts[0] == "f":
                body = site.feed(int(parts[1].removesuffix(".xml")))
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                headers["ETag"] = etag
                status = 304 if self.headers.get("If-None-Match") == etag else 200
                if status == 304:
                    body = b""
            elif parts[0] == "a":
                status, body = 200, site.page(int(parts[1]), int(parts[2].removesuffix(".txt")))
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 7, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--new", type=int, default=2, help="items added per feed for cycle 3")
    parser.add_argument("--nlp", action="store_true", help="run the spaCy analysis too")
    parser.add_argument("--no-link", action="store_true", help="leave out the link stage")
    args = parser.parse_args()

    site = Site(args.feeds, args.items)
    httpd = serve(site)
    settings = Settings(fetch_allow_hosts=("127.0.0.1",), batch_size=32)
    nlp = None
    if args.nlp:
        from storyline.pipeline.nlp import load_nlp

        nlp = load_nlp(settings.spacy_model)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "bench.db") as store:
        tables = WatchTables(store)
        for feed in range(args.feeds):
            tables.add_source(
                f"http://127.0.0.1:{site.port}/f/{feed}.xml",
                interval_s=600,
                now="2025-07-01T00:00:00+00:00",
            )
        poller = Poller(
            store, settings, nlp=nlp, clock=clock, link=not args.no_link, items_per_cycle=10**9
        )

        def cycle(label: str) -> None:
            start = time.perf_counter()
            report = poller.run_cycle()
            took = time.perf_counter() - start
            new = len(report.added)
            per = f"{1000 * took / new:7.1f} ms per new article" if new else " " * 26
            print(
                f"{label:<28} {took:8.2f} s  {per}  polled {len(report.polled):3d}, "
                f"304 {len(report.not_modified):3d}, pages {report.pages_fetched:5d}, "
                f"stored {new:5d}, duplicates {len(report.present)}"
            )
            clock.now += timedelta(seconds=601)

        print(
            f"{args.feeds} feeds x {args.items} items, analysis {'with' if nlp else 'without'} spaCy, "
            f"link stage {'off' if args.no_link else 'on'}"
        )
        cycle("cycle 1: everything new")
        cycle("cycle 2: nothing changed")
        site.count = [n + args.new for n in site.count]
        cycle(f"cycle 3: {args.new} new per feed")
        print(f"articles stored: {store.count_articles()}")
        poller.close()
    httpd.shutdown()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")


if __name__ == "__main__":
    main()
