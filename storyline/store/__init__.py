"""The SQLite store: articles, raw documents, facts, full-text search, numbered migrations.

>>> store = open_store(":memory:")
>>> store.count_articles()
0
"""

from __future__ import annotations

from storyline.store._migrations import apply_migrations, discover_migrations
from storyline.store._rows import article_fields
from storyline.store._search import FacetValue, SearchFacets, SearchHit, plain_query
from storyline.store._store import AddResult, ArticleLinks, Store, open_store
from storyline.store._summary import CorpusSummary, summarize
from storyline.store._watch import PollOutcome, WatchedSource, WatchItem, WatchTables

__all__ = [
    "AddResult",
    "ArticleLinks",
    "CorpusSummary",
    "FacetValue",
    "SearchFacets",
    "SearchHit",
    "Store",
    "apply_migrations",
    "article_fields",
    "discover_migrations",
    "open_store",
    "PollOutcome",
    "WatchedSource",
    "WatchItem",
    "WatchTables",
    "plain_query",
    "summarize",
]
