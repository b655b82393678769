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
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.models import Article, SentenceFacts
from storyline.pipeline.embed import SentenceEncoder, encode_vector
from storyline.pipeline.embed_lead import embedding_text
from storyline.pipeline.sentence_claims import add_claim_facts
from storyline.pipeline.sentence_cues import sentence_cues
from storyline.pipeline.steps import Step

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_STATEMENT_WORDS = 4
_LINE = re.compile(r"\n")
# closing marks: straight and curly quotes, guillemets (ru/uk/fr/es/it) and the low-high
# pair's closing \u201c (uk, de)
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019\u00bb\u201c)]*\s*$|[\"\u201d\u00bb]\s*$")


def is_statement(text: str) -> bool:
    """A sentence, not a headline, caption or header line: it ends as sentences do."""
    return len(text.split()) >= MIN_STATEMENT_WORDS and bool(_SENTENCE_END.search(text))


def choose_for_embedding(texts: Sequence[str], limit: int) -> list[int]:
    """Indices of the sentences to embed: the first ``limit`` statements, in text order."""
    if limit <= 0:
        return []
    return [i for i, text in enumerate(texts) if is_statement(text)][:limit]


def sentence_facts(
    text: str, spans: Iterable[tuple[int, int]], language: str | None = "en"
) -> list[SentenceFacts]:
    """Sentences of ``text`` from sentence ``spans``, each with its statement flag and, for a
    statement, its cue counts in ``language``'s words.

    >>> [(f.start, f.statement) for f in sentence_facts("Kyiv said no to it.\nPhoto", [(0, 25)])]
    [(0, True), (20, False)]
    """
    out = []
    for sent_start, sent_end in spans:
        # cleaned text keeps one paragraph per line: a line break always ends a sentence
        offset = sent_start
        for line in _LINE.split(text[sent_start:sent_end]):
            start, end = offset, offset + len(line)
            offset = end + 1
            stripped = line.strip()
            if len(stripped) < 2:
                continue
            start += len(line) - len(line.lstrip())
            statement = is_statement(stripped)
            cues = sentence_cues(stripped, language) if statement else {}
            out.append(SentenceFacts(start, start + len(stripped), statement, cues))
    return out


def sentences_step(article: Article, doc: Doc, settings: Settings) -> Article:
    """Store the article's sentences (spaCy's boundaries) with statement flags and cues, and
    for statements that may hold a permission or prohibition their deontic units and words
    (:mod:`storyline.pipeline.sentence_claims`).

    What claims later compare with a proposition is kept here, once per article, so the
    cross-article stage never splits or parses text again.
    """
    del settings
    facts = sentence_facts(article.text, ((s.start_char, s.end_char) for s in doc.sents))
    for sentence in facts:
        if sentence.statement:
            span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
            if span is not None and len(span):
                add_claim_facts(article, sentence, span)
    return dataclasses.replace(article, sentences=facts)


def statements_to_embed(article: Article, settings: Settings) -> list[SentenceFacts]:
    """The sentences of ``article`` that get an embedding: its first ``embed_sentences``
    statements, as :func:`choose_for_embedding` picks them (each sentence's ``statement``
    flag already says what :func:`is_statement` does of its text)."""
    limit = settings.embed_sentences
    return [s for s in article.sentences if s.statement][:limit] if limit > 0 else []


class StatementEmbedder:
    """Embeds the chosen statements and the title-and-lead text of the articles it is given,
    ``batch`` texts per encoder call, on a thread of its own: the encoder runs outside the
    interpreter lock, so it works while the caller runs the next article's steps (and the
    leads, a third of the encoder's work, no longer wait for the last statement).
    :meth:`finish` waits for the last batch; every vector is then set on its sentence or
    article (in place).

    A text met twice (a wire story's sentence or lead in two outlets) is encoded once; its
    vector is the same either way, as each text is encoded on its own within a batch.
    """

    def __init__(
        self, encoder: SentenceEncoder, settings: Settings, batch: int = 64, leads: bool = True
    ) -> None:
        self.encoder = encoder
        self.settings = settings
        self.batch = batch
        self.leads = leads
        # text -> (object, attribute) pairs that take its vector
        self._targets: dict[str, list[tuple[SentenceFacts | Article, str]]] = {}
        self._queued: list[str] = []
        self._futures: list[Future[list[tuple[str, str]]]] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="embed")

    def add(self, article: Article) -> None:
        """Queue ``article``'s statements to embed and, with ``leads``, its lead."""
        for sentence in statements_to_embed(article, self.settings):
            self._queue(article.text[sentence.start : sentence.end], sentence, "embedding")
        if self.leads:
            lead = embedding_text(article)
            if lead:
                self._queue(lead, article, "lead_embedding")

    def _queue(self, text: str, target: SentenceFacts | Article, attribute: str) -> None:
        if text in self._targets:
            self._targets[text].append((target, attribute))
            return
        self._targets[text] = [(target, attribute)]
        self._queued.append(text)
        if len(self._queued) >= self.batch:
            self._send()

    def _send(self) -> None:
        if self._queued:
            self._futures.append(self._pool.submit(self._encode, self._queued))
            self._queued = []

    def _encode(self, texts: list[str]) -> list[tuple[str, str]]:
        vectors = self.encoder.encode(texts)
        return [(t, encode_vector(v)) for t, v in zip(texts, vectors, strict=True)]

    def finish(self) -> None:
        """Encode what is left and set every vector; the thread is released either way."""
        try:
            self._send()
            for future in self._futures:
                for text, vector in future.result():
                    for target, attribute in self._targets[text]:
                        setattr(target, attribute, vector)
        finally:
            self.close()

    def close(self) -> None:
        """Drop what is not encoded yet (used when the batch failed)."""
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True)


def embed_statements(
    articles: Sequence[Article], encoder: SentenceEncoder, settings: Settings
) -> None:
    """Embed the chosen statements of every article, batched (in place); leads are left
    as they are."""
    embedder = StatementEmbedder(encoder, settings, leads=False)
    for article in articles:
        embedder.add(article)
    embedder.finish()


SENTENCES = Step(
    "sentences", sentences_step, needs=("text", "meta", "dates"), provides=("sentences",)
)
