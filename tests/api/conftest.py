"""A small hand-built corpus (no spaCy needed) stored, linked and served by a fresh app.

The story is invented for these tests: the port city of Brisa bans cruise ships from its
old harbour, eases the ban, then lifts it; three outlets cover it, one copies another.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

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
from storyline.pipeline.sentences import sentences_step
from storyline.store import open_store

KINDS = {"PERSON": "person", "GPE": "place", "ORG": "organization"}


@dataclass
class Spec:
    id: str
    outlet: str
    published: str | None
    title: str
    text: str
    quotes: tuple[tuple[str, str | None, str], ...] = ()  # (quoted text, speaker, kind)
    names: tuple[tuple[str, str, str], ...] = ()  # (surface, label, canonical)
    dates: tuple[tuple[str, str], ...] = ()  # (surface, TimeML value)
    url: str | None = None


def build(spec: Spec) -> Article:
    """An Article whose every fact points at a real span of its text."""
    raw = f"{spec.title}\nShare this story\n{spec.text}"
    art = Article(spec.id, SourceRef(f"{spec.id}.txt"), raw, spec.text)
    art.meta.title = MetaValue(spec.title, "text", evidence="first line")
    art.meta.outlet = MetaValue(spec.outlet, "input")
    art.meta.published = MetaValue(spec.published, "input" if spec.published else "none")
    art.meta.language = MetaValue("en", "detected")
    art.meta.url = MetaValue(spec.url, "input" if spec.url else "none")
    line = len(spec.title) + 1
    art.removed.append(RemovedLine("Share this story", line, line + 16, "boilerplate"))
    for i, (said, speaker, kind) in enumerate(spec.quotes):
        start = spec.text.index(said)
        art.quotes.append(
            Quote(
                f"{spec.id}:q{i}",
                spec.id,
                said,
                start,
                start + len(said),
                kind,  # type: ignore[arg-type]
                speaker,
                "person" if speaker else "anonymous",
                cue="said",
                speaker_canonical=speaker,
            )
        )
    for surface, label, canonical in spec.names:
        start = 0
        while (start := spec.text.find(surface, start)) >= 0:
            art.mentions.append(
                EntityMention(surface, start, start + len(surface), label, KINDS[label], canonical)
            )
            start += len(surface)
    art.mentions.sort(key=lambda m: m.start)
    for surface, value in spec.dates:
        start = spec.text.index(surface)
        art.dates.append(
            DateMention(spec.id, surface, start, start + len(surface), "DATE", value, "day")
        )
    return art


BAN = Spec(
    "lumen-0203",
    "Lumen Daily",
    "2025-02-04",
    "Brisa bans cruise ships from its old harbour",
    "The Brisa city council voted on Monday to ban cruise ships from the old harbour, "
    "saying the crowds and the diesel fumes had become too much for the historic quarter.\n\n"
    '"The old harbour cannot take more ships," Mayor Ines Carvalho said after the vote. '
    "Cruise operators said the ban would cost the port thousands of visitors each week.\n\n"
    "The ban on cruise ships takes effect in March and covers every ship longer than "
    "ninety metres.",
    quotes=(("The old harbour cannot take more ships,", "Ines Carvalho", "direct"),),
    names=(("Brisa", "GPE", "Brisa"), ("Ines Carvalho", "PERSON", "Ines Carvalho")),
    dates=(("on Monday", "2025-02-03"),),
    url="https://lumen.example/2025/02/04/brisa-cruise-ban",
)
COPY = Spec(
    "harbour-0204",
    "Harbour Post",
    "2025-02-05",
    "Cruise ships banned from Brisa old harbour",
    BAN.text + "\n\nThe Harbour Post has asked the port authority for comment.",
    quotes=BAN.quotes,
    names=BAN.names,
    dates=BAN.dates,
    url="javascript:alert(1)",
)
EASED = Spec(
    "harbour-0310",
    "Harbour Post",
    "2025-03-11",
    "Brisa eases cruise ban for small ships",
    "Brisa eased its ban on cruise ships on Monday, letting ships shorter than sixty "
    "metres back into the old harbour while the ban stays for larger vessels.\n\n"
    '"Small ships bring visitors without the crowds," Mayor Inês Carvalho said. '
    "Port workers said the change came too late for the spring season.",
    quotes=(("Small ships bring visitors without the crowds,", "Inês Carvalho", "direct"),),
    names=(("Brisa", "GPE", "Brisa"), ("Inês Carvalho", "PERSON", "Inês Carvalho")),
    dates=(("on Monday", "2025-03-10"),),
)
LIFTED = Spec(
    "coastal-0422",
    "Coastal Wire",
    None,
    "Brisa lifts cruise ship ban after harbour deal",
    "Brisa lifted its ban on cruise ships from the old harbour on Tuesday after the council "
    "and cruise operators agreed to limit arrivals to two ships a day.\n\n"
    "Ines Carvalho said the deal protected the historic quarter. A port official, who asked "
    "not to be named, said the limit would be reviewed in the autumn.",
    quotes=(
        ("the deal protected the historic quarter", "Ines Carvalho", "indirect"),
        ("the limit would be reviewed in the autumn", None, "indirect"),
    ),
    names=(("Brisa", "GPE", "Brisa"), ("Ines Carvalho", "PERSON", "Ines Carvalho")),
    dates=(("on Tuesday", "2025-04-22"),),
)
OTHER = Spec(
    "lumen-0301",
    "Lumen Daily",
    "2025-03-01",
    "Tram line to the airport opens in Varna Bay",
    "The new tram line between Varna Bay and the airport opened on Saturday with trams every "
    "ten minutes.\n\nThe transport authority said ticket prices would stay the same until "
    "the summer timetable starts.",
    names=(("Varna Bay", "GPE", "Varna Bay"),),
    dates=(("on Saturday", "2025-03-01"),),
)
SPECS = (BAN, COPY, EASED, LIFTED, OTHER)


def make_db(path: Path, nlp: Any = None) -> Path:
    """Store the corpus and run the link stage; returns the database path.

    With a spaCy pipeline ``nlp`` the sentences are read as the pipeline reads them and the
    claims are computed; without, they are stored as not computed.
    """
    settings = Settings(db=str(path))
    articles = [build(s) for s in SPECS]
    if nlp is not None:
        articles = [sentences_step(a, nlp(a.text), Settings()) for a in articles]
    with open_store(path) as store:
        store.add_articles(articles)
        link_store(store, settings, claims=nlp is not None)
    return path


@pytest.fixture(scope="session")
def corpus_specs() -> dict[str, str]:
    """The article ids of the corpus by role (tests name them as literals)."""
    return {
        "BAN": BAN.id,
        "COPY": COPY.id,
        "EASED": EASED.id,
        "LIFTED": LIFTED.id,
        "OTHER": OTHER.id,
    }


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_db(tmp_path_factory.mktemp("api") / "corpus.db")


@pytest.fixture(scope="module")
def app(corpus_db: Path) -> FastAPI:
    return create_app(Settings(db=str(corpus_db)), nlp=lambda: None)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture()
def writable_db(corpus_db: Path, tmp_path: Path) -> Path:
    """A private copy of the corpus database for tests that write."""
    target = tmp_path / "writable.db"
    with open_store(corpus_db) as store:  # fold the WAL in before copying the file
        store.checkpoint()
    shutil.copy(corpus_db, target)
    return target
