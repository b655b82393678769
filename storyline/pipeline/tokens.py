"""The article's word tokens with lemma and part of speech, kept for cross-article word
statistics (which outlet writes "undocumented immigrant", which "illegal immigrant").

The link stage never parses text again (it reads stored facts), so the lemmas it counts are
taken here, in the one spaCy pass. Whitespace tokens are left out; punctuation is kept so
that phrases are not built across it.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> from storyline.config import Settings
>>> from storyline.models import Article, SourceRef
>>> a = Article("a", SourceRef("a.txt"), "Kyiv said.", "Kyiv said.")
>>> tokens_step(a, nlp(a.text), Settings()).tokens.starts
[0, 5, 9]
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.models import Article, Tokens
from storyline.pipeline.steps import Step

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["token_lemma", "tokens_step"]


def token_lemma(token: Token) -> str:
    """Lower-case lemma; a proper noun keeps its spelling (variants of a name stay visible)."""
    if token.pos_ == "PROPN":
        return token.text
    lemma = token.lemma_ or token.text
    return lemma.lower()


def tokens_step(article: Article, doc: Doc, settings: Settings) -> Article:
    """Set ``article.tokens`` from ``doc`` (pure: returns a new article)."""
    lemmas: list[str] = []
    pos: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sentences: list[int] = []
    has_sentences = doc.has_annotation("SENT_START")
    for token in doc:
        if token.is_space:
            continue
        if not lemmas or (has_sentences and token.is_sent_start):
            sentences.append(len(lemmas))
        lemmas.append(token_lemma(token))
        pos.append(token.pos_ or "X")
        starts.append(token.idx)
        ends.append(token.idx + len(token.text))
    return dataclasses.replace(article, tokens=Tokens(lemmas, pos, starts, ends, sentences))


TOKENS = Step("tokens", tokens_step, provides=("tokens",))
