from __future__ import annotations

import json
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.link.timeline import (
    ENTRY_KINDS,
    build_timeline,
    chronological_key,
    date_range,
    day_candidates,
    day_texts,
    default_length,
    summarise,
)
from storyline.link.timeline_days import (
    COUNTING,
    FALLBACK,
    FEATURES,
    DayModel,
    day_features,
    fit_day_model,
    load_day_model,
    rank_days,
)
from storyline.link.timeline_sentences import (
    HAND_SET,
    SENTENCE_FEATURES,
    SentenceModel,
    fit_sentence_model,
    load_sentence_model,
)
from storyline.models import Development
from tests.link.conftest import date_mention, make_article


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
    assert timeline == sorted(timeline, key=chronological_key)
    may_31 = next(d for d in timeline if d.date == "2024-05-31")
    assert {c.article_id for c in may_31.sources} == {"002", "003"}
    assert "Kharkiv" in may_31.text or "Kharkov" in may_31.text
    assert timeline[-1].date == "2024-11-25"
    assert timeline[-1].sources[0].article_id == "000"
    assert "ATACMS" in timeline[-1].text or "missiles" in timeline[-1].text


def test_background_long_before_the_story_is_left_out(dated_seeds) -> None:
    timeline = build_timeline("s", dated_seeds, Settings())
    assert not any(d.date.startswith("2022") for d in timeline)


def test_every_citation_points_at_the_reporting_sentence(dated_seeds) -> None:
    by_id = {a.id: a for a in dated_seeds}
    timeline = build_timeline("s", dated_seeds, Settings())
    for development in timeline:
        assert development.kind in ENTRY_KINDS
        cited = [by_id[c.article_id].text[c.start : c.end] for c in development.sources]
        assert development.text in cited


def test_copies_do_not_add_support(dated_seeds) -> None:
    again = build_timeline("s", dated_seeds, Settings(), copies={"003": "002"})
    assert all("003" not in {c.article_id for c in d.sources} for d in again)


def test_top_sets_the_length_and_the_default_grows_with_the_story(dated_seeds) -> None:
    assert len(build_timeline("s", dated_seeds, Settings(), top=2)) == 2
    assert [default_length(n) for n in (1, 25, 100, 400)] == [5, 10, 20, 40]


def _story(*sentences: tuple[str, str, str | None, str]) -> list:
    """Articles of one sentence each: (id, published, dated value or None, text)."""
    articles = []
    for article_id, published, value, text in sentences:
        article = make_article(article_id, text, published, f"Outlet {article_id}")
        if value:
            phrase = next(w for w in ("Friday", "Thursday", "Wednesday", "week") if w in text)
            precision = "week" if "W" in value else "day"
            article.dates = [date_mention(article, phrase, value, precision)]
        articles.append(article)
    return articles


def test_each_entry_keeps_its_own_sentence_date_and_an_opposite_report_is_a_conflict() -> None:
    articles = _story(
        ("a", "2025-06-21", "2025-06-20", "The trade ministry lifted the ore export ban on Friday, officials said."),
        ("b", "2025-06-21", "2025-06-20", "The ore export ban was lifted on Friday by the trade ministry, officials said."),
        ("c", "2025-06-22", "2025-06-20", "The ore export ban has not been lifted on Friday, the trade ministry insisted."),
        ("d", "2025-06-20", "2025-06-19", "President Halvanyk announced Thursday a short-term plan for the mines, aides said."),
    )  # fmt: skip
    timeline = build_timeline("s", articles, Settings())
    friday = next(d for d in timeline if d.date == "2025-06-20")
    assert "lifted" in friday.text and "not" not in friday.text
    assert {c.article_id for c in friday.sources} == {"a", "b"}
    assert [c.article_id for c in friday.conflicts] == ["c"]
    thursday = next(d for d in timeline if "short-term plan" in d.text)
    assert thursday.date == "2025-06-19"


