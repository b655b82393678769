"""Sentences found once per article: spans, statements, cue counts, bounded embeddings."""

from __future__ import annotations

import numpy as np
import pytest

from storyline.config import Settings
from storyline.models import Article, SourceRef
from storyline.pipeline.embed import decode_vector, from_blob, to_blob
from storyline.pipeline.sentence_cues import sentence_cues
from storyline.pipeline.sentences import (
    StatementEmbedder,
    choose_for_embedding,
    embed_statements,
    is_statement,
    sentences_step,
)

TEXT = (
    "Ministry denies ore ban\n"
    "The ministry denied reports that it had banned ore exports, calling them a hoax. "
    "Officials reportedly met on Monday. "
    "Will the ban return? "
    "Getty Images"
)


@pytest.mark.parametrize(
    "sentence, cue, count",
    [
        ("The ministry denied reports, calling them a hoax.", "deny", 2),
        ("There is no evidence that the ban was lifted.", "deny", 1),
        ("Officials reportedly met, according to two sources.", "hedge", 3),
        ("The ban has not been lifted and won't be.", "negation", 2),
        ("The government plans to consider an end to the ban.", "modal", 2),
        ("Will the ban return?", "question", 1),
        ("The ministry confirmed the ban.", "deny", 0),
    ],
)
def test_cue_counts(sentence: str, cue: str, count: int) -> None:
    assert sentence_cues(sentence)[cue] == count


@pytest.mark.parametrize(
    "language, sentence, cue, count",
    [
        ("ru", "В Кремле опровергли эти сообщения, назвав их фейком.", "deny", 2),
        ("ru", "Запрет не снят и никогда не будет снят.", "negation", 3),
        ("ru", "По словам чиновника, решение якобы уже принято.", "hedge", 2),
        ("uk", "У Міноборони спростували цю інформацію та назвали її фейком.", "deny", 2),
        ("uk", "За словами Кірбі, дозвіл не стосується ракет ATACMS.", "hedge", 1),
        ("uk", "За словами Кірбі, дозвіл не стосується ракет ATACMS.", "negation", 1),
        ("fr", "Le ministère a démenti ces informations, les qualifiant de fausses.", "deny", 2),
        ("fr", "Selon des sources, la décision aurait été prise.", "hedge", 3),
        ("es", "El ministerio desmintió el bulo y negó haberlo aprobado.", "deny", 3),
        ("es", "La prohibición no se levantará nunca.", "negation", 2),
        ("it", "Il ministero ha smentito la notizia, definendola una bufala.", "deny", 2),
        ("it", "Il governo non ha ancora deciso.", "modal", 1),
    ],
)
def test_cue_counts_in_each_language_read_its_own_words(
    language: str, sentence: str, cue: str, count: int
) -> None:
    assert sentence_cues(sentence, language)[cue] == count


def test_a_language_without_cue_words_is_counted_with_the_english_ones() -> None:
    assert sentence_cues("Das wurde nicht bestätigt, not at all.", "de")["negation"] == 1


def test_sentences_closed_by_guillemets_are_statements() -> None:
    assert is_statement("Зеленский отметил, что «каждый день промедления стоит жизней»")
    assert is_statement("«Это очень опасный шаг, и мы это фиксируем», — подчеркнул Песков.")


def test_statements_are_prose_not_headers_or_captions() -> None:
    assert is_statement("Officials reportedly met on Monday.")
    assert not is_statement("Ministry denies ore ban")
    assert not is_statement("Getty Images")


def test_embedding_choice_is_the_first_statements_up_to_the_limit() -> None:
    texts = [
        "Header line",
        "One two three four.",
        "Caption",
        "Five six seven eight.",
        "Nine ten eleven twelve.",
    ]
    assert choose_for_embedding(texts, 2) == [1, 3]
    assert choose_for_embedding(texts, 0) == []


def test_sentences_step_keeps_spans_statements_and_cues(nlp) -> None:
    article = Article("a1", SourceRef("a.txt"), TEXT, TEXT)
    article = sentences_step(article, nlp(TEXT), Settings())
    texts = [TEXT[s.start : s.end] for s in article.sentences]
    denial = next(
        s
        for s, t in zip(article.sentences, texts, strict=True)
        if t.startswith("The ministry denied")
    )
    assert denial.statement and denial.cues["deny"] == 2
    assert not any(
        s.statement for s, t in zip(article.sentences, texts, strict=True) if t == "Getty Images"
    )
    assert all(TEXT[s.start : s.end].strip() == TEXT[s.start : s.end] for s in article.sentences)


