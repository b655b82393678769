from __future__ import annotations

from storyline.config import Settings
from storyline.models import Article, SourceRef
from storyline.pipeline import ANALYSIS_STEPS
from storyline.pipeline.tokens import tokens_step


def test_tokens_keep_lemmas_spans_and_sentences(nlp) -> None:
    text = "Undocumented immigrants were crossing.\n\nThe Kiev regime slammed Kyiv officials."
    article = Article("a", SourceRef("a.txt"), text, text)
    tokens = tokens_step(article, nlp(text), Settings()).tokens
    words = [text[s:e] for s, e in zip(tokens.starts, tokens.ends, strict=True)]
    assert "\n\n" not in words  # whitespace tokens are left out
    assert tokens.lemmas[words.index("immigrants")] == "immigrant"
    assert tokens.lemmas[words.index("crossing")] == "cross"
    # proper nouns keep their spelling, so name variants stay apart
    assert tokens.lemmas[words.index("Kiev")] == "Kiev"
    assert tokens.lemmas[words.index("Kyiv")] == "Kyiv"
    assert tokens.pos[words.index("Undocumented")] == "ADJ"
    assert tokens.sentences[0] == 0 and words[tokens.sentences[1]] == "The"
    assert len(tokens.lemmas) == len(tokens.pos) == len(tokens.starts) == len(tokens.ends)


def test_tokens_step_runs_in_the_pipeline() -> None:
    assert "tokens" in [step.name for step in ANALYSIS_STEPS]
