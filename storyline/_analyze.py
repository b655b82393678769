"""Analysing inputs into a store, and re-analysing a store: the flow behind ``analyze``.

ingest -> runner (prepare per document, skip ids already stored, analyse per batch, in
this process or on Dask) -> store (one transaction per batch) -> link (when installed).

Each document is prepared on its own so that one bad document, or a bug tripped by one,
becomes a reported failure naming it while the batch goes on; a batch the store refuses is
stored article by article for the same reason. Every article stays paired with the raw
document it came from, which the store keeps for ``reanalyze``.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from storyline._hooks import optional_hook
from storyline.config import Settings
from storyline.errors import Errors, StoreError
from storyline.models import Article, IngestFailure, RawDocument
from storyline.pipeline.nlp import nlp_for
from storyline.runner import (
    Key,
    Result,
    analyze_with_retry,
    batches,
    local_outcomes,
    prepare_one,
    text_fingerprint,
)
from storyline.store import Store
from storyline.store._db import database_problem

if TYPE_CHECKING:
    from distributed import Client
    from spacy.language import Language

    from storyline.ingest import OnSkip

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
OnFailure = Callable[[IngestFailure], None]


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


class _Run:
    """One ``analyze`` run's bookkeeping: which ids are taken, what to write, the report."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        report: AnalyzeReport,
        on_failure: OnFailure | None,
        progress: Progress | None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.report = report
        self.on_failure = on_failure
        self.progress = progress
        self.seen: dict[str, str] = {}  # id -> text fingerprint, for this run
        self.given: dict[str, Mapping[str, str | None]] = {}  # source -> metadata given
        self.given_present: dict[str, Mapping[str, str | None]] = {}  # stored id -> given
        self.articles: list[Article] = []
        self.raws: dict[str, RawDocument] = {}

    def already_there(self, keys: Sequence[Key]) -> list[bool]:
        """Flag the prepared articles that need no analysis: stored before, or repeated."""
        stored = self.store.stored_texts(article_id for article_id, _, _ in keys)
        flags = []
        for article_id, fingerprint, source in keys:
            known = self.seen.get(article_id)
            if known is None and article_id in stored:
                known = text_fingerprint(stored[article_id])
            if known is None:
                self.seen[article_id] = fingerprint
                flags.append(False)
                continue
            flags.append(True)
            self.report.present.append(article_id)
            if source in self.given:
                self.given_present.setdefault(article_id, self.given[source])
            if known != fingerprint:
                self.report.warnings.append(Errors.E255(source=source, article_id=article_id))
        if self.progress is not None and any(flags):
            self.progress(sum(flags))
        return flags

    def remember_given(
        self, items: Iterable[RawDocument | IngestFailure]
    ) -> Iterator[RawDocument | IngestFailure]:
        """Pass ``items`` through, keeping what metadata each document was given, so an
        input read again with new metadata (a manifest row, ``--published``) updates the
        stored article."""
        for item in items:
            if isinstance(item, RawDocument) and item.given:
                self.given[str(item.source)] = item.given
            yield item

    def fail(self, failure: IngestFailure) -> None:
        self.report.failures.append(failure)
        if self.on_failure is not None:
            self.on_failure(failure)

    def take(self, raw: RawDocument | None, result: Result) -> None:
        if isinstance(result, IngestFailure):
            self.fail(result)
        else:
            assert raw is not None
            self.articles.append(result)
            self.raws[result.id] = raw
            chars = sum(len(a.text) for a in self.articles)
            if (
                len(self.articles) >= self.settings.batch_size
                or chars >= self.settings.batch_max_chars
            ):
                self.write()
        if self.progress is not None:
            self.progress(1)

    def write(self) -> None:
        """Store the pending articles in one transaction; when the store refuses the batch,
        store them one by one so only the article it refuses fails."""
        if not self.articles:
            return
        try:
            self._add(self.articles)
        except _REFUSED_ARTICLE:
            for article in self.articles:
                try:
                    self._add([article])
                except _REFUSED_ARTICLE as exc:
                    self.fail(IngestFailure(article.source, _store_reason(exc)))
        self.articles = []
        self.raws = {}

    def _add(self, articles: list[Article]) -> None:
        try:
            stored = self.store.add_articles(articles, self.raws)
        except sqlite3.OperationalError as exc:  # locked, read-only, disk full: the run stops
            raise StoreError(database_problem(self.store.path, exc)) from exc
        self.report.added.extend(stored.added)
        added = set(stored.added)
        self.report.warnings.extend(
            f"{a.source}: {warning}" for a in articles if a.id in added for warning in a.warnings
        )
        self.report.present.extend(stored.present)


