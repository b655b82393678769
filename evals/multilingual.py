"""Quotes, speakers, dates and entities per language on the annotated texts in evals/data.

Usage: ``.venv/bin/python evals/multilingual.py [--lang ru uk] [--split train dev] [--json]``

Each text of ``evals/data/<lang>/<split>.json`` is prepared and analysed as any input
(its language given) and compared with its annotation:

* quotes: a gold quote is found when a predicted quote's span overlaps half of the shorter
  of the two; recall over gold quotes, precision over predicted ones; speaker accuracy
  over the found quotes (names compared case- and ё-insensitively);
* dates: a gold date is correct when a predicted date overlaps it with the same value;
  accuracy over gold dates, precision over predicted ones;
* entities: per text, the set of (nominative name, kind), micro-averaged F1.

``train`` holds the texts whose errors were looked at while the pipelines were built;
``dev`` was written and annotated afterwards and scored without changing anything for it.
The baseline is what Storyline did before these languages had pipelines of their own: the
English spaCy pipeline run on the same texts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.models import Article, RawDocument, SourceRef  # noqa: E402
from storyline.pipeline import analyze_articles, prepare_article  # noqa: E402
from storyline.pipeline.nlp import load_nlp  # noqa: E402

DATA = ROOT / "evals" / "data"


@dataclass
class Counts:
    gold_quotes: int = 0
    found_quotes: int = 0
    predicted_quotes: int = 0
    matched_predicted: int = 0
    right_speakers: int = 0
    gold_dates: int = 0
    right_dates: int = 0
    predicted_dates: int = 0
    matched_dates: int = 0
    gold_entities: int = 0
    predicted_entities: int = 0
    shared_entities: int = 0

    def scores(self) -> dict[str, float]:
        def div(a: int, b: int) -> float:
            return round(a / b, 3) if b else 0.0

        p, r = (
            div(self.shared_entities, self.predicted_entities),
            div(self.shared_entities, self.gold_entities),
        )
        return {
            "quote_recall": div(self.found_quotes, self.gold_quotes),
            "quote_precision": div(self.matched_predicted, self.predicted_quotes),
            "speaker_accuracy": div(self.right_speakers, self.found_quotes),
            "date_accuracy": div(self.right_dates, self.gold_dates),
            "date_precision": div(self.matched_dates, self.predicted_dates),
            "entity_precision": p,
            "entity_recall": r,
            "entity_f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
        }


def _norm(name: str | None) -> str:
    return " ".join((name or "").casefold().replace("ё", "е").split())


def _span(text: str, needle: str, start: int = 0) -> tuple[int, int]:
    at = text.find(needle, start)
    if at < 0:
        at = text.find(needle)
    if at < 0:
        raise ValueError(f"annotated text {needle!r} is not in the article")
    return at, at + len(needle)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and shared >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def score_article(article: Article, gold: dict[str, Any], counts: Counts) -> None:
    text = article.text
    predicted = [(q.start, q.end) for q in article.quotes]
    used: set[int] = set()
    for g in gold["quotes"]:
        counts.gold_quotes += 1
        span = _span(text, g["text"].strip(" .»«"))
        hit = next(
            (i for i, p in enumerate(predicted) if i not in used and _overlap(span, p)), None
        )
        if hit is None:
            continue
        used.add(hit)
        counts.found_quotes += 1
        counts.right_speakers += _norm(article.quotes[hit].speaker) == _norm(g["speaker"])
    counts.predicted_quotes += len(predicted)
    counts.matched_predicted += len(used)

    spans = [(d.start, d.end) for d in article.dates]
    matched: set[int] = set()
    for g in gold["dates"]:
        counts.gold_dates += 1
        span = _span(text, g["text"])
        for i, p in enumerate(spans):
            if min(span[1], p[1]) > max(span[0], p[0]):
                matched.add(i)
                if article.dates[i].value == g["value"]:
                    counts.right_dates += 1
                    break
    counts.predicted_dates += len(spans)
    counts.matched_dates += len(matched)

    want = {(_norm(n), k) for n, k in gold["entities"]}
    got = {
        (_norm(m.canonical), m.kind)
        for m in article.mentions
        if m.kind in ("person", "organization", "place")
    }
    counts.gold_entities += len(want)
    counts.predicted_entities += len(got)
    counts.shared_entities += len(want & got)


def evaluate(lang: str, split: str, as_language: str, settings: Settings) -> dict[str, float]:
    records = json.loads((DATA / lang / f"{split}.json").read_text(encoding="utf-8"))
    articles = [
        prepare_article(
            RawDocument(
                SourceRef(r["id"]),
                r["text"],
                given={"published": r["published"], "language": as_language},
            ),
            settings,
        )
        for r in records
    ]
    analysed = analyze_articles(articles, load_nlp(settings.spacy_model), settings)
    counts = Counts()
    for article, record in zip(analysed, records, strict=True):
        score_article(article, record, counts)
    return {
        "texts": len(records),
        "gold_quotes": counts.gold_quotes,
        "gold_dates": counts.gold_dates,
        **counts.scores(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lang", nargs="*", default=sorted(p.name for p in DATA.iterdir() if p.is_dir())
    )
    parser.add_argument("--split", nargs="*", default=["train", "dev"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    settings = Settings()
    results = {
        f"{lang} {split}": {
            "storyline": evaluate(lang, split, lang, settings),
            "baseline (English pipeline)": evaluate(lang, split, "en", settings),
        }
        for lang in args.lang
        for split in args.split
    }
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    for lang, runs in results.items():
        first = next(iter(runs.values()))
        print(
            f"{lang}: {first['texts']} texts, {first['gold_quotes']} gold quotes, {first['gold_dates']} gold dates"
        )
        for name, r in runs.items():
            print(
                f"  {name:<28} quotes R={r['quote_recall']:.3f} P={r['quote_precision']:.3f}  "
                f"speakers={r['speaker_accuracy']:.3f}  dates acc={r['date_accuracy']:.3f} "
                f"P={r['date_precision']:.3f}  entities F1={r['entity_f1']:.3f} "
                f"(P={r['entity_precision']:.3f} R={r['entity_recall']:.3f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
