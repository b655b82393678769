from __future__ import annotations

import copy
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import NotFound, QueryError
from storyline.models import Article, RawDocument
from storyline.store import Store, open_store
from storyline.store._db import CHUNK, chunks
from tests.conftest import store_sql
from tests.store.conftest import assign_links

RawFactory = Callable[[Article], RawDocument]
ArticleFactory = Callable[..., Article]


def _fts_count(store: Store, query: str) -> int:
    row = (
        store_sql(store)
        .execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (query,))
        .fetchone()
    )
    return int(row[0])


def _fact_count(store: Store, table: str, article_id: str) -> int:
    row = (
        store_sql(store)
        .execute(f"SELECT count(*) FROM {table} WHERE article_id = ?", (article_id,))
        .fetchone()
    )
    return int(row[0])


def test_added_articles_read_back_unchanged(
    store: Store, three_articles: list[Article], make_raw: RawFactory
) -> None:
    result = store.add_articles(three_articles, {a.id: make_raw(a) for a in three_articles})
    assert result.added == ["a1", "a2", "a3"] and result.present == []
    again = store.get_article("a1")
    assert again == three_articles[0]
    assert again.quotes[0].speaker == "John Kirby"
    assert again.text[again.quotes[0].start : again.quotes[0].end] == "did change the guidance"
    assert store.count_articles() == 3
    assert store.count_articles(outlet="wire one") == 2
    assert store.article_ids() == ["a1", "a2", "a3"]


def test_facts_are_rows_with_their_spans(store: Store, three_articles: list[Article]) -> None:
    store.add_articles(three_articles)
    conn = store_sql(store)
    text = three_articles[0].text
    quote = conn.execute('SELECT speaker, "start", "end", kind FROM quotes').fetchone()
    assert tuple(quote) == ("John Kirby", text.index("did"), text.index("did") + 23, "direct")
    date = conn.execute("SELECT text, value, precision FROM dates WHERE article_id='a1'").fetchone()
    assert tuple(date) == ("Monday", "2024-11-25", "day")
    removed = conn.execute(
        "SELECT text, reason FROM removed_lines WHERE article_id='a2'"
    ).fetchone()
    assert tuple(removed) == ("Advertisement", "boilerplate")
    row = conn.execute("SELECT outlet, published_from, language FROM articles WHERE id='a1'")
    assert tuple(row.fetchone()) == ("Wire One", "input", "en")


def test_adding_again_is_idempotent(store: Store, three_articles: list[Article]) -> None:
    store.add_articles(three_articles[:2])
    result = store.add_articles(copy.deepcopy(three_articles))
    assert result.added == ["a3"]
    assert result.present == ["a1", "a2"]
    assert store.count_articles() == 3
    assert _fact_count(store, "quotes", "a1") == 1
    assert _fts_count(store, "Kharkiv") == 1


def test_a_duplicate_inside_one_batch_is_reported_present(
    store: Store, three_articles: list[Article]
) -> None:
    first = three_articles[0]
    result = store.add_articles([first, copy.deepcopy(first)])
    assert result.added == ["a1"] and result.present == ["a1"]


def test_a_failing_batch_stores_nothing(store: Store, three_articles: list[Article]) -> None:
    store.add_articles(three_articles[:1])
    # make the database refuse the second article's quote half-way through the batch
    store_sql(store).execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON dates BEGIN SELECT RAISE(ABORT, 'refused'); END"
    )
    dated = copy.deepcopy(three_articles[0])
    dated.id = "b2"
    with pytest.raises(sqlite3.IntegrityError, match="refused"):
        store.add_articles([three_articles[1], dated])
    assert store.article_ids() == ["a1"]
    assert _fts_count(store, "Kharkiv") == 0


def test_replace_article_swaps_facts_and_search_text(
    store: Store,
    three_articles: list[Article],
    make_article: ArticleFactory,
    make_raw: RawFactory,
) -> None:
    store.add_articles(three_articles, {a.id: make_raw(a) for a in three_articles})
    assign_links(store, {"a1": ("s1", "e1")})
    new = make_article(
        "a1",
        three_articles[0].text.replace("ATACMS", "Storm Shadow"),
        title="Guidance changed",
        outlet="Wire One",
        published="2024-11-25",
        speaker="Kirby",
        quote="did change the guidance",
    )
    store.replace_article(new)
    assert store.get_article("a1") == new
    assert _fact_count(store, "quotes", "a1") == 1
    assert _fact_count(store, "mentions", "a1") == 0
    assert _fact_count(store, "dates", "a1") == 0
    assert _fts_count(store, "ATACMS") == 0
    assert _fts_count(store, '"Storm Shadow"') == 1
    assert store.get_raw_document("a1") == make_raw(three_articles[0])
    assert store.article_links()["a1"].story_id == "s1"


