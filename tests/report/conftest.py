"""A small story for report tests: a fishing ban imposed, kept and lifted, one hostile article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.link import link_store
from storyline.models import Article, DateMention, EntityMention, MetaValue, Quote, SourceRef
from storyline.pipeline.sentences import sentences_step
from storyline.store import open_store

STORY = [
    (
        "fish-1",
        "Coast Times",
        "2025-02-03",
        "Sorvik bans cod fishing in the bay",
        "Sorvik banned cod fishing in the northern bay on Monday after stocks fell to a record "
        'low, fisheries minister Lena Holm said. "The bay needs two quiet years," Holm said.',
        "https://coast.example/2025/02/03/cod-ban",
    ),
    (
        "fish-2",
        "Island Post",
        "2025-03-10",
        "Cod fishing ban in Sorvik bay stays",
        "Sorvik kept the ban on cod fishing in the northern bay on Monday, rejecting a request "
        'from the boat owners, fisheries minister Lena Holm said. "Nothing has changed," Holm said.',
        "javascript:alert(1)",
    ),
    (
        "fish-3",
        "Coast Times",
        "2025-06-02",
        "Sorvik lifts cod fishing ban in the bay",
        "Sorvik lifted the ban on cod fishing in the northern bay on Monday and boats may fish "
        'there again from July, fisheries minister Lena Holm said. "Stocks are back," Holm said.',
        "https://coast.example/2025/06/02/cod-ban-lifted",
    ),
    (
        "fish-4",
        "Bay <b>Watch</b>",
        "2025-06-03",
        "Sorvik <script>alert(1)</script> cod ban over",
        "Sorvik lifted the ban on cod fishing in the northern bay, <img src=x onerror=alert(1)> "
        "officials in Sorvik said on Tuesday, and boats may fish there again.",
        "https://baywatch.example/cod",
    ),
]


def build(spec: tuple[str, str, str, str, str, str]) -> Article:
    aid, outlet, published, title, text, url = spec
    art = Article(aid, SourceRef(f"{aid}.txt"), text, text)
    art.meta.title = MetaValue(title, "text")
    art.meta.outlet = MetaValue(outlet, "input")
    art.meta.published = MetaValue(published, "input")
    art.meta.url = MetaValue(url, "input")
    for name, label, kind in (("Sorvik", "GPE", "place"), ("Lena Holm", "PERSON", "person")):
        at = text.find(name)
        if at >= 0:
            art.mentions.append(EntityMention(name, at, at + len(name), label, kind, name))
    if '"' in text:
        start = text.index('"') + 1
        end = text.index('"', start)
        art.quotes.append(
            Quote(f"{aid}:q0", aid, text[start:end], start, end, "direct", "Lena Holm", "person")
        )
    day = text.find("on Monday")
    if day >= 0:
        art.dates.append(DateMention(aid, "on Monday", day, day + 9, "DATE", published, "day"))
    return art


def make_db(path: Path, nlp: Any = None) -> Path:
    """Store the story and link it; with a spaCy pipeline the articles' sentences are read
    as the pipeline reads them, and the claims are computed."""
    articles = [build(s) for s in STORY]
    if nlp is not None:
        articles = [sentences_step(a, nlp(a.text), Settings()) for a in articles]
    with open_store(path) as store:
        store.add_articles(articles)
        link_store(store, Settings(db=str(path)), claims=nlp is not None)
    return path


@pytest.fixture(scope="module")
def report_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Linked without a language model: the stored claims are "not computed"."""
    return make_db(tmp_path_factory.mktemp("report") / "report.db")


@pytest.fixture(scope="module")
def claims_db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    """Linked with the real spaCy pipeline: the claims are stored."""
    return make_db(tmp_path_factory.mktemp("report") / "claims.db", nlp)


@pytest.fixture(scope="module")
def story_id(report_db: Path) -> str:
    with open_store(report_db, readonly=True) as store:
        found = store.article_links()["fish-1"].story_id
    assert found
    return found
