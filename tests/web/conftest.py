"""Databases and a live server for the page tests.

``small_db`` is hand-built (no spaCy): two articles on one story and one hostile article whose
text, title, outlet, URL, quote and names carry script, linked without claims. ``examples_db``
is the example corpus analysed with the real pipeline, plus the same hostile article, linked
with claims; ``live_server`` serves it with uvicorn on a free loopback port in a background
thread.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from storyline.api import create_app
from storyline.config import Settings
from storyline.link import link_store
from storyline.models import (
    Article,
    DateMention,
    EntityMention,
    MetaValue,
    Quote,
    RemovedLine,
    SourceRef,
)
from storyline.store import open_store

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">click me</a>'
HOSTILE_ID = "hostile-0001"


def hostile_article() -> Article:
    """An article whose every field tries to run script in the page that shows it."""
    text = (
        f"Harbour officials in Sorvik said on Friday {SCRIPT} that the pier would close.\n\n"
        f'"We close the pier {IMG} for repairs," said Mara {IMG} Lund, the harbour master.\n\n'
        f"Readers were told to follow {JS_LINK} or javascript:alert(1) for updates."
    )
    art = Article(HOSTILE_ID, SourceRef("hostile.html"), text, text)
    art.meta.title = MetaValue(f"Sorvik pier closes {SCRIPT}", "html", evidence=SCRIPT)
    art.meta.outlet = MetaValue(f"Sorvik <b>Herald</b> {IMG}", "html")
    art.meta.published = MetaValue("2025-07-04", "html")
    art.meta.url = MetaValue("javascript:alert(1)", "html")
    art.meta.author = MetaValue(f"Eve {IMG}", "html")
    art.removed.append(RemovedLine(f"Share {SCRIPT}", 0, 10, "boilerplate"))
    said = f"We close the pier {IMG} for repairs,"
    start = text.index(said)
    art.quotes.append(
        Quote(
            f"{HOSTILE_ID}:q0",
            HOSTILE_ID,
            said,
            start,
            start + len(said),
            "direct",
            f"Mara {IMG} Lund",
            "person",
            speaker_canonical=f"Mara {IMG} Lund",
        )  # fmt: skip
    )
    name = f"Mara {IMG} Lund"
    at = text.index(name)
    art.mentions.append(EntityMention(name, at, at + len(name), "PERSON", "person", name))
    place = text.index("Sorvik")
    art.mentions.append(EntityMention("Sorvik", place, place + 6, "GPE", "place", "Sorvik"))
    day = text.index("on Friday")
    art.dates.append(DateMention(HOSTILE_ID, "on Friday", day, day + 9, "DATE", "2025-07-04"))
    return art


def _plain(article_id: str, outlet: str, published: str, title: str, text: str) -> Article:
    art = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    art.meta.title = MetaValue(title, "text")
    art.meta.outlet = MetaValue(outlet, "input")
    art.meta.published = MetaValue(published, "input")
    place = text.index("Sorvik")
    art.mentions.append(EntityMention("Sorvik", place, place + 6, "GPE", "place", "Sorvik"))
    return art


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "small.db"
    body = (
        "The Sorvik ferry company cut its winter timetable to two crossings a day on Monday, "
        "blaming fuel prices and falling passenger numbers on the island route."
    )
    articles = [
        _plain("ferry-1", "Coast Times", "2025-01-13", "Sorvik ferry cuts winter crossings", body),
        _plain(
            "ferry-2",
            "Island Post",
            "2025-01-20",
            "Sorvik ferry timetable cut angers islanders",
            body + " Islanders said the cut left them without an evening boat.",
        ),
        hostile_article(),
    ]
    with open_store(path) as store:
        store.add_articles(articles)
        link_store(store, Settings(db=str(path)), claims=False)  # as if no model were installed
    return path


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path, nlp: Any) -> Path:
    """The example corpus analysed with spaCy and linked, plus the hostile article."""
    from storyline import analyze_paths

    path = tmp_path_factory.mktemp("examples") / "examples.db"
    settings = Settings(db=str(path))
    with open_store(path) as store:
        # the Velmora corpus; multilingual/ tells another story and is tested on its own
        skip = {"multilingual", "expected"}
        folders = [p for p in sorted(examples_dir.iterdir()) if p.is_dir() and p.name not in skip]
        report = analyze_paths(folders, store, settings=settings)
        assert report.ok and report.added, report.failures
        store.add_articles([hostile_article()])
        link_store(store, settings)
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(examples_db: Path, nlp: Any) -> Iterator[str]:
    """The app on http://127.0.0.1:<free port>, served by uvicorn in a background thread."""
    app = create_app(Settings(db=str(examples_db)), nlp=lambda: nlp)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
