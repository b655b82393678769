"""The per-article pipeline on ``dask.distributed``: batches out, articles back, one writer.

The driver reads raw documents, cuts them into batches and submits one task per batch; a
worker prepares each document and runs its own spaCy (loaded once per worker process by
:func:`~storyline.pipeline.nlp.load_nlp`) over the batch. Results come back as they
complete, so the caller (the only one writing the store) never waits for the slowest batch.

Only plain data travels: :class:`RawDocument` and :class:`Settings` out, :class:`Article`
and :class:`IngestFailure` back; the task functions are module-level and pure. At most
``max_in_flight`` batches are on the cluster at once and the input is read only as batches
finish, so memory stays flat however large the corpus.

A document that fails becomes a failure naming it and the rest of its batch goes on; when
a whole task fails (a worker died), its batch is retried one document per task so that only
the document that trips it is lost.

>>> from storyline.config import Settings
>>> from storyline.ingest import read_inputs
>>> with open_client(workers=2) as client:  # doctest: +SKIP
...     for result in analyze_on_dask(read_inputs(["corpus/"], Settings()), Settings(), client):
...         print(result)
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Literal

from storyline.config import Settings
from storyline.errors import ConfigError, InputError
from storyline.models import Article, IngestFailure, RawDocument
from storyline.pipeline import analyze_articles, prepare_article
from storyline.pipeline.nlp import load_nlp

if TYPE_CHECKING:
    from distributed import Client, Future

log = logging.getLogger(__name__)

Result = Article | IngestFailure
#: Given the ids of a prepared batch, which to leave unanalysed (already stored, repeated);
#: one flag per id, so a repeat within the batch can be told from its first occurrence.
SkipIds = Callable[[Sequence[str]], Sequence[bool]]

__all__ = [
    "analyze_documents",
    "analyze_on_dask",
    "analyze_prepared",
    "article_ids",
    "dask_outcomes",
    "open_client",
    "prepare_documents",
]


# --------------------------------------------------------------------------- worker side


def prepare_documents(raws: Sequence[RawDocument], settings: Settings) -> list[Result]:
    """Prepare each document on its own, so one bad document fails alone (lines up with ``raws``)."""
    return [_prepare_one(raw, settings) for raw in raws]


def article_ids(prepared: Sequence[Result]) -> list[str | None]:
    """The ids of a prepared batch (None for failures): all the driver needs to skip work."""
    return [item.id if isinstance(item, Article) else None for item in prepared]


def analyze_prepared(
    prepared: Sequence[Result],
    settings: Settings,
    skip: Collection[int] = frozenset(),
    use_nlp: bool = True,
) -> list[Result | None]:
    """Run spaCy and the analysis steps over the prepared articles of a batch.

    The result lines up with ``prepared``: failures pass through, the articles at the
    positions in ``skip`` become None (not analysed), the rest are analysed. Without
    ``use_nlp`` the prepared articles are returned as they are (the ``--no-nlp`` flow).
    """
    todo = [
        (i, item) for i, item in enumerate(prepared) if isinstance(item, Article) and i not in skip
    ]
    articles = [article for _, article in todo]
    analysed: Sequence[Result] = _analyze_guarded(articles, settings) if use_nlp else articles
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


def _prepare_one(raw: RawDocument, settings: Settings) -> Result:
    try:
        return prepare_article(raw, settings)
    except InputError as exc:
        return IngestFailure(raw.source, exc.reason)
    except Exception as exc:  # a bug tripped by one document must not take the batch down
        log.exception("preparing %s failed", raw.source)
        return IngestFailure(raw.source, _bug_reason("preparing", exc))


def _analyze_guarded(articles: Sequence[Article], settings: Settings) -> list[Result]:
    """One ``nlp.pipe`` pass; when the batch fails, retry one by one to name the culprit."""
    if not articles:
        return []
    nlp = load_nlp(settings.spacy_model)
    try:
        return list(analyze_articles(articles, nlp, settings))
    except Exception:
        log.exception("analysing a batch failed; retrying its articles one by one")
    results: list[Result] = []
    for article in articles:
        try:
            results.extend(analyze_articles([article], nlp, settings))
        except Exception as exc:
            results.append(IngestFailure(article.source, _bug_reason("analysing", exc)))
    return results


def _bug_reason(stage: str, exc: BaseException) -> str:
    return (
        f"{stage} the article failed with {type(exc).__name__}: {exc}; this is a bug, "
        "please report it with this input"
    )


# --------------------------------------------------------------------------- driver side


#: Messages Dask keeps per connection for debugging (``distributed.admin.low-level-log-length``,
#: 1,000 by default). Each message that submits a task holds the task's whole batch of
#: documents, so the default keeps thousands of documents alive in the scheduler and the
#: client, growing with the corpus until the log is full.
MESSAGE_LOG_LENGTH = 10


@contextmanager
def open_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client on an existing scheduler (``tcp://host:port``) or on a new local cluster.

    The local cluster has ``workers`` processes of one thread each: spaCy holds the GIL, so
    processes, not threads, are what runs documents in parallel. While the client is open,
    Dask's debugging message logs are cut to :data:`MESSAGE_LOG_LENGTH` so that submitted
    batches are not kept alive after they ran (a remote scheduler needs the same setting,
    ``DASK_DISTRIBUTED__ADMIN__LOW_LEVEL_LOG_LENGTH=10``, where it is started).
    """
    import dask
    import distributed  # noqa: F401  (its defaults must be in the config before we set it)

    with (
        dask.config.set({"distributed.admin.low-level-log-length": MESSAGE_LOG_LENGTH}),
        _client(workers, scheduler) as client,
    ):
        yield client


