"""Watches on a story, an entity and a speaker over a hand-built corpus (no spaCy needed):
what is there when a watch is added raises nothing, what comes later raises one alert each,
with the span that shows it, and never twice."""

from __future__ import annotations

from datetime import UTC, datetime

from storyline.config import Settings
from storyline.link import link_store
from storyline.models import Article
from storyline.store import Store, WatchTables, open_store
from storyline.watch import add_watch, evaluate_watches
from tests.api.conftest import BAN, EASED, LIFTED, OTHER, build

SETTINGS = Settings(db=":memory:")


def _clock() -> datetime:
    return datetime(2025, 7, 1, 8, 0, tzinfo=UTC)


def _add(store: Store, *articles: Article) -> None:
    store.add_articles(articles)
    link_store(store, SETTINGS, claims=False)


def test_a_watch_added_on_a_filled_store_alerts_only_on_what_comes_later() -> None:
    with open_store(":memory:") as store:
        _add(store, build(BAN))
        speaker, created = add_watch(store, "speaker", "ines carvalho", SETTINGS)
        assert created
        assert evaluate_watches(store, SETTINGS, None, _clock) == []  # the BAN quote was there

        _add(store, build(EASED), build(LIFTED))
        alerts = evaluate_watches(store, SETTINGS, None, _clock)
        # EASED spells her "Inês": a different speaker name; LIFTED quotes "Ines Carvalho"
        assert [a.kind for a in alerts] == ["new-quote"]
        (alert,) = alerts
        lifted = build(LIFTED)
        cite = alert.evidence[0]
        assert (cite.article_id, cite.outlet) == (LIFTED.id, "Coastal Wire")
        assert lifted.text[cite.start : cite.end] == "the deal protected the historic quarter"
        assert alert.story_id == store.article_links()[LIFTED.id].story_id
        assert evaluate_watches(store, SETTINGS, None, _clock) == []  # no duplicate


def test_entity_watch_alerts_on_a_new_story_and_story_watch_on_new_developments() -> None:
    with open_store(":memory:") as store:
        _add(store, build(BAN))
        story_id = store.article_links()[BAN.id].story_id
        assert story_id is not None
        add_watch(store, "entity", "Varna Bay", SETTINGS)
        story_watch, _ = add_watch(store, "story", story_id, SETTINGS)

        _add(store, build(OTHER), build(EASED))
        alerts = evaluate_watches(store, SETTINGS, None, _clock)
        new_story = [a for a in alerts if a.kind == "new-story"]
        assert len(new_story) == 1
        assert new_story[0].story_id == store.article_links()[OTHER.id].story_id != story_id
        other = build(OTHER)
        spans = {other.text[c.start : c.end] for c in new_story[0].evidence}
        assert spans == {"Varna Bay"}

        developments = [a for a in alerts if a.kind == "new-development"]
        assert developments, "EASED adds a development to the watched story"
        assert all(a.watch_id == story_watch.id and a.story_id == story_id for a in developments)
        assert all(c.article_id == EASED.id for a in developments for c in a.evidence)

        stored, total = WatchTables(store).list_alerts()
        assert total == len(alerts) == len({a.id for a in stored})
        assert evaluate_watches(store, SETTINGS, None, _clock) == []


def test_watching_twice_returns_the_first_watch_and_a_removed_watch_stops() -> None:
    with open_store(":memory:") as store:
        first, created = add_watch(store, "entity", "Brisa", SETTINGS)
        again, created_again = add_watch(store, "entity", "BRISA", SETTINGS)
        assert created and not created_again and again.id == first.id
        tables = WatchTables(store)
        assert tables.remove_watch(first.id)
        _add(store, build(BAN))
        assert evaluate_watches(store, SETTINGS, None, _clock) == []


def test_a_claim_watch_is_skipped_without_a_language_model() -> None:
    with open_store(":memory:") as store:
        _add(store, build(BAN))
        add_watch(store, "claim", "Brisa bans cruise ships", SETTINGS)
        _add(store, build(LIFTED))
        assert evaluate_watches(store, SETTINGS, None, _clock) == []


def test_digest_of_a_watched_story() -> None:
    from storyline.watch import build_digest, digest_html, digest_markdown

    with open_store(":memory:") as store:
        _add(store, build(BAN))
        story_id = store.article_links()[BAN.id].story_id
        assert story_id is not None
        add_watch(store, "story", story_id, SETTINGS)
        add_watch(store, "speaker", "Ines Carvalho", SETTINGS)
        _add(store, build(EASED), build(LIFTED), build(OTHER))
        evaluate_watches(store, SETTINGS, None, _clock)

        digest = build_digest(store, "2000-01-01T00:00:00+00:00")
        (part,) = [p for p in digest.stories if p.story_id == story_id]
        assert {a.id for a in part.articles} >= {EASED.id, LIFTED.id}
        assert OTHER.id not in {a.id for a in part.articles}
        assert part.outlets["Harbour Post"] >= 1 and part.outlets["Coastal Wire"] == 1
        assert any(q.speaker == "Ines Carvalho" for q in part.quotes)
        assert {a.kind for a in part.alerts} >= {"new-quote", "new-development"}

        text = digest_markdown(digest)
        assert f"Story `{story_id}`" in text
        assert "**Who said what**" in text and "Ines Carvalho (Coastal Wire)" in text
        assert "Coastal Wire (1)" in text
        page = digest_html(digest)
        assert "<h3>What changed</h3>" in page and "Coastal Wire (1)" in page

        later = build_digest(store, "2999-01-01T00:00:00+00:00")
        assert all(p.articles == [] and p.alerts == [] for p in later.stories)
