"""Screening quoted passages: an attribution, or a title, name or scare quote?

Quotation marks also enclose the names of programmes and books ("Meet the Press", "The
Art of the Deal"), slogans on signs and coined words ("autopsy") that nobody is quoted as
saying. Which marked passages are attributions is learned, not listed: a logistic
regression over features of the passage (its length, its capitalisation, whether it has a
verb, the word before it, how its cue and speaker were found) trained on the PolNeAR
training split by ``evals/train_quote_screen.py``. The weights are packaged data
(``screen.json``), read once per process; a passage is dropped only when the model
gives it a probability of being an attribution below the file's threshold, which the
training script chose on held-out folds of the training split.

Indirect quotes are not screened: they come from a speech verb's clause, not from marks.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from storyline.data_files import packaged_model, packaged_toml
from storyline.models import Quote
from storyline.pipeline.logistic import bucket, probability
from storyline.pipeline.quotes.syntax import doc_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc

MODEL_FILE = "screen.json"
SCREENED_KINDS = frozenset({"direct", "partial"})
_QUOTE_MARKS = "\"'“”‘’«»„`"
_SMALL_WORDS = frozenset(
    packaged_toml("storyline.pipeline.quotes", "words.toml")["screen_small_words"]
)
_WORD_COUNTS = (1, 2, 3, 5, 8, 13, 21)


def quote_features(quote: Quote, doc: Doc) -> dict[str, Any]:
    """The features of one quoted passage that the screening model weighs."""
    span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
    text = doc_text(doc)
    words = [t for t in span if t.is_alpha] if span is not None else []
    content = [t for t in words if t.lower_ not in _SMALL_WORDS]
    capitalised = sum(t.text[:1].isupper() for t in content)
    before = doc[span.start - 1] if span is not None and span.start > 0 else None
    while before is not None and (before.text in _QUOTE_MARKS or before.is_space):
        before = doc[before.i - 1] if before.i > 0 else None
    line_start = text.rfind("\n", 0, quote.start) + 1
    line_end = text.find("\n", quote.end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    all_capitalised = bool(content) and capitalised == len(content)
    after_preposition = before is not None and before.pos_ in {"ADP", "VERB", "AUX"}
    features: dict[str, Any] = {
        "kind": quote.kind,
        "via": quote.resolved_via or "none",
        "speaker_kind": quote.speaker_kind or "none",
        "has_cue": quote.cue is not None,
        "words": bucket(len(words), _WORD_COUNTS),
        "all_capitalised": all_capitalised,
        # a capitalised name after "on", "in", "of", "called": a programme, book or label
        "capitalised_after_preposition": all_capitalised and after_preposition,
        "no_speaker": quote.speaker is None,
        # every word capitalised and no sentence: how titles and names are written
        "title_shape": all_capitalised
        and len(words) >= 2
        and quote.text.rstrip(_QUOTE_MARKS + " ,")[-1:] not in {".", "!", "?"},
        "capitalised_share": capitalised / len(content) if content else 0.0,
        "has_verb": span is not None and any(t.pos_ in {"VERB", "AUX"} for t in span),
        "ends_sentence": quote.text.rstrip(_QUOTE_MARKS + " ,")[-1:] in {".", "!", "?"},
        "question": "?" in quote.text,
        "first_person": span is not None
        and any(t.lower_ in {"i", "we", "me", "us", "my", "our"} for t in span),
        "before": before.pos_ if before is not None else "start",
        "whole_line": line.strip(_QUOTE_MARKS + " ,.") == quote.text.strip(_QUOTE_MARKS + " ,."),
        "line_unpunctuated": bool(line) and line[-1] not in ".!?\"”’'",
    }
    return features


@functools.lru_cache(maxsize=1)
def load_screen() -> dict[str, Any]:
    """The packaged model: ``weights`` (feature name -> weight), ``intercept``,
    ``threshold``; scored with :func:`storyline.pipeline.logistic.probability`."""
    return packaged_model(
        "storyline.pipeline.quotes",
        MODEL_FILE,
        "quote screening model",
        "evals/train_quote_screen.py",
    )


def screen_quotes(quotes: Sequence[Quote], doc: Doc) -> list[Quote]:
    """``quotes`` without the quoted passages the model takes for titles, names or scare
    quotes (see the module docstring); indirect quotes are kept as they are."""
    model = load_screen()
    kept = []
    for quote in quotes:
        if quote.kind in SCREENED_KINDS:
            attribution = probability(quote_features(quote, doc), model)
            if attribution < model["threshold"]:
                continue
        kept.append(quote)
    return kept
