"""Mention-level day evidence: each date mention's features, the fitted vote, the ranking."""

from __future__ import annotations

import dataclasses

import pytest

from storyline.config import Settings
from storyline.link.timeline import build_timeline
from storyline.link.timeline_days import COUNTING, day_features
from storyline.link.timeline_mentions import (
    MENTION_FEATURES,
    MENTION_ONLY,
    MentionModel,
    blend_scores,
    fit_mention_model,
    load_mention_model,
    mention_day_scores,
    mention_rows,
    rank_days_by_mentions,
)
from storyline.models import Article
from tests.link.conftest import date_mention, make_article


def _article(article_id: str, published: str, text: str, *dates: tuple[str, str]) -> Article:
    article = make_article(article_id, text, published, "Outlet")
    article.dates = [date_mention(article, phrase, value) for phrase, value in dates]
    return article


def _stamp(article_id: str, day: str, label: str) -> Article:
    """A same-day report whose only date is its dateline timestamp."""
    return _article(
        article_id,
        day,
        f"LONDON | {label}, 2010 6:36 pm EST\nOil prices rose again on the markets as traders "
        "watched the weather in the Gulf of Mexico closely.",
        (f"{label}, 2010", day),
    )


def _recall(article_id: str, published: str, day: str, label: str) -> Article:
    """A later chronology that opens a line with the day it recalls."""
    return _article(
        article_id,
        published,
        "The main events of the spill so far.\n"
        f"{label} - The company capped the leaking well after weeks of failed attempts.",
        (label, day),
    )


@pytest.fixture()
def story() -> list[Article]:
    # 2010-06-15: two timestamps of its own reports; 2010-07-15: two chronologies recall it
    return [
        _stamp("s1", "2010-06-15", "Tue Jun 15"),
        _stamp("s2", "2010-06-15", "Tuesday June 15"),
        _recall("r1", "2010-09-20", "2010-07-15", "July 15"),
        _recall("r2", "2010-10-01", "2010-07-15", "July 15"),
    ]


def _rows(articles: list[Article]):  # type: ignore[no-untyped-def]
    return mention_rows(articles, day_features(articles))


def _feature(row, name: str) -> float:  # type: ignore[no-untyped-def]
    return row.vector[MENTION_FEATURES.index(name)]


def test_a_timestamp_and_a_chronology_line_are_told_apart(story) -> None:
    rows = {row.article_id: row for row in _rows(story)}
    stamp, recall = rows["s1"], rows["r1"]
    assert stamp.day == "2010-06-15" and recall.day == "2010-07-15"
    assert len(stamp.vector) == len(MENTION_FEATURES)
    # the dateline: a clock time beside it, published on the day, in the first sentence
    assert _feature(stamp, "clock_time") == 1.0
    assert _feature(stamp, "same_day") == 1.0 and _feature(stamp, "recalled") == 0.0
    assert _feature(stamp, "position") == 0.0 and _feature(stamp, "lead") == 1.0
    # the chronology line: opens its sentence, recalled months later, told in the past
    assert _feature(recall, "clock_time") == 0.0
    assert _feature(recall, "starts_sentence") == 1.0 and _feature(stamp, "starts_sentence") == 0.0
    assert _feature(recall, "recalled") == 1.0 and _feature(recall, "lag") > 4.0
    assert _feature(recall, "past") == 1.0
    assert _feature(recall, "position") == 1.0  # the article's last sentence


def _stories(story: list[Article]):  # type: ignore[no-untyped-def]
    """Training stories where the recalled days are the reference days."""
    shifted = [
        dataclasses.replace(
            a,
            id=a.id + "x",
            dates=[dataclasses.replace(m, article_id=a.id + "x") for m in a.dates],
        )
        for a in story
    ]
    return [(_rows(story), {"2010-07-15"}), (_rows(shifted), {"2010-07-15"})]


def test_the_fitted_model_prefers_recalled_days_to_timestamps(story) -> None:
    model = fit_mention_model(_stories(story), trained_on=["a", "b"])
    assert model.features == MENTION_ONLY
    rows = {row.article_id: row for row in _rows(story)}
    recalled, stamped = model.probabilities([rows["r1"].vector, rows["s1"].vector])
    assert recalled > 0.5 > stamped
    scores = mention_day_scores(_rows(story), model)
    assert scores["2010-07-15"] > 1.0 > scores["2010-06-15"]
    # both days have two articles: counting puts the earlier first, the model the recalled
    days = {"2010-06-15", "2010-07-15"}
    assert [d for d, _ in rank_days_by_mentions(days, _rows(story), model)] == [
        "2010-07-15",
        "2010-06-15",
    ]
    counting = dataclasses.replace(model, share=0.0)
    assert [d for d, _ in rank_days_by_mentions(days, _rows(story), counting)] == [
        "2010-06-15",
        "2010-07-15",
    ]
    assert MentionModel.from_dict(model.to_dict()) == model


def test_an_article_votes_once_for_a_day_however_often_it_mentions_it() -> None:
    twice = _article(
        "a",
        "2010-06-20",
        "On June 15 the well was capped. Engineers said the June 15 cap held.",
        ("June 15", "2010-06-15"),
    )
    second = twice.text.rindex("June 15")
    twice.dates.append(dataclasses.replace(twice.dates[0], start=second, end=second + 7))
    flat = MentionModel(("lead",), (0.0,), (1.0,), (0.0,))  # every mention: probability 0.5
    rows = _rows([twice])
    assert len(rows) == 2
    assert mention_day_scores(rows, flat) == {"2010-06-15": 0.5}
    # a day no mention names scores only by counting, which is 0 articles
    scores = blend_scores({"2010-06-15", "2010-06-20"}, rows, {"2010-06-15": 0.5}, 1.0)
    assert scores["2010-06-20"] == 0.0 < scores["2010-06-15"]


def test_build_timeline_ranks_days_by_the_mention_model_given(story) -> None:
    model = fit_mention_model(_stories(story))
    by_mentions = build_timeline("s", story, Settings(), top=1, mention_model=model)
    counted = build_timeline("s", story, Settings(), top=1, day_model=COUNTING)
    assert [d.date for d in by_mentions] == ["2010-07-15"]
    assert [d.date for d in counted] == ["2010-06-15"]


def test_the_shipped_mention_model_reads_back() -> None:
    model = load_mention_model()
    assert model is not None
    assert set(model.features) <= set(MENTION_FEATURES)
    assert len(model.weights) == len(model.features) and 0.0 <= model.share <= 1.0
