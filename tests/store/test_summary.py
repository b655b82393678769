from __future__ import annotations

from storyline.models import Article
from storyline.store import Store, summarize
from tests.store.conftest import assign_links


def test_summary_counts_outlets_dates_and_facts(
    store: Store, three_articles: list[Article]
) -> None:
    store.add_articles(three_articles)
    assign_links(store, {"a1": ("s1", "e1"), "a3": ("s2", "e2")})
    summary = summarize(store)
    assert summary.articles == 3
    assert summary.outlets == {"Daily Two": 1, "Wire One": 1, "wire one": 1}
    assert summary.first_published == "2024-05-31"
    assert summary.last_published == "2024-11-25"
    assert summary.undated == 0
    assert summary.quotes == {"direct": 1}
    assert summary.mentions == 1 and summary.entities == 1
    assert summary.dates == 1
    assert summary.stories == 2
    assert summary.top_speakers == [("John Kirby", 1)]
    assert summary.languages == {"en": 3}


def test_summary_of_an_empty_store(store: Store) -> None:
    summary = summarize(store)
    assert summary.articles == 0
    assert summary.first_published is None
    assert summary.outlets == {} and summary.quotes == {}
