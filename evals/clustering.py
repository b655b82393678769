"""Story/event clustering on BASIL: B-cubed P/R/F1 and ARI against the event uuid.

Usage: ``.venv/bin/python evals/clustering.py [--data ../shared/eval/basil] [--floor 0.95]``

Each BASIL article (title, date, source, body paragraphs) becomes an :class:`Article`; the
clustering uses text, title and publication date only (no spaCy, so no entity bonus), runs
the batch re-cluster (:func:`storyline.link.clustering.cluster_batch`) and also the
incremental path in date order, and scores both the story and the event level. The exit
code is 1 when the event-level B-cubed F1 of the batch run is below ``--floor``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.link.clustering import MemoryIndex, assign, chronological, cluster_batch  # noqa: E402
from storyline.link.features import article_features  # noqa: E402
from storyline.models import Article, MetaValue, SourceRef  # noqa: E402


def load_basil(data: Path) -> tuple[list[Article], dict[str, str]]:
    """BASIL articles as :class:`Article` objects, and the gold event uuid per article id."""
    articles: list[Article] = []
    gold: dict[str, str] = {}
    for path in sorted(data.glob("articles/*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [
            " ".join(p) if isinstance(p, list) else str(p) for p in record["body-paragraphs"]
        ]
        title = record.get("title") or ""
        text = "\n".join([title, *paragraphs])
        article = Article(id=path.stem, source=SourceRef(str(path)), raw=text, text=text)
        article.meta.title = MetaValue(title, "input")
        article.meta.published = MetaValue(record.get("date"), "input")
        article.meta.outlet = MetaValue(record.get("source"), "input")
        articles.append(article)
        gold[article.id] = path.stem.rsplit("_", 1)[0]
    return articles, gold


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin) of a flat clustering."""
    pred_size = Counter(predicted.values())
    gold_size = Counter(gold.values())
    both = Counter((predicted[i], gold[i]) for i in gold)
    precision = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in gold) / len(
        gold
    )
    recall = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in gold) / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(name: str, predicted: Mapping[str, str], gold: Mapping[str, str]) -> float:
    ids: Sequence[str] = sorted(gold)
    p, r, f = bcubed(predicted, gold)
    ari = adjusted_rand_score([gold[i] for i in ids], [predicted[i] for i in ids])
    n = len(set(predicted.values()))
    print(f"{name:<22} clusters={n:>4}  B3 P={p:.3f} R={r:.3f} F1={f:.3f}  ARI={ari:.3f}")
    return f


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "basil")
    parser.add_argument("--floor", type=float, default=0.95)
    args = parser.parse_args(argv)
    if not (args.data / "articles").is_dir():
        print(f"BASIL data not found at {args.data}; pass --data", file=sys.stderr)
        return 2
    articles, gold = load_basil(args.data)
    settings = Settings()
    print(
        f"{len(articles)} articles, {len(set(gold.values()))} gold events; {settings.story_threshold=} "
        f"{settings.event_threshold=} {settings.event_window_days=}"
    )

    started = time.perf_counter()
    batch = cluster_batch([article_features(a) for a in articles], settings)
    elapsed = time.perf_counter() - started
    event_f1 = score("batch / events", {a.article_id: a.event_id for a in batch}, gold)
    score("batch / stories", {a.article_id: a.story_id for a in batch}, gold)

    index = MemoryIndex()
    incremental = [
        assign(f, index, settings) for f in chronological(article_features(a) for a in articles)
    ]
    score("incremental / events", {a.article_id: a.event_id for a in incremental}, gold)
    score("incremental / stories", {a.article_id: a.story_id for a in incremental}, gold)
    print(f"batch clustering took {elapsed:.2f}s")
    if event_f1 < args.floor:
        print(f"FAIL: event B-cubed F1 {event_f1:.3f} is below the floor {args.floor}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
