"""The runner on ``dask.distributed``: batches out, articles back, one writer.

The driver reads raw documents, cuts them into batches and submits one task per batch; a
worker runs the same batch work as the local runner (:mod:`storyline.runner._work`) with
its own spaCy (loaded once per worker process by :func:`~storyline.pipeline.nlp.load_nlp`). Results come back as they
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
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from storyline.config import Settings
from storyline.errors import ConfigError, Errors
from storyline.models import IngestFailure, RawDocument
from storyline.runner._work import (
    Result,
    SkipIds,
    analyze_documents,
    analyze_prepared,
    article_keys,
    batches,
    prepare_documents,
    skipped_positions,
)

if TYPE_CHECKING:
    from distributed import Client, Future

log = logging.getLogger(__name__)

__all__ = ["MESSAGE_LOG_LENGTH", "analyze_on_dask", "dask_outcomes", "open_client"]


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
            raise ConfigError(Errors.E134(scheduler=scheduler, exc=exc)) from exc
        with client:
            yield client
        return
    if not workers or workers < 1:
        raise ConfigError(Errors.E133())
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
    pending_batches = batches(items, size, settings.batch_max_chars)
    jobs: dict[Hashable, _Job] = {}
    pending = as_completed()

    def start(raws: list[RawDocument]) -> None:
        if skip is None:
            future = client.submit(analyze_documents, raws, settings, use_nlp, pure=False)
            job = _Job(raws, "analyze", future)
        else:
            prepared = client.submit(prepare_documents, raws, settings, pure=False)
            ids = client.submit(article_keys, prepared, pure=False)
            job = _Job(raws, "ids", ids, prepared)
        jobs[job.future.key] = job
        pending.add(job.future)

    try:
        while True:
            while len(jobs) < limit:
                batch = next(pending_batches, None)
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
                positions = skipped_positions(future.result(), skip)
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


def _task_exception(future: Future) -> BaseException:
    try:
        exc = future.exception()
    except Exception as cancelled:  # a cancelled future raises instead of returning one
        return cancelled
    return exc if exc is not None else RuntimeError(f"the task ended as {future.status}")


def _cluster_reason(exc: BaseException) -> str:
    name = type(exc).__name__
    if name == "KilledWorker":
        return Errors.E223()
    message = " ".join(str(exc).split())  # Dask's messages run over several lines
    return Errors.E222(name=name, message=message)
