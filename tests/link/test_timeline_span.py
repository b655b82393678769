"""The days a timeline can tell, and the day-selection evaluation's protocol and rankers."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from storyline.link.timeline import candidate_days
from storyline.models import Article
from tests.link.conftest import date_mention, make_article

EVALS = Path(__file__).resolve().parents[2] / "evals"


def _eval(name: str) -> ModuleType:
    """An evaluation script as a module (they import each other by their file names)."""
    if str(EVALS) not in sys.path:
        sys.path.insert(0, str(EVALS))
    return importlib.import_module(name)


def _article(article_id: str, published: str, text: str, *dates: tuple[str, str, str]) -> Article:
    article = make_article(article_id, text, published, "Outlet")
    article.dates = [date_mention(article, phrase, value, p) for phrase, value, p in dates]
    return article


@pytest.fixture()
def story() -> list[Article]:
    return [
        _article(
            "a",
            "2025-06-21",
            "The trade ministry lifted the ore export ban on Friday, officials in the capital said.",
            ("Friday", "2025-06-20", "day"),
        ),
        _article(
            "b",
            "2025-06-25",
            "Lorries have crossed the border daily since the ban was lifted on Friday, June 20. "
            "Exports fell sharply in May 2024 when the ban was imposed on every ore shipment.",
            ("Friday, June 20", "2025-06-20", "day"),
            ("May 2024", "2024-05", "month"),
        ),
        _article(
            "c",
            "2025-07-30",
            "The miners' union said on Tuesday that wages had not risen since the ban was lifted.",
            ("Tuesday", "2025-07-29", "day"),
        ),
    ]


def test_candidate_days_are_the_days_of_dated_statements_and_leads(story) -> None:
    # the stated days; a lead that states its own day is not dated by publication too (a, c),
    # b's second statement (dated May 2024 only, a month) tells the news of its publication day
    assert candidate_days(story) == {"2025-06-20", "2025-06-25", "2025-07-29"}
    assert candidate_days([]) == set()


def test_the_reference_span_keeps_only_articles_and_days_inside_it(story) -> None:
    timelines = _eval("timelines")
    kept = timelines.within_reference_span(story, ["2025-06-20", "2025-06-23", "2025-07-01"])
    assert [a.id for a in kept] == ["a", "b"]  # c appeared after the last reference day
    b = next(a for a in kept if a.id == "b")
    # a day outside the span is dropped; a month is no candidate day and stays
    assert [(m.value, m.precision) for m in b.dates] == [
        ("2025-06-20", "day"),
        ("2024-05", "month"),
    ]
    assert len(story[1].dates) == 2  # the input is left as it was
    kept = timelines.within_reference_span(story, ["2025-06-21", "2025-07-31"])
    assert [a.id for a in kept] == ["a", "b", "c"]
    assert [m.value for a in kept for m in a.dates if m.precision == "day"] == ["2025-07-29"]


def test_datewise_statistics_and_the_date_reference_graph(story) -> None:
    days_eval = _eval("timeline_days")
    days = ["2025-06-20", "2025-06-21", "2025-06-25", "2025-07-29", "2025-07-30"]
    stats = days_eval.datewise_statistics(story, days)
    column = {name: i for i, name in enumerate(days_eval.DATEWISE)}
    june_20 = stats["2025-06-20"]
    assert june_20[column["docs_total"]] == 2
    assert june_20[column["docs_before"]] == 2  # both published after it
    assert june_20[column["docs_after"]] == 0
    assert june_20[column["docs_published"]] == 0
    assert stats["2025-06-21"][column["docs_published"]] == 1
    rank = days_eval.reference_graph_rank(story, days)
    # June 20 is referred to from two publication days, July 29 from one
    assert max(rank, key=rank.get) == "2025-06-20"
    assert rank["2025-07-29"] > rank["2025-06-25"]


def test_spread_passes_over_a_neighbour_of_a_picked_day_in_a_sparse_timeline() -> None:
    days_eval = _eval("timeline_days")
    docs, published = (
        days_eval.DATEWISE.index("docs_total"),
        days_eval.DATEWISE.index("docs_published"),
    )

    def stats(articles: int, appeared: int) -> list[float]:
        row = [0.0] * len(days_eval.DATEWISE)
        row[docs], row[published] = articles, appeared
        return row

    topic = days_eval.TopicDays(
        "t17",
        "story",
        {"2025-06-20", "2025-07-29"},
        {},
        {
            "2025-06-20": stats(9, 5),
            "2025-06-21": stats(8, 5),  # the burst's next day
            "2025-07-29": stats(3, 1),
            "2025-09-30": stats(1, 1),
        },
    )
    assert days_eval.spread_days(topic, 1, 0.0, 1.0)[:2] == ["2025-06-20", "2025-06-21"]
    assert days_eval.spread_days(topic, 1, 2.0, 1.0)[:2] == ["2025-06-20", "2025-07-29"]
    # a timeline as dense as the story's days is left in counting order
    assert days_eval.spread_days(topic, 1, 2.0, 0.01)[:2] == ["2025-06-20", "2025-06-21"]
