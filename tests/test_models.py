from __future__ import annotations

import pickle

import pytest

from storyline.models import (
    Article,
    Claim,
    ClaimConflict,
    ClaimStatement,
    DateMention,
    MetaValue,
    Quote,
    SourceRef,
)


def _article() -> Article:
    art = Article(id="a1", source=SourceRef("x.txt", "line 2"), raw="R", text="He said 'hi'.")
    art.meta.published = MetaValue(
        "2024-05-31", "text", evidence="date 2024-05-31", start=1, end=11
    )
    art.quotes.append(Quote("q1", "a1", "hi", 9, 11, "direct", "John Kirby", "person", cue="said"))
    art.dates.append(DateMention("a1", "Monday", 0, 6, "DATE", "2024-05-27", "day", False, "dct"))
    return art


def test_article_round_trips_through_dict_and_pickle() -> None:
    art = _article()
    again = Article.from_dict(art.to_dict())
    assert again == art
    assert again.meta.published.value == "2024-05-31"
    assert isinstance(again.quotes[0], Quote)
    assert pickle.loads(pickle.dumps(art)) == art
    assert art.published == "2024-05-31"


def test_nested_link_types_round_trip() -> None:
    claim = Claim(
        "c1",
        "s1",
        "Ukraine may use ATACMS inside Russia",
        [ClaimStatement("a1", 0, 5, "x", "refutes", "2024-05-30", step="new")],
        [ClaimConflict("update", 0, 1)],
    )
    assert Claim.from_dict(claim.to_dict()) == claim


@pytest.mark.parametrize("record,expected", [(None, "f.jsonl"), ("line 3", "f.jsonl [line 3]")])
def test_source_ref_names_the_input(record: str | None, expected: str) -> None:
    assert str(SourceRef("f.jsonl", record)) == expected