class _CountingEncoder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts, is_query=False):  # type: ignore[no-untyped-def]
        self.calls.append(list(texts))
        return np.eye(len(texts), 384, dtype=np.float32)


def test_embeddings_one_batch_for_all_articles_and_bounded_per_article(nlp) -> None:
    articles = [Article(f"a{i}", SourceRef("a.txt"), TEXT, TEXT) for i in range(3)]
    articles = [sentences_step(a, nlp(TEXT), Settings()) for a in articles]
    encoder = _CountingEncoder()
    embed_statements(articles, encoder, Settings(embed_sentences=1))  # type: ignore[arg-type]
    # the three articles share the statement: it is encoded once, in one call
    assert encoder.calls == [
        ["The ministry denied reports that it had banned ore exports, calling them a hoax."]
    ]
    for article in articles:
        embedded = [s for s in article.sentences if s.embedding]
        assert len(embedded) == 1 and TEXT[embedded[0].start :].startswith("The ministry denied")
        assert decode_vector(embedded[0].embedding or "").shape == (384,)


def test_embedder_batches_distinct_statements_and_sets_every_vector(nlp) -> None:
    texts = [
        f"Official number {n} said the ban stays in force. Another thing was said."
        for n in range(5)
    ]
    articles = [
        sentences_step(Article(f"a{i}", SourceRef("a.txt"), t, t), nlp(t), Settings())
        for i, t in enumerate(texts)
    ]
    encoder = _CountingEncoder()
    settings = Settings(embed_sentences=2)
    embedder = StatementEmbedder(encoder, settings, batch=3, leads=False)  # type: ignore[arg-type]
    for article in articles:
        embedder.add(article)
    embedder.finish()
    # five distinct first statements and the shared second one, each encoded once
    assert [len(call) for call in encoder.calls] == [3, 3]
    assert sorted(t for call in encoder.calls for t in call) == sorted(
        [t[: t.index(". ") + 1] for t in texts] + ["Another thing was said."]
    )
    for article in articles:
        assert [bool(s.embedding) for s in article.sentences] == [True, True]


class _TextEncoder(_CountingEncoder):
    """One vector per text, whatever the batch it comes in (as e5's)."""

    def encode(self, texts, is_query=False):  # type: ignore[no-untyped-def]
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in zip(out, texts, strict=True):
            row[sum(map(ord, text)) % 384] = 1.0
        return out


def test_leads_are_embedded_in_the_statements_batches_each_text_once(nlp) -> None:
    from storyline.pipeline.embed_lead import embedding_text

    texts = [
        "Ore ban\nThe ministry denied reports that it had banned ore exports.",
        "Ore ban\nThe ministry denied reports that it had banned ore exports.",  # a wire copy
        "The court said the ban stays in force.",  # the lead is the statement itself
    ]
    articles = [
        sentences_step(Article(f"a{i}", SourceRef("a.txt"), t, t), nlp(t), Settings())
        for i, t in enumerate(texts)
    ]
    encoder = _TextEncoder()
    embedder = StatementEmbedder(encoder, Settings(embed_sentences=1), batch=2)  # type: ignore[arg-type]
    for article in articles:
        embedder.add(article)
    embedder.finish()
    sent = sorted(t for call in encoder.calls for t in call)
    assert sent == sorted(
        {
            "The ministry denied reports that it had banned ore exports.",
            "Ore ban The ministry denied reports that it had banned ore exports.",
            "The court said the ban stays in force.",
        }
    )
    assert [len(call) for call in encoder.calls] == [2, 1]
    for article in articles:
        lead = embedding_text(article)
        assert article.lead_embedding is not None
        assert np.array_equal(decode_vector(article.lead_embedding), encoder.encode([lead])[0])
        (statement,) = [s for s in article.sentences if s.embedding]
        text = article.text[statement.start : statement.end]
        assert np.array_equal(decode_vector(statement.embedding or ""), encoder.encode([text])[0])


def test_vectors_round_trip_as_float16() -> None:
    v = np.linspace(-1, 1, 384).astype(np.float32)
    assert np.allclose(from_blob(to_blob(v)), v, atol=1e-3)
