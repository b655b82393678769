"""Across articles: duplicates and wire copies, stories and events, timelines, claims over
time, outlet comparison and publication dates for undated articles.

Pure functions over :class:`storyline.models.Article` objects (``find_copies``,
``cluster_batch``, ``build_timeline``, ``build_claims``, ``claim_for_query``,
``compare_outlets``, ``infer_publication_date``, ``link_articles``); :func:`link_store`
(incremental) and :func:`relink_all` (full re-cluster) apply them to the store and store
their products: entities unified across articles, and per story the timeline, the claims
and the outlet profiles. The readers (``story_timeline``, ``story_claims``,
``story_outlets``, ``story_products``, ``list_entities``, ``get_entity``, ``export_link``)
read those, never recompute them. No language model is loaded here: claims compare the
units the pipeline stored with each sentence, and :func:`query_claim` takes a user's own
proposition already read by the pipeline (``pipeline.sentence_claims.analyse_claim_text``).
"""

from storyline.link._entity_store import EntitySummary
from storyline.link._products import (
    StoryProducts,
    build_story_products,
    corpus_outlets,
    story_articles,
)
from storyline.link._stage import (
    LinkReport,
    LinkResult,
    entity_usage,
    export_link,
    export_sections,
    get_entity,
    inferred_dates,
    link_articles,
    link_store,
    list_copies,
    list_entities,
    list_events,
    list_stories,
    query_claim,
    relink_all,
    speaker_entities,
    story_claims,
    story_outlets,
    story_products,
    story_timeline,
)
from storyline.link.claims import build_claims, claim_for_query
from storyline.link.clustering import assign, cluster_batch
from storyline.link.duplicates import CopyLink, find_copies
from storyline.link.outlets import compare_outlets
from storyline.link.timeline import build_timeline
from storyline.link.undated import InferredDate, infer_publication_date

__all__ = [
    "CopyLink",
    "EntitySummary",
    "InferredDate",
    "LinkReport",
    "LinkResult",
    "StoryProducts",
    "assign",
    "build_claims",
    "build_story_products",
    "build_timeline",
    "claim_for_query",
    "cluster_batch",
    "compare_outlets",
    "corpus_outlets",
    "entity_usage",
    "export_link",
    "export_sections",
    "find_copies",
    "get_entity",
    "infer_publication_date",
    "inferred_dates",
    "link_articles",
    "link_store",
    "list_copies",
    "list_entities",
    "list_events",
    "list_stories",
    "query_claim",
    "relink_all",
    "speaker_entities",
    "story_articles",
    "story_claims",
    "story_outlets",
    "story_products",
    "story_timeline",
]
