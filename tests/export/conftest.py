"""A small store whose articles carry every kind of fact, built by hand (no pipeline)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.models import (
    Article,
    DateMention,
    EntityMention,
    MetaValue,
    Quote,
    RemovedLine,
    SourceRef,
)
from storyline.store import Store, open_store
from tests.store.conftest import assign_links

TEXTS = {
    "kyiv-1": (
        "Kyiv may strike Russia, US says\n"
        'John Kirby said on Monday that Kyiv "can use ATACMS" near Kharkiv.'
    ),
    "kiev-2": (
        "Washington eases limits\n"
        "Officials in Kiev said last week the guidance changed, according to a U.S. official."
    ),
}


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _article(article_id: str, outlet: str, published: str) -> Article:
    text = TEXTS[article_id]
    raw = "Skip to content\n" + text
    art = Article(article_id, SourceRef("feed.xml", f"entry {article_id}"), raw, text)
    art.meta.outlet = MetaValue(outlet, "feed")
    art.meta.title = MetaValue(text.splitlines()[0], "text", start=16, end=16 + text.index("\n"))
    art.meta.published = MetaValue(published, "feed", evidence="<pubDate>")
    art.meta.language = MetaValue("en", "detected", evidence="fasttext 0.98")
    art.removed.append(RemovedLine("Skip to content", 0, 15, "navigation"))
    place = "Kyiv" if "Kyiv" in text else "Kiev"
    art.mentions.append(EntityMention(place, *_span(text, place), "GPE", "place", place))
    return art


@pytest.fixture
def corpus_articles() -> list[Article]:
    first = _article("kyiv-1", "Wire One", "2024-11-25T09:00:00Z")
    second = _article("kiev-2", "Daily Two", "2024-11-26")
    text = first.text
    first.quotes.append(
        Quote(
            "kyiv-1:q0",
            "kyiv-1",
            "can use ATACMS",
            *_span(text, "can use ATACMS"),
            "partial",
            "John Kirby",
            "person",
            cue="said",
            cue_start=_span(text, "said")[0],
            cue_end=_span(text, "said")[1],
            speaker_start=_span(text, "John Kirby")[0],
            speaker_end=_span(text, "John Kirby")[1],
            resolved_via="name",
        )
    )
    first.dates.append(
        DateMention("kyiv-1", "Monday", *_span(text, "Monday"), "DATE", "2024-11-25", anchor="dct")
    )
    text = second.text
    second.quotes.append(
        Quote(
            "kiev-2:q0",
            "kiev-2",
            "the guidance changed",
            *_span(text, "the guidance changed"),
            "indirect",
            "a U.S. official",
            "anonymous",
            cue="according to",
        )
    )
    second.dates.append(
        DateMention("kiev-2", "last week", *_span(text, "last week"), "DATE", "2024-W47", "week")
    )
    return [first, second]


@pytest.fixture
def corpus_store(corpus_articles: list[Article]) -> Iterator[Store]:
    with open_store(":memory:") as store:
        store.add_articles(corpus_articles)
        assign_links(store, {"kyiv-1": ("story-1", "event-1"), "kiev-2": ("story-1", "event-2")})
        yield store