#: What the store raises for one article's values (a lone surrogate, a value SQLite cannot
#: hold); a database that cannot be written at all raises ``OperationalError`` instead.
_REFUSED_ARTICLE = (
    UnicodeError,
    ValueError,
    OverflowError,
    sqlite3.IntegrityError,
    sqlite3.InterfaceError,
    sqlite3.DataError,
)


def _store_reason(exc: BaseException) -> str:
    message = " ".join(str(exc).split())[:200]
    return Errors.E224(kind=type(exc).__name__, message=message)


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
    client: Client | None = None,
    use_nlp: bool = True,
    given: Mapping[str, str | None] | None = None,
    stdin: BinaryIO | None = None,
    link: bool = True,
    progress: Progress | None = None,
    documents: Iterable[RawDocument | IngestFailure] | None = None,
    on_failure: OnFailure | None = None,
    on_skip: OnSkip | None = None,
) -> AnalyzeReport:
    """Read ``paths`` (files, folders, URLs, ``-``), analyse every article, store new ones.

    ``documents`` already read (an upload, a fetched page) are analysed instead of reading
    ``paths``. Locally the analysis uses ``nlp`` (without it only the spaCy-free part runs:
    cleaning, metadata, language); with a Dask ``client`` it runs on the cluster (with
    spaCy unless ``use_nlp`` is false) and this process stays the only writer. Results are
    committed ``batch_size`` articles (or ``batch_max_chars`` characters) at a time, so an
    interrupted run keeps what it stored and a second run adds only the rest.
    ``on_failure`` is called with each failure as it happens, ``on_skip`` with each file a
    folder walk passes over (and why).
    """
    from storyline._metadata_fix import apply_manifests, update_present
    from storyline.ingest import read_inputs

    report = AnalyzeReport()
    if documents is None:
        documents = apply_manifests(
            read_inputs([os.fspath(p) for p in paths], settings, stdin, on_skip), paths
        )
    run = _Run(store, settings, report, on_failure, progress)
    inputs = run.remember_given(fill_given(documents, given or {}))
    if client is not None:
        from storyline.runner.dask import dask_outcomes

        outcomes = dask_outcomes(inputs, settings, client, skip=run.already_there, use_nlp=use_nlp)
    else:
        outcomes = local_outcomes(inputs, settings, nlp, skip=run.already_there)
    for raw, result in outcomes:
        run.take(raw, result)
    run.write()
    report.updated.extend(update_present(store, run.given_present, settings, nlp))
    if link and store.count_articles():
        report.linked = run_link_stage(store, settings, full=bool(report.updated))
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
    for chunk in batches(ids, settings.batch_size):
        prepared: list[tuple[str, RawDocument, Article]] = []
        for old_id in chunk:
            raw = store.get_raw_document(old_id)
            assert raw is not None
            result = prepare_one(raw, settings)
            if isinstance(result, IngestFailure):
                report.failures.append(result)
            else:
                prepared.append((old_id, raw, result))
        analysed = analyze_with_retry([a for _, _, a in prepared], nlp, settings)
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
    with ExitStack() as stack:
        client = None
        if workers or scheduler:
            from storyline.runner.dask import open_client

            client = stack.enter_context(open_client(workers, scheduler))
        nlp = None if client is not None else nlp_for(settings, use_nlp)
        if not isinstance(store, Store):
            store = stack.enter_context(open_store(store if store is not None else settings.db))
        return analyze_into_store(
            paths,
            store,
            settings,
            nlp=nlp,
            client=client,
            use_nlp=use_nlp,
            given=given,
            link=link,
        )
    raise AssertionError("unreachable")  # pragma: no cover


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
    nlp = nlp_for(settings, use_nlp)
    if isinstance(store, Store):
        return reanalyze_store(store, settings, nlp=nlp, link=link)
    with open_store(store if store is not None else settings.db) as opened:
        return reanalyze_store(opened, settings, nlp=nlp, link=link)
