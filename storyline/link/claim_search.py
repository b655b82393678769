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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from storyline.config import Settings
from storyline.link._text import terms
from storyline.link.claim_languages import WordEstimate, other_language
from storyline.link.claim_steps import COPY_REASON, INFERRED_REASON, label_steps
from storyline.link.stance_model import (
    FEATURES,
    ClaimText,
    Closeness,
    Passage,
    TermStats,
    features,
    load_model,
    rank_passages,
    reasons_for,
)
from storyline.models import Article, Claim, ClaimStatement, Stance
from storyline.pipeline.embed import SentenceEncoder, Vector
from storyline.pipeline.language import detect_language
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
_COLUMN = {name: i for i, name in enumerate(FEATURES)}
_ARTICLE_FEATURES = ("article_emb_max", "article_words", "article_cosine")
#: The reason a statement in another language than its claim carries ("language ru").
LANGUAGE_REASON = "language "
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
            self._matrix = embedding_matrix(self.store)
        return self._matrix

    @property
    def stats(self) -> TermStats:
        if self._stats is None:
            self._stats = TermStats(sample_texts(self.store, STATS_SAMPLE))
        return self._stats

    def claim(self, text: str, store_wide: bool = True, vector: Vector | None = None) -> ClaimText:
        """The claim ready for comparison; ``store_wide=False`` embeds it without first
        loading the store's embedding matrix (for a search within given articles). A
        ``vector`` given (the stored embedding of the claim's own statements) is used as it
        is, so nothing is embedded."""
        if (
            vector is None
            and self.encoder is not None
            and (not store_wide or len(self.matrix.article_ids))
        ):
            vector = self.encoder.encode([text], is_query=True)[0]
        claim = ClaimText(text, vector)
        claim.entities = frozenset(mention_keys_spelled(self.store, claim_names(text)))
        return claim

    def candidates(self, claim: ClaimText, within: Sequence[str] | None = None) -> list[str]:
        found = statements_by_words(self.store, fts_any(claim.text), WORD_STATEMENTS)
        found += articles_mentioning(self.store, claim.entities, NAME_ARTICLES)
        if claim.vector is not None:
            found += self.matrix.nearest_articles(claim.vector, MEANING_ARTICLES, MEANING_FLOOR)
        ids = list(dict.fromkeys(found))
        if within is not None:
            allowed = set(within)
            ids = [i for i in ids if i in allowed]
        return ids

    def find(
        self,
        text: str,
        within: Sequence[str] | None = None,
        every_article: bool = False,
        vector: Vector | None = None,
    ) -> list[Found]:
        """The statements of the claim ``text`` in the store (or in the ``within`` articles),
        each with its stance, evidence span and reasons; unrelated articles are left out.

        Statements in another language than the claim are read too, each in its own words:
        their word features are estimated from their embedding similarity
        (:class:`~storyline.link.claim_languages.WordEstimate`). With ``every_article``,
        every one of the ``within`` articles is read, not only the retrieved candidates; with
        ``vector``, the claim's meaning is that stored embedding (nothing is embedded)."""
        read_all = every_article and within is not None
        claim = self.claim(text, store_wide=not read_all, vector=vector)
        ids = list(dict.fromkeys(within or ())) if read_all else self.candidates(claim, within)
        statements = article_statements(self.store, ids)
        heads = article_heads(self.store, ids)
        language = claim_language(text, self.settings)
        read: dict[str, tuple[list[tuple[Passage, Closeness]], list[list[float]]]] = {}
        for article_id in ids:
            passages = [
                Passage(s.article_id, s.start, s.end, s.text, s.cues, s.vector, s.entities)
                for s in statements[article_id]
            ]
            ranked = rank_passages(claim, passages, self.stats)
            if not ranked:
                continue
            words = Counter(t for p in passages for t in terms(p.text))
            n = min(len(ranked), READ_PER_ARTICLE)
            read[article_id] = (
                ranked,
                [features(claim, ranked, i, words, self.stats) for i in range(n)],
            )
        foreign = {i for i in read if other_language(language, heads[i].language)}
        if foreign:
            estimate = _word_estimate({i: r for i, r in read.items() if i not in foreign})
            if estimate is not None:
                for i in foreign:
                    read[i] = (read[i][0], [estimate.apply(row) for row in read[i][1]])
        out: list[Found] = []
        for article_id, (ranked, rows) in read.items():
            labels = self.model.predict(rows)
            article_stance: Stance = labels[0]  # type: ignore[assignment]
            if article_stance == "unrelated":
                continue
            head = heads[article_id]
            for n, ((passage, close), label) in enumerate(zip(ranked, labels, strict=False)):
                if label == "unrelated" or (n and close.score < ranked[0][1].score - 0.3):
                    continue
                reasons = ["learned", *reasons_for(passage, close)]
                if article_id in foreign:
                    reasons.append(f"{LANGUAGE_REASON}{head.language}")
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


