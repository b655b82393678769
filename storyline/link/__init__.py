"""Across articles: duplicates and wire copies, stories and events, timelines, claims over
time, outlet comparison and publication dates for undated articles.

Pure functions over :class:`storyline.models.Article` objects (``find_copies``,
``cluster_batch``, ``build_timeline``, ``build_claims``, ``claim_for_query``,
``compare_outlets``, ``infer_publication_date``, ``link_articles``); :func:`link_store`
(incremental) and :func:`relink_all` (full re-cluster) apply them to the store, and
:func:`export_link` returns every result for the export.
"""

from storyline.link._stage import (
    LinkReport,
    LinkResult,
    export_link,
    export_sections,
    link_articles,
    link_store,
    list_copies,
    list_events,
    list_stories,
    query_claim,
    relink_all,
    story_articles,
    story_claims,
    story_outlets,
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
    "InferredDate",
    "LinkReport",
    "LinkResult",
    "assign",
    "build_claims",
    "build_timeline",
    "claim_for_query",
    "cluster_batch",
    "compare_outlets",
    "export_link",
    "export_sections",
    "find_copies",
    "infer_publication_date",
    "link_articles",
    "link_store",
    "list_copies",
    "list_events",
    "list_stories",
    "query_claim",
    "relink_all",
    "story_articles",
    "story_claims",
    "story_outlets",
    "story_timeline",
]
