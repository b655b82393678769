"""The timeline of a story analysed by the real pipeline (its own dates, sentences and tokens):
each entry keeps the date its sentence states, forward references are told forward,
background years are no entries, weeks sort by their first day, and a source that reports
the opposite is a conflict. The articles are written for this test."""

from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.timeline import (
    build_timeline,
    candidate_days,
    chronological_key,
    date_range,
    day_candidates,
    default_length,
    summarise,
)
from storyline.models import Article, Development
from storyline.pipeline import analyze_articles
from tests.link.conftest import make_article

STORY = [
    ("h1", "Harbor Times", "2025-03-03",
     "KESRIN – Dockworkers at the port of Kesrin walked off the job on Monday, halting container traffic at the country's largest harbour.\n"
     "The strike was called by the Kesrin Dockers' Union after wage talks with the port operator collapsed last week.\n"
     "Meridal said the strike was illegal and that it would seek a court injunction."),
    ("c1", "Coastal Daily", "2025-03-04",
     "Container ships queued outside Kesrin on Tuesday as the dockworkers' strike entered its second day.\n"
     "Exporters of fruit and timber warned that their cargo would spoil within days.\n"
     "Meridal bought the port in the 2019 privatisation, which the union has opposed ever since."),
    ("n1", "Northern Post", "2025-03-07",
     "The Kesrin Dockers' Union on Thursday rejected a new pay offer from Meridal Logistics, saying it did not make up for six years of frozen wages.\n"
     "Prime Minister Ilse Varga announced Friday a short-term plan to reroute cargo through the northern ports of Tavel and Orsk while the strike lasts."),
    ("r0", "Radio Kesrin", "2025-03-07",
     "A new pay offer from Meridal Logistics was rejected by the dockers' union on Thursday, a union spokeswoman said."),
    ("h2", "Harbor Times", "2025-03-08",
     "Prime Minister Ilse Varga announced on Friday a short-term plan to reroute cargo through the northern ports of Tavel and Orsk.\n"
     "The union had rejected the latest pay offer from Meridal on Thursday, the sixth offer it has turned down."),
    ("r1", "Radio Kesrin", "2025-03-10",
     "Parliament's vote on the emergency port law is set for Wednesday, the speaker's office said on Monday.\n"
     "Opposition parties are poised to assume control of the port's supervisory board on Thursday, after a court ruled their nominees eligible.\n"
     "The law would order the Kesrin dockworkers back to work while a mediator and the union draw up a pay settlement with Meridal."),
    ("c2", "Coastal Daily", "2025-03-12",
     "Parliament passed the emergency port law on Wednesday by 212 votes to 140, ordering the dockworkers back to work for 30 days.\n"
     "The Kesrin Dockers' Union called the law an attack on the right to strike and said it would keep its overtime ban."),
    ("n2", "Northern Post", "2025-03-13",
     "Opposition parties took control of the port's supervisory board on Thursday, as expected, and cranes began moving again at Kesrin."),
    ("o1", "Orsk Gazette", "2025-03-15",
     "Dockers in Orsk and Tavel refused to unload diverted cargo all this week in support of the strike at Kesrin."),
    ("o2", "Tavel Herald", "2025-03-15",
     "Dockers at Tavel refused all this week to unload cargo diverted from Kesrin, in support of the strike there."),
    ("h3", "Harbor Times", "2025-03-15",
     "The dockers' union lifted its overtime ban on Friday after Meridal Logistics agreed to reopen pay talks under a mediator.\n"
     "Ships that had waited for two weeks outside Kesrin began to unload on Saturday morning.\n"
     "The union and Meridal are to meet again next week in Tavel, mediators said."),
    ("r2", "Radio Kesrin", "2025-03-15",
     "The Kesrin Dockers' Union lifted its overtime ban on Friday, a union spokeswoman told Radio Kesrin, after Meridal agreed to new pay talks."),
    ("c3", "Coastal Daily", "2025-03-15",
     "The union's overtime ban has not been lifted on Friday, union leader Tomas Reyl insisted, despite reports that the dockers had agreed to end it.\n"
     "Reyl said the Kesrin Dockers' Union would decide on the ban only once Meridal Logistics put a written pay offer to the dockworkers."),
    ("n3", "Northern Post", "2025-03-18",
     "Pay talks between the union and Meridal Logistics will resume in Tavel on Thursday under the mediator Anna Sorell, the mediators said."),
]  # fmt: skip


@pytest.fixture(scope="module")
def story(nlp) -> list[Article]:  # type: ignore[no-untyped-def]
    articles = [make_article(i, text, day, outlet) for i, outlet, day, text in STORY]
    return analyze_articles(articles, nlp, Settings(embed_sentences=0))


def _entry(timeline: list[Development], words: str) -> Development:
    return next(d for d in timeline if words in d.text)


def _cited(story: list[Article], development: Development) -> dict[str, str]:
    by_id = {a.id: a for a in story}
    return {c.article_id: by_id[c.article_id].text[c.start : c.end] for c in development.sources}


def test_developments_a_day_apart_keep_the_dates_their_sentences_state(story) -> None:
    timeline = build_timeline("s", story, Settings())
    plan = _entry(timeline, "short-term plan")
    assert (plan.date, plan.precision) == ("2025-03-07", "day")
    # a plan announced on the day it is reported happened that day: it is no announcement
    assert plan.kind == "reported"
    assert all("Friday" in text for text in _cited(story, plan).values())
    rejected = next(d for d in timeline if d.date == "2025-03-06")
    assert "rejected" in rejected.text and "short-term plan" not in rejected.text


