"""Sentence spans of an article and which of them are statements worth comparing with a claim.

A *statement* is a sentence as prose writes it (a few words, ending as sentences do), not a
headline, caption or header line. Claims read statements only; embeddings are computed for
the first ``Settings.embed_sentences`` statements of an article (the lead, where news
states its claims), so their cost per article is bounded.

>>> is_statement("Officials said the ban stays.")
True
>>> is_statement("Getty Images")
False
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.models import Article, SentenceFacts
from storyline.pipeline.embed import SentenceEncoder, encode_vector
from storyline.pipeline.sentence_claims import add_claim_facts
from storyline.pipeline.sentence_cues import sentence_cues
from storyline.pipeline.steps import Step

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_STATEMENT_WORDS = 4
_LINE = re.compile(r"\n")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$|[\"\u201d]\s*$")


def is_statement(text: str) -> bool:
    """A sentence, not a headline, caption or header line: it ends as sentences do."""
    return len(text.split()) >= MIN_STATEMENT_WORDS and bool(_SENTENCE_END.search(text))


def choose_for_embedding(texts: Sequence[str], limit: int) -> list[int]:
    """Indices of the sentences to embed: the first ``limit`` statements, in text order."""
    if limit <= 0:
        return []
    return [i for i, text in enumerate(texts) if is_statement(text)][:limit]


def sentences_step(article: Article, doc: Doc, settings: Settings) -> Article:
    """Store the article's sentences (spaCy's boundaries) with statement flags and cues, and
    for statements that may hold a permission or prohibition their deontic units and words
    (:mod:`storyline.pipeline.sentence_claims`).

    What claims later compare with a proposition is kept here, once per article, so the
    cross-article stage never splits or parses text again.
    """
    del settings
    out = []
    for sent in doc.sents:
        # cleaned text keeps one paragraph per line: a line break always ends a sentence
        offset = sent.start_char
        for line in _LINE.split(sent.text):
            start, end = offset, offset + len(line)
            offset = end + 1
            text = line.strip()
            if len(text) < 2:
                continue
            start += len(line) - len(line.lstrip())
            statement = is_statement(text)
            cues = sentence_cues(text) if statement else {}
            facts = SentenceFacts(start, start + len(text), statement, cues)
            if statement:
                span = doc.char_span(start, start + len(text), alignment_mode="expand")
                if span is not None and len(span):
                    add_claim_facts(article, facts, span)
            out.append(facts)
    return dataclasses.replace(article, sentences=out)


def embed_statements(
    articles: Sequence[Article], encoder: SentenceEncoder, settings: Settings
) -> None:
    """Embed the chosen statements of every article in one batch (in place)."""
    chosen: list[tuple[SentenceFacts, str]] = []
    for article in articles:
        texts = [article.text[s.start : s.end] for s in article.sentences]
        for i in choose_for_embedding(
            [t if s.statement else "" for s, t in zip(article.sentences, texts, strict=True)],
            settings.embed_sentences,
        ):
            chosen.append((article.sentences[i], texts[i]))
    if not chosen:
        return
    vectors = encoder.encode([text for _, text in chosen])
    for (sentence, _), vector in zip(chosen, vectors, strict=True):
        sentence.embedding = encode_vector(vector)


SENTENCES = Step(
    "sentences", sentences_step, needs=("text", "meta", "dates"), provides=("sentences",)
)
