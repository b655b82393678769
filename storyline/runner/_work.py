"""The work on one batch, the same in this process and on a Dask worker.

prepare each document on its own -> analyse the prepared articles as a batch -> when the
batch fails, analyse its articles one by one, so that only the article that trips the
analysis becomes a failure naming its input. Everything here takes and returns plain data,
so a Dask worker can run it as a task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from storyline.config import Settings
from storyline.errors import Errors, InputError
from storyline.models import Article, IngestFailure, RawDocument
from storyline.pipeline import analyze_articles, prepare_article
from storyline.pipeline.identity import normalize_text
from storyline.pipeline.nlp import nlp_for
from storyline.runner._budget import alarm_budget

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

Result = Article | IngestFailure
#: An article's id, a fingerprint of its text (so a repeated id with a different text can
#: be told from a plain repeat) and the input it came from (to name it in a warning).
Key = tuple[str, str, str]
#: Given the keys of a prepared batch, which to leave unanalysed (already stored, repeated);
#: one flag per key, so a repeat within the batch can be told from its first occurrence.
SkipIds = Callable[[Sequence[Key]], Sequence[bool]]
T = TypeVar("T")


def bug_reason(stage: str, exc: BaseException) -> str:
    """The failure message for an unexpected exception tripped by one input."""
    message = " ".join(str(exc).split())[:300]
    return Errors.E221(stage=stage, kind=type(exc).__name__, message=message)


def text_fingerprint(text: str) -> str:
    """A short hash of the normalised text: equal for the same article read twice."""
    import hashlib

    return hashlib.blake2b(
        normalize_text(text).encode("utf-8", "replace"), digest_size=8
    ).hexdigest()


def batches(items: Iterable[T], size: int, max_chars: int | None = None) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items and (for raw documents and articles) at
    most ``max_chars`` characters of text; a single longer item makes a batch of its own."""
    batch: list[T] = []
    chars = 0
    for item in items:
        length = _length(item)
        if batch and (len(batch) >= size or (max_chars and chars + length > max_chars)):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += length
    if batch:
        yield batch


def _length(item: object) -> int:
    if isinstance(item, RawDocument):
        return len(item.body)
    if isinstance(item, Article):
        return len(item.text)
    return 0


def prepare_one(raw: RawDocument, settings: Settings) -> Result:
    """Prepare one document; whatever goes wrong becomes a failure naming it."""
    try:
        return prepare_article(raw, settings)
    except InputError as exc:
        return IngestFailure(raw.source, exc.reason)
    except (Exception, RecursionError) as exc:  # a bug tripped by one document must not end the run
        log.exception("preparing %s failed", raw.source)
        return IngestFailure(raw.source, bug_reason("preparing", exc))


def prepare_documents(raws: Sequence[RawDocument], settings: Settings) -> list[Result]:
    """Prepare each document on its own (the result lines up with ``raws``)."""
    return [prepare_one(raw, settings) for raw in raws]


def article_keys(prepared: Sequence[Result]) -> list[Key | None]:
    """The keys of a prepared batch (None for failures): all a driver needs to skip work."""
    return [
        (item.id, text_fingerprint(item.text), str(item.source))
        if isinstance(item, Article)
        else None
        for item in prepared
    ]


def skipped_positions(keys: Sequence[Key | None], skip: SkipIds) -> frozenset[int]:
    """Ask ``skip`` about the prepared articles of a batch; the positions to leave out."""
    present = [(i, key) for i, key in enumerate(keys) if key is not None]
    flags = skip([key for _, key in present])
    if len(flags) != len(present):
        raise ValueError(f"skip returned {len(flags)} flags for {len(present)} ids")
    return frozenset(i for (i, _), flag in zip(present, flags, strict=True) if flag)


def analyze_with_retry(
    articles: Sequence[Article], nlp: Language | None, settings: Settings
) -> list[Result]:
    """Analyse a batch; when it fails, retry its articles one by one to name the culprit.

    Without ``nlp`` the articles are returned as they are (the ``--no-nlp`` flow).
    """
    if nlp is None or not articles:
        return list(articles)
    try:
        return list(analyze_articles(articles, nlp, settings, step_budget=alarm_budget))
    except (Exception, RecursionError):
        if len(articles) == 1:
            return [_analyze_alone(articles[0], nlp, settings)]
        log.exception("analysing a batch failed; retrying its articles one by one")
    return [_analyze_alone(article, nlp, settings) for article in articles]


def _analyze_alone(article: Article, nlp: Language, settings: Settings) -> Result:
    try:
        (analysed,) = analyze_articles([article], nlp, settings, step_budget=alarm_budget)
    except (Exception, RecursionError) as exc:
        return IngestFailure(article.source, bug_reason("analysing", exc))
    return analysed


def analyze_prepared(
    prepared: Sequence[Result],
    settings: Settings,
    skip: Collection[int] = frozenset(),
    use_nlp: bool = True,
    nlp: Language | None = None,
) -> list[Result | None]:
    """Analyse the prepared articles of a batch; the result lines up with ``prepared``.

    Failures pass through, the positions in ``skip`` become None (not analysed), the rest
    are analysed with ``nlp`` (loaded by name from the settings when not given, once per
    process, as on a Dask worker). Without ``use_nlp`` they are returned as prepared.
    """
    if nlp is None:
        nlp = nlp_for(settings, use_nlp)
    todo = [
        (i, item) for i, item in enumerate(prepared) if isinstance(item, Article) and i not in skip
    ]
    analysed = analyze_with_retry([a for _, a in todo], nlp if use_nlp else None, settings)
    out: list[Result | None] = [
        item if isinstance(item, IngestFailure) else None for item in prepared
    ]
    for (i, _), result in zip(todo, analysed, strict=True):
        out[i] = result
    return out


def analyze_documents(
    raws: Sequence[RawDocument], settings: Settings, use_nlp: bool = True
) -> list[Result]:
    """Prepare and analyse a batch in one task; the result lines up with ``raws``."""
    results = analyze_prepared(prepare_documents(raws, settings), settings, use_nlp=use_nlp)
    return [r for r in results if r is not None]
