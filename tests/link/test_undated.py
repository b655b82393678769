from __future__ import annotations

import datetime as dt

from storyline.link.undated import infer_publication_date
from tests.link.conftest import date_mention, make_article


def test_latest_mentioned_date_and_event_bound_the_date(seed_texts) -> None:
    article = make_article("u", seed_texts["003"], None)
    article.dates = [
        date_mention(article, "February 2022", "2022-02", "month"),
        date_mention(article, "May 29, 2024", "2024-05-29"),
    ]
    only_text = infer_publication_date(article)
    assert only_text is not None and only_text.earliest == "2024-05-29" and only_text.latest is None
    both = infer_publication_date(article, [dt.date(2024, 5, 31)], window_days=3)
    assert both is not None
    assert (both.earliest, both.latest, both.value) == ("2024-05-29", "2024-06-03", "2024-05-31")
    meta = both.as_meta()
    assert meta.source == "inferred" and "May 29, 2024" in (meta.evidence or "")


def test_future_dates_do_not_bound_it() -> None:
    article = make_article("f", "The summit will open on June 12 in Geneva.", None)
    article.dates = [date_mention(article, "June 12", "2024-06-12")]
    assert infer_publication_date(article) is None


def test_dated_articles_are_left_alone(seed_texts) -> None:
    assert infer_publication_date(make_article("d", seed_texts["002"], "2024-05-31")) is None
