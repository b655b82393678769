"""One stored timeline as the CLI, the JSON API, the Markdown report and the web page show it:
the same entries in the same chronological order (a week among its days), the entry kinds
with what each means, and a contradicting source shown as such. The story is the one
written for tests/link/test_timeline_real.py, analysed by the pipeline and linked."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.cli import main
from storyline.config import Settings
from storyline.link import link_store
from storyline.link.timeline import ENTRY_KINDS, chronological_key
from storyline.models import Development
from storyline.pipeline import analyze_articles
from storyline.store import open_store
from tests.link.conftest import make_article
from tests.link.test_timeline_real import RECALLS, STORY


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    path = tmp_path_factory.mktemp("timeline") / "story.db"
    written = STORY + RECALLS
    articles = [make_article(i, text, day, outlet) for i, outlet, day, text in written]
    analysed = analyze_articles(articles, nlp, Settings(embed_sentences=0))
    with open_store(path) as store:
        store.add_articles(analysed)
        link_store(store, Settings(db=str(path)), claims=False)
    return path


@pytest.fixture(scope="module")
def story(db: Path) -> str:
    with open_store(db, readonly=True) as store:
        found = store.article_links()["h3"].story_id
    assert found
    return found


def _cli(db: Path, story: str, *options: str) -> list[Development]:
    args = ["timeline", "--db", str(db), "--story", story, "--json", *options]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return [Development.from_dict(d) for d in json.loads(result.output)]


def test_the_cli_sorts_a_week_among_its_days_and_keeps_top_and_granularity(
    db: Path, story: str
) -> None:
    timeline = _cli(db, story)
    assert timeline == sorted(timeline, key=chronological_key)
    dates = [d.date for d in timeline]
    assert dates.index("2025-03-07") < dates.index("2025-W11") < dates.index("2025-03-14")
    friday = next(d for d in timeline if d.date == "2025-03-14")
    assert [c.article_id for c in friday.conflicts] == ["c3"]
    best = _cli(db, story, "--top", "3")
    assert len(best) == 3 and best == sorted(best, key=chronological_key)
    assert min(d.score for d in best) >= max(d.score for d in timeline if d not in best)
    # a longer timeline than the stored one is built from the stored articles: it tells
    # the background the default length left out
    longer = _cli(db, story, "--top", "30")
    assert len(longer) > len(timeline) and all(d in longer for d in timeline if d.score > 0.5)
    assert next(d for d in longer if d.date == "2019-06-03").kind == "background"
    assert not any(d.date == "2019-06-03" for d in timeline)
    weekly = _cli(db, story, "--granularity", "week")
    weeks = [d.date for d in weekly]
    assert weeks == sorted(set(weeks)) and all(re.fullmatch(r"2025-W\d\d", w) for w in weeks)
    assert all(d.precision == "week" for d in weekly)


def test_the_api_gives_the_same_entries_and_the_legend_of_kinds(db: Path, story: str) -> None:
    client = TestClient(create_app(Settings(db=str(db)), nlp=lambda: None))
    answer = client.get(f"/api/stories/{story}/timeline").json()
    assert answer["kinds"] == ENTRY_KINDS
    assert [Development.from_dict(d) for d in answer["items"]] == _cli(db, story)
    assert {d["kind"] for d in answer["items"]} <= set(ENTRY_KINDS)


def test_the_web_page_shows_the_legend_of_the_kinds_it_uses(db: Path, story: str) -> None:
    client = TestClient(create_app(Settings(db=str(db)), nlp=lambda: None))
    page = client.get(f"/stories/{story}").text
    legend = re.search(r'<p class="tl-legend">(.*?)</p>', page, re.S)
    assert legend
    shown = dict(re.findall(r'<span class="tl-kind tl-kind-([a-z]+)" title="([^"]+)">', legend[1]))
    used = re.findall(r'<li class="tl-item tl-([a-z]+)', page)
    assert set(shown) == set(used) and len(set(used)) >= 2
    assert all(ENTRY_KINDS[kind] == meaning for kind, meaning in shown.items())
    shown_dates = re.findall(r'<time datetime="([^"]+)">', page.split('id="timeline"')[1])
    assert shown_dates[: len(_cli(db, story))] == [d.date for d in _cli(db, story)]
    assert "Contradicted by" in page


def test_the_report_names_each_kind_it_uses_and_the_contradiction(db: Path, story: str) -> None:
    result = CliRunner().invoke(
        main, ["report", "--db", str(db), "--story", story, "--format", "md", "--no-claims"]
    )
    assert result.exit_code == 0, result.output
    legend = re.search(r"^Entry kinds: (.+)\.$", result.output, re.M)
    assert legend
    named = dict(re.findall(r"\*([a-z]+)\*: ([^;]+)", legend[1]))
    used = set(re.findall(r"^- \*\*.+?\*\* \*([a-z]+)\* — ", result.output, re.M))
    assert set(named) == used and all(ENTRY_KINDS[k] == v for k, v in named.items())
    assert re.search(r"^- \*\*week of 10 Mar 2025\*\* ", result.output, re.M)
    assert re.search(r"overtime ban on Friday.*contradicted by Coastal Daily", result.output)


def test_the_html_report_shows_the_same_legend_kinds_and_contradiction(
    db: Path, story: str
) -> None:
    result = CliRunner().invoke(main, ["report", "--db", str(db), "--story", story, "--no-claims"])
    assert result.exit_code == 0, result.output
    page = result.output
    legend = re.search(r'<p class="tl-legend">(.*?)</p>', page, re.S)
    assert legend
    shown = dict(re.findall(r'<span class="tl-kind tl-kind-([a-z]+)" title="([^"]+)">', legend[1]))
    used = re.findall(r'<li class="tl-item tl-([a-z]+)', page)
    assert len(used) == len(_cli(db, story)) and set(shown) == set(used)
    assert all(ENTRY_KINDS[kind] == meaning for kind, meaning in shown.items())
    conflicts = re.findall(r'<p class="tl-conflicts">Contradicted by (.*?)</p>', page, re.S)
    assert len(conflicts) == 1 and "Coastal Daily" in conflicts[0]
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert all(href[1:] in ids for href in re.findall(r'href="(#[^"]+)"', conflicts[0]))
