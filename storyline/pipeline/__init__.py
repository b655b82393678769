"""The per-article pipeline: pure steps, one article at a time, no I/O.

Two phases, so the expensive spaCy pass can run in batches (``nlp.pipe``) and on Dask:

1. :func:`prepare_article` -- ``RawDocument -> Article``: HTML extraction, identity,
   cleaning, metadata with provenance, language. No model beyond the language detector.
2. :func:`analyze_articles` -- ``[Article] -> [Article]``: one ``nlp.pipe`` pass, then the
   steps in :data:`ANALYSIS_STEPS` (entities, quotes, dates, sentences), each
   ``(article, doc, settings) -> article``; then one e5 batch embeds the statements the
   claims compare (``embed_sentences`` per article, 0 = off).

>>> from storyline.models import RawDocument, SourceRef
>>> from storyline.config import Settings
>>> art = prepare_article(RawDocument(SourceRef("a.txt"), "Title\\n\\nBody text here."), Settings())
>>> art.text.startswith("Title")
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.errors import InputError
from storyline.models import Article, IngestFailure, RawDocument
from storyline.pipeline.clean import clean_text
from storyline.pipeline.dates import dates_step
from storyline.pipeline.entities import entities_step
from storyline.pipeline.extract import extract_html
from storyline.pipeline.identity import article_id
from storyline.pipeline.language import detect_language
from storyline.pipeline.metadata import extract_metadata
from storyline.pipeline.quotes import quotes_step
from storyline.pipeline.sentences import embed_statements, sentences_step

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

AnalysisStep = Callable[[Article, "Doc", Settings], Article]

#: The analysis steps in order; entities first because quotes resolve speakers to them.
ANALYSIS_STEPS: tuple[tuple[str, AnalysisStep], ...] = (
    ("entities", entities_step),
    ("quotes", quotes_step),
    ("dates", dates_step),
    ("sentences", sentences_step),
)

__all__ = ["ANALYSIS_STEPS", "analyze_articles", "prepare_article", "run_pipeline"]


def prepare_article(
    raw: RawDocument, settings: Settings, known_boilerplate: frozenset[str] = frozenset()
) -> Article:
    """Turn one raw document into a clean article with metadata (no spaCy).

    ``known_boilerplate`` holds lines seen repeated across articles of the same outlet
    (see :func:`~storyline.pipeline.clean.boilerplate_lines`); they are removed too.
    Raises :class:`InputError` when the document holds no article text.
    """
    html_meta: dict[str, Any] = {}
    if raw.format == "html":
        text, html_meta = extract_html(raw.body, url=raw.given.get("url"))
    else:
        text = raw.body
    if len(text) > settings.max_article_chars:
        raise InputError(
            raw.source,
            f"article text has {len(text):,} characters, more than max_article_chars "
            f"({settings.max_article_chars:,}); split the input or raise the setting",
        )
    if not text.strip():
        raise InputError(raw.source, "no article text found (empty body)")
    cleaned, removed = clean_text(text, known_boilerplate)
    if not cleaned.strip():
        raise InputError(raw.source, "nothing is left after removing page furniture")
    meta, cleaned = extract_metadata(raw, text, cleaned, html_meta, settings)
    meta.language = detect_language(
        cleaned, raw.given.get("language"), settings, given_source=raw.given_source
    )
    return Article(
        id=raw.given.get("id") or article_id(meta.url.value, text),
        source=raw.source,
        raw=text,
        text=cleaned,
        meta=meta,
        removed=removed,
        warnings=list(raw.warnings),
    )


def analyze_articles(
    articles: Sequence[Article], nlp: Language, settings: Settings
) -> list[Article]:
    """Run spaCy once over the batch, then every analysis step on each article."""
    out: list[Article] = []
    docs = nlp.pipe((a.text for a in articles), batch_size=settings.batch_size)
    for article, doc in zip(articles, docs, strict=True):
        for _name, step in ANALYSIS_STEPS:
            article = step(article, doc, settings)
        out.append(article)
    if settings.embed_sentences > 0:
        from storyline.pipeline.embed import shared_encoder

        embed_statements(out, shared_encoder(), settings)
    return out


def run_pipeline(
    raws: Iterable[RawDocument | IngestFailure],
    settings: Settings,
    nlp: Language | None = None,
) -> Iterator[Article | IngestFailure]:
    """Prepare and (when ``nlp`` is given) analyse a stream, batch by batch.

    Failures pass through; an article that fails to prepare becomes an
    :class:`IngestFailure` naming its input, and the stream goes on.
    """
    batch: list[Article] = []

    def flush() -> Iterator[Article | IngestFailure]:
        if batch:
            yield from (analyze_articles(batch, nlp, settings) if nlp is not None else batch)
            batch.clear()

    for raw in raws:
        if isinstance(raw, IngestFailure):
            yield raw
            continue
        try:
            batch.append(prepare_article(raw, settings))
        except InputError as exc:
            yield IngestFailure(raw.source, exc.reason)
            continue
        if len(batch) >= settings.batch_size:
            yield from flush()
    yield from flush()
