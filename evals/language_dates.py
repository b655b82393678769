"""Date mentions of the Spanish, French and Italian pipelines on ML-Crisis, counted and sampled.

For each language (``--langs``) every topic's articles go through the language's dates step
(:func:`storyline.pipeline.languages.dates.find_language_dates`, against the article's
publication date). Printed per topic: articles, day-precision mentions per article, the
*ceilings* (shares of the gold days that are the value of some day-precision mention; that
or a publication day; a day the timeline can tell) and the most frequent day-precision surface forms; then a random sample of
mentions per language, spread evenly over the topics, each with its value, the publication
date and the text around it, to be judged by hand (is the span a date expression, is the
value right?). The sample is fixed by ``--seed``, so a judged sample can be re-printed.

    .venv/bin/python evals/language_dates.py [--langs es,fr,it] [--sample 60] [--seed 9]
        [--topics egypt,syria] [--top 15]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "evals"))

from timelines import (  # noqa: E402
    CRISIS,
    DEFAULT_CACHE,
    Topic,
    _articles,
    _language_dates,
    topics_of,
    with_sentences,
)

from storyline.link.timeline import candidate_days  # noqa: E402
from storyline.models import DateMention  # noqa: E402


def ceilings(topic: Topic, mentions: Sequence[list[DateMention]]) -> tuple[float, float, float]:
    """Shares of the gold days that are (a) the value of some day-precision mention, (b)
    that or a publication day, (c) a day the timeline can tell (a dated statement or an
    undated lead: :func:`~storyline.link.timeline.candidate_days`)."""
    mentioned = {m.value for found in mentions for m in found if m.precision == "day"}
    published = mentioned | {dct for _uid, dct, _text in topic.articles}
    articles = with_sentences(topic, _articles(topic, topic.articles, mentions), DEFAULT_CACHE)
    told = candidate_days(articles)
    n = max(len(topic.gold), 1)

    def share(days: set[str]) -> float:
        return sum(day in days for day in topic.gold) / n

    return share(mentioned), share(published), share(told)


def context(text: str, mention: DateMention, width: int) -> str:
    left = text[max(0, mention.start - width) : mention.start]
    right = text[mention.end : mention.end + width]
    return f"{left}[[{text[mention.start : mention.end]}]]{right}".replace("\n", " / ")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default="es,fr,it")
    parser.add_argument("--topics", default="", help="comma-separated topic names")
    parser.add_argument("--sample", type=int, default=60, help="mentions sampled per language")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--top", type=int, default=15, help="frequent surface forms shown")
    parser.add_argument("--width", type=int, default=80, help="context characters each side")
    args = parser.parse_args(argv)
    if not CRISIS.is_dir():
        print(f"no evaluation data at {CRISIS}; nothing to count", file=sys.stderr)
        return 0
    names = [n for n in args.topics.split(",") if n] or None
    for lang in args.langs.split(","):
        rng = random.Random(f"{args.seed}\0{lang}")
        topics = topics_of("crisis", lang, names)
        per_topic: list[list[tuple[str, str, str, str, DateMention]]] = []
        print(f"== {lang}")
        print(
            f"{'topic':10} {'arts':>5} {'gold':>5} {'day/art':>8} {'all/art':>8} "
            f"{'ceil:mentioned':>15} {'+published':>11} {'timeline':>9}"
        )
        for topic in topics:
            found = _language_dates(lang, topic.articles)
            rows = [
                (topic.name, uid, dct, text, m)
                for (uid, dct, text), ms in zip(topic.articles, found, strict=True)
                for m in ms
            ]
            per_topic.append(rows)
            n = max(len(topic.articles), 1)
            days = [m for *_, m in rows if m.precision == "day"]
            mentioned, published, told = ceilings(topic, found)
            print(
                f"{topic.name:10} {len(topic.articles):5d} {len(topic.gold):5d} "
                f"{len(days) / n:8.1f} {len(rows) / n:8.1f} {mentioned:15.2f} {published:11.2f} "
                f"{told:9.2f}"
            )
            common = Counter(m.text.casefold() for m in days).most_common(args.top)
            print("  " + ", ".join(f"{t!r} {c}" for t, c in common))
        quota = -(-args.sample // max(len(per_topic), 1))
        print(f"-- sample ({lang}, up to {quota} per topic, seed {args.seed})")
        for rows in per_topic:
            for name, uid, dct, text, m in rng.sample(rows, min(quota, len(rows))):
                print(f"{lang} {name}/{uid} dct {dct} -> {m.value} ({m.precision})")
                print(f"    {context(text, m, args.width)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
