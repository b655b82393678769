"""Claims checked per second over a store of 10,000 articles, and the memory it takes.

Usage: ``.venv/bin/python bench/claims.py [--articles 10000] [--queries 100] [--real-encoder]``

The articles come from the seeded synthetic generator of ``bench/link.py`` (pseudo-words,
stories of 20 articles, 8 sentences each). Each is stored as the pipeline would store it:
its sentences with statement flags and cue counts, and embeddings for the first
``embed_sentences`` statements -- synthetic unit vectors near a per-story direction, since
embedding 60,000 sentences with e5 would take an hour on this machine. The queries are
claims made of a story's words and names; their vectors come from the same story
direction, or from the real e5 model with ``--real-encoder`` (the cost a user pays).

One :class:`~storyline.link.claim_search.ClaimSearch` checks all queries (the stored
embeddings load once), as ``storyline claims --queries FILE`` does; the learned path only
(no spaCy). Reported: set-up, claims per second, statements found per claim, peak
resident memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from link import ARTICLES_PER_STORY, Corpus  # noqa: E402

from storyline.config import Settings  # noqa: E402
from storyline.link._stage import query_claim  # noqa: E402
from storyline.link.claim_search import ClaimSearch  # noqa: E402
from storyline.models import Article, SentenceFacts  # noqa: E402
from storyline.pipeline.embed import DIM, SentenceEncoder, Vector, encode_vector  # noqa: E402
from storyline.pipeline.sentence_cues import sentence_cues  # noqa: E402
from storyline.pipeline.sentences import choose_for_embedding, is_statement  # noqa: E402
from storyline.store import open_store  # noqa: E402


def unit(v: np.ndarray) -> Vector:
    return (v / np.linalg.norm(v)).astype(np.float32)


class StoryEncoder(SentenceEncoder):
    """Vectors near each story's direction, looked up by the text's story (a stand-in)."""

    def __init__(self, directions: dict[str, Vector], rng: np.random.Generator) -> None:
        super().__init__(model=object())
        self.directions = directions
        self.rng = rng

    def encode(self, texts: Sequence[str], is_query: bool = False) -> Vector:
        rows = []
        for text in texts:
            base = self.directions.get(text.split()[0].lower(), self.rng.normal(size=DIM))
            rows.append(unit(base + 0.6 * self.rng.normal(size=DIM) / np.sqrt(DIM)))
        return np.stack(rows)


def stored_article(
    corpus: Corpus, article_id: str, story: int, encoder: StoryEncoder, limit: int
) -> Article:
    article = corpus.article(article_id, story)
    _, names, _ = corpus.story(story)
    offset = 0
    facts = []
    for line in article.text.split("\n"):
        statement = is_statement(line)
        facts.append(
            SentenceFacts(
                offset, offset + len(line), statement, sentence_cues(line) if statement else {}
            )
        )
        offset += len(line) + 1
    texts = [article.text[f.start : f.end] for f in facts]
    chosen = choose_for_embedding(texts, limit)
    vectors = encoder.encode([f"{names[0]} {texts[i]}" for i in chosen])
    for i, vector in zip(chosen, vectors, strict=True):
        facts[i].embedding = encode_vector(vector)
    article.sentences = facts
    return article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--real-encoder", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    rng = np.random.default_rng(7)
    corpus = Corpus()
    stories = max(1, args.articles // ARTICLES_PER_STORY)
    directions: dict[str, Vector] = {}
    for s in range(stories):
        _, names, _ = corpus.story(s)
        directions[names[0].lower()] = unit(rng.normal(size=DIM))
    fake = StoryEncoder(directions, rng)

    started = time.perf_counter()
    store = open_store(":memory:")
    batch = []
    for i in range(args.articles):
        batch.append(
            stored_article(
                corpus, f"a{i:06d}", i // ARTICLES_PER_STORY, fake, settings.embed_sentences
            )
        )
        if len(batch) == 500:
            store.add_articles(batch)
            batch = []
    store.add_articles(batch)
    fill = time.perf_counter() - started

    queries = []
    for _ in range(args.queries):
        topic, names, _ = corpus.story(int(rng.integers(stories)))
        words = [str(w) for w in rng.choice(topic, 5, replace=False)]
        queries.append(f"{names[0]} {words[0]} {words[1]} the {words[2]} of {names[1]} {words[3]}")

    encoder: SentenceEncoder = SentenceEncoder() if args.real_encoder else fake
    started = time.perf_counter()
    search = ClaimSearch(store, settings, encoder)
    found = [query_claim(store, q, None, settings, None, search) for q in queries]
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    statements = [len(c.statements) for c in found]
    print(
        f"{args.articles} stored articles (filled in {fill:.1f}s), {len(queries)} claims in "
        f"{elapsed:.1f}s: {len(queries) / elapsed:.2f} claims/s, "
        f"{np.mean(statements):.1f} statements per claim (median {np.median(statements):.0f}); "
        f"encoder {'e5' if args.real_encoder else 'synthetic'}; peak memory {peak:.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
