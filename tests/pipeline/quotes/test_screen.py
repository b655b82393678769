"""The learned screen that tells quoted attributions from titles and scare quotes."""

from __future__ import annotations

import pytest

import storyline.pipeline.quotes.screen as screen_module
from storyline.pipeline.logistic import probability
from storyline.pipeline.quotes.screen import load_screen, quote_features, screen_quotes
from storyline.pipeline.quotes.step import find_quotes


def test_the_packaged_model_was_trained() -> None:
    model = load_screen()
    assert 0.0 < model["threshold"] < 1.0
    assert model["examples"] > 1000 and model["articles"] > 100
    # what the training split taught it: words all capitalised are rarely a statement, a
    # quotation with its cue usually is
    assert model["weights"]["all_capitalised"] < 0 < model["weights"]["has_cue"]


@pytest.mark.slow
def test_a_title_scores_below_a_statement(nlp) -> None:
    text = (
        'Senator Ben Marsh said on "Meet the Press" that the bill would pass. He called '
        'the delay "a disgrace that hurts every family in this state."'
    )
    doc = nlp(text)
    model = load_screen()
    score = {
        q.text: probability(quote_features(q, doc), model)
        for q in find_quotes(text, doc, screen=False)
    }
    title = score["Meet the Press"]
    statement = next(p for t, p in score.items() if t.startswith("a disgrace"))
    assert title < statement and statement > model["threshold"]


@pytest.mark.slow
def test_screening_drops_only_quoted_passages_and_renumbers(
    nlp, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = 'Ben Marsh said the bill would pass. He called it "a good day."'
    doc = nlp(text)
    quotes = find_quotes(text, doc, article_id="a", screen=False)
    assert {q.kind for q in quotes} == {"indirect", "partial"}
    strict = dict(load_screen(), threshold=1.0)  # a screen that trusts no quoted passage
    monkeypatch.setattr(screen_module, "load_screen", lambda: strict)
    assert [q.kind for q in screen_quotes(quotes, doc)] == ["indirect"]
    screened = find_quotes(text, doc, article_id="a")
    assert [(q.id, q.kind) for q in screened] == [("a:q1", "indirect")]
