from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.timeline import build_timeline, date_range
from tests.link.conftest import date_mention


@pytest.fixture()
def dated_seeds(seed_articles):
    by_id = {a.id: a for a in seed_articles}
    # resolved by hand the way the dates step resolves them against each publication date
    by_id["000"].dates = [date_mention(by_id["000"], "in May", "2024-05", "month")]
    by_id["003"].dates = [
        date_mention(by_id["003"], "February 2022", "2022-02", "month"),
        date_mention(by_id["003"], "May 10", "2024-05-10"),
    ]
    by_id["004"].dates = [date_mention(by_id["004"], "June 3", "2024-06-03")]
    return seed_articles


def test_timeline_runs_from_the_may_decision_to_the_november_change(dated_seeds) -> None:
    timeline = build_timeline("s", dated_seeds, Settings())
    dates = [d.date for d in timeline]
    assert dates == sorted(dates)
    supported = [d for d in timeline if len(d.sources) >= 2]
    assert supported[0].date.startswith("2024-05")
    assert any(
        "Kharkiv" in d.text or "Kharkov" in d.text
        for d in supported
        if d.date.startswith("2024-05")
    )
    assert timeline[-1].date.startswith("2024-11")
    assert timeline[-1].sources[0].article_id == "000"
    assert "missiles" in timeline[-1].text or "ATACMS" in timeline[-1].text


def test_background_long_before_the_story_is_left_out(dated_seeds) -> None:
    timeline = build_timeline("s", dated_seeds, Settings())
    assert not any(d.date.startswith("2022") for d in timeline)


def test_every_citation_points_at_the_reporting_sentence(dated_seeds) -> None:
    by_id = {a.id: a for a in dated_seeds}
    timeline = build_timeline("s", dated_seeds, Settings())
    for development in timeline:
        assert development.sources
        for c in development.sources:
            assert by_id[c.article_id].text[c.start : c.end].strip()
        assert development.score >= len(development.sources)


def test_a_month_mention_joins_the_days_reports_of_that_month(dated_seeds) -> None:
    timeline = build_timeline("s", dated_seeds, Settings())
    may = [d for d in timeline if d.date.startswith("2024-05") and len(d.sources) >= 2]
    assert any("000" in {c.article_id for c in d.sources} for d in may)


def test_copies_do_not_add_support(dated_seeds) -> None:
    base = build_timeline("s", dated_seeds, Settings())
    again = build_timeline("s", dated_seeds, Settings(), copies={"003": "002"})
    assert all("003" not in {c.article_id for c in d.sources} for d in again)
    assert len(again) <= len(base)


@pytest.mark.parametrize(
    "value, precision, first, last",
    [
        ("2024-05-30", "day", "2024-05-30", "2024-05-30"),
        ("2024-05", "month", "2024-05-01", "2024-05-31"),
        ("2024-W22", "week", "2024-05-27", "2024-06-02"),
        ("2024", "year", "2024-01-01", "2024-12-31"),
    ],
)
def test_date_ranges(value: str, precision: str, first: str, last: str) -> None:
    span = date_range(value, precision)  # type: ignore[arg-type]
    assert span is not None
    assert (span[0].isoformat(), span[1].isoformat()) == (first, last)


@pytest.mark.parametrize("value", ["PRESENT_REF", "P2Y", "XXXX-05-01"])
def test_values_that_are_not_dates(value: str) -> None:
    assert date_range(value, "day") is None
