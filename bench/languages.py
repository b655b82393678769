"""Benchmark: articles per second of the per-article analysis, per language.

``analyze_articles`` sends each article to its language's pipeline (English: spaCy;
Russian, Ukrainian: natasha + pymorphy3; French, Spanish: their spaCy models; Italian:
quotes and dates only). This times it per language on real-length texts:

* en: the example corpus (``examples/``, without ``examples/multilingual``);
* ru, uk: ``examples/multilingual`` and the annotated texts in ``evals/data``;
* es, fr, it: ``--crisis`` ML-Crisis articles per language when ``../shared/eval/crisis-ml``
  exists.

Texts are prepared before timing and every model is warmed up first; each language's pass
is repeated ``--rounds`` times and the median wall time and CPU time are reported.

    .venv/bin/python bench/languages.py [--crisis 60] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.ingest import read_inputs  # noqa: E402
from storyline.models import Article, RawDocument, SourceRef  # noqa: E402
from storyline.pipeline import analyze_articles, prepare_article  # noqa: E402
from storyline.pipeline.nlp import load_nlp  # noqa: E402

CRISIS = ROOT.parent / "shared" / "eval" / "crisis-ml"


def _prepare(raws: Sequence[RawDocument], settings: Settings) -> list[Article]:
    out = []
    for raw in raws:
        try:
            out.append(prepare_article(raw, settings))
        except InputError:
            continue
    return out


def corpora(settings: Settings, crisis: int) -> dict[str, list[Article]]:
    """Prepared articles per language code."""
    examples = [
        p
        for p in (ROOT / "examples").iterdir()
        if p.is_dir() and p.name not in {"multilingual", "expected"}
    ]
    english = [r for r in read_inputs(examples, settings) if isinstance(r, RawDocument)]
    by_lang: dict[str, list[RawDocument]] = {"en": english}
    multilingual = [
        r
        for r in read_inputs([ROOT / "examples" / "multilingual"], settings)
        if isinstance(r, RawDocument)
    ]
    for lang in ("ru", "uk"):
        records = []
        for split in ("train", "dev"):
            path = ROOT / "evals" / "data" / lang / f"{split}.json"
            records += json.loads(path.read_text(encoding="utf-8"))
        by_lang[lang] = [
            RawDocument(
                SourceRef(r["id"]), r["text"], given={"published": r["published"], "language": lang}
            )
            for r in records
        ]
    out = {lang: _prepare(raws, settings) for lang, raws in by_lang.items()}
    for article in _prepare(multilingual, settings):
        out.setdefault(article.meta.language.value or "?", []).append(article)
    if CRISIS.is_dir():
        for lang in ("es", "fr", "it"):
            paths = sorted((CRISIS / lang).glob("*/*/*.txt"))[:crisis]
            raws = [
                RawDocument(
                    SourceRef(p.name),
                    p.read_text(encoding="utf-8", errors="replace"),
                    given={"published": p.parent.name, "language": lang},
                )
                for p in paths
            ]
            out[lang] = _prepare(raws, settings)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--crisis", type=int, default=60, help="ML-Crisis articles per language")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    settings = Settings()
    nlp = load_nlp(settings.spacy_model)
    per_language = corpora(settings, args.crisis)
    print(
        f"{'lang':<5} {'articles':>8} {'chars/article':>13} {'articles/s':>11} {'CPU articles/s':>15}"
    )
    for lang, articles in per_language.items():
        if not articles:
            continue
        analyze_articles(articles[:2], nlp, settings)  # warm up the language's models
        walls, cpus = [], []
        for _ in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            analyze_articles(articles, nlp, settings)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        n = len(articles)
        chars = sum(len(a.text) for a in articles) // n
        print(
            f"{lang:<5} {n:>8} {chars:>13} {n / statistics.median(walls):>11.1f} {n / statistics.median(cpus):>15.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
