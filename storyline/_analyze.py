"""Analysing inputs into a store, and re-analysing a store: the flow behind ``analyze``.

ingest -> prepare (per document) -> skip ids already stored -> analyse (spaCy, per batch)
-> store (one transaction per batch) -> link (when that stage is installed).

Each document is prepared on its own so that one bad document, or a bug tripped by one,
becomes a reported failure naming it while the batch goes on; every article stays paired
with the raw document it came from, which the store keeps for ``reanalyze``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from storyline._hooks import optional_hook
from storyline.config import Settings
from storyline.errors import InputError
from storyline.models import Article, IngestFailure, RawDocument
from storyline.store import Store

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class AnalyzeReport:
    """What one ``analyze`` run did: ids added, ids already stored, inputs that failed."""

    added: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    failures: list[IngestFailure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "<input>: <warning>" for added articles
    linked: bool = False
    updated: list[str] = field(default_factory=list)  # stored ids whose given metadata changed

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class ReanalyzeReport:
    """What ``reanalyze`` did; ``changed`` maps old ids to new ones."""

    unchanged: list[str] = field(default_factory=list)
    changed: dict[str, str] = field(default_factory=dict)
    failures: list[IngestFailure] = field(default_factory=list)
    without_raw: list[str] = field(default_factory=list)
    linked: bool = False

    @property
    def ok(self) -> bool:
        return not self.failures


def fill_given(
    raws: Iterable[RawDocument | IngestFailure], given: Mapping[str, str | None]
) -> Iterator[RawDocument | IngestFailure]:
    """Add user-given metadata (``--outlet``, ``--published``) where an input states none."""
    values = {k: v for k, v in given.items() if v}
    for raw in raws:
        if isinstance(raw, RawDocument):
            missing = {k: v for k, v in values.items() if not raw.given.get(k)}
            if missing:
                raw = dataclasses.replace(raw, given={**raw.given, **missing})
        yield raw


def _prepare(raw: RawDocument, settings: Settings) -> Article | IngestFailure:
    from storyline.pipeline import prepare_article

    try:
        return prepare_article(raw, settings)
    except InputError as exc:
        return IngestFailure(raw.source, exc.reason)
    except Exception as exc:  # a bug tripped by one document must not end the run
        log.exception("preparing %s failed", raw.source)
        return IngestFailure(raw.source, _bug_reason("preparing", exc))


def _bug_reason(stage: str, exc: Exception) -> str:
    return (
        f"{stage} the article failed with {type(exc).__name__}: {exc}; this is a bug, "
        "please report it with this input"
    )


def analyze_batch(
    articles: Sequence[Article], nlp: Language | None, settings: Settings
) -> list[Article | IngestFailure]:
    """Analyse a batch with spaCy; the result lines up with ``articles``.

    When the batch fails, its articles are retried one by one so that only the one that
    trips the analysis is reported (as a failure naming its input).
    """
    if nlp is None or not articles:
        return list(articles)
    from storyline.pipeline import analyze_articles

    try:
        return list(analyze_articles(articles, nlp, settings))
    except Exception:
        log.exception("analysing a batch failed; retrying its articles one by one")
    results: list[Article | IngestFailure] = []
    for article in articles:
        try:
            results.extend(analyze_articles([article], nlp, settings))
        except Exception as exc:
            results.append(IngestFailure(article.source, _bug_reason("analysing", exc)))
    return results


def _split(
    results: Iterable[Article | IngestFailure], failures: list[IngestFailure]
) -> list[Article]:
    articles = []
    for result in results:
        if isinstance(result, IngestFailure):
            failures.append(result)
        else:
            articles.append(result)
    return articles


def _new_articles(
    items: Sequence[tuple[RawDocument, Article]], store: Store
) -> tuple[list[tuple[RawDocument, Article]], list[str]]:
    """Drop articles already stored (and repeats within the batch) before the costly analysis."""
    stored = store.existing_ids(article.id for _, article in items)
    seen: set[str] = set()
    fresh: list[tuple[RawDocument, Article]] = []
    present: list[str] = []
    for raw, article in items:
        if article.id in stored or article.id in seen:
            present.append(article.id)
        else:
            seen.add(article.id)
            fresh.append((raw, article))
    return fresh, present


def run_link_stage(store: Store, settings: Settings, *, full: bool = False) -> bool:
    """Call the link stage when it is installed; False when there is none.

    ``storyline.link.link_store(store, settings)`` links what is new; with ``full`` (after
    a re-analysis changed stored texts) ``relink_all(store, settings)`` redoes everything
    when the stage offers it.
    """
    hook = optional_hook("storyline.link", "relink_all") if full else None
    hook = hook or optional_hook("storyline.link", "link_store")
    if hook is None:
        return False
    hook(store, settings)
    return True


def analyze_into_store(
    paths: Sequence[str | os.PathLike[str]],
    store: Store,
    settings: Settings,
    *,
    nlp: Language | None = None,
    given: Mapping[str, str | None] | None = None,
    stdin: BinaryIO | None = None,
    link: bool = True,
    progress: Progress | None = None,
    documents: Iterable[RawDocument | IngestFailure] | None = None,
) -> AnalyzeReport:
    """Read ``paths`` (files, folders, ``-``), analyse every article and store new ones.

    ``documents`` already read (an upload, a fetched page) are analysed instead of reading
    ``paths``. Without ``nlp`` only the spaCy-free part runs (cleaning, metadata, language).
    Each batch of ``settings.batch_size`` documents is committed on its own, so an
    interrupted run keeps what it stored and a second run adds only the rest.
    """
    from storyline._metadata_fix import apply_manifests, update_present
    from storyline.ingest import read_inputs

    report = AnalyzeReport()
    if documents is None:
        documents = apply_manifests(
            read_inputs([os.fspath(p) for p in paths], settings, stdin), paths
        )
    inputs = fill_given(documents, given or {})
    for chunk in batched(inputs, settings.batch_size):
        prepared: list[tuple[RawDocument, Article]] = []
        for item in chunk:
            result = item if isinstance(item, IngestFailure) else _prepare(item, settings)
            if isinstance(result, IngestFailure):
                report.failures.append(result)
            else:
                assert isinstance(item, RawDocument)
                prepared.append((item, result))
        fresh, present = _new_articles(prepared, store)
        report.present.extend(present)
        report.updated.extend(update_present(store, prepared, present, settings, nlp))
        raws = {article.id: raw for raw, article in fresh}
        analysed = _split(analyze_batch([a for _, a in fresh], nlp, settings), report.failures)
        stored = store.add_articles(analysed, raws)
        report.added.extend(stored.added)
        added = set(stored.added)
        report.warnings.extend(
            f"{a.source}: {warning}" for a in analysed if a.id in added for warning in a.warnings
        )
        report.present.extend(stored.present)
        if progress is not None:
            progress(len(chunk))
    if link and store.count_articles():
        report.linked = run_link_stage(store, settings, full=bool(report.updated))
    return report


def analyze_into_store_on_dask(
    paths: Sequence[str | os.PathLike[str]],
    store: Store,
    settings: Settings,
    client: Client,
    *,
    use_nlp: bool = True,
    given: Mapping[str, str | None] | None = None,
    stdin: BinaryIO | None = None,
    link: bool = True,
    progress: Progress | None = None,
) -> AnalyzeReport:
    """:func:`analyze_into_store` with the per-article work on a Dask cluster.

    Workers prepare and analyse the documents; this process reads the inputs, tells the
    workers which prepared articles are already stored (or repeated) so they are not
    analysed again, and stays the only writer of the store, one transaction per
    ``batch_size`` results. Articles are stored in the order their batches finish.
    """
    from storyline.ingest import read_inputs
    from storyline.pipeline.distributed import dask_outcomes

    report = AnalyzeReport()
    from storyline._metadata_fix import apply_manifests

    inputs = fill_given(
        apply_manifests(read_inputs([os.fspath(p) for p in paths], settings, stdin), paths),
        given or {},
    )
    seen: set[str] = set()

    def already_there(ids: Sequence[str]) -> list[bool]:
        stored = store.existing_ids(ids)
        flags = []
        for article_id in ids:
            known = article_id in stored or article_id in seen
            seen.add(article_id)
            flags.append(known)
            if known:
                report.present.append(article_id)
        if progress is not None and any(flags):
            progress(sum(flags))
        return flags

    articles: list[Article] = []
    raws: dict[str, RawDocument] = {}

    def write() -> None:
        stored = store.add_articles(articles, raws)
        report.added.extend(stored.added)
        added = set(stored.added)
        report.warnings.extend(
            f"{a.source}: {warning}" for a in articles if a.id in added for warning in a.warnings
        )
        report.present.extend(stored.present)
        articles.clear()
        raws.clear()

    for raw, result in dask_outcomes(inputs, settings, client, skip=already_there, use_nlp=use_nlp):
        if isinstance(result, IngestFailure):
            report.failures.append(result)
        else:
            assert raw is not None
            articles.append(result)
            raws[result.id] = raw
            if len(articles) >= settings.batch_size:
                write()
        if progress is not None:
            progress(1)
    if articles:
        write()
    if link and store.count_articles():
        report.linked = run_link_stage(store, settings)
    return report


def reanalyze_store(
    store: Store,
    settings: Settings,
    *,
    nlp: Language | None = None,
    link: bool = True,
    progress: Progress | None = None,
) -> ReanalyzeReport:
    """Run the analysis again on every stored raw document, replacing the earlier results.

    An article whose raw document is unchanged keeps its id. A document that now fails is
    reported and its earlier analysis is kept. Each batch is replaced in one transaction.
    """
    report = ReanalyzeReport()
    with_raw = store.raw_document_ids()
    all_ids = store.article_ids()
    report.without_raw = [i for i in all_ids if i not in with_raw]
    ids = [i for i in all_ids if i in with_raw]
    for chunk in batched(ids, settings.batch_size):
        prepared: list[tuple[str, RawDocument, Article]] = []
        for old_id in chunk:
            raw = store.get_raw_document(old_id)
            assert raw is not None
            result = _prepare(raw, settings)
            if isinstance(result, IngestFailure):
                report.failures.append(result)
            else:
                prepared.append((old_id, raw, result))
        analysed = analyze_batch([a for _, _, a in prepared], nlp, settings)
        with store.transaction():
            for (old_id, raw, _), new in zip(prepared, analysed, strict=True):
                if isinstance(new, IngestFailure):
                    report.failures.append(new)  # keep the earlier analysis
                    continue
                store.replace_article(new, raw, previous_id=old_id)
                if new.id == old_id:
                    report.unchanged.append(old_id)
                else:
                    report.changed[old_id] = new.id
        if progress is not None:
            progress(len(chunk))
    if link and store.count_articles():
        report.linked = run_link_stage(store, settings, full=True)
    return report


def _nlp_for(settings: Settings, use_nlp: bool) -> Language | None:
    if not use_nlp:
        return None
    from storyline.pipeline.nlp import load_nlp

    return load_nlp(settings.spacy_model)


def analyze_paths(
    paths: Sequence[str | os.PathLike[str]],
    store: Store | str | os.PathLike[str] | None = None,
    *,
    settings: Settings | None = None,
    use_nlp: bool = True,
    outlet: str | None = None,
    published: str | None = None,
    link: bool = True,
    workers: int | None = None,
    scheduler: str | None = None,
) -> AnalyzeReport:
    """Analyse files and folders into a store: the Python form of ``storyline analyze``.

    ``store`` is an open :class:`~storyline.store.Store` or a database path (default: the
    ``db`` setting). ``outlet``/``published`` fill in inputs that do not state them.
    ``workers`` runs the per-article work on a local Dask cluster of that many processes,
    ``scheduler`` on an existing cluster (``tcp://host:port``).

    >>> report = analyze_paths(["examples/text"], "news.db")  # doctest: +SKIP
    >>> len(report.added), report.failures  # doctest: +SKIP
    (8, [])
    """
    from storyline.config import load_settings
    from storyline.store import open_store

    settings = settings or load_settings()
    given = {"outlet": outlet, "published": published}
    if workers or scheduler:
        from storyline.pipeline.distributed import open_client

        with open_client(workers, scheduler) as client:
            if isinstance(store, Store):
                return analyze_into_store_on_dask(
                    paths, store, settings, client, use_nlp=use_nlp, given=given, link=link
                )
            with open_store(store if store is not None else settings.db) as opened:
                return analyze_into_store_on_dask(
                    paths, opened, settings, client, use_nlp=use_nlp, given=given, link=link
                )
    nlp = _nlp_for(settings, use_nlp)
    if isinstance(store, Store):
        return analyze_into_store(paths, store, settings, nlp=nlp, given=given, link=link)
    with open_store(store if store is not None else settings.db) as opened:
        return analyze_into_store(paths, opened, settings, nlp=nlp, given=given, link=link)


def reanalyze(
    store: Store | str | os.PathLike[str] | None = None,
    *,
    settings: Settings | None = None,
    use_nlp: bool = True,
    link: bool = True,
) -> ReanalyzeReport:
    """Re-run the analysis on every stored raw document: the Python form of ``reanalyze``."""
    from storyline.config import load_settings
    from storyline.store import open_store

    settings = settings or load_settings()
    nlp = _nlp_for(settings, use_nlp)
    if isinstance(store, Store):
        return reanalyze_store(store, settings, nlp=nlp, link=link)
    with open_store(store if store is not None else settings.db) as opened:
        return reanalyze_store(opened, settings, nlp=nlp, link=link)
