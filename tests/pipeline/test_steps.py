"""The analysis steps' contracts: what each needs and provides, and the order check."""

from __future__ import annotations

from typing import Any

import pytest

from storyline.config import Settings
from storyline.errors import PipelineError
from storyline.models import Article, MetaValue, RawDocument, SourceRef
from storyline.pipeline import ANALYSIS_STEPS, prepare_article
from storyline.pipeline.dates.step import DATES
from storyline.pipeline.entities.step import ENTITIES
from storyline.pipeline.quotes.step import QUOTES
from storyline.pipeline.steps import PREPARED, Step, ordered_steps

TEXT = (
    "Floods close the coast road\n\n"
    'Mayor Anna Reyes said on Monday that the road would reopen next week. "We are '
    'working day and night," Reyes told reporters in Harbourton.'
)


def _same(article: Article, doc: Any, settings: Settings) -> Article:
    return article


def test_the_pipeline_order_meets_every_need() -> None:
    assert [s.name for s in ANALYSIS_STEPS] == [
        "entities",
        "quotes",
        "dates",
        "tokens",
        "sentences",
    ]
    assert ordered_steps(*ANALYSIS_STEPS) == ANALYSIS_STEPS


def test_quotes_before_entities_is_refused_with_the_reason() -> None:
    with pytest.raises(PipelineError) as caught:
        ordered_steps(QUOTES, ENTITIES, DATES)
    message = str(caught.value)
    assert message.startswith("[E603] the quotes step needs mentions")
    assert "put it after the step that provides them" in message


def test_a_need_met_by_the_prepared_article_is_accepted() -> None:
    assert "meta" in PREPARED
    assert ordered_steps(DATES) == (DATES,)


def test_two_steps_with_one_name_are_refused() -> None:
    with pytest.raises(PipelineError, match="two steps are named 'entities'"):
        ordered_steps(ENTITIES, Step("entities", _same))


def test_a_field_the_article_does_not_have_is_refused() -> None:
    with pytest.raises(PipelineError, match="names speakers, which is not a field of Article"):
        Step("typo", _same, needs=("speakers",))


@pytest.mark.slow
def test_each_step_sets_only_what_it_provides(nlp: Any) -> None:
    settings = Settings()
    raw = RawDocument(SourceRef("floods.txt"), TEXT)
    article = prepare_article(raw, settings)
    article.meta.published = MetaValue("2024-03-04", "input")
    doc = nlp(article.text)
    for step in ANALYSIS_STEPS:
        before = article.to_dict()
        article = step.run(article, doc, settings)
        after = article.to_dict()
        changed = {name for name in after if after[name] != before[name]}
        assert changed <= set(step.provides), step.name
        assert changed, f"the {step.name} step set nothing on a real article"
