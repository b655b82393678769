"""The list reads at volume: the same rows as before, found through an index (migration 0013)
instead of a scan of every quote or a sort of every article."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from storyline.errors import QueryError
from storyline.models import Article, MetaValue, Quote, SourceRef
from storyline.store import QuoteFilters, SearchFilters, Store, open_store
from storyline.web.list_queries import list_all_articles
from storyline.web.queries import list_quotes
from tests.conftest import store_sql

#: (speaker as written, in-article full name) of the quotes; none is linked to an entity
SPEAKERS = [
    ("Kirby", "John Kirby"),
    ("Amy Kirby", "Amy Kirby"),
    ("Kirbyson", "Paul Kirbyson"),
    ("Mr Kirby", "Kirby"),  # a surname alone as the full name: "% Kirby" does not match it
    ("Jane Doe", "Jane Doe"),
]
OUTLETS = ["Harbour Post", "harbour post", "Coast Times"]


def _article(n: int) -> Article:
    speaker, canonical = SPEAKERS[n % len(SPEAKERS)]
    text = f'Report {n}. "We will reopen the quay," said {speaker}. "Soon," {speaker} said.\n'
    art = Article(f"a{n:03d}", SourceRef(f"a{n:03d}.txt"), text, text)
    art.meta.outlet = MetaValue(OUTLETS[n % len(OUTLETS)], "input")
    published = None if n % 7 == 0 else f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
    art.meta.published = MetaValue(published, "input" if published else "none")
    for idx, words in enumerate(("We will reopen the quay,", "Soon,")):
        start = text.index(words)
        art.quotes.append(
            Quote(
                f"{art.id}:q{idx}", art.id, words, start, start + len(words), "direct",
                speaker, "person", "said", speaker_canonical=canonical,
            )
        )  # fmt: skip
    return art


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "lists.db") as s:
        s.add_articles([_article(n) for n in range(60)])
        yield s


def _plan(conn: sqlite3.Connection, sql: str, params: dict[str, object]) -> str:
    return " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))


def _reference_order(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT q.id, a.published, a.seq, q.idx FROM quotes q JOIN articles a ON a.id = q.article_id"
    ).fetchall()
    rows.sort(key=lambda r: (r[1] is None, r[1] or "", r[2], r[3]))
    return [r[0] for r in rows]


def test_a_surname_finds_unlinked_full_names_ending_with_it(store: Store) -> None:
    rows, total = list_quotes(store, speaker="kirby", limit=100)
    canonicals = {r.speaker_canonical for r in rows}
    # the full names ending with " Kirby", and "Kirby" as the full name itself; not Kirbyson
    assert canonicals == {"John Kirby", "Amy Kirby", "Kirby"}
    assert total == len(rows) == 3 * 24


def test_the_speaker_filter_is_looked_up_not_scanned(store: Store) -> None:
    cond = QuoteFilters(speaker="Kirby").conditions()
    plan = _plan(store_sql(store), f"SELECT q.id FROM quotes q WHERE {cond.sql()}", cond.params)
    assert "SCAN q" not in plan, plan
    assert "quotes_speaker_surname" in plan and "quotes_speaker_canonical" in plan, plan


def test_quote_filters_become_one_where_clause() -> None:
    filters = QuoteFilters(
        speaker="Kirby",
        speaker_ids=("e1", "e1", "e2"),
        kind="direct",
        articles=SearchFilters(outlet="Coast Times"),
    )
    cond = filters.conditions()
    assert cond.clauses[0] == "a.outlet = :outlet COLLATE NOCASE"
    assert cond.clauses[-1] == "q.kind = :kind"
    assert "q.speaker_entity_id IN (:speaker, :speaker_id0, :speaker_id1)" in cond.clauses[1]
    assert cond.params["speaker_id0"] == "e1" and cond.params["speaker_id1"] == "e2"
    assert cond.params["speaker_surname"] == "% Kirby"
    assert filters.narrow and not QuoteFilters(kind="direct").narrow
    # a name of several words, or with LIKE's wildcards, is matched whole, not as a surname
    assert "speaker_surname" not in QuoteFilters(speaker="John Kirby").conditions().params
    assert "speaker_surname" not in QuoteFilters(speaker="Kir%").conditions().params
    with pytest.raises(QueryError):
        QuoteFilters(kind="rumour").conditions()
    # the quotes' speaker and their articles' speaker would share a parameter
    with pytest.raises(ValueError, match="speaker"):
        QuoteFilters(speaker="Kirby", articles=SearchFilters(speaker="Doe")).conditions()


def test_quote_pages_keep_their_order_and_total(store: Store) -> None:
    expected = _reference_order(store_sql(store))
    seen: list[str] = []
    for offset in range(0, len(expected), 25):
        rows, total = list_quotes(store, limit=25, offset=offset)
        assert total == len(expected)
        seen += [r.id for r in rows]
    assert seen == expected
    rows, total = list_quotes(store, outlet="harbour post", limit=100)
    assert total == len(rows) == 2 * 40  # both spellings of the outlet
    assert [r.id for r in rows] == [i for i in expected if int(i[1:4]) % 3 != 2]


def test_an_outlets_articles_are_listed_from_an_index_without_a_sort(store: Store) -> None:
    rows, total = list_all_articles(store, outlet="HARBOUR POST", limit=100)
    assert total == len(rows) == 40
    plan = _plan(
        store_sql(store),
        "SELECT a.id FROM articles a WHERE a.outlet = :outlet COLLATE NOCASE "
        "ORDER BY a.published IS NULL, a.published DESC, a.seq LIMIT 20",
        {"outlet": "harbour post"},
    )
    assert "articles_outlet_newest" in plan and "TEMP B-TREE" not in plan, plan
