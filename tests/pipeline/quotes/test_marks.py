"""Pairing quotation marks in the ways news text writes them."""

from __future__ import annotations

import pytest

from storyline.pipeline.quotes.marks import find_quoted_spans


def _top(text: str) -> list[str]:
    return [text[s.inner_start : s.inner_end] for s in find_quoted_spans(text) if s.depth == 0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we are ready” today.", ["we are ready"]),
        ('He said "we are ready" today.', ["we are ready"]),
        ("'Right now, they are able,' John Kirby says", ["Right now, they are able,"]),
        ("''Hopefully,'' the president said, ''this helps.''", ["Hopefully,", "this helps."]),
        # apostrophes are not quotation marks
        ("Kyiv’s forces and the officials’ view don’t change ’90s rules.", []),
        ("It is O'Neill's plan, the officials' view.", []),
        # a quotation nested in another stays inside it
        ("“He told me ‘don’t go’ twice,” she said.", ["He told me ‘don’t go’ twice,"]),
        ("The word “flexibility” and the word “reality”.", ["flexibility", "reality"]),
    ],
)
def test_top_level_quotations(text: str, expected: list[str]) -> None:
    assert _top(text) == expected


def test_nested_quotation_has_depth() -> None:
    text = "“He told me ‘don’t go’ twice,” she said."
    spans = find_quoted_spans(text)
    assert [(text[s.start : s.end], s.depth) for s in spans] == [
        ("“He told me ‘don’t go’ twice,”", 0),
        ("‘don’t go’", 1),
    ]


@pytest.mark.parametrize("blank", ["\n", "\n\n"])
def test_quotation_running_over_paragraphs(blank: str) -> None:
    text = f"He said: “First part.{blank}“Second part,” he added. “Third.”"
    spans = [s for s in find_quoted_spans(text) if s.depth == 0]
    assert [text[s.start : s.end] for s in spans] == [
        f"“First part.{blank}“Second part,”",
        "“Third.”",
    ]
    assert spans[0].paragraphs == 2


def test_unclosed_mark_does_not_swallow_the_next_paragraph() -> None:
    text = "He said “this never closes.\nNext paragraph has “a quote” in it."
    assert _top(text) == ["a quote"]
