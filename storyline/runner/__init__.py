"""Running the pipeline over many documents: one runner, in this process or on Dask.

prepare one document -> analyse a batch -> retry one by one on failure -> results back to
the caller, which stores them (:mod:`storyline._analyze`). The local runner
(:func:`local_outcomes`) and the Dask driver (:mod:`storyline.runner.dask`) run the same
batch work (:mod:`storyline.runner._work`), so a document fails the same way on both.

>>> from storyline.config import Settings
>>> from storyline.models import RawDocument, SourceRef
>>> raw = RawDocument(SourceRef("a.txt"), "Title\\n\\nBody text of the article here.")
>>> [type(r).__name__ for r in analyze_stream([raw], Settings())]
['Article']
"""

from storyline.runner._budget import alarm_budget
from storyline.runner._local import analyze_stream, local_outcomes
from storyline.runner._work import (
    Key,
    Result,
    SkipIds,
    analyze_documents,
    analyze_prepared,
    analyze_with_retry,
    article_keys,
    batches,
    bug_reason,
    prepare_documents,
    prepare_one,
    skipped_positions,
    text_fingerprint,
)

__all__ = [
    "Key",
    "Result",
    "SkipIds",
    "alarm_budget",
    "analyze_documents",
    "analyze_prepared",
    "analyze_stream",
    "analyze_with_retry",
    "article_keys",
    "batches",
    "bug_reason",
    "local_outcomes",
    "prepare_documents",
    "prepare_one",
    "skipped_positions",
    "text_fingerprint",
]
