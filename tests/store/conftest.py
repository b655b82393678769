"""Hand-built articles for store tests (no pipeline needed) and a fresh store per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from storyline.models import (
    Article,
    DateMention,
    EntityMention,
    MetaValue,
    Quote,
    RawDocument,
    RemovedLine,
    SourceRef,
)
from storyline.store import Store, open_store
from storyline.store._links import LINK_COLUMNS

ArticleFactory = Callable[..., Article]


def build_article(
    article_id: str,
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    speaker: str | None = None,
    quote: str | None = None,
    entity: str | None = None,
    date_text: str | None = None,
    date_value: str | None = None,
) -> Article:
    """An article whose facts point at real spans of ``text``."""
    raw = f"{title}\nAdvertisement\n{text}" if title else text
    art = Article(id=article_id, source=SourceRef(f"{article_id}.txt"), raw=raw, text=text)
    art.meta.title = MetaValue(title, "text" if title else "none")
    art.meta.outlet = MetaValue(outlet, "input" if outlet else "none")
    art.meta.published = MetaValue(published, "input" if published else "none")
    art.meta.language = MetaValue("en", "detected")
    if title:
        start = len(title) + 1
        art.removed.append(RemovedLine("Advertisement", start, start + 13, "boilerplate"))
    if quote:
        start = text.index(quote)
        art.quotes.append(
            Quote(
                f"{article_id}:q0",
                article_id,
                quote,
                start,
                start + len(quote),
                "direct",
                speaker,
                "person" if speaker else "anonymous",
                cue="said",
            )
        )
    if entity:
        start = text.index(entity)
        art.mentions.append(
            EntityMention(entity, start, start + len(entity), "PERSON", "person", entity)
        )
    if date_text and date_value:
        start = text.index(date_text)
        art.dates.append(
            DateMention(article_id, date_text, start, start + len(date_text), "DATE", date_value)
        )
    return art


def raw_for(article: Article) -> RawDocument:
    """The raw document an article could have been made from."""
    return RawDocument(article.source, article.raw, given={"outlet": article.outlet or ""})


@pytest.fixture
def make_article() -> ArticleFactory:
    return build_article


@pytest.fixture
def make_raw() -> Callable[[Article], RawDocument]:
    return raw_for


KIRBY = (
    'National Security Council spokesperson John Kirby said Washington "did change the '
    'guidance" over ATACMS missiles on Monday.'
)
KHARKIV = "As Russia pounded the border city of Kharkiv in May, Biden authorised strikes."
BERLIN = "Chancellor Scholz said in Berlin that Germany would not send Taurus missiles."


@pytest.fixture
def three_articles() -> list[Article]:
    """Three articles from two outlets (one spelled differently) over six months."""
    return [
        build_article(
            "a1",
            KIRBY,
            title="US confirms ATACMS guidance",
            outlet="Wire One",
            published="2024-11-25",
            speaker="John Kirby",
            quote="did change the guidance",
            entity="John Kirby",
            date_text="Monday",
            date_value="2024-11-25",
        ),
        build_article(
            "a2", KHARKIV, title="Kharkiv under fire", outlet="Daily Two", published="2024-05-31"
        ),
        build_article("a3", BERLIN, outlet="wire one", published="2024-06-10T08:30:00+02:00"),
    ]


@pytest.fixture
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        yield s


def link_row(
    article_id: str, story: str, event: str, copy_of: str | None = None
) -> dict[str, object]:
    """A ``link_articles`` row assigning an article, with empty values for what only the
    link stage's own matching reads (hash, signature, vectors)."""
    row: dict[str, object] = dict.fromkeys(LINK_COLUMNS)
    row.update(
        article_id=article_id, story_id=story, event_id=event, copy_of=copy_of,
        text_hash="h", signature=b"", shingles=0, length=0, vector="{}", lead_vector="{}",
        entities="[]",
    )  # fmt: skip
    return row


def assign_links(store: Store, links: dict[str, tuple[str, str]]) -> None:
    """Put articles in stories and events (article id -> (story, event)) the way the link
    stage records it, for tests of readers that need linked articles without linking."""
    with store.transaction():
        for article_id, (story, event) in links.items():
            store.links.save_article(link_row(article_id, story, event))