def test_replace_article_moves_a_changed_id(
    store: Store,
    three_articles: list[Article],
    make_article: ArticleFactory,
    make_raw: RawFactory,
) -> None:
    store.add_articles(three_articles, {a.id: make_raw(a) for a in three_articles})
    renamed = make_article("a1-new", three_articles[0].text, outlet="Wire One")
    store.replace_article(renamed, previous_id="a1")
    assert not store.has_article("a1")
    assert store.article_ids() == ["a2", "a3", "a1-new"]
    assert store.get_raw_document("a1-new") == make_raw(three_articles[0])
    assert store.get_raw_document("a1") is None
    assert _fact_count(store, "quotes", "a1") == 0
    assert _fts_count(store, "Kirby") == 1


def test_delete_removes_facts_raw_and_search_entry(
    store: Store, three_articles: list[Article], make_raw: RawFactory
) -> None:
    store.add_articles(three_articles, {a.id: make_raw(a) for a in three_articles})
    assert store.delete_article("a1") is True
    assert store.delete_article("a1") is False
    for table in ("quotes", "mentions", "dates", "removed_lines", "raw_documents"):
        assert _fact_count(store, table, "a1") == 0, table
    assert _fts_count(store, "Kirby") == 0
    with pytest.raises(NotFound, match="'a1'"):
        store.get_article("a1")


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({}, ["a2", "a3", "a1", "a0"]),
        ({"outlet": "WIRE ONE"}, ["a3", "a1"]),
        ({"since": "2024-06-01"}, ["a3", "a1"]),
        ({"until": "2024-06-10"}, ["a2", "a3"]),
        ({"until": "2024-05"}, ["a2"]),
        ({"since": "2024-06", "until": "2024-06"}, ["a3"]),
        ({"since": "2025"}, []),
    ],
)
def test_iter_articles_filters_and_orders_by_publication(
    store: Store,
    three_articles: list[Article],
    make_article: ArticleFactory,
    filters: dict[str, str],
    expected: list[str],
) -> None:
    undated = make_article("a0", "An undated note about Kharkiv.")
    store.add_articles([undated, *three_articles])
    assert [a.id for a in store.iter_articles(**filters)] == expected


@pytest.mark.parametrize(
    "filters,message",
    [
        ({"since": "last week"}, "since='last week' is not a date"),
        ({"until": "31/05/2024"}, "until='31/05/2024' is not a date"),
        ({"since": "2024-07-01", "until": "2024-06-01"}, "swap them"),
    ],
)
def test_a_bad_date_filter_is_a_query_error(
    store: Store, filters: dict[str, str], message: str
) -> None:
    with pytest.raises(QueryError, match=message):
        list(store.iter_articles(**filters))


def test_raw_documents_and_existing_ids(
    store: Store, three_articles: list[Article], make_raw: RawFactory
) -> None:
    store.add_articles(three_articles, {"a2": make_raw(three_articles[1])})
    assert [(i, r.source.file) for i, r in store.raw_documents()] == [("a2", "a2.txt")]
    assert store.existing_ids(["a3", "zz", "a1", "a3"]) == {"a1", "a3"}


def test_reads_by_id_go_past_one_batch_of_parameters(
    store: Store, three_articles: list[Article]
) -> None:
    # more ids than one ``IN (...)`` list takes: the read runs in batches and finds all
    store.add_articles(three_articles)
    unknown = [f"zz{n}" for n in range(CHUNK * 2 + 1)]
    wanted = [*unknown[:CHUNK], "a3", *unknown[CHUNK:], "a1"]
    assert store.existing_ids(wanted) == {"a1", "a3"}
    assert set(store.stored_texts(wanted)) == {"a1", "a3"}
    assert [len(c) for c in chunks(list(range(CHUNK * 2 + 1)))] == [CHUNK, CHUNK, 1]


def test_a_reader_sees_only_committed_batches(
    tmp_path: Path, three_articles: list[Article]
) -> None:
    db = tmp_path / "s.db"
    with open_store(db) as writer:
        writer.add_articles(three_articles[:1])
        with open_store(db, readonly=True) as reader:
            assert reader.article_ids() == ["a1"]
            with writer.transaction():
                writer.add_articles(three_articles[1:])
                assert reader.article_ids() == ["a1"]  # not committed yet
            assert reader.article_ids() == ["a1", "a2", "a3"]