@contextmanager
def _client(workers: int | None, scheduler: str | None) -> Iterator[Client]:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); check the address "
                "(tcp://host:port) and that the scheduler is running"
            ) from exc
        with client:
            yield client
        return
    if not workers or workers < 1:
        raise ConfigError("give a number of workers of 1 or more, or a scheduler address")
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


@dataclass
class _Job:
    """One batch on the cluster and the future the driver waits on for it."""

    raws: list[RawDocument]
    stage: Literal["ids", "analyze"]
    future: Future
    prepared: Future | None = None  # the prepared batch, kept on the cluster between stages


def dask_outcomes(
    items: Iterable[RawDocument | IngestFailure],
    settings: Settings,
    client: Client,
    batch_size: int | None = None,
    *,
    skip: SkipIds | None = None,
    use_nlp: bool = True,
    max_in_flight: int | None = None,
) -> Iterator[tuple[RawDocument | None, Result]]:
    """Each result with the raw document it came from (None for input failures), as completed.

    This is :func:`analyze_on_dask` for callers that also keep the raw documents (the store
    does, for ``reanalyze``); the raw documents stay in the driver, only results travel back.
    """
    from distributed import as_completed

    size = batch_size or settings.batch_size
    limit = max_in_flight or max(2, 2 * sum(client.nthreads().values()))
    batches = _batches(items, size)
    jobs: dict[Hashable, _Job] = {}
    pending = as_completed()

    def start(raws: list[RawDocument]) -> None:
        if skip is None:
            future = client.submit(analyze_documents, raws, settings, use_nlp, pure=False)
            job = _Job(raws, "analyze", future)
        else:
            prepared = client.submit(prepare_documents, raws, settings, pure=False)
            ids = client.submit(article_ids, prepared, pure=False)
            job = _Job(raws, "ids", ids, prepared)
        jobs[job.future.key] = job
        pending.add(job.future)

    try:
        while True:
            while len(jobs) < limit:
                batch = next(batches, None)
                if batch is None:
                    break
                raws = [item for item in batch if isinstance(item, RawDocument)]
                yield from ((None, item) for item in batch if isinstance(item, IngestFailure))
                if raws:
                    start(raws)
            if not jobs:
                return
            future = next(pending)
            job = jobs.pop(future.key)
            if future.status != "finished":
                yield from _retry_or_fail(job, future, start)
            elif job.stage == "ids":
                assert skip is not None and job.prepared is not None
                positions = _skipped_positions(future.result(), skip)
                analysed = client.submit(
                    analyze_prepared, job.prepared, settings, positions, use_nlp, pure=False
                )
                job = _Job(job.raws, "analyze", analysed)
                jobs[analysed.key] = job
                pending.add(analysed)
            else:
                results = future.result()
                if skip is None:
                    yield from zip(job.raws, results, strict=True)
                else:
                    yield from (
                        (r, x) for r, x in zip(job.raws, results, strict=True) if x is not None
                    )
    finally:
        if jobs:
            client.cancel([job.future for job in jobs.values()])


