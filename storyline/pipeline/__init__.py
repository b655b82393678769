"""The per-article pipeline: pure steps, one article at a time, no I/O.

Two phases, so the expensive spaCy pass can run in batches (``nlp.pipe``) and on Dask:

1. :func:`prepare_article` -- ``RawDocument -> Article``: HTML extraction, identity,
   cleaning, metadata with provenance, language. No model beyond the language detector.
2. :func:`analyze_articles` -- ``[Article] -> [Article]``: one ``nlp.pipe`` pass, then the
   steps in :data:`ANALYSIS_STEPS` (entities, quotes, dates, tokens, sentences), each
   ``(article, doc, settings) -> article``; meanwhile e5 embeds, in batches on a thread,
   the statements the claims compare (``embed_sentences`` per article, 0 = off) and each
   article's title and lead (the link stage joins languages with them).

>>> from storyline.models import RawDocument, SourceRef
>>> from storyline.config import Settings
>>> art = prepare_article(RawDocument(SourceRef("a.txt"), "Title\\n\\nBody text here."), Settings())
>>> art.text.startswith("Title")
True
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.errors import Errors, InputError
from storyline.models import Article, RawDocument
from storyline.pipeline.clean import clean_text
from storyline.pipeline.dates.step import DATES
from storyline.pipeline.entities.step import ENTITIES
from storyline.pipeline.extract import extract_html
from storyline.pipeline.identity import article_id
from storyline.pipeline.language import detect_language
from storyline.pipeline.metadata.step import extract_metadata
from storyline.pipeline.prose import not_prose_reason
from storyline.pipeline.quotes.step import QUOTES
from storyline.pipeline.sentences import SENTENCES, StatementEmbedder
from storyline.pipeline.steps import Step, ordered_steps
from storyline.pipeline.tokens import TOKENS

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Given a number of seconds, a context that raises :class:`StepTimeout` inside its block
#: once they have passed (the runner supplies one; the pipeline itself keeps no clock).
StepBudget = Callable[[float], AbstractContextManager[None]]


class StepTimeout(Exception):
    """An analysis step ran over its time budget and was interrupted."""


#: The analysis steps in order, checked against what each needs and provides (a step that
#: reads a field no earlier step sets raises :class:`~storyline.errors.PipelineError`).
ANALYSIS_STEPS: tuple[Step, ...] = ordered_steps(ENTITIES, QUOTES, DATES, TOKENS, SENTENCES)

__all__ = [
    "ANALYSIS_STEPS",
    "Step",
    "StepBudget",
    "StepTimeout",
    "analyze_articles",
    "parse_texts",
    "prepare_article",
    "text_sections",
]


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
            Errors.E210(n_text=len(text), max_article_chars=settings.max_article_chars),
        )
    if not text.strip():
        raise InputError(raw.source, Errors.E211())
    # junk is refused before cleaning, whose per-line work is the costliest part of preparing
    junk = not_prose_reason(text, 1)
    if junk is not None:
        raise InputError(raw.source, junk)
    cleaned, removed = clean_text(text, known_boilerplate)
    if not cleaned.strip():
        raise InputError(raw.source, Errors.E212())
    junk = not_prose_reason(cleaned, settings.min_article_chars, len(raw.body))
    if junk is not None:
        raise InputError(raw.source, junk)
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
    articles: Sequence[Article],
    nlp: Language,
    settings: Settings,
    *,
    step_budget: StepBudget | None = None,
) -> list[Article]:
    """Run spaCy over the batch, then every analysis step on each article.

    The batch goes to ``nlp.pipe`` in runs of at most ``batch_max_chars`` characters, and
    a text longer than ``section_chars`` is parsed in sections cut at line ends and joined
    back into one ``Doc`` (same text, same offsets): the parser's memory grows with the
    text it holds at once, not with the article. ``step_budget(seconds)`` (given by the
    runner) interrupts a step that runs over ``step_time_limit`` by raising
    :class:`StepTimeout`; the article then keeps what the earlier steps found, plus a
    warning naming the step. Articles in another language than English go to that
    language's pipeline (:mod:`storyline.pipeline.languages`); the result keeps the
    batch's order.
    """
    from storyline.pipeline.languages import analyze_in_language, handled_here

    out: list[Article] = list(articles)
    embedder = None
    if settings.embed_sentences > 0:
        from storyline.pipeline.embed import shared_encoder

        # statements and leads are embedded on a thread while the next articles are analysed
        embedder = StatementEmbedder(shared_encoder(), settings)
    try:
        main = [i for i, a in enumerate(articles) if not handled_here(a.meta.language.value)]
        docs = parse_texts([articles[i].text for i in main], nlp, settings)
        for i, doc in zip(main, docs, strict=True):
            article = articles[i]
            for step in ANALYSIS_STEPS:
                article = _run_step(step, article, doc, settings, step_budget)
            out[i] = article
            if embedder is not None:
                embedder.add(article)
        for i, article in enumerate(articles):
            if handled_here(article.meta.language.value):
                out[i] = analyze_in_language(article, settings)
                if embedder is not None:
                    embedder.add(out[i])
    except BaseException:
        if embedder is not None:
            embedder.close()
        raise
    if embedder is not None:
        embedder.finish()  # the link stage joins languages with the leads' vectors
    return out


def _run_step(
    step: Step,
    article: Article,
    doc: Doc,
    settings: Settings,
    budget: StepBudget | None,
) -> Article:
    limit = settings.step_time_limit
    try:
        with budget(limit) if budget is not None and limit > 0 else nullcontext():
            return step.run(article, doc, settings)
    except StepTimeout:
        warning = (
            f"the {step.name} step ran over step_time_limit ({limit:g} s) and was stopped; "
            f"the article is stored without its {step.name} (raise the setting to analyse it "
            "fully)"
        )
        return dataclasses.replace(article, warnings=[*article.warnings, warning])


def parse_texts(texts: Sequence[str], nlp: Language, settings: Settings) -> Iterator[Doc]:
    """One ``Doc`` per text, in order, holding at most ``batch_max_chars`` in the parser at once."""
    run: list[str] = []
    size = 0
    for text in texts:
        if len(text) > settings.section_chars:
            yield from _pipe(run, nlp, settings)
            run, size = [], 0
            yield parse_in_sections(text, nlp, settings.section_chars)
            continue
        if run and size + len(text) > settings.batch_max_chars:
            yield from _pipe(run, nlp, settings)
            run, size = [], 0
        run.append(text)
        size += len(text)
    yield from _pipe(run, nlp, settings)


def _pipe(texts: list[str], nlp: Language, settings: Settings) -> Iterator[Doc]:
    """``nlp.pipe`` over one run; with ``n_process`` > 1 the run is cut into one share per
    process (spaCy hands out whole batches) and parsed in that many processes while this
    one runs the steps on the documents already back."""
    if not texts:
        return
    processes = min(settings.n_process, len(texts))
    if processes <= 1:
        yield from nlp.pipe(texts, batch_size=settings.batch_size)
        return
    share = min(settings.batch_size, -(-len(texts) // (2 * processes)))
    yield from nlp.pipe(texts, batch_size=share, n_process=processes)


def parse_in_sections(text: str, nlp: Language, section_chars: int) -> Doc:
    """Parse a long text in sections of at most ``section_chars``, joined into one ``Doc``."""
    from spacy.tokens import Doc

    sections = text_sections(text, section_chars)
    if len(sections) == 1:
        return nlp(text)
    doc = Doc.from_docs(list(nlp.pipe(sections, batch_size=1)), ensure_whitespace=False)
    if doc.text != text:  # the offsets of every fact depend on it
        raise ValueError("the parsed sections do not join back into the article text")
    return doc


def text_sections(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters that join back into it.

    Cuts fall after a blank line when one is in the second half of the piece, else after a
    line end, a sentence end or a space, and only as a last resort inside a word.

    >>> text_sections("One.\n\nTwo words.\nThree", 12)
    ['One.\n\n', 'Two words.\n', 'Three']
    """
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        floor = start + size // 2
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            found = text.rfind(mark, floor, end)
            if found >= 0:
                cut = found + len(mark)
                break
        if cut <= start:
            cut = end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces
