"""Stories and events as the interfaces list them: read in a fixed number of statements."""

from __future__ import annotations

from storyline.link import list_events, list_stories
from storyline.models import Article, MetaValue, SourceRef
from storyline.store import Store, open_store
from tests.store.conftest import link_row


def _article(article_id: str, title: str | None, text: str) -> Article:
    article = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    article.meta.title = MetaValue(title, "text" if title else "none")
    return article


def _cluster(cluster_id: str, kind: str, story: str | None, founder: str, day: str) -> dict:
    return {
        "id": cluster_id, "kind": kind, "story_id": story, "founder": founder,
        "centroid": {f"{cluster_id}-term": 2.0, "ore": 1.0}, "size": 2, "first_date": day,
        "last_date": day, "entities": {},
    }  # fmt: skip


def linked_store(stories: int) -> Store:
    """``stories`` stories of three articles (the second a copy of the first) in two events
    each. Every third story has a stored neutral title; the founder of story 1 has no title
    (its first line stands in), the founder of story 2 was deleted (its terms stand in) and
    the later article of story 4 is undated."""
    store = open_store(":memory:")
    articles = []
    for i in range(stories):
        title = None if i == 1 else f"Founder {i}"
        articles += [
            _article(f"s{i}-a", title, f"\n  First line of {i}  \nMore."),
            _article(f"s{i}-b", f"Copy {i}", f"First line of {i}\nMore."),
            _article(f"s{i}-c", f"Later {i}", "Later."),
        ]
    store.add_articles(articles)
    with store.transaction():
        for i in reversed(range(stories)):  # stored out of order: listed by date
            day, later = f"2024-01-{28 - i:02d}", f"2024-02-{28 - i:02d}"
            tables = store.links
            tables.save_cluster(_cluster(f"s{i}", "story", None, f"s{i}-a", day))
            tables.save_cluster(_cluster(f"e{i}-1", "event", f"s{i}", f"s{i}-a", day))
            tables.save_cluster(_cluster(f"e{i}-2", "event", f"s{i}", f"s{i}-c", later))
            for article_id, event, copy_of, date in (
                (f"s{i}-c", f"e{i}-2", None, later),
                (f"s{i}-b", f"e{i}-1", f"s{i}-a", day),
                (f"s{i}-a", f"e{i}-1", None, day),
            ):
                row = link_row(article_id, f"s{i}", event, copy_of)
                row["date"] = None if (i, event) == (4, "e4-2") else date  # undated first
                tables.save_article(row)
            if i % 3 == 0:
                tables.save_story_title(f"s{i}", f"Neutral title {i}")
    store.delete_article("s2-a")
    return store


def test_stories_and_events_are_listed_with_their_titles_and_originals() -> None:
    store = linked_store(5)
    stories = {s.id: s for s in list_stories(store)}
    assert [s.id for s in list_stories(store)] == ["s4", "s3", "s2", "s1", "s0"]  # by date
    assert stories["s0"].title == "Neutral title 0" and stories["s3"].title == "Neutral title 3"
    assert stories["s4"].title == "Founder 4"
    assert stories["s1"].title == "First line of 1"  # no title: the founder's first line
    assert stories["s2"].title == "s2-term ore"  # founder deleted: the centroid's terms
    assert stories["s0"].article_ids == ["s0-a", "s0-c"]  # the copy s0-b does not count
    assert stories["s4"].article_ids == ["s4-c", "s4-a"]  # undated first, as stored by date
    assert stories["s2"].article_ids == ["s2-c"]
    assert stories["s0"].first_date == "2024-01-28"
    events = list_events(store, "s0")
    assert [(e.id, e.story_id, e.title, e.article_ids, e.date) for e in events] == [
        ("e0-1", "s0", "Founder 0", ["s0-a"], "2024-01-28"),  # events: never the story title
        ("e0-2", "s0", "Later 0", ["s0-c"], "2024-02-28"),
    ]
    assert len(list_events(store)) == 10
    assert {e.id for e in list_events(store, "s3")} == {"e3-1", "e3-2"}
    assert list_events(store, "unknown") == []
    store.close()


def _statements(store: Store) -> int:
    seen: list[str] = []
    with store.tracer(seen.append):
        list_stories(store)
        list_events(store)
        list_events(store, "s1")
    return len(seen)


def test_listing_costs_the_same_statements_for_few_or_many_stories() -> None:
    few, many = linked_store(3), linked_store(30)
    assert _statements(few) == _statements(many) <= 6
    assert len(list_stories(many)) == 30 and len(list_events(many)) == 60
    few.close()
    many.close()
