"""The outlet comparison on real text: the five seed articles end to end through
``storyline analyze`` and ``storyline compare`` (Kiev/Kyiv, Kharkov/Kharkiv, "Kiev
regime"), and one BASIL event plus the BASIL corpus (Fox News, The New York Times,
HuffPost) read through the pipeline's tokens step."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.config import Settings
from storyline.link.outlets import compare_outlets
from storyline.models import Article, MetaValue, OutletProfile, SourceRef
from storyline.pipeline.tokens import tokens_step

pytestmark = pytest.mark.slow

SEED_DATES = ["2024-11-25", "2024-08-13", "2024-05-31", "2024-05-31", "2024-06-05"]


def storyline(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seed_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("outlets-seeds")
    jsonl = tmp / "seeds.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:
        for path, published in zip(sorted(seeds_dir.glob("*.txt")), SEED_DATES, strict=True):
            record = {"published": published, "text": path.read_text(encoding="utf-8")}
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    db = tmp / "seeds.db"
    storyline("analyze", str(jsonl), "--db", str(db))
    return db


@pytest.fixture(scope="module")
def seed_profiles(seed_db: Path) -> dict[str, dict[str, Any]]:
    [story] = json.loads(storyline("stories", "--db", str(seed_db), "--json"))["stories"]
    out = storyline("compare", "--db", str(seed_db), "--story", story["id"], "--json")
    return {p["outlet"]: p for p in json.loads(out)}


def test_seed_spellings_are_all_shown_per_outlet(seed_profiles: dict[str, Any]) -> None:
    sputnik = seed_profiles["Sputnik"]
    assert sputnik["name_spellings"]["Kharkiv"] == {"Kharkov": 4, "Kharkiv": 1}
    assert sputnik["name_spellings"]["Kyiv"] == {"Kiev": 3}
    assert seed_profiles["Associated Press"]["name_spellings"]["Kharkiv"] == {"Kharkiv": 5}


def test_seed_contrasts_pair_kharkov_and_kiev_with_counts(seed_profiles: dict[str, Any]) -> None:
    pairs = {(c["term"], c["alternative"]): c for c in seed_profiles["Sputnik"]["contrasts"]}
    kharkov = pairs[("Kharkov", "Kharkiv")]
    assert kharkov["counts"]["Sputnik"] == [4, 1]
    assert kharkov["counts"]["Associated Press"] == [0, 5]
    assert ("Kiev", "Kyiv") in pairs
    assert pairs[("Kiev", "Kyiv")]["counts"]["Sputnik"] == [3, 0]


def test_seed_kiev_regime_is_loaded_with_its_span(
    seed_profiles: dict[str, Any], seed_db: Path
) -> None:
    sputnik = seed_profiles["Sputnik"]
    assert sputnik["loaded_terms"]["Kiev regime"] == 1
    [term] = [t for t in sputnik["loaded"] if t["term"] == "Kiev regime"]
    assert term["others"] == {
        "Associated Press": 0,
        "Newsweek": 0,
        "RBC-Ukraine": 0,
        "(unknown outlet)": 0,
    }
    cite = term["examples"][0]
    corpus = json.loads(storyline("export", "--db", str(seed_db), "--format", "json"))
    text = next(a["text"] for a in corpus["articles"] if a["id"] == cite["article_id"])
    assert text[cite["start"] : cite["end"]] == "Kiev regime"
    for p in seed_profiles.values():
        assert "Kiev regime" not in p["loaded_terms"] or p["outlet"] == "Sputnik"


def test_seed_sourcing_counts_anonymous_officials(seed_profiles: dict[str, Any]) -> None:
    ap = seed_profiles["Associated Press"]
    anonymous = [s["text"] for s in ap["sources"] if s["kind"] == "anonymous"]
    assert "on condition of anonymity" in anonymous
    assert ap["sourcing"]["anonymous"] == len(anonymous)
    newsweek = seed_profiles["Newsweek"]
    assert any("officials familiar with" in s["text"] for s in newsweek["sources"])


def test_compare_text_shows_every_spelling(seed_db: Path) -> None:
    [story] = json.loads(storyline("stories", "--db", str(seed_db), "--json"))["stories"]
    out = storyline("compare", "--db", str(seed_db), "--story", story["id"])
    assert "Kharkiv: Kharkov 4, Kharkiv 1" in out
    assert "'Kharkov' vs 'Kharkiv' (Kharkiv)" in out
    assert "Kiev regime: 1 in 1 articles" in out


# --------------------------------------------------------------------------- BASIL


def _basil(eval_dir: Path, nlp: Any, pattern: str) -> list[Article]:
    data = eval_dir / "basil"
    if not data.is_dir():
        pytest.skip("BASIL not available")
    articles = []
    for path in sorted(data.glob(f"articles/{pattern}.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in record["body-paragraphs"])
        text = f"{record['title']}\n\n{body}"
        article = Article(path.stem, SourceRef(path.name), text, text)
        article.meta.title = MetaValue(record["title"], "input")
        article.meta.published = MetaValue(record["date"], "input")
        article.meta.outlet = MetaValue(record["source"].lower(), "input")
        articles.append(article)
    docs = nlp.pipe(a.text for a in articles)
    return [tokens_step(a, d, Settings()) for a, d in zip(articles, docs, strict=True)]


def test_basil_event_headlines_and_loaded_terms_side_by_side(eval_dir: Path, nlp: Any) -> None:
    """Sheriff Arpaio endorses Rick Perry (2011): three outlets, three headlines."""
    articles = _basil(eval_dir, nlp, "2011/0ffb34cd-c367-4d90-aca7-7fcac3ed8f3d_*")
    profiles: dict[str, OutletProfile] = {
        p.outlet: p for p in compare_outlets("arpaio", articles, [])
    }
    assert {o: [h.title.strip() for h in p.headlines] for o, p in profiles.items()} == {
        "fox": ["Arizona Sheriff Joe Arpaio Endorses Rick Perry"],
        "hpo": ["'America's Toughest Sheriff' Endorses Rick Perry"],
        "nyt": ["Perry Wins Endorsement of Sheriff Joe"],
    }
    nyt = profiles["nyt"]
    # the Times' loaded words no other outlet uses on this event
    assert {"heartless", "horrific"} <= set(nyt.loaded_terms)
    heartless = next(t for t in nyt.loaded if t.term == "heartless")
    assert heartless.others == {"fox": 0, "hpo": 0}
    # one article per outlet is no pattern: no distinctive terms at the default minimum
    assert all(not p.distinctive for p in profiles.values())


def test_basil_corpus_house_styles_and_a_word_contrast(eval_dir: Path, nlp: Any) -> None:
    articles = _basil(eval_dir, nlp, "*/*")
    profiles = {p.outlet: p for p in compare_outlets("corpus", articles, [])}
    top = {o: [t.term for t in p.distinctive[:10]] for o, p in profiles.items()}
    assert top["nyt"][0] == "Mr." and "Representative" in top["nyt"]
    assert "Fox News" in top["fox"] and "tea party" in top["hpo"]
    mr = profiles["nyt"].distinctive[0]
    assert mr.count > 100 * max(mr.others.values()) and mr.z > 5
    assert mr.articles >= 2
    hike = next(c for c in profiles["fox"].contrasts if c.term == "tax hike")
    assert hike.alternative == "tax increase"
    assert hike.counts["fox"][0] > hike.counts["fox"][1]
    assert hike.counts["hpo"][1] > hike.counts["hpo"][0]


def test_seed_export_carries_the_profiles_and_validates(seed_db: Path) -> None:
    from storyline.export import validate_export

    corpus = json.loads(storyline("export", "--db", str(seed_db), "--format", "json"))
    validate_export(corpus)
    sputnik = next(p for p in corpus["outlets"] if p["outlet"] == "Sputnik")
    assert sputnik["name_spellings"]["Kharkiv"] == {"Kharkov": 4, "Kharkiv": 1}
    assert any(c["term"] == "Kharkov" for c in sputnik["contrasts"])
    assert sputnik["headlines"][0]["title"].startswith("Biden Allows Ukraine")


def test_compare_over_the_whole_corpus(seed_db: Path) -> None:
    profiles = {
        p["outlet"]: p
        for p in json.loads(storyline("compare", "--db", str(seed_db), "--corpus", "--json"))
    }
    assert profiles["Sputnik"]["name_spellings"]["Kyiv"] == {"Kiev": 3}
    assert profiles["Sputnik"]["headlines"] == []  # headlines are per story
    result = CliRunner().invoke(main, ["compare", "--db", str(seed_db)])
    assert result.exit_code != 0 and "--story ID or --corpus" in result.output
