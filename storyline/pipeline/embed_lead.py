"""The title-and-lead embedding of an article, computed once by the pipeline.

The link stage joins stories across languages by the multilingual e5 embedding of each
article's title and lead (:mod:`storyline.link.languages`); the pipeline embeds that text
here, in one batch with the same encoder as the statements, and the store keeps the vector
in its ``text_embeddings`` table, so linking never loads the model.

>>> from storyline.models import Article, Metadata, MetaValue, SourceRef
>>> meta = Metadata(title=MetaValue("Kyiv strikes"))
>>> embedding_text(Article("a", SourceRef("a"), "", "Kyiv strikes\\nThe army  said so.", meta))
'Kyiv strikes\\nThe army said so.'
"""

from __future__ import annotations

from collections.abc import Sequence

from storyline.models import Article
from storyline.pipeline.embed import SentenceEncoder, encode_vector

#: Characters of the body embedded after the title: the lead says what the article is about.
LEAD_CHARS = 400


def embedding_text(article: Article) -> str:
    """Title and lead of ``article``, the text that is embedded."""
    title = article.meta.title.value or ""
    body = article.text
    if title and body.lstrip().startswith(title):
        body = body.lstrip()[len(title) :]
    return f"{title}\n{' '.join(body.split())[:LEAD_CHARS]}".strip()


def embed_leads(articles: Sequence[Article], encoder: SentenceEncoder) -> None:
    """Set every article's ``lead_embedding`` (in place), embedding all leads in one batch
    (each distinct text once; a text's vector does not depend on its batch)."""
    texts = [embedding_text(a) for a in articles]
    unique = [text for text in dict.fromkeys(texts) if text]  # a wire copy's lead once
    vectors = dict(zip(unique, encoder.encode(unique), strict=True)) if unique else {}
    for article, text in zip(articles, texts, strict=True):
        if text:
            article.lead_embedding = encode_vector(vectors[text])
