"""Word features of a statement in another language than its claim, estimated from meaning.

The stance model (:mod:`storyline.link.stance_model`) was trained on English claims and
English articles; among its strongest features are the claim's words found in the
statement and in its article. A Russian or Ukrainian statement shares almost no word with
an English claim ("ATACMS" at most), so read as it is, every such statement looks
unrelated. Its e5 embedding, being multilingual, still says how close it is.

:class:`WordEstimate` learns, for one claim, how the word features of statements written in
the claim's own language rise with their embedding similarity (a monotone fit, isotonic
regression, over the claim-language candidates: passages for the passage's words, articles
for the article's words), and gives a statement in another language the word features its
similarity predicts. Its own cue counts (negations, denials in its own words) are kept, so
the stance still comes from what the statement says. Without enough claim-language
statements to learn from, nothing is estimated and the features stay as read.

>>> est = WordEstimate.fit([(0.70, 0.0), (0.80, 0.2), (0.90, 0.8)] * 4, [(0.7, 0.1, 0.1)] * 3)
>>> round(est.passage_words(0.85), 2)
0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.isotonic import IsotonicRegression

from storyline.link.stance_model import FEATURES

__all__ = ["MIN_ARTICLES", "MIN_PASSAGES", "WordEstimate", "other_language"]

#: Claim-language passages (with embeddings) and articles needed before estimating.
MIN_PASSAGES = 8
MIN_ARTICLES = 3
_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def other_language(claim_language: str | None, article_language: str | None) -> bool:
    """Whether an article is written in another language than the claim (unknown: same)."""
    return bool(claim_language and article_language and claim_language != article_language)


def _monotone(points: Sequence[tuple[float, float]]) -> IsotonicRegression:
    fit = IsotonicRegression(increasing=True, out_of_bounds="clip", y_min=0.0)
    fit.fit([x for x, _ in points], [y for _, y in points])
    return fit


@dataclass
class WordEstimate:
    """Monotone fits from embedding similarity to the word features of one claim."""

    words: IsotonicRegression
    article_words: IsotonicRegression
    article_cosine: IsotonicRegression

    @classmethod
    def fit(
        cls,
        passages: Sequence[tuple[float, float]],
        articles: Sequence[tuple[float, float, float]],
    ) -> WordEstimate | None:
        """Learn from claim-language ``passages`` as (similarity, words) and ``articles`` as
        (closest similarity, article words, article cosine); None with too few of them."""
        if len(passages) < MIN_PASSAGES or len(articles) < MIN_ARTICLES:
            return None
        return cls(
            _monotone(passages),
            _monotone([(e, w) for e, w, _ in articles]),
            _monotone([(e, c) for e, _, c in articles]),
        )

    def passage_words(self, similarity: float) -> float:
        return float(self.words.predict([similarity])[0])

    def apply(self, row: list[float]) -> list[float]:
        """``row`` (a feature vector of a statement in another language) with its word
        features replaced by the estimates for its similarity; interactions recomputed."""
        out = list(row)
        emb, article_emb = row[_COLUMN["emb"]], row[_COLUMN["article_emb_max"]]
        words = self.passage_words(emb)
        article_words = float(self.article_words.predict([article_emb])[0])
        out[_COLUMN["words"]] = words
        out[_COLUMN["article_words"]] = article_words
        out[_COLUMN["article_cosine"]] = float(self.article_cosine.predict([article_emb])[0])
        out[_COLUMN["words_x_deny"]] = words * row[_COLUMN["cue_deny"]]
        out[_COLUMN["article_words_x_deny"]] = article_words * row[_COLUMN["context_deny"]]
        return out