def test_forward_references_are_told_on_the_day_they_name(story) -> None:
    timeline = build_timeline("s", story, Settings())
    vote = next(d for d in timeline if d.date == "2025-03-12")
    # "set for Wednesday" in Monday's article reports the same vote as Wednesday's news
    assert any("set for Wednesday" in text for text in _cited(story, vote).values())
    board = next(d for d in timeline if d.date == "2025-03-13")
    assert any("poised to assume control" in t for t in _cited(story, board).values())
    # every day of the story told: the talks set for Thursday the 20th are an announcement
    everything = build_timeline("s", story, Settings(), top=30)
    talks = next(d for d in everything if d.date == "2025-03-20")
    assert talks.kind == "announced" and "will resume" in talks.text
    # a lead that looks ahead ("next week") is not the news of its publication day
    saturday = [text for text, _, _ in day_candidates(story, ["2025-03-15"])["2025-03-15"]]
    assert saturday and not any("next week" in text for text in saturday)


def test_a_background_year_is_not_dated_as_the_news_of_the_day(story) -> None:
    pool = day_candidates(story, ["2025-03-04"])["2025-03-04"]
    assert pool and not any("2019" in text for text, _, _ in pool)
    for length in (None, 30):
        assert not any("2019" in d.text for d in build_timeline("s", story, Settings(), top=length))


def test_weeks_sort_by_their_first_day_among_the_days(story) -> None:
    timeline = build_timeline("s", story, Settings())
    assert timeline == sorted(timeline, key=chronological_key)
    week = next(d for d in timeline if d.precision == "week")
    assert week.date == "2025-W11" and {c.article_id for c in week.sources} == {"o1", "o2"}
    dates = [d.date for d in timeline]
    # the week of 10 March comes before its Wednesday, not after every day entry
    assert dates.index("2025-03-07") < dates.index("2025-W11") < dates.index("2025-03-12")
    weekly = summarise(timeline, "week")
    assert [d.date for d in weekly] == ["2025-W10", "2025-W11"]


def test_sources_report_the_same_development_and_opposite_reports_are_conflicts(story) -> None:
    timeline = build_timeline("s", story, Settings())
    friday = next(d for d in timeline if d.date == "2025-03-14")
    assert "lifted" in friday.text and "not" not in friday.text
    assert {c.article_id for c in friday.sources} == {"h3", "r2"}
    assert [c.article_id for c in friday.conflicts] == ["c3"]
    # the same rejection told in the passive voice is a source, not a contradiction
    thursday = next(d for d in timeline if d.date == "2025-03-06")
    assert {"n1", "r0", "h2"} <= {c.article_id for c in thursday.sources}
    assert not thursday.conflicts


def test_the_default_length_grows_with_the_story_and_top_sets_it(story) -> None:
    timeline = build_timeline("s", story, Settings())
    length = default_length(len(story))
    # the ranked days, the story's latest news and a few week or month entries
    assert length < len(candidate_days(story)) + 1
    assert len(timeline) <= length + 1 + max(1, length // 4)
    assert len(build_timeline("s", story, Settings(), top=3)) == 3
    assert len(build_timeline("s", story[:4], Settings())) < len(timeline)


@pytest.mark.parametrize(
    "value, first, last",
    [
        ("2025-SU", "2025-06-01", "2025-08-31"),
        ("2025-WI", "2025-12-01", "2026-02-28"),
        ("2025-Q2", "2025-04-01", "2025-06-30"),
        ("2025-W11", "2025-03-10", "2025-03-16"),
    ],
)
def test_seasons_quarters_and_weeks_cover_their_days(value: str, first: str, last: str) -> None:
    """What "by the summer" or "the week of 10 March" sort and are matched by."""
    span = date_range(value, "season")
    assert span is not None and (span[0].isoformat(), span[1].isoformat()) == (first, last)


RECALLS = [
    ("b1", "Orsk Gazette", "2025-03-05",
     "Meridal Logistics bought the port of Kesrin on June 3, 2019, for 410 million crowns, and froze the dockers' pay."),
    ("b2", "Tavel Herald", "2025-03-09",
     "Since Meridal took over the port on June 3, 2019, the dockers' pay has not risen once, union officials said."),
    ("b3", "Coastal Daily", "2025-03-16",
     "The dockers have not had a pay rise since Meridal bought the port on June 3, 2019, the union said again."),
]  # fmt: skip


def test_a_background_day_many_articles_recall_comes_after_the_storys_own_days(story, nlp) -> None:
    recalls = analyze_articles(
        [make_article(i, text, day, outlet) for i, outlet, day, text in RECALLS],
        nlp,
        Settings(embed_sentences=0),
    )
    assert "2019-06-03" in candidate_days(recalls)
    timeline = build_timeline("s", story + recalls, Settings())
    assert not any(d.date.startswith("2019") for d in timeline)
    every_day = build_timeline("s", story + recalls, Settings(), top=30)
    sale = next(d for d in every_day if d.date == "2019-06-03")
    assert sale.kind == "background" and len(sale.sources) >= 2