def test_a_week_sorts_by_its_first_day_and_a_scheduled_day_is_announced() -> None:
    articles = _story(
        ("a", "2019-01-02", "2019-W01", "Negotiators met all this week in Geneva over the border crossings."),
        ("b", "2019-01-02", "2019-W01", "Negotiators met this week in Geneva over the crossings, diplomats said."),
        ("c", "2019-01-02", "2019-01-04", "The final vote on the border deal is set for Friday in the national assembly."),
        ("d", "2018-12-31", None, "Border guards closed the last two crossings overnight, the interior ministry said."),
    )  # fmt: skip
    timeline = build_timeline("s", articles, Settings())
    assert [d.date for d in timeline] == ["2018-12-31", "2019-W01", "2019-01-04"]
    assert next(d for d in timeline if d.date == "2019-01-04").kind == "announced"
    assert next(d for d in timeline if d.date == "2018-12-31").kind == "published"


def test_granularity_keeps_the_strongest_entry_of_each_month() -> None:
    entries = [
        Development("s", "2024-05-30", "day", "a", score=1.0),
        Development("s", "2024-W22", "week", "b", score=3.0),
        Development("s", "2024-06-02", "day", "c", score=2.0),
    ]
    assert [(d.date, d.text) for d in summarise(entries, "month")] == [
        ("2024-05", "b"),
        ("2024-06", "c"),
    ]
    assert [d.date for d in summarise(entries, "week")] == ["2024-W22"]


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


# ----------------------------------------------------------------------------- day model


def test_day_features_count_articles_outlets_and_announcements() -> None:
    articles = _story(
        ("a", "2025-06-21", "2025-06-20", "The trade ministry lifted the ore export ban on Friday, officials said."),
        ("b", "2025-07-30", "2025-06-20", "Since the ban was lifted on Friday, June 20, lorries have crossed daily."),
        ("c", "2025-06-18", "2025-06-20", "The ministry will decide on Friday whether the ore export ban stays."),
    )  # fmt: skip
    features = dict(zip(FEATURES, day_features(articles)["2025-06-20"], strict=True))
    assert features["mentions"] == 1.0  # counts are ranks among the story's days: the top
    assert features["mentions_fresh"] == features["mentions_later"] == features["mentions_before"]
    assert features["future_share"] == pytest.approx(1 / 3)
    assert day_features(articles)["2025-06-18"][FEATURES.index("published")] > 0


def _vector(**values: float) -> list[float]:
    return [values.get(name, 0.0) for name in FEATURES]


def test_a_fitted_day_model_learns_from_the_head_of_each_story() -> None:
    # in both stories the reference days are the ones told in the past tense; the story's
    # most mentioned day is a schedule (told in the future) and is not a reference day
    story_a = {
        "2025-01-01": _vector(mentions=1.0, past_share=0.0),
        "2025-01-02": _vector(mentions=0.8, past_share=1.0),
        "2025-01-03": _vector(mentions=0.6, past_share=0.9),
        "2025-01-04": _vector(mentions=0.4, past_share=0.1),
        "2025-01-05": _vector(mentions=0.0, past_share=1.0),  # outside the head
    }
    story_b = {
        "2025-02-01": _vector(mentions=1.0, past_share=0.2),
        "2025-02-02": _vector(mentions=0.5, past_share=0.8),
        "2025-02-03": _vector(mentions=0.2, past_share=0.0),
    }
    reference_a, reference_b = {"2025-01-02", "2025-01-03"}, {"2025-02-02"}
    model = fit_day_model(
        [(story_a, reference_a), (story_b, reference_b)], head=2.0, c=100.0, trained_on=["a", "b"]
    )
    past = FEATURES.index("past_share")
    assert model.weights[past] > 0
    assert all(w == 0 for i, w in enumerate(model.weights) if i not in (0, past))
    assert DayModel.from_dict(model.to_dict()) == model and model.head == 2.0
    ranked = [day for day, _ in rank_days(story_a, model, 2)]
    assert set(ranked[:2]) == reference_a
    # a day outside the head follows the re-ranked head, in count order
    assert ranked.index("2025-01-05") == 4


