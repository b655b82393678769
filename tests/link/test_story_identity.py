"""Stories and events keep their ids through a full re-cluster, a merged story's id redirects, and a
story is titled by its most central, least loaded headline."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings
from storyline.link import link_store, list_events, relink_all
from storyline.link.story_identity import carry_story_ids, neutral_title
from storyline.models import Article, MetaValue, SourceRef
from storyline.store import open_store, resolve_story_id
from tests.api.conftest import BAN, COPY, EASED, LIFTED, OTHER, Spec, build, make_db


@pytest.mark.parametrize(
    ("old", "new", "rename", "aliases"),
    [
        # same grouping, new founder ids: every story keeps its old id
        ({"a": "s1", "b": "s1", "c": "s2"}, {"a": "n1", "b": "n1", "c": "n2"},
         {"n1": "s1", "n2": "s2"}, {}),
        # two stories merged: the larger keeps its id, the other redirects to it
        ({"a": "s1", "b": "s1", "c": "s2"}, {"a": "n1", "b": "n1", "c": "n1"},
         {"n1": "s1"}, {"s2": "s1"}),
        # a story split: the larger part keeps the id, the rest is new
        ({"a": "s1", "b": "s1", "c": "s1"}, {"a": "n1", "b": "n1", "c": "n2"},
         {"n1": "s1"}, {}),
        # a fresh story whose computed id is an id another story keeps is renamed
        ({"a": "s1", "b": "s1", "c": "s1"}, {"a": "s1", "b": "n2", "c": "n2"},
         {"n2": "s1"}, {}),
    ],
)  # fmt: skip
def test_carry_story_ids(
    old: dict[str, str], new: dict[str, str], rename: dict[str, str], aliases: dict[str, str]
) -> None:
    got_rename, got_aliases = carry_story_ids(old, new)
    for key, value in rename.items():
        assert got_rename[key] == value
    assert got_aliases == aliases
    kept = {got_rename.get(s, s) for s in new.values()}
    assert len(kept) == len(set(new.values()))  # no two new stories share an id


def _article(article_id: str, title: str, text: str) -> Article:
    art = Article(article_id, SourceRef(article_id), text, text)
    art.meta.title = MetaValue(title, "text")
    return art


def test_neutral_title_passes_over_a_loaded_headline() -> None:
    text = "Zelvograd banned exports of ore to Dravania on Tuesday, the ministry said."
    articles = [
        _article("1", "Zelvograd Regime Imposes Ore Blockade on Dravania", text),
        _article("2", "Zelvograd bans ore exports to Dravania", text),
        _article("3", "Markets shrug", text),
    ]
    assert neutral_title(articles, {}) == "Zelvograd bans ore exports to Dravania"
    assert neutral_title(articles[:1], {}) == articles[0].meta.title.value  # the only one
    assert neutral_title(articles, {"2": "1"}) != "Zelvograd bans ore exports to Dravania"


def test_story_ids_survive_a_full_relink_with_an_earlier_founder(tmp_path: Path) -> None:
    db = make_db(tmp_path / "corpus.db")
    settings = Settings(db=str(db))
    with open_store(db) as store:
        before = {a: link.story_id for a, link in store.article_links().items()}
        events = {a: link.event_id for a, link in store.article_links().items()}
        relink_all(store, settings, claims=False)
        assert {a: link.story_id for a, link in store.article_links().items()} == before
        assert {a: link.event_id for a, link in store.article_links().items()} == events
        # an earlier report of the same ban founds the story afresh on a full re-cluster
        early = Spec(
            "early-0201", "Coastal Wire", "2025-02-01", "Brisa weighs a cruise ship ban",
            "Brisa council members said on Saturday they would vote to ban cruise ships from "
            "the old harbour, citing crowds and diesel fumes in the historic quarter.",
        )  # fmt: skip
        store.add_articles([build(early)])
        link_store(store, settings, claims=False)
        relink_all(store, settings, claims=False)
        after = {a: link.story_id for a, link in store.article_links().items()}
        after_events = {a: link.event_id for a, link in store.article_links().items()}
        event_ids = {e.id for e in list_events(store)}
    assert after[early.id] == before[BAN.id]  # it joined the story and is now its founder
    for spec in (BAN, EASED, LIFTED):
        assert after[spec.id] == before[spec.id]
    # events keep their ids too, and the events listed are the ids articles carry
    assert after_events[early.id] == events[BAN.id]
    for spec in (BAN, COPY, EASED, LIFTED, OTHER):
        assert after_events[spec.id] == events[spec.id]
    assert event_ids == set(after_events.values())


def test_a_merged_story_id_redirects(tmp_path: Path) -> None:
    db = make_db(tmp_path / "corpus.db")
    with open_store(db) as store:
        story = store.article_links()[BAN.id].story_id
        assert story
        with store.transaction():
            store.links.save_story_aliases({"story-old000000001": story})
            store.links.save_story_aliases({"story-old000000000": "story-old000000001"})
        assert resolve_story_id(store, "story-old000000000") == story
    app = create_app(Settings(db=str(db)), nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as client:
        page = client.get("/stories/story-old000000000", follow_redirects=False)
        assert page.status_code == 301 and page.headers["location"] == f"/stories/{story}"
        api = client.get("/api/stories/story-old000000001/timeline", follow_redirects=False)
        assert api.status_code == 308
        assert api.headers["location"] == f"/api/stories/{story}/timeline"
        assert client.get("/api/stories/story-old000000001").json()["id"] == story
        assert client.get("/stories/story-never").status_code == 404
