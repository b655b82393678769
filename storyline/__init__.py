"""Storyline: follow news stories across outlets and over time.

The Python API mirrors the command line::

    import storyline

    report = storyline.analyze_paths(["articles/"], "news.db")
    with storyline.open_store("news.db") as store:
        for hit in store.search("ATACMS", outlet="Reuters"):
            print(hit.published, hit.title)
        corpus = storyline.export_corpus(store)

Names are loaded on first use, so ``import storyline`` stays cheap and importing one
stage never drags in the others.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # work
    "analyze_paths": "storyline._analyze",
    "reanalyze": "storyline._analyze",
    "analyze_text": "storyline._one_text",
    "AnalyzeReport": "storyline._analyze",
    "ReanalyzeReport": "storyline._analyze",
    # settings and errors
    "Settings": "storyline.config",
    "load_settings": "storyline.config",
    "StorylineError": "storyline.errors",
    "ConfigError": "storyline.errors",
    "InputError": "storyline.errors",
    "StoreError": "storyline.errors",
    "QueryError": "storyline.errors",
    "NotFound": "storyline.errors",
    # store and export
    "Store": "storyline.store",
    "open_store": "storyline.store",
    "SearchHit": "storyline.store",
    "summarize": "storyline.store",
    "export_corpus": "storyline.export",
    "validate_export": "storyline.export",
    # the data model
    "Article": "storyline.models",
    "RawDocument": "storyline.models",
    "IngestFailure": "storyline.models",
    "SourceRef": "storyline.models",
    "Metadata": "storyline.models",
    "MetaValue": "storyline.models",
    "RemovedLine": "storyline.models",
    "EntityMention": "storyline.models",
    "Quote": "storyline.models",
    "DateMention": "storyline.models",
    "Entity": "storyline.models",
    "Alias": "storyline.models",
    "Story": "storyline.models",
    "Event": "storyline.models",
    "Development": "storyline.models",
    "Citation": "storyline.models",
    "Claim": "storyline.models",
    "ClaimStatement": "storyline.models",
    "ClaimConflict": "storyline.models",
    "OutletProfile": "storyline.models",
}

__all__ = [
    "Alias",
    "AnalyzeReport",
    "Article",
    "Citation",
    "Claim",
    "ClaimConflict",
    "ClaimStatement",
    "ConfigError",
    "DateMention",
    "Development",
    "Entity",
    "EntityMention",
    "Event",
    "IngestFailure",
    "InputError",
    "MetaValue",
    "Metadata",
    "NotFound",
    "OutletProfile",
    "QueryError",
    "Quote",
    "RawDocument",
    "ReanalyzeReport",
    "RemovedLine",
    "SearchHit",
    "Settings",
    "SourceRef",
    "Store",
    "StoreError",
    "Story",
    "StorylineError",
    "analyze_paths",
    "analyze_text",
    "export_corpus",
    "load_settings",
    "open_store",
    "reanalyze",
    "summarize",
    "validate_export",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storyline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:
    from storyline._analyze import AnalyzeReport, ReanalyzeReport, analyze_paths, reanalyze
    from storyline._one_text import analyze_text
    from storyline.config import Settings, load_settings
    from storyline.errors import (
        ConfigError,
        InputError,
        NotFound,
        QueryError,
        StoreError,
        StorylineError,
    )
    from storyline.export import export_corpus, validate_export
    from storyline.models import (
        Alias,
        Article,
        Citation,
        Claim,
        ClaimConflict,
        ClaimStatement,
        DateMention,
        Development,
        Entity,
        EntityMention,
        Event,
        IngestFailure,
        Metadata,
        MetaValue,
        OutletProfile,
        Quote,
        RawDocument,
        RemovedLine,
        SourceRef,
        Story,
    )
    from storyline.store import SearchHit, Store, open_store, summarize