def test_counting_ranks_days_by_the_articles_that_mention_them() -> None:
    days = {"2025-03-02": _vector(mentions=0.5), "2025-03-01": _vector(mentions=0.5)}
    days["2025-03-03"] = _vector(mentions=1.0)
    assert [d for d, _ in rank_days(days, COUNTING, 3)] == [
        "2025-03-03",
        "2025-03-01",
        "2025-03-02",
    ]


def test_the_shipped_day_model_prefers_a_day_many_articles_report() -> None:
    model = load_day_model()
    assert model.features == FEATURES
    # the shipped model is fitted on the reference timelines (evals/timelines.py --train)
    # or, if held out it ranked days worse than counting, counting itself
    assert model == COUNTING or (model.head > 0 and len(model.trained_on) >= 5)
    assert model.weights[FEATURES.index("mentions")] > 0
    articles = _story(
        ("a", "2025-06-21", "2025-06-20", "The trade ministry lifted the ore export ban on Friday, officials said."),
        ("b", "2025-06-21", "2025-06-20", "Velmora lifted its ore export ban on Friday after the water deal was signed."),
        ("c", "2025-06-28", "2025-06-20", "Since the ban was lifted on Friday, June 20, lorries have crossed daily."),
        ("d", "2025-06-25", None, "Tungsten traders in Aldermere expect prices to keep falling this summer."),
    )  # fmt: skip
    ranked = [day for day, _ in rank_days(day_features(articles), model, 1)]
    assert ranked[0] == "2025-06-20"
    assert FALLBACK == COUNTING


# ------------------------------------------------------------------------ sentence model


def test_a_fitted_sentence_model_prefers_what_overlaps_the_reference_text() -> None:
    central = SENTENCE_FEATURES.index("central")
    fresh = SENTENCE_FEATURES.index("fresh")
    width = len(SENTENCE_FEATURES)

    def row(**values: float) -> list[float]:
        return [values.get(name, 0.0) for name in SENTENCE_FEATURES]

    # on each day the fresh report overlaps the reference most, whatever its centrality
    days = [
        ([row(central=0.9), row(central=0.2, fresh=1.0), row(central=0.5)], [0.1, 0.5, 0.2]),
        ([row(central=0.1, fresh=1.0), row(central=0.6)], [0.4, 0.1]),
        ([row(central=0.3), row(central=0.4, fresh=1.0), row(central=0.8)], [0.2, 0.6, 0.1]),
    ]
    model = fit_sentence_model(days, trained_on=["x"], alpha=0.01)
    assert len(model.weights) == width and max(abs(w) for w in model.weights) == 1.0
    assert model.weights[fresh] > 0 and model.weights[fresh] > model.weights[central]
    assert model.score(row(fresh=1.0)) > model.score(row(central=0.9))
    assert SentenceModel.from_dict(model.to_dict()) == model


def test_the_shipped_sentence_model_is_fitted() -> None:
    model = load_sentence_model()
    assert model.features == SENTENCE_FEATURES
    assert model != HAND_SET and len(model.trained_on) >= 5


def test_day_texts_tell_a_day_by_its_most_central_sentence() -> None:
    articles = _story(
        ("a", "2025-06-21", "2025-06-20", "The trade ministry lifted the ore export ban on Friday, officials said."),
        ("b", "2025-06-21", "2025-06-20", "Velmora lifted its ore export ban on Friday after the water deal was signed."),
        ("c", "2025-06-21", "2025-06-20", "Prices of tungsten fell sharply in Aldermere on Friday, traders said today."),
    )  # fmt: skip
    texts = day_texts(articles, ["2025-06-20", "2025-01-01"])
    assert "ban" in texts["2025-06-20"]
    assert texts["2025-01-01"] == ""


#: Two reports, published the next day, of the ban ended on Friday 2025-06-20.
_BAN_ENDED = (
        ("a", "2025-06-21", "2025-06-20", "The trade ministry lifted the ore export ban on Friday, officials in Velmora said."),
        ("b", "2025-06-21", "2025-06-20", "The ore export ban ended on Friday, the trade ministry said in a statement."),
)  # fmt: skip


