"""A reader's propositions checked against the store, for every interface that takes them.

``storyline claims --query``, ``/api/claims?query=``, the claim box of the web pages and the
claim watches all do the same: read each proposition with the pipeline's claim reader
(:func:`storyline.pipeline.sentence_claims.analyse_claim_text`, when a language model is at
hand), then check it with :func:`storyline.link.query_claim` through one
:class:`~storyline.link.claim_search.ClaimSearch` (the stored embeddings read once for all
of them). Each interface only shapes the claims it gets back.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.link import query_claim
from storyline.link.claim_search import ClaimSearch
from storyline.models import Claim, SentenceFacts
from storyline.pipeline.embed import query_encoder
from storyline.pipeline.sentence_claims import analyse_claim_text

if TYPE_CHECKING:
    from spacy.language import Language

    from storyline.store import Store


def claim_search(store: Store, settings: Settings) -> ClaimSearch:
    """The search a user's propositions are checked with: the store's claims and the
    encoder for a query (none when sentence embeddings are turned off)."""
    return ClaimSearch(store, settings, query_encoder(settings))


def check_propositions(
    store: Store,
    settings: Settings,
    propositions: Sequence[str],
    nlp: Language | None,
    story_id: str | None = None,
    *,
    nlp_lock: AbstractContextManager[Any] | None = None,
    search: ClaimSearch | None = None,
) -> list[Claim]:
    """Each of ``propositions`` checked against the store (or one story), in order.

    With ``nlp`` each is first read for its deontic units, holding ``nlp_lock`` (the
    language model shared with ingestion) only while reading; without it the learned
    reader alone answers. ``search`` (from :func:`claim_search`) may be shared by many calls.
    """
    search = search or claim_search(store, settings)
    analysed: list[SentenceFacts | None] = [None] * len(propositions)
    if nlp is not None:
        with nlp_lock or nullcontext():
            analysed = [analyse_claim_text(text, nlp) for text in propositions]
    return [
        query_claim(store, text, facts, settings, story_id, search)
        for text, facts in zip(propositions, analysed, strict=True)
    ]
