"""Time per analysis step on pathological texts, at growing sizes: every step should grow
linearly with the text (double the text, about double the time).

Usage: ``.venv/bin/python bench/pathological.py [--case quotes] [--sizes 1000 4000 16000]``

Cases: ``quotes`` (n short quotations in one paragraph, ``"w1" "w2" ...``), ``said``
(``said `` x n), ``initials`` (``A. `` x n), ``ones`` (``1\\n`` x n). The texts skip the
prose check (which refuses the last three before any parsing, see ``prepare_article``) so
that the parser and the steps themselves are timed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.models import Article, SourceRef  # noqa: E402
from storyline.pipeline import ANALYSIS_STEPS, parse_texts  # noqa: E402
from storyline.pipeline.nlp import load_nlp  # noqa: E402

CASES = {
    "quotes": lambda n: "Title\n\n" + "".join(f'"w{i}" ' for i in range(n)),
    "said": lambda n: "Title\n\n" + "said " * n,
    "initials": lambda n: "Title\n\n" + "A. " * n,
    "ones": lambda n: "Title\n\n" + "1\n" * n,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), default="quotes")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 4_000, 16_000])
    args = parser.parse_args()
    settings = Settings()
    nlp = load_nlp(settings.spacy_model)
    print(
        f"{'n':>7} {'chars':>8} {'parse s':>8} "
        + " ".join(f"{s.name + ' s':>10}" for s in ANALYSIS_STEPS)
    )
    for n in args.sizes:
        text = CASES[args.case](n)
        article = Article("bench", SourceRef(args.case), text, text)
        started = time.perf_counter()
        (doc,) = parse_texts([text], nlp, settings)
        times = [time.perf_counter() - started]
        for step in ANALYSIS_STEPS:
            started = time.perf_counter()
            article = step.run(article, doc, settings)
            times.append(time.perf_counter() - started)
        print(
            f"{n:>7} {len(text):>8} "
            + " ".join(f"{t:>10.2f}" for t in times[:1])
            + " "
            + " ".join(f"{t:>10.2f}" for t in times[1:]),
            flush=True,
        )


if __name__ == "__main__":
    main()