def test_a_days_text_moves_only_with_the_news_published_around_that_day() -> None:
    """The "nearby" feature compares a candidate with what was published within a few days
    of its day: a report about a later day leaves the old day's text as it was (so no new
    development is announced for it), a report published the next day may change it."""
    nearby_only = SentenceModel(
        SENTENCE_FEATURES,
        tuple(1.0 if f == "nearby" else 0.0 for f in SENTENCE_FEATURES),
        redundancy=0.0,
    )
    day = _story(
        *_BAN_ENDED,
        ("c", "2025-06-21", "2025-06-20", "Officials in Velmora welcomed the water deal on Friday in the capital."),
        ("i", "2025-06-21", "2025-06-20", "Prices of tungsten fell sharply in Aldermere on Friday, traders said."),
    )  # fmt: skip
    later = _story(
        ("d", "2025-07-12", "2025-07-11", "Tungsten prices fell sharply in Aldermere on Friday as traders sold."),
        ("e", "2025-07-12", "2025-07-11", "Traders in Aldermere saw tungsten prices fall sharply on Friday."),
    )  # fmt: skip
    before = day_texts(day, ["2025-06-20"], nearby_only)["2025-06-20"]
    assert "ban" in before
    assert day_texts(day + later, ["2025-06-20"], nearby_only)["2025-06-20"] == before
    next_day = _story(
        ("f", "2025-06-22", "2025-06-11", "Tungsten prices fell sharply in Aldermere on Friday, traders said."),
        ("g", "2025-06-22", "2025-06-11", "Traders in Aldermere saw tungsten prices fall sharply on Friday."),
        ("h", "2025-06-22", "2025-06-11", "Tungsten traders in Aldermere sold as prices fell on Friday."),
    )  # fmt: skip
    assert "tungsten" in day_texts(day + next_day, ["2025-06-20"], nearby_only)["2025-06-20"]


# ------------------------------------------------------------------- golden example story

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_example_storys_golden_timeline_tells_its_four_events() -> None:
    """The checked-in timeline of examples/ (tests/test_golden.py keeps it current) against
    the events the example corpus was written with (examples/truth.json)."""
    truth = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
    timeline = json.loads((EXAMPLES / "expected" / "links.json").read_text("utf-8"))["timeline"]
    by_date = {d["date"]: d for d in timeline}
    for event in truth["events"]:
        entry = by_date[event["date"]]
        assert len(entry["sources"]) >= 2, event["title"]
    # every entry is a whole sentence: none starts inside a name cut at its middle initial
    # ("Whitcombe Jr., ends the export ban ..." after "Marcus J.")
    assert all(entry["text"][0].isupper() or entry["text"][0] in '"\u201c' for entry in timeline)
    assert not any(entry["text"].startswith("Whitcombe Jr.") for entry in timeline)
    truth_days = {t["date"] for t in truth["timeline"]}
    days = [d["date"] for d in timeline if d["precision"] == "day"]
    assert days == sorted(days)
    assert len(set(days) & truth_days) >= 0.7 * len(days)


def test_an_old_days_candidates_keep_their_weights_when_later_news_arrives() -> None:
    """Word weights (idf) come from what was news by the day, so articles published weeks
    later about another day leave an old day's candidates, and so its text, as they were."""
    day = _story(*_BAN_ENDED)
    later = _story(
        ("d", "2025-07-12", "2025-07-11", "Ore exports rose sharply in Aldermere on Friday as the ministry sold."),
        ("e", "2025-07-12", "2025-07-11", "The ministry in Aldermere saw ore exports rise on Friday, it said."),
    )  # fmt: skip
    recalled = _story(
        ("f", "2025-07-12", "2025-06-20", "The ban on ore exports that ended on Friday had lasted three years."),
    )  # fmt: skip
    alone = day_candidates(day, ["2025-06-20"])["2025-06-20"]
    with_later = day_candidates(day + later, ["2025-06-20"])["2025-06-20"]
    assert [(t, v) for t, _, v in with_later] == [(t, v) for t, _, v in alone]
    # a later report about that day is news about it: it joins the day and its words count
    with_recall = day_candidates(day + recalled, ["2025-06-20"])["2025-06-20"]
    assert len(with_recall) == 3 and with_recall[0][2] != alone[0][2]
