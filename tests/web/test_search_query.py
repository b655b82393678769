"""Search as a reader types it: plain words with punctuation, names in any spelling,
facets with counts, snippets cut on word boundaries."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.config import Settings
from storyline.errors import QueryError
from storyline.link import link_store
from storyline.models import Article, EntityMention, MetaValue, Quote, SourceRef
from storyline.store import SearchFilters, Store, open_store
from storyline.web.queries import search, search_facets
from storyline.web.search_query import read_plain_query
from tests.conftest import store_sql

LABELS = {"person": "PERSON", "place": "GPE"}


def _article(
    article_id: str,
    outlet: str | None,
    published: str | None,
    text: str,
    names: tuple[tuple[str, str], ...] = (),
    speaker: str | None = None,
) -> Article:
    art = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    art.meta.title = MetaValue(text.split(".")[0], "text")
    art.meta.outlet = MetaValue(outlet, "input" if outlet else "none")
    art.meta.published = MetaValue(published, "input" if published else "none")
    for surface, kind in names:
        start = text.index(surface)
        art.mentions.append(
            EntityMention(surface, start, start + len(surface), LABELS[kind], kind, surface)
        )
    art.mentions.sort(key=lambda m: m.start)
    if speaker:
        said = "we will keep going"
        start = text.index(said)
        art.quotes.append(
            Quote(
                f"{article_id}:q0",
                article_id,
                said,
                start,
                start + len(said),
                "direct",
                speaker,
                "person",
                cue="said",
                speaker_canonical=speaker,
            )
        )
    return art


ARTICLES = [
    _article(
        "k1",
        "Wire One",
        "2024-11-25",
        "Strikes hit Kiev overnight. Long-range missiles from U.S. weapons stocks were used, "
        "John Kirby's office said.",
        (("Kiev", "place"), ("John Kirby", "person")),
    ),
    _article(
        "k2",
        "Daily Two",
        "2024-11-26",
        'Kyiv counts the damage. "we will keep going," Volodymyr Zelenskyy said in Kyiv.',
        (("Kyiv", "place"), ("Volodymyr Zelenskyy", "person")),
        speaker="Volodymyr Zelenskyy",
    ),
    _article(
        "k3",
        None,
        "2024-12-02",
        "President Volodymyr Zelensky met allies in Berlin. Mr Zelensky asked for air defence.",
        (("Volodymyr Zelensky", "person"), ("Berlin", "place")),
    ),
    _article(
        "k4",
        "Daily Two",
        None,
        "Farmers in the valley harvested an unusually large crop of pears this autumn, and "
        "the cooperative said prices would fall across the region before the winter market.",
    ),
]


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    with open_store(":memory:") as s:
        s.add_articles(ARTICLES)
        link_store(s, Settings(db=":memory:"), claims=False)
        yield s


def found(store: Store, q: str | None, syntax: str = "plain", **filters: str) -> set[str]:
    hits, total = search(store, q, SearchFilters(**filters), syntax=syntax)
    assert total == len(hits)
    return {h.article_id for h in hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("long-range", {"k1"}),
        ("Kirby's", {"k1"}),
        ("Kyiv's damage", {"k2"}),
        ("valley's pears", {"k4"}),  # a possessive finds the bare word too
        ("U.S. weapons", {"k1"}),
        ("pears: (autumn", {"k4"}),  # FTS5 operators are plain characters here
        ("Kiev", {"k1", "k2"}),
        ("Kyiv", {"k1", "k2"}),
        ("kyiv damage", {"k2"}),
        ("Zelensky", {"k2", "k3"}),  # a surname finds the person in any spelling
        ("Volodymyr Zelenskyy", {"k2", "k3"}),
        ("Kirby", {"k1"}),
    ],
)
def test_plain_words_and_every_spelling_of_a_name(store: Store, q: str, expected: set[str]) -> None:
    assert found(store, q) == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"entity": "Zelensky"}, {"k2", "k3"}),
        ({"entity": "Kiev"}, {"k1", "k2"}),
        ({"speaker": "Zelensky"}, {"k2"}),
    ],
)
def test_name_filters_take_any_spelling(
    store: Store, filters: dict[str, str], expected: set[str]
) -> None:
    assert found(store, None, **filters) == expected


def test_fts_syntax_only_on_request(store: Store) -> None:
    assert found(store, "Kiev OR pears", syntax="fts") == {"k1", "k4"}
    assert found(store, "Kiev OR pears") == set()  # plain: every word, "OR" included
    with pytest.raises(QueryError):
        search(store, '"unbalanced', syntax="fts")
    with pytest.raises(QueryError, match="syntax"):
        search(store, "x", syntax="regex")


def test_expansion_is_an_fts_query_of_spellings(store: Store) -> None:
    read = read_plain_query(store, "Kiev strikes")
    assert '"Kyiv"' in read.fts and '"Kiev"' in read.fts and read.fts.endswith('AND "strikes"')
    assert [e.name for e in read.entities] == ["Kyiv"]


def test_facets_count_matching_articles(store: Store) -> None:
    facets = search_facets(store, "Zelensky")
    assert {(f.label, f.count) for f in facets.outlet} == {
        ("Daily Two", 1),
        ("(unknown outlet)", 1),
    }
    assert {(f.value, f.count) for f in facets.month} == {("2024-11", 1), ("2024-12", 1)}
    people = {f.label: f.count for f in facets.entity}
    assert people["Volodymyr Zelensky"] == 2
    assert [(f.label, f.count) for f in facets.speaker] == [("Volodymyr Zelensky", 1)]
    assert sum(f.count for f in facets.story) == 2
    assert all(f.label != f.value for f in facets.story)  # titles, not ids


def test_lead_snippets_end_on_a_word(store: Store) -> None:
    hits, _ = search(store, None, SearchFilters(outlet="Daily Two"))
    lead = next(h.snippet for h in hits if h.article_id == "k4")
    assert lead.endswith("…")
    words = ARTICLES[3].text.split()
    assert lead[:-1].split()[-1] in words


def test_facets_of_a_common_word_count_a_sample(store: Store) -> None:
    from storyline.store._search import search_facets as store_facets

    whole = store_facets(store_sql(store), None)
    assert not whole.sampled and sum(f.count for f in whole.outlet) == len(ARTICLES)
    sample = store_facets(store_sql(store), None, scan=2)
    assert sample.sampled and sum(f.count for f in sample.outlet) == 2
