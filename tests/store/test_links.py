"""The link tables kept by the store: the assignment is written once, in ``link_articles``."""

from __future__ import annotations

import re
from pathlib import Path

from storyline.models import Article, SourceRef
from storyline.store import ArticleLinks, open_store
from storyline.store._links import COPY_COLUMNS
from tests.conftest import store_sql
from tests.store.conftest import link_row


def test_the_articles_columns_follow_the_link_rows() -> None:
    store = open_store(":memory:")
    store.add_articles([Article(i, SourceRef(f"{i}.txt"), "Text.", "Text.") for i in "ab"])
    tables = store.links
    with store.transaction():
        tables.save_article(link_row("a", "s1", "e1"))
        tables.save_article(link_row("b", "s1", "e1", copy_of="a"))
    assert store.article_links() == {
        "a": ArticleLinks("s1", "e1"),
        "b": ArticleLinks("s1", "e1", "a"),
    }
    with store.transaction():
        tables.set_copy("b", dict.fromkeys(COPY_COLUMNS), "s2", "e2")  # now an original
    assert store.article_links()["b"] == ArticleLinks("s2", "e2")
    assert tables.unlinked_article_ids() == []
    with store.transaction():
        tables.clear()
    assert store.article_links() == {}
    assert tables.unlinked_article_ids() == ["a", "b"]
    store.close()


def test_pending_work_is_kept_until_cleared() -> None:
    store = open_store(":memory:")
    tables = store.links
    with store.transaction():
        tables.mark_pending("story", ["s2", "s1", "s1"])
    assert tables.pending("story") == ["s1", "s2"] and tables.pending("entities") == []
    with store.transaction():
        tables.clear_pending("story", ["s1"])
    assert tables.pending("story") == ["s2"]
    store.close()


def _story(story_id: str, first: str | None, last: str | None) -> dict[str, object]:
    return {
        "id": story_id, "kind": "story", "story_id": None, "founder": "a", "centroid": {},
        "size": 1, "first_date": first, "last_date": last, "entities": {},
    }  # fmt: skip


def test_story_candidates_are_read_within_the_days_asked() -> None:
    store = open_store(":memory:")
    tables = store.links
    with store.transaction():
        tables.save_cluster(_story("old", "2020-01-01", "2020-02-01"), ["ore", "ban"], ["@velmora"])
        tables.save_cluster(_story("new", "2024-05-01", "2024-06-01"), ["ore"], [])
        tables.save_cluster(_story("undated", None, None), ["ore"], [])
    everything = tables.story_candidates(["ore", "ban"], ["@velmora"], 10)
    assert everything == ["old", "new", "undated"]  # most shared terms first
    near = tables.story_candidates(["ore", "ban"], ["@velmora"], 10, ("2024-01-01", "2024-12-31"))
    assert near == ["new", "undated"]
    # the index follows the story as its days grow
    with store.transaction():
        tables.save_cluster(_story("old", "2020-01-01", "2024-02-01"), ["ore", "ban"], [])
    assert tables.story_candidates(["ore"], [], 10, ("2024-01-01", "2024-12-31")) == [
        "new",
        "old",
        "undated",
    ]
    store.close()


def test_only_the_migration_writes_the_articles_assignment_columns() -> None:
    # the story/event/copy columns of ``articles`` are derived (migration 0009's triggers);
    # a statement of the package writing them would make a second stored form
    package = Path(__file__).resolve().parents[2] / "storyline"
    writes = re.compile(r'UPDATE\s+articles\s+SET[^;"]*\b(story_id|event_id|copy_of)\b', re.I)
    writers = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*")
        if path.suffix in {".py", ".sql"} and writes.search(path.read_text(encoding="utf-8"))
    )
    assert writers == ["store/migrations/0009_link_assignment.sql"]


def test_replacing_an_article_keeps_its_link_assignment() -> None:
    # a re-analysed article is written again (JSON, columns, facts); its story, event and
    # copy stay those of link_articles, read back by every reader of the articles table
    store = open_store(":memory:")
    store.add_articles([Article(i, SourceRef(f"{i}.txt"), "Text.", "Text.") for i in "ab"])
    with store.transaction():
        store.links.save_article(link_row("a", "s1", "e1"))
        store.links.save_article(link_row("b", "s1", "e1", copy_of="a"))
    store.replace_article(Article("b", SourceRef("b.txt"), "New text.", "New text."))
    assert store.article_links()["b"] == ArticleLinks("s1", "e1", "a")
    columns = (
        store_sql(store)
        .execute("SELECT story_id, event_id, copy_of FROM articles WHERE id = 'b'")
        .fetchone()
    )
    assert tuple(columns) == ("s1", "e1", "a")
    assert store.get_article("b").text == "New text."
    store.close()
