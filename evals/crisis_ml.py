"""Stories across languages on ML-Crisis: B-cubed of stories against the four topics.

Usage: ``.venv/bin/python evals/crisis_ml.py [--data ../shared/eval/crisis-ml] [--limit N]
[--lead-chars N] [--first-sentence]``

ML-Crisis covers four long stories (Egypt, Libya, Syria, Yemen 2011-2013) in Spanish,
French and Italian. Each article is prepared as Storyline prepares any input (cleaning,
metadata, its language given by the folder) and clustered with the batch re-cluster
(:func:`storyline.link.clustering.cluster_batch`, term vectors):

* per language: B-cubed of the stories against the topics, one language at a time;
* all three languages together, without and with :func:`storyline.link.languages.
  merge_across_languages` (multilingual embeddings of title and lead): B-cubed against the
  topics and the share of same-topic article pairs in two languages that share a story.

The join threshold is learnt on a training split of the topics (Egypt, Libya) by a grid
search for the best B-cubed F1 and reported on the held-out topics (Syria, Yemen), with
joins inside one language off. Then the same-language join (stories sharing a language
join when their embeddings are closer than ``same_language_story_threshold``) is learnt on
the earlier half of the articles in time and reported on the later half (two topics alone
would reward one story for everything), overall and per language.
Embeddings are cached under ``--cache`` (default: the system's temp folder).
``--lead-chars`` and ``--first-sentence`` embed a shorter lead after the title than the
pipeline's (:data:`storyline.pipeline.embed_lead.LEAD_CHARS` characters), to measure what
a shorter text costs the joins.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals"))

from clustering import bcubed  # noqa: E402

from storyline.config import Settings  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.link import languages  # noqa: E402
from storyline.link._text import split_sentences  # noqa: E402
from storyline.link.clustering import Assignment, cluster_batch  # noqa: E402
from storyline.link.features import article_features  # noqa: E402
from storyline.link.languages import merge_across_languages  # noqa: E402
from storyline.models import Article, RawDocument, SourceRef  # noqa: E402
from storyline.pipeline import embed_lead, prepare_article  # noqa: E402
from storyline.pipeline.embed import shared_encoder  # noqa: E402

LANGUAGES = ("es", "fr", "it")
TRAIN_TOPICS = ("egypt", "libya")
DEV_TOPICS = ("syria", "yemen")
GRID = tuple(round(0.80 + 0.01 * i, 2) for i in range(13))


def load(data: Path, limit: int | None) -> tuple[list[Article], dict[str, str]]:
    """Articles of every language and topic, and the gold topic per article id."""
    settings = Settings()
    articles: list[Article] = []
    topic: dict[str, str] = {}
    for lang in LANGUAGES:
        for folder in sorted(p for p in (data / lang).iterdir() if p.name != "reference"):
            paths = sorted(folder.glob("*/*.txt"))
            for path in paths[:limit] if limit else paths:
                raw = RawDocument(
                    SourceRef(str(path.relative_to(data))),
                    path.read_text(encoding="utf-8", errors="replace"),
                    given={"published": path.parent.name, "language": lang},
                )
                try:
                    article = prepare_article(raw, settings)
                except InputError:
                    continue
                articles.append(article)
                topic[article.id] = folder.name
    return articles, topic


class CachedEmbedder:
    """Embeddings of title and lead, computed once and kept in a .npy file per text hash."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode()).hexdigest()[:20] for t in texts]
        missing = [i for i, k in enumerate(keys) if not (self.cache / f"{k}.npy").exists()]
        for start in range(0, len(missing), 64):
            chunk = missing[start : start + 64]
            vectors = shared_encoder().encode([texts[i] for i in chunk])
            for i, vector in zip(chunk, vectors, strict=True):
                np.save(self.cache / f"{keys[i]}.npy", vector)
        return np.stack([np.load(self.cache / f"{k}.npy") for k in keys])


def first_sentence_lead(article: Article) -> str:
    """The title and the body's first sentence (at most the pipeline's lead length)."""
    full = embed_lead.embedding_text(article)
    title, _, body = full.partition("\n")
    sentences = split_sentences(body)
    first = body[: sentences[0].end] if sentences else body
    return f"{title}\n{first}".strip()


