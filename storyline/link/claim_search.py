"""Every stored statement of a claim, with its learned stance: retrieval over stored sentences.

No text is parsed here. The pipeline stored each article's sentences with their cue counts
and, for the first statements, e5 embeddings (migration 0004); a claim finds its articles
three ways and unites them:

* words -- FTS5/BM25 over the statements' text, any content word of the claim;
* names -- statements of articles that mention an entity the claim names (unified
  spelling variants count as one entity);
* meaning -- the nearest stored embeddings to the claim's (a paraphrase shares no word:
  "US lets Kyiv hit Russia with long-range missiles" ~ "Biden authorizes Ukraine to use
  ATACMS inside Russia").

Each candidate article's statements are ranked by closeness to the claim and read by the
learned stance model (:mod:`storyline.link.stance_model`): the closest statement gives the
article's stance; an article read as unrelated contributes nothing.

A :class:`ClaimSearch` holds what many claims share (the embedding matrix, term
statistics, the encoder), so a list of claims is checked with everything loaded once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.config import Settings
from storyline.link._text import terms
from storyline.link.claim_steps import COPY_REASON, INFERRED_REASON
from storyline.link.stance_model import (
    ClaimText,
    Passage,
    TermStats,
    features,
    load_model,
    rank_passages,
    reasons_for,
)
from storyline.models import ClaimStatement, Stance
from storyline.pipeline.embed import SentenceEncoder
from storyline.store import (
    EmbeddingMatrix,
    Store,
    article_heads,
    article_statements,
    articles_mentioning,
    embedding_matrix,
    mention_keys_spelled,
    sample_texts,
    statements_by_words,
)

#: Candidate articles from each kind of retrieval.
WORD_STATEMENTS = 400
NAME_ARTICLES = 100
MEANING_ARTICLES = 100
#: Cosine below which an embedding neighbour is not a candidate (e5 cosines run high).
MEANING_FLOOR = 0.80
#: Statements of an article read by the model (the closest first).
READ_PER_ARTICLE = 3
#: Articles sampled for the term statistics (rarity weights).
STATS_SAMPLE = 2000
_NAME_RUN = re.compile(r"\b[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*")


@dataclass
class Found:
    """One statement of a claim with the article-level stance it gives."""

    statement: ClaimStatement
    article_stance: Stance


def fts_any(text: str) -> str:
    """An FTS5 query matching any content word of ``text`` (OR), ranked by BM25."""
    words = sorted(set(terms(text)))
    return " OR ".join(f'"{w}"' for w in words)


def claim_names(text: str) -> set[str]:
    """Runs of capitalised words and each of their words ("Joe Biden", "Joe", "Biden")."""
    names: set[str] = set()
    for match in _NAME_RUN.finditer(text):
        run = match.group().strip(".")
        names.add(run)
        names.update(w for w in run.split() if len(w) > 2)
    return names


class ClaimSearch:
    """Claims checked against one store; loads the stored embeddings once."""

    def __init__(
        self, store: Store, settings: Settings, encoder: SentenceEncoder | None = None
    ) -> None:
        self.store = store
        self.settings = settings
        self.encoder = encoder
        self.model = load_model()
        self._matrix: EmbeddingMatrix | None = None
        self._stats: TermStats | None = None

    @property
    def matrix(self) -> EmbeddingMatrix:
        if self._matrix is None:
            self._matrix = embedding_matrix(self.store.connection)
        return self._matrix

    @property
    def stats(self) -> TermStats:
        if self._stats is None:
            self._stats = TermStats(sample_texts(self.store.connection, STATS_SAMPLE))
        return self._stats

    def claim(self, text: str) -> ClaimText:
        vector = None
        if self.encoder is not None and len(self.matrix.article_ids):
            vector = self.encoder.encode([text], is_query=True)[0]
        claim = ClaimText(text, vector)
        claim.entities = frozenset(mention_keys_spelled(self.store.connection, claim_names(text)))
        return claim

    def candidates(self, claim: ClaimText, within: Sequence[str] | None = None) -> list[str]:
        conn = self.store.connection
        found = statements_by_words(conn, fts_any(claim.text), WORD_STATEMENTS)
        found += articles_mentioning(conn, claim.entities, NAME_ARTICLES)
        if claim.vector is not None:
            found += self.matrix.nearest_articles(claim.vector, MEANING_ARTICLES, MEANING_FLOOR)
        ids = list(dict.fromkeys(found))
        if within is not None:
            allowed = set(within)
            ids = [i for i in ids if i in allowed]
        return ids

    def find(self, text: str, within: Sequence[str] | None = None) -> list[Found]:
        """The statements of the claim ``text`` in the store (or in the ``within`` articles),
        each with its stance, evidence span and reasons; unrelated articles are left out."""
        claim = self.claim(text)
        ids = self.candidates(claim, within)
        conn = self.store.connection
        statements = article_statements(conn, ids)
        heads = article_heads(conn, ids)
        out: list[Found] = []
        for article_id in ids:
            passages = [
                Passage(s.article_id, s.start, s.end, s.text, s.cues, s.vector, s.entities)
                for s in statements[article_id]
            ]
            ranked = rank_passages(claim, passages, self.stats)
            if not ranked:
                continue
            words = Counter(t for p in passages for t in terms(p.text))
            read = ranked[:READ_PER_ARTICLE]
            rows = [features(claim, ranked, i, words, self.stats) for i in range(len(read))]
            labels = self.model.predict(rows)
            article_stance: Stance = labels[0]  # type: ignore[assignment]
            if article_stance == "unrelated":
                continue
            head = heads[article_id]
            for n, ((passage, close), label) in enumerate(zip(read, labels, strict=True)):
                if label == "unrelated" or (n and close.score < ranked[0][1].score - 0.3):
                    continue
                reasons = ["learned", *reasons_for(passage, close)]
                if head.copy_of:
                    reasons.append(f"{COPY_REASON}{head.copy_of}")
                if head.inferred:
                    reasons.append(INFERRED_REASON.format(date=head.published))
                statement = ClaimStatement(
                    article_id=article_id,
                    start=passage.start,
                    end=passage.end,
                    text=passage.text,
                    stance=label,  # type: ignore[arg-type]
                    date=None if head.inferred else head.published,
                    outlet=head.outlet,
                    reasons=reasons,
                )
                out.append(Found(statement, article_stance))
        return out
