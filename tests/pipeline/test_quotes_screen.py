"""The learned screen that tells quoted attributions from titles and scare quotes."""

from __future__ import annotations

import pytest

from storyline.pipeline.quotes import find_quotes
from storyline.pipeline.quotes_screen import load_screen


def test_the_packaged_model_was_trained() -> None:
    model = load_screen()
    assert 0.0 < model["threshold"] < 1.0
    assert model["examples"] > 1000 and model["articles"] > 100
    # what the training split taught it: a name written in title case is no statement
    assert model["weights"]["title_shape"] < 0 < model["weights"]["kind=direct"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "dropped", "kept"),
    [
        (
            'Senator Ben Marsh said on "Meet the Press" that the bill would pass.',
            "Meet the Press",
            "the bill would pass",
        ),
        (
            'Ben Marsh called the plan "a disgrace" on Monday. "We will vote no," he said.',
            None,
            "a disgrace",
        ),
    ],
)
def test_titles_are_screened_out_and_statements_kept(
    nlp, text: str, dropped: str | None, kept: str
) -> None:
    doc = nlp(text)
    screened = [q.text for q in find_quotes(text, doc)]
    unscreened = [q.text for q in find_quotes(text, doc, screen=False)]
    assert kept in screened
    if dropped is not None:
        assert dropped in unscreened and dropped not in screened
    ids = [q.id for q in find_quotes(text, doc, article_id="a")]
    assert ids == [f"a:q{n}" for n in range(1, len(ids) + 1)]  # renumbered after screening
