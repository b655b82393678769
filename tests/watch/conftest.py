"""A feed server on 127.0.0.1 (stdlib ``http.server`` in a thread) whose feeds grow over time.

Feeds are RSS documents built from the items a test publishes; each item's page is served
as plain text from the example corpus (``examples/text``). The server answers conditional
requests (ETag, Last-Modified) with 304, serves ``/robots.txt`` when a test sets one, can
fail chosen paths with 500, and counts every request per path.
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from storyline.config import Settings

ROOT = Path(__file__).resolve().parents[2]
TEXTS = ROOT / "examples" / "text"

#: Example articles in publication order: (file stem, RFC 822 date).
EXAMPLE_ITEMS = {
    "vpa-0304": ("vpa-2025-03-04-ore-export-ban", "Tue, 04 Mar 2025 11:02:00 +0100"),
    "dt-0304": ("dravania-today-2025-03-04-ore-blockade", "Tue, 04 Mar 2025 14:00:00 +0100"),
    "northline-0304": ("northline-2025-03-04-velmora-ore-ban", "Tue, 04 Mar 2025 16:00:00 +0000"),
    "vpa-0414": ("vpa-2025-04-14-ban-unchanged", "Mon, 14 Apr 2025 16:45:00 +0200"),
    "kestrel-0416": ("kestrel-2025-04-16-nothing-has-changed", "Wed, 16 Apr 2025 09:00:00 +0200"),
    "vpa-0520": ("vpa-2025-05-20-ban-eased", "Tue, 20 May 2025 12:00:00 +0200"),
    "vpa-0624": ("vpa-2025-06-24-ban-lifted", "Tue, 24 Jun 2025 10:00:00 +0200"),
    "kestrel-0626": ("kestrel-2025-06-26-ban-lifted", "Thu, 26 Jun 2025 09:00:00 +0200"),
}


@dataclass
class Item:
    slug: str
    title: str
    published: str  # RFC 822
    body: bytes  # the page


@dataclass
class FeedServer:
    host: str = "127.0.0.1"
    port: int = 0
    feeds: dict[str, list[Item]] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    failing: set[str] = field(default_factory=set)
    robots: str | None = None
    delay: float = 0.0  # seconds before each article page is answered
    modified: dict[str, str] = field(default_factory=dict)  # feed -> Last-Modified
    etags: bool = True  # False: validate with Last-Modified alone

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def feed_url(self, name: str) -> str:
        return self.url(f"/feeds/{name}.xml")

    def page_url(self, slug: str) -> str:
        return self.url(f"/articles/{slug}.txt")

    def publish(self, feed: str, *items: Item) -> None:
        self.feeds.setdefault(feed, []).extend(items)
        self.modified[feed] = email.utils.formatdate(
            time.time() + len(self.feeds[feed]), usegmt=True
        )

    def feed_xml(self, name: str) -> bytes:
        entries = "".join(
            f"<item><title>{escape(i.title)}</title><link>{self.page_url(i.slug)}</link>"
            f"<guid>{self.page_url(i.slug)}</guid><pubDate>{i.published}</pubDate>"
            f"<description>{escape(i.body.decode())}</description></item>"
            for i in reversed(self.feeds[name])
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(name)}</title><link>{self.url('/')}</link>{entries}</channel></rss>"
        ).encode()

    def page(self, slug: str) -> bytes | None:
        for items in self.feeds.values():
            for item in items:
                if item.slug == slug:
                    return item.body
        return None


def example_item(key: str) -> Item:
    stem, published = EXAMPLE_ITEMS[key]
    text = (TEXTS / f"{stem}.txt").read_text(encoding="utf-8")
    return Item(
        key, text.splitlines()[2] if len(text.splitlines()) > 2 else key, published, text.encode()
    )


def synthetic_item(feed: str, n: int, day: datetime | None = None) -> Item:
    """A small distinct article (no spaCy needed to store it)."""
    when = (day or datetime(2025, 3, 1, tzinfo=UTC)) + timedelta(hours=n)
    title = f"{feed} council report number {n}"
    body = (
        f"{title}\n\nThe {feed} council published report number {n} on "
        f"{when:%d %B %Y}, its chair said, after {n % 7 + 2} months of work on the "
        f"{('harbour', 'rail', 'bridge', 'school')[n % 4]} plan.\n"
    )
    return Item(f"{feed}-{n}", title, email.utils.format_datetime(when), body.encode())


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _send(
            self, status: int, body: bytes = b"", ctype: str = "text/plain", **headers: str
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = self.path.split("?")[0]
            server.hits[path] += 1
            if path in server.failing:
                return self._send(500, b"broken")
            if path == "/robots.txt":
                if server.robots is None:
                    return self._send(404, b"none")
                return self._send(200, server.robots.encode())
            if path.startswith("/feeds/") and path.endswith(".xml"):
                name = path[len("/feeds/") : -len(".xml")]
                if name not in server.feeds:
                    return self._send(404)
                body = server.feed_xml(name)
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if not server.etags:
                    if self.headers.get("If-Modified-Since") == server.modified[name]:
                        return self._send(304)
                    return self._send(
                        200, body, "application/rss+xml", Last_Modified=server.modified[name]
                    )
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, ETag=etag)
                return self._send(
                    200, body, "application/rss+xml", ETag=etag, Last_Modified=server.modified[name]
                )
            if path.startswith("/articles/") and path.endswith(".txt"):
                body = server.page(path[len("/articles/") : -len(".txt")])
                if body is None:
                    return self._send(404)
                if server.delay:
                    time.sleep(server.delay)
                return self._send(200, body, "text/plain; charset=utf-8")
            return self._send(404)

    return Handler


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def watch_settings(tmp_path: Path) -> Settings:
    return Settings(
        db=str(tmp_path / "news.db"), fetch_allow_hosts=("127.0.0.1",), fetch_timeout=10
    )


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, start: datetime = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()
