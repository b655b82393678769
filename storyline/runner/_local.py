"""The runner in this process: batches of raw documents in, results out, in input order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.models import IngestFailure, RawDocument
from storyline.runner._work import (
    Result,
    SkipIds,
    analyze_prepared,
    article_keys,
    batches,
    prepare_documents,
    skipped_positions,
)

if TYPE_CHECKING:
    from spacy.language import Language


def local_outcomes(
    items: Iterable[RawDocument | IngestFailure],
    settings: Settings,
    nlp: Language | None,
    *,
    skip: SkipIds | None = None,
) -> Iterator[tuple[RawDocument | None, Result]]:
    """Each result with the raw document it came from (None for input failures).

    Documents are prepared one by one, ``skip`` is asked which prepared articles need no
    analysis (already stored), and the rest are analysed as a batch of at most
    ``batch_size`` documents and ``batch_max_chars`` characters. Without ``nlp`` the
    prepared articles come out unanalysed.
    """
    for batch in batches(items, settings.batch_size, settings.batch_max_chars):
        raws = [item for item in batch if isinstance(item, RawDocument)]
        yield from ((None, item) for item in batch if isinstance(item, IngestFailure))
        if not raws:
            continue
        prepared = prepare_documents(raws, settings)
        positions = (
            skipped_positions(article_keys(prepared), skip) if skip is not None else frozenset()
        )
        results = analyze_prepared(prepared, settings, positions, nlp is not None, nlp)
        yield from ((raw, r) for raw, r in zip(raws, results, strict=True) if r is not None)


def analyze_stream(
    raws: Iterable[RawDocument | IngestFailure],
    settings: Settings,
    nlp: Language | None = None,
) -> Iterator[Result]:
    """Prepare and (when ``nlp`` is given) analyse a stream, batch by batch, in order.

    Failures pass through; a document that fails becomes an :class:`IngestFailure` naming
    its input, and the stream goes on.
    """
    for _raw, result in local_outcomes(raws, settings, nlp):
        yield result