def analyze_on_dask(
    raws: Iterable[RawDocument | IngestFailure],
    settings: Settings,
    client: Client,
    batch_size: int | None = None,
    *,
    skip: SkipIds | None = None,
    use_nlp: bool = True,
    max_in_flight: int | None = None,
) -> Iterator[Result]:
    """Prepare and analyse raw documents on a Dask cluster, yielding results as they complete.

    Batches of ``batch_size`` documents (default: the ``batch_size`` setting) run as one task
    each; at most ``max_in_flight`` (default: twice the cluster's threads) are submitted at
    a time, and ``raws`` is read only as they finish. Input failures pass straight through.
    ``skip`` receives the ids of each prepared batch and flags those not to analyse (already
    stored, repeated); they are left out of the results and the caller reports them. Results
    come in completion order, not input order. A :class:`ConfigError` on a worker (the spaCy
    model is missing there) is raised.
    """
    for _raw, result in dask_outcomes(
        raws,
        settings,
        client,
        batch_size,
        skip=skip,
        use_nlp=use_nlp,
        max_in_flight=max_in_flight,
    ):
        yield result


def _retry_or_fail(
    job: _Job, future: Future, start: Callable[[list[RawDocument]], None]
) -> Iterator[tuple[RawDocument, IngestFailure]]:
    """A task failed as a whole: retry its documents one per task, or name the one that failed."""
    exc = _task_exception(future)
    if isinstance(exc, ConfigError):
        raise exc
    if len(job.raws) > 1:
        log.warning(
            "a batch of %d documents failed on the cluster (%s); retrying them one by one",
            len(job.raws),
            type(exc).__name__,
        )
        for raw in job.raws:
            start([raw])
        return
    (raw,) = job.raws
    yield raw, IngestFailure(raw.source, _cluster_reason(exc))


def _skipped_positions(ids: Sequence[str | None], skip: SkipIds) -> frozenset[int]:
    """Ask ``skip`` about the prepared articles of a batch; the positions to leave out."""
    present = [(i, article_id) for i, article_id in enumerate(ids) if article_id is not None]
    flags = skip([article_id for _, article_id in present])
    if len(flags) != len(present):
        raise ValueError(f"skip returned {len(flags)} flags for {len(present)} ids")
    return frozenset(i for (i, _), flag in zip(present, flags, strict=True) if flag)


def _task_exception(future: Future) -> BaseException:
    try:
        exc = future.exception()
    except Exception as cancelled:  # a cancelled future raises instead of returning one
        return cancelled
    return exc if exc is not None else RuntimeError(f"the task ended as {future.status}")


def _cluster_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return (
            "the worker analysing it died, repeatedly (out of memory or a crash in a native "
            "library); check the input or give the workers more memory"
        )
    message = " ".join(str(exc).split())  # Dask's messages run over several lines
    return f"analysing it on the cluster failed with {name}: {message}"


def _batches(
    items: Iterable[RawDocument | IngestFailure], size: int
) -> Iterator[list[RawDocument | IngestFailure]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