def statements_vector(store: Store, spans: Iterable[tuple[str, int]]) -> Vector | None:
    """The normalised mean of the stored embeddings of the statements at ``spans``
    ((article id, start) pairs); None when none of them was embedded."""
    wanted = set(spans)
    stored = article_statements(store, sorted({a for a, _ in wanted}))
    vectors = [
        s.vector
        for found in stored.values()
        for s in found
        if (s.article_id, s.start) in wanted and s.vector is not None
    ]
    if not vectors:
        return None
    mean = np.mean(np.stack(vectors), axis=0)
    norm = float(np.linalg.norm(mean)) or 1.0
    return (mean / norm).astype(np.float32)


def claim_language(text: str, settings: Settings) -> str | None:
    """The language a claim is worded in (detected; None when it cannot be told)."""
    return detect_language(text, None, settings).value


def _word_estimate(
    read: dict[str, tuple[list[tuple[Passage, Closeness]], list[list[float]]]],
) -> WordEstimate | None:
    """The fit from similarity to word features over the claim-language articles read."""
    passages: list[tuple[float, float]] = []
    articles: list[tuple[float, float, float]] = []
    for ranked, rows in read.values():
        known = [(c.embedding, c.words) for _, c in ranked if c.embedding is not None]
        if not known:
            continue
        passages += known
        articles.append(tuple(rows[0][_COLUMN[n]] for n in _ARTICLE_FEATURES))  # type: ignore[arg-type]
    return WordEstimate.fit(passages, articles)


def add_other_languages(
    search: ClaimSearch, claims: Sequence[Claim], articles: Sequence[Article]
) -> bool:
    """Add to a story's ``claims`` the statements of its articles written in another language
    than the claim (in place), each in its own words and with its learned stance; then
    relabel the steps. A one-language story is left as it is. Returns whether any claim
    gained a statement.

    The story's claims are worded from parses of one language; the statements in the
    others are found by meaning (:meth:`ClaimSearch.find` reading every article of the
    story, so the work grows with the story, not with the store). The claim's meaning is
    the mean of the stored embeddings of its own statements, so no model is loaded here.
    """
    languages = {a.id: a.meta.language.value for a in articles}
    if len({code for code in languages.values() if code}) < 2:
        return False
    within = list(languages)
    changed = False
    for claim in claims:
        language = claim_language(claim.proposition, search.settings)
        seen = {(s.article_id, s.start) for s in claim.statements}
        vector = statements_vector(search.store, seen)
        if vector is None:
            continue
        added = [
            f.statement
            for f in search.find(claim.proposition, within, every_article=True, vector=vector)
            if (f.statement.article_id, f.statement.start) not in seen
            and other_language(language, languages.get(f.statement.article_id))
        ]
        if added:
            claim.statements.extend(added)
            label_steps(claim, search.settings)
            changed = True
    return changed
