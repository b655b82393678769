"""The store as the web interfaces read it: read-only connections, a change counter, caches.

One :class:`CorpusView` serves a whole app. Each worker thread gets its own read-only
:class:`~storyline.store.Store` (opening one costs milliseconds; a request must not pay it).
A dedicated connection watches SQLite's ``PRAGMA data_version``, which moves whenever another
connection commits, so derived views (story digests, claims, the entity index) are cached
until the database changes and recomputed once after that, however many requests ask.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storyline.config import Settings
from storyline.errors import ConfigError, StoreError
from storyline.models import Claim
from storyline.store import Store, open_store
from storyline.web.colors import OutletPalette
from storyline.web.queries import outlet_counts
from storyline.web.views import (
    EntityIndex,
    StoryDigest,
    build_entity_index,
    build_story_claims,
    build_story_digest,
)

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)


class ClaimsPending(Exception):
    """The claims are still being computed; ask again shortly."""


class ClaimsFailed(Exception):
    """The claim analysis raised an error (it is logged)."""


T = TypeVar("T")
NlpSource = Callable[[], "Language | None"]


def default_nlp_source(settings: Settings) -> NlpSource:
    """Load the configured spaCy pipeline on first use; ``None`` when it is not installed."""

    def load() -> Language | None:
        from storyline.pipeline.nlp import load_nlp

        try:
            return load_nlp(settings.spacy_model)
        except (ConfigError, ImportError) as exc:
            log.warning("claims are unavailable: %s", exc)
            return None

    return load


class BackgroundWorker:
    """One daemon thread running submitted calls in order, each answered through a Future.

    ``concurrent.futures.ThreadPoolExecutor`` joins its threads when the interpreter exits,
    so one analysis that never ends would keep the server (or a test run) from exiting; a
    daemon thread does not.
    """

    def __init__(self, name: str) -> None:
        self._queue: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]]] = queue.SimpleQueue()
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._queue.put((future, call))
        return future

    def _run(self) -> None:
        while True:
            future, call = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)


class GenerationCache:
    """An LRU cache emptied whenever the generation moves; one build per key at a time."""

    def __init__(self, size: int = 256) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._building: dict[Hashable, threading.Lock] = {}
        self._generation: int | None = None

    def get(self, generation: int, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if generation != self._generation:
                self._values.clear()
                self._building.clear()
                self._generation = generation
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[no-any-return]
            key_lock = self._building.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if generation == self._generation and key in self._values:
                    return self._values[key]  # type: ignore[no-any-return]
            value = build()
            with self._lock:
                if generation == self._generation:
                    self._values[key] = value
                    while len(self._values) > self._size:
                        self._values.popitem(last=False)
                self._building.pop(key, None)
        return value


class CorpusView:
    """Read access to one database for the API, the pages and the reports.

    ``nlp`` supplies the spaCy pipeline for claims (called once, on first need); ``None``
    means claims are not computed.
    """

    def __init__(
        self, db: str, settings: Settings, nlp: NlpSource | None = None, cache_size: int = 256
    ) -> None:
        if db != ":memory:" and not Path(db).exists():
            raise StoreError(f"database {db} does not exist; create it with `storyline analyze`")
        self.db = db
        self.settings = settings
        self._nlp_source = nlp
        self._nlp: Language | None = None
        self._nlp_loaded = False
        self._nlp_lock = threading.Lock()
        #: held while the shared spaCy pipeline parses (claims, ingestion)
        self.nlp_lock = threading.Lock()
        self.claims_wait = float(settings.extra.get("claims_wait_seconds", 15))
        self._cache_size = cache_size
        self._claims_worker = BackgroundWorker("storyline-claims")
        self._claims_jobs: OrderedDict[tuple[int, str], Future[list[Claim]]] = OrderedDict()
        self._jobs_lock = threading.Lock()
        self._local = threading.local()
        self._cache = GenerationCache(cache_size)
        self._watch_lock = threading.Lock()
        # check_same_thread=False: every use is under _watch_lock
        self._watcher = sqlite3.connect(
            Path(db).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False
        )

    # ------------------------------------------------------------------ connections

    def store(self) -> Store:
        """This thread's read-only store (opened on first use)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, readonly=True)
            self._local.store = store
        return store

    @property
    def conn(self) -> sqlite3.Connection:
        return self.store().connection

    def generation(self) -> int:
        """A number that changes whenever any connection commits to the database."""
        with self._watch_lock:
            return int(self._watcher.execute("PRAGMA data_version").fetchone()[0])

    def cached(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``'s value for ``key``, computed once per database state."""
        return self._cache.get(self.generation(), key, build)

    def close(self) -> None:
        with self._jobs_lock:
            for job in self._claims_jobs.values():
                job.cancel()
        with self._watch_lock:
            self._watcher.close()

    # ------------------------------------------------------------------ derived views

    def palette(self) -> OutletPalette:
        return self.cached(
            ("palette",), lambda: OutletPalette(o for o, _ in outlet_counts(self.conn))
        )

    def outlets(self) -> list[tuple[str, int]]:
        return self.cached(("outlets",), lambda: outlet_counts(self.conn))

    def story(self, story_id: str) -> StoryDigest:
        return self.cached(
            ("story", story_id), lambda: build_story_digest(self.store(), story_id, self.settings)
        )

    def claims(self, story_id: str, wait: float | None = None) -> list[Claim] | None:
        """The story's claims, or ``None`` when no language model is available.

        Claims are parsed with spaCy in one background thread (the pipeline is shared) and
        kept until the database changes. The request that starts the analysis waits at most
        ``wait`` seconds (default ``claims_wait``), later ones not at all, and then get
        :class:`ClaimsPending`, so a page never hangs on them; a failure in the claim
        analysis is raised as :class:`ClaimsFailed`.
        """
        self.story(story_id)  # raises NotFound first
        nlp = self.nlp()
        if nlp is None:
            return None
        generation = self.generation()
        key = (generation, story_id)
        with self._jobs_lock:
            job = self._claims_jobs.get(key)
            # only the request that starts the analysis waits for it; later views of a story
            # whose claims are still being computed answer at once
            waited_before = job is not None
            if job is None:
                job = self._claims_worker.submit(lambda: self._build_claims(story_id, nlp))
                self._claims_jobs[key] = job
                for old in [k for k in self._claims_jobs if k[0] != generation]:
                    del self._claims_jobs[old]
                while len(self._claims_jobs) > self._cache_size:
                    self._claims_jobs.popitem(last=False)
        timeout = self.claims_wait if wait is None else wait
        try:
            return job.result(timeout=0 if waited_before and not job.done() else timeout)
        except FutureTimeout:
            raise ClaimsPending(
                f"the claims of story {story_id} are still being computed"
            ) from None
        except Exception as exc:
            log.exception("computing the claims of %s failed", story_id)
            raise ClaimsFailed(f"the claims of story {story_id} could not be computed") from exc

    def _build_claims(self, story_id: str, nlp: Language) -> list[Claim]:
        with self.nlp_lock:
            return build_story_claims(self.store(), story_id, nlp, self.settings)

    def entities(self) -> EntityIndex:
        return self.cached(("entities",), lambda: build_entity_index(self.conn, self.settings))

    def nlp(self) -> Language | None:
        with self._nlp_lock:
            if not self._nlp_loaded:
                self._nlp = self._nlp_source() if self._nlp_source else None
                self._nlp_loaded = True
            return self._nlp
