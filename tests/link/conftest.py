"""Seed articles as hand-built :class:`Article` objects (text, publication date, outlet).

Publication dates: 000 2024-11-25, 002/003 2024-05-31, 004 2024-06-05 as given. 001 (the
RBC-Ukraine piece) carries no date: its content -- Kirby answering questions about HIMARS
strikes in the Kursk region, where Ukraine's incursion began on 6 August 2024, and "no change
to the guidance" -- places it in the week after the incursion; 2024-08-13 is used.
"""

from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.models import Article, DateMention, MetaValue, SourceRef
from storyline.pipeline.sentences import sentences_step

SEED_DATES = {
    "000": "2024-11-25",
    "001": "2024-08-13",
    "002": "2024-05-31",
    "003": "2024-05-31",
    "004": "2024-06-05",
}
SEED_OUTLETS = {
    "000": "Anadolu Agency",
    "001": "RBC-Ukraine",
    "002": "Sputnik",
    "003": "Newsweek",
    "004": "AP (syndicated)",
}


def make_article(
    article_id: str, text: str, published: str | None, outlet: str | None = None
) -> Article:
    article = Article(id=article_id, source=SourceRef(f"{article_id}.txt"), raw=text, text=text)
    article.meta.published = MetaValue(published, "input" if published else "none")
    article.meta.outlet = MetaValue(outlet, "input" if outlet else "none")
    return article


def date_mention(article: Article, phrase: str, value: str, precision: str = "day") -> DateMention:
    """A DateMention for the first occurrence of ``phrase`` (test input, resolved by hand)."""
    start = article.text.index(phrase)
    return DateMention(article.id, phrase, start, start + len(phrase), "DATE", value, precision)  # type: ignore[arg-type]


@pytest.fixture()
def seed_articles(seed_texts: dict[str, str]) -> list[Article]:
    return [
        make_article(k, seed_texts[k], SEED_DATES[k], SEED_OUTLETS[k]) for k in sorted(seed_texts)
    ]


def with_sentences(articles: list[Article], nlp) -> list[Article]:  # type: ignore[no-untyped-def]
    """The articles with what the pipeline stores per sentence (spans, cues, deontic units
    and words), read from their text as the ``sentences`` step does."""
    return [sentences_step(a, nlp(a.text), Settings()) for a in articles]
