from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.link.clustering import MemoryIndex, assign, chronological, cluster_batch
from storyline.link.features import article_features
from storyline.models import Article
from tests.link.conftest import make_article


def _batch(articles: list[Article]) -> dict[str, tuple[str, str]]:
    return {
        a.article_id: (a.story_id, a.event_id)
        for a in cluster_batch([article_features(x) for x in articles], Settings())
    }


def _incremental(articles: list[Article]) -> dict[str, tuple[str, str]]:
    index = MemoryIndex()
    features = chronological(article_features(a) for a in articles)
    return {
        f.article_id: (a.story_id, a.event_id)
        for f in features
        if (a := assign(f, index, Settings()))
    }


@pytest.mark.parametrize("run", [_batch, _incremental], ids=["batch", "incremental"])
def test_seeds_form_one_story_and_the_may_reports_one_event(run, seed_articles) -> None:
    links = run(seed_articles)
    assert len({story for story, _ in links.values()}) == 1
    assert links["002"][1] == links["003"][1]
    others = {links[k][1] for k in ("000", "001", "004")}
    assert links["002"][1] not in others and len(others) == 3


def test_ids_come_from_the_founding_article_and_are_stable(seed_articles) -> None:
    first = _batch(seed_articles)
    again = _batch(list(reversed(seed_articles)))
    assert first == again
    story = first["000"][0]
    assert story.startswith("story-")
    assert {a for a, (s, e) in first.items() if e == first["002"][1]} == {"002", "003"}


@pytest.mark.parametrize(
    "text_b, same_story",
    [
        ("Lawmakers in Velmora voted to ban ore exports to Dravania after a border clash.", True),
        ("A heat wave closed schools across southern Spain as temperatures hit records.", False),
    ],
)
def test_unrelated_reports_found_their_own_story(text_b: str, same_story: bool) -> None:
    a = make_article(
        "a",
        "Velmora bans ore exports to Dravania\nVelmora's parliament banned ore exports to "
        "Dravania on Monday after a clash on the border.",
        "2024-03-04",
    )
    b = make_article("b", text_b, "2024-03-05")
    links = _batch([a, b])
    assert (links["a"][0] == links["b"][0]) is same_story


def test_basil_event_clustering_meets_its_floor(eval_dir: Path) -> None:
    path = Path(__file__).resolve().parents[2] / "evals" / "clustering.py"
    spec = importlib.util.spec_from_file_location("eval_clustering", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    articles, gold = module.load_basil(eval_dir / "basil")
    links = _batch(articles)
    precision, recall, f1 = module.bcubed({k: v[1] for k, v in links.items()}, gold)
    assert f1 >= 0.95, (precision, recall)