def cross_pair_recall(
    stories: Mapping[str, str], articles: Sequence[Article], topic: Mapping[str, str]
) -> float:
    """Share of same-topic article pairs in two languages that the clustering puts together
    (over a sample of at most 40 articles per topic and language, to stay quadratic-cheap)."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in articles:
        by_key[(topic[a.id], a.meta.language.value or "")].append(a.id)
    together = total = 0
    for t in {k[0] for k in by_key}:
        for la, lb in combinations(LANGUAGES, 2):
            for x in by_key.get((t, la), [])[:40]:
                for y in by_key.get((t, lb), [])[:40]:
                    total += 1
                    together += stories[x] == stories[y]
    return together / total if total else 0.0


_TERM_CLUSTERS: dict[tuple[str, ...], dict[str, Assignment]] = {}


def run(
    articles: Sequence[Article],
    topic: Mapping[str, str],
    settings: Settings,
    embed: CachedEmbedder | None,
) -> tuple[dict[str, str], float, float]:
    """Stories of ``articles`` (term clustering, cached per subset; then the join)."""
    key = tuple(sorted(a.id for a in articles))
    if key not in _TERM_CLUSTERS:
        features = [article_features(x) for x in articles]
        _TERM_CLUSTERS[key] = {a.article_id: a for a in cluster_batch(features, settings)}
    batch = _TERM_CLUSTERS[key]
    if embed is not None:
        batch = merge_across_languages(articles, batch, settings, embed=embed)
    stories = {aid: a.story_id for aid, a in batch.items()}
    gold = {a.id: topic[a.id] for a in articles}
    return stories, bcubed(stories, gold)[2], cross_pair_recall(stories, articles, topic)


def report(
    name: str, stories: Mapping[str, str], articles: Sequence[Article], topic: Mapping[str, str]
) -> None:
    gold = {a.id: topic[a.id] for a in articles}
    p, r, f = bcubed(stories, gold)
    pairs = cross_pair_recall(stories, articles, topic)
    n = len(set(stories.values()))
    print(
        f"{name:<44} n={len(articles):>5} stories={n:>4}  B3 P={p:.3f} R={r:.3f} F1={f:.3f}  cross-language pairs together={pairs:.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "crisis-ml")
    parser.add_argument("--limit", type=int, default=None, help="articles per language and topic")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-crisis-ml-e5"
    )
    parser.add_argument("--lead-chars", type=int, help="characters of the lead after the title")
    parser.add_argument(
        "--first-sentence", action="store_true", help="embed the title and first sentence"
    )
    args = parser.parse_args(argv)
    if args.lead_chars is not None:
        embed_lead.LEAD_CHARS = args.lead_chars  # read by embedding_text at each call
    if args.first_sentence:
        languages.embedding_text = first_sentence_lead  # type: ignore[assignment]
    if not (args.data / "es").is_dir():
        print(f"ML-Crisis data not found at {args.data}; pass --data", file=sys.stderr)
        return 2
    started = time.perf_counter()
    articles, topic = load(args.data, args.limit)
    default = Settings()
    settings = default.replace(same_language_story_threshold=1.0)  # languages joined only
    embed = CachedEmbedder(args.cache)
    print(
        f"{len(articles)} articles in {', '.join(LANGUAGES)}, 4 topics; loaded in {time.perf_counter() - started:.0f}s"
    )
    leads = [languages.embedding_text(a) for a in articles]
    print(
        f"lead embedded: {'title + first sentence' if args.first_sentence else f'title + {embed_lead.LEAD_CHARS} characters'}"
        f" (mean {sum(map(len, leads)) / max(len(leads), 1):.0f} characters)"
    )

    print("\nPer language (term-vector stories against the topics):")
    for lang in LANGUAGES:
        subset = [a for a in articles if a.meta.language.value == lang]
        stories, _, _ = run(subset, topic, settings, None)
        report(f"  {lang}", stories, subset, topic)

    train = [a for a in articles if topic[a.id] in TRAIN_TOPICS]
    dev = [a for a in articles if topic[a.id] in DEV_TOPICS]
    print(f"\nLearning the join threshold on {'+'.join(TRAIN_TOPICS)} (all languages):")
    best = (-1.0, settings.cross_language_story_threshold)
    for threshold in GRID:
        tuned = settings.replace(cross_language_story_threshold=threshold)
        _, f1, pairs = run(train, topic, tuned, embed)
        print(
            f"  threshold {threshold:.2f}: B3 F1={f1:.3f} cross-language pairs together={pairs:.3f}"
        )
        best = max(best, (f1, threshold))
    chosen = settings.replace(cross_language_story_threshold=best[1])
    print(f"  -> {best[1]:.2f} (setting default: {settings.cross_language_story_threshold:.2f})")

    for name, subset in (("train", train), ("dev (held-out topics)", dev), ("all", articles)):
        print(f"\nAll languages together, {name}:")
        stories, _, _ = run(subset, topic, settings, None)
        report("  baseline: term vectors only", stories, subset, topic)
        stories, _, _ = run(subset, topic, chosen, embed)
        report(f"  + cross-language join (learnt {best[1]:.2f})", stories, subset, topic)
        stories, _, _ = run(subset, topic, settings, embed)
        report(
            f"  + cross-language join (default {settings.cross_language_story_threshold:.2f})",
            stories,
            subset,
            topic,
        )
    # Two topics reward one story for everything (B3 P 0.5, R 1.0); the same-language
    # threshold is learnt on a split in time instead, all four topics on both sides.
    days = sorted(a.published or "" for a in articles)
    cut = days[len(days) // 2]
    early = [a for a in articles if (a.published or "") < cut]
    late = [a for a in articles if (a.published or "") >= cut]
    print(
        f"\nTime split at {cut[:10]}: {len(early)} earlier articles (train), {len(late)} later (dev)"
    )
    same = learn_same_language(early, topic, chosen, embed)
    both = chosen.replace(same_language_story_threshold=same)
    for name, subset in (("earlier (train)", early), ("later (dev)", late), ("all", articles)):
        print(f"\nSame-language joins too (learnt {same:.2f}), {name}:")
        base, _, _ = run(subset, topic, settings, None)
        joined, _, _ = run(subset, topic, chosen, embed)
        stories, _, _ = run(subset, topic, both, embed)
        report("  baseline: term vectors only", base, subset, topic)
        report(f"  + cross-language join ({best[1]:.2f})", joined, subset, topic)
        report(f"  + same-language join {same:.2f}", stories, subset, topic)
        shipped, _, _ = run(subset, topic, default, embed)
        report(
            f"  shipped defaults ({default.cross_language_story_threshold:.2f}, "
            f"{default.same_language_story_threshold:.2f})",
            shipped,
            subset,
            topic,
        )
        for lang in LANGUAGES:
            part = [a for a in subset if a.meta.language.value == lang]
            for label, found in (("term vectors", base), ("+ join", joined), ("+ same", stories)):
                report(f"    {lang} {label}", {a.id: found[a.id] for a in part}, part, topic)
    print(f"\ntook {time.perf_counter() - started:.0f}s")
    return 0


SAME_GRID = tuple(round(0.86 + 0.01 * i, 2) for i in range(11))


def learn_same_language(
    train: Sequence[Article], topic: Mapping[str, str], settings: Settings, embed: CachedEmbedder
) -> float:
    """The same-language join threshold with the best B-cubed F1 on ``train`` (the earlier
    half of the articles in time)."""
    print("\nLearning the same-language join threshold on the earlier half of the articles:")
    best = (-1.0, 1.0)
    for threshold in SAME_GRID:
        tuned = settings.replace(same_language_story_threshold=threshold)
        stories, f1, _ = run(train, topic, tuned, embed)
        gold = {a.id: topic[a.id] for a in train}
        p, r, _ = bcubed(stories, gold)
        print(f"  threshold {threshold:.2f}: B3 P={p:.3f} R={r:.3f} F1={f1:.3f}")
        best = max(best, (f1, threshold))
    print(f"  -> {best[1]:.2f}")
    return best[1]


if __name__ == "__main__":
    raise SystemExit(main())
