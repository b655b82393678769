"""The SQLite store: articles, raw documents, facts, full-text search, numbered migrations.

>>> store = open_store(":memory:")
>>> store.count_articles()
0
"""

from __future__ import annotations

from storyline.store._db import ChangeCounter
from storyline.store._entities import EntityTables, entity_names
from storyline.store._filters import NO_FILTERS, QuoteFilters, SearchFilters
from storyline.store._links import LinkTables, resolve_story_id, story_titles
from storyline.store._migrations import apply_migrations, discover_migrations
from storyline.store._rows import article_fields
from storyline.store._search import FacetValue, SearchFacets, SearchHit, plain_query
from storyline.store._sentences import (
    ArticleHead,
    EmbeddingMatrix,
    StoredStatement,
    article_heads,
    article_statements,
    articles_mentioning,
    embedding_matrix,
    mention_keys_spelled,
    sample_texts,
    statements_by_words,
)
from storyline.store._store import AddResult, ArticleLinks, Store, open_store
from storyline.store._summary import CorpusSummary, summarize
from storyline.store._watch import PollOutcome, WatchedSource, WatchItem, WatchTables

__all__ = [
    "AddResult",
    "NO_FILTERS",
    "ArticleHead",
    "ArticleLinks",
    "ChangeCounter",
    "CorpusSummary",
    "EntityTables",
    "LinkTables",
    "FacetValue",
    "SearchFacets",
    "EmbeddingMatrix",
    "QuoteFilters",
    "SearchFilters",
    "SearchHit",
    "Store",
    "StoredStatement",
    "apply_migrations",
    "article_fields",
    "article_heads",
    "article_statements",
    "articles_mentioning",
    "discover_migrations",
    "embedding_matrix",
    "entity_names",
    "mention_keys_spelled",
    "open_store",
    "PollOutcome",
    "WatchedSource",
    "WatchItem",
    "WatchTables",
    "plain_query",
    "resolve_story_id",
    "sample_texts",
    "statements_by_words",
    "story_titles",
    "summarize",
]
