from __future__ import annotations

from typing import Any

import pytest

from storyline.errors import QueryError
from storyline.models import Article
from storyline.store import SearchFilters, Store, plain_query
from tests.conftest import store_sql
from tests.store.conftest import assign_links


@pytest.fixture
def filled(store: Store, three_articles: list[Article]) -> Store:
    store.add_articles(three_articles)
    assign_links(store, {"a1": ("s-atacms", "e1"), "a2": ("s-atacms", "e2")})
    return store


@pytest.mark.parametrize(
    "query,filters,expected",
    [
        ("missiles", {}, {"a1", "a3"}),
        ("missile", {}, {"a1", "a3"}),  # porter stemming
        ('"change the guidance"', {}, {"a1"}),
        ("missiles NOT Taurus", {}, {"a1"}),
        ("title:Kharkiv", {}, {"a2"}),
        ("kharkiv OR berlin", {"outlet": "Daily Two"}, {"a2"}),
        ("missiles", {"since": "2024-07"}, {"a1"}),
        ("missiles", {"until": "2024-06-30"}, {"a3"}),
        ("missiles", {"speaker": "john kirby"}, {"a1"}),
        ("missiles", {"speaker": "Kirby"}, {"a1"}),  # a surname alone
        ("missiles", {"speaker": "irby"}, set()),  # not a word of the name
        ("missiles", {"entity": "John Kirby"}, {"a1"}),
        ("", {"story": "s-atacms"}, {"a1", "a2"}),
        (None, {"outlet": "wire one"}, {"a1", "a3"}),
        ("Zelensky", {}, set()),
    ],
)
def test_search_matches_text_and_filters(
    filled: Store, query: str | None, filters: dict[str, Any], expected: set[str]
) -> None:
    hits = filled.search(query, **filters)
    assert {h.article_id for h in hits} == expected


def test_hits_carry_snippet_score_and_title_weight(filled: Store) -> None:
    hits = filled.search("Kharkiv")
    assert [h.article_id for h in hits] == ["a2"]
    assert hits[0].title == "Kharkiv under fire"
    assert "[Kharkiv]" in hits[0].snippet
    assert hits[0].score is not None and hits[0].score < 0
    marked = filled.search("Kharkiv", highlight=("<mark>", "</mark>"))
    assert "<mark>Kharkiv</mark>" in marked[0].snippet


def test_no_text_query_lists_newest_first(filled: Store) -> None:
    hits = filled.search()
    assert [h.article_id for h in hits] == ["a1", "a3", "a2"]
    assert all(h.score is None for h in hits)


def test_limit_and_offset_page_through_hits(filled: Store) -> None:
    first = filled.search("missiles", limit=1)
    second = filled.search("missiles", limit=1, offset=1)
    assert len(first) == len(second) == 1
    assert {first[0].article_id, second[0].article_id} == {"a1", "a3"}


@pytest.mark.parametrize(
    "query", ['"unterminated', "AND", "U.S.", "Kyiv's strikes", "speaker:Kirby", "(missiles"]
)
def test_malformed_queries_raise_query_error_with_advice(filled: Store, query: str) -> None:
    with pytest.raises(QueryError) as info:
        filled.search(query)
    message = str(info.value)
    assert message.startswith("[E414]")
    assert repr(query) in message
    assert "plain mode" in message


@pytest.mark.parametrize(
    "query,expected",
    [("U.S.", set()), ("Kharkiv's", set()), ("Scholz said", {"a3"}), ('did "change', {"a1"})],
)
def test_plain_mode_accepts_any_text(filled: Store, query: str, expected: set[str]) -> None:
    assert {h.article_id for h in filled.search(query, plain=True)} == expected


def test_plain_query_quotes_every_word() -> None:
    assert plain_query('Kyiv\'s "ATACMS" -strikes') == '"Kyiv\'s" """ATACMS""" "-strikes"'


@pytest.mark.parametrize("limit,offset", [(0, 0), (5000, 0), (10, -1)])
def test_bad_paging_is_a_query_error(filled: Store, limit: int, offset: int) -> None:
    with pytest.raises(QueryError):
        filled.search("missiles", limit=limit, offset=offset)


