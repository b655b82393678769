"""The store as the web interfaces read it: read-only connections, a change counter, caches.

One :class:`CorpusView` serves a whole app. Each worker thread gets its own read-only
:class:`~storyline.store.Store` (opening one costs milliseconds; a request must not pay it).
A :class:`~storyline.store.ChangeCounter` watches SQLite's ``PRAGMA data_version``, which
moves whenever another connection commits, so views read from the store (story digests, rendered pages) are cached
until the database changes and read once after that, however many requests ask.

Timelines, claims, outlet comparisons and entities are what the link stage stored; the
language model is loaded only for what is asked on demand (a user's own proposition) and
for ingestion.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from storyline.config import Settings
from storyline.errors import ConfigError, Errors, StoreError
from storyline.store import ChangeCounter, Store, open_store
from storyline.store._reads import outlet_counts
from storyline.web.colors import OutletPalette
from storyline.web.views import StoryDigest, build_story_digest

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

T = TypeVar("T")
NlpSource = Callable[[], "Language | None"]


def default_nlp_source(settings: Settings) -> NlpSource:
    """Load the configured spaCy pipeline on first use; ``None`` when it is not installed."""

    def load() -> Language | None:
        from storyline.pipeline.nlp import load_nlp

        try:
            return load_nlp(settings.spacy_model)
        except (ConfigError, ImportError) as exc:
            log.warning("propositions cannot be checked and uploads are not parsed: %s", exc)
            return None

    return load


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

    ``nlp`` supplies the spaCy pipeline for what is parsed on demand -- a user's own
    proposition, an upload -- (called once, on first need); ``None`` means none is parsed.
    """

    def __init__(
        self, db: str, settings: Settings, nlp: NlpSource | None = None, cache_size: int = 256
    ) -> None:
        if db != ":memory:" and not Path(db).exists():
            raise StoreError(Errors.E313(db=db))
        self.db = db
        self.settings = settings
        self._nlp_source = nlp
        self._nlp: Language | None = None
        self._nlp_loaded = False
        self._nlp_lock = threading.Lock()
        #: held while the shared spaCy pipeline parses (propositions, ingestion)
        self.nlp_lock = threading.Lock()
        self._local = threading.local()
        self._cache = GenerationCache(cache_size)
        self._changes = ChangeCounter(db)

    # ------------------------------------------------------------------ connections

    def store(self) -> Store:
        """This thread's read-only store (opened on first use)."""
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db, readonly=True)
            self._local.store = store
        return store

    def generation(self) -> int:
        """A number that changes whenever any connection commits to the database."""
        return self._changes.generation()

    def cached(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``'s value for ``key``, computed once per database state."""
        return self._cache.get(self.generation(), key, build)

    def close(self) -> None:
        self._changes.close()

    # ------------------------------------------------------------------ derived views

    def palette(self) -> OutletPalette:
        return self.cached(
            ("palette",), lambda: OutletPalette(o for o, _ in outlet_counts(self.store()))
        )

    def outlets(self) -> list[tuple[str, int]]:
        return self.cached(("outlets",), lambda: outlet_counts(self.store()))

    def story(self, story_id: str) -> StoryDigest:
        """The story's digest with its stored timeline, outlet profiles and claims."""
        return self.cached(("story", story_id), lambda: build_story_digest(self.store(), story_id))

    def nlp(self) -> Language | None:
        with self._nlp_lock:
            if not self._nlp_loaded:
                self._nlp = self._nlp_source() if self._nlp_source else None
                self._nlp_loaded = True
            return self._nlp