@pytest.mark.parametrize(
    ("query", "filters", "limit", "offset", "expected_total"),
    [
        ("missiles", {}, 1, 0, 2),
        ("missiles", {}, 1, 1, 2),
        (None, {}, 2, 0, 3),
        (None, {"story": "s-atacms"}, 20, 0, 2),
        ("Zelensky", {}, 20, 0, 0),
    ],
)
def test_search_page_counts_every_match(
    filled: Store,
    query: str | None,
    filters: dict[str, Any],
    limit: int,
    offset: int,
    expected_total: int,
) -> None:
    hits, total = filled.search_page(query, SearchFilters(**filters), limit=limit, offset=offset)
    assert total == expected_total
    assert len(hits) == min(limit, max(0, expected_total - offset))
    assert [h.article_id for h in hits] == [
        h.article_id for h in filled.search(query, limit=limit, offset=offset, **filters)
    ]


def test_filters_are_one_value_given_whole_or_by_name(filled: Store) -> None:
    filters = SearchFilters(outlet="wire one", since="2024-07")
    assert {h.article_id for h in filled.search("missiles", filters)} == {"a1"}
    assert filled.search("missiles", filters) == filled.search(
        "missiles", outlet="wire one", since="2024-07"
    )
    widened = filled.search("missiles", filters, since=None)  # a name replaces its field
    assert {h.article_id for h in widened} == {"a1", "a3"}
    facets = filled.search_facets("missiles", filters)
    assert [(f.value, f.count) for f in facets.outlet] == [("Wire One", 1)]
    with pytest.raises(QueryError, match="since=2024-12 is after until=2024-01"):
        filled.search(None, SearchFilters(since="2024-12", until="2024-01"))
    with pytest.raises(TypeError):
        filled.search(None, language="en")  # not a filter
    assert len({filters, SearchFilters(outlet="wire one", since="2024-07")}) == 1  # frozen


def test_hits_carry_their_story(filled: Store) -> None:
    stories = {h.article_id: h.story_id for h in filled.search_page(None)[0]}
    assert stories == {"a1": "s-atacms", "a2": "s-atacms", "a3": None}


def test_search_page_reports_malformed_queries(filled: Store) -> None:
    with pytest.raises(QueryError, match="plain mode"):
        filled.search_page('"unterminated')


def test_a_query_matching_more_than_rank_scan_ranks_the_latest_matches(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    everything = {h.article_id for h in filled.search("missiles OR kharkiv")}
    assert everything == {"a1", "a2", "a3"}
    monkeypatch.setattr("storyline.store._search.RANK_SCAN", 2)
    hits, total = filled.search_page("missiles OR kharkiv")
    assert total == 3  # the count is still of every match
    assert {h.article_id for h in hits} == {"a2", "a3"}  # the two stored last
    # with a filter every match is ranked, and with fewer matches nothing changes
    assert {h.article_id for h in filled.search("missiles OR kharkiv", since="2024-01")} == (
        everything
    )
    assert {h.article_id for h in filled.search("missiles")} == {"a1", "a3"}


def test_speaker_filter_reads_the_spellings_of_unified_entities(
    store: Store, make_article: Any
) -> None:
    """ "Trump" and "Mr. Trump" find Donald Trump's quotes through the entity tables, not
    Melania Trump's, although the surname is hers too."""
    said = "The president said the talks were over."
    articles = [
        make_article("t1", said, speaker="Mr. Trump", quote="the talks were over"),
        make_article("t2", said, speaker="Melania Trump", quote="the talks were over"),
        make_article("t3", said, speaker="Donald J. Trump", quote="the talks were over"),
    ]
    store.add_articles(articles)
    conn = store_sql(store)
    conn.executemany(
        "INSERT INTO entities (id, name, type, mentions, articles) VALUES (?, ?, 'person', 1, 1)",
        [("e-donald", "Donald Trump"), ("e-melania", "Melania Trump")],
    )
    conn.executemany(
        "INSERT INTO entity_aliases (entity_id, text, outlet, count) VALUES (?, ?, '', 1)",
        [
            ("e-donald", "Trump"),
            ("e-donald", "Mr. Trump"),
            ("e-donald", "Donald J. Trump"),
            ("e-melania", "Melania Trump"),
        ],
    )
    for article_id, entity_id in [("t1", "e-donald"), ("t2", "e-melania"), ("t3", "e-donald")]:
        conn.execute(
            "UPDATE quotes SET speaker_entity_id = ? WHERE article_id = ?", (entity_id, article_id)
        )

    def found(name: str) -> set[str]:
        return {h.article_id for h in store.search(speaker=name)}

    assert found("Trump") == {"t1", "t3"}
    assert found("mr. trump") == {"t1", "t3"}
    assert found("Donald Trump") == {"t1", "t3"}
    assert found("Melania Trump") == {"t2"}
    assert found("Ivanka Trump") == set()
