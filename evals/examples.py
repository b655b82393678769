"""The example corpus end to end: run the real CLI on ``examples/``, snapshot, score.

Usage::

    .venv/bin/python evals/examples.py [--json]          # scores against examples/truth.json
    .venv/bin/python evals/examples.py --write-golden    # what scripts/update-golden runs

:func:`run_examples` analyses ``examples/`` with ``storyline analyze`` into a temporary
database and reads the results back the way a user would: ``storyline export --format
json``, ``storyline claims --query <truth proposition> --story <story> --json``, and the
copy relation the link stage stores. :func:`snapshot` turns that into the golden files of
``examples/expected/`` (stable order, no absolute paths, articles named by their source
rather than by content hash so a diff says which article changed). :func:`scores` measures
the run against ``truth.json``; ``tests/test_truth_examples.py`` asserts the same matches
item by item, through the matching helpers here (:func:`find_quote`, :func:`same_speaker`,
:func:`find_date`, ...).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EXAMPLES = ROOT / "examples"
EXPECTED = EXAMPLES / "expected"
TRUTH_FILE = EXAMPLES / "truth.json"
#: Golden sections, one file each in ``examples/expected/``.
SECTIONS = ("articles", "quotes", "dates", "entities", "links")
#: Metadata fields truth.json states per article, compared when truth gives a value.
META_FIELDS = ("outlet", "published", "title", "author", "dateline", "url")
UPDATE_COMMAND = "scripts/update-golden"
QUOTE_FIELDS = (
    "start", "end", "text", "kind", "speaker", "speaker_kind", "speaker_canonical",
    "speaker_title", "resolved_via", "cue",
)  # fmt: skip
DATE_FIELDS = ("start", "end", "text", "type", "value", "precision", "anchor", "year_inferred")
MENTION_FIELDS = ("start", "end", "text", "label", "kind", "canonical")
_ROUND = 4  # digits kept of scores and similarities: enough to see a change, no float noise


# --------------------------------------------------------------------------- running


@dataclass
class ExamplesRun:
    """What the CLI produced for the example corpus.

    ``corpus`` is ``storyline export --format json``; ``copies`` maps each copy's article id
    to its stored copy relation (``copy_of``, ``kind``, ``similarity``, sentences ``added``
    and ``cut``); ``claim`` is the truth proposition checked over the main story;
    ``examples`` is the folder that was analysed.
    """

    corpus: dict[str, Any]
    copies: dict[str, dict[str, Any]]
    claim: dict[str, Any]
    examples: Path


def _invoke(args: Sequence[str]) -> str:
    """Run one ``storyline`` command in this process (spaCy loads once) and return stdout."""
    from click.testing import CliRunner

    from storyline.cli import main

    # settings come from the defaults only: no STORYLINE_* variable may change the snapshot
    env: Mapping[str, str | None] = {k: None for k in os.environ if k.startswith("STORYLINE_")}
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(
            f"storyline {' '.join(args)} exited with {result.exit_code}:\n{result.output}"
        )
    return result.stdout


def _stored_copies(db: Path) -> dict[str, dict[str, Any]]:
    """The copy relation as the link stage stored it (kind and sentence diffs included)."""
    from storyline.link import list_copies
    from storyline.store import open_store

    with open_store(db, readonly=True) as store:
        links = list_copies(store)
    return {
        link.article_id: {
            "copy_of": link.copy_of,
            "kind": link.kind,
            "similarity": link.similarity,
            "added": [span.text for span in link.added],
            "cut": [span.text for span in link.cut],
        }
        for link in links
    }


def main_story(corpus: Mapping[str, Any]) -> str | None:
    """The story most articles belong to (the example corpus tells one story)."""
    counts: dict[str, int] = {}
    for article in corpus["articles"]:
        if article.get("story_id"):
            counts[article["story_id"]] = counts.get(article["story_id"], 0) + 1
    return min(counts, key=lambda s: (-counts[s], s)) if counts else None


def run_examples(examples: Path = EXAMPLES, proposition: str | None = None) -> ExamplesRun:
    """Analyse ``examples`` with the real CLI into a throw-away database and read it back."""
    proposition = proposition or truth()["claims"][0]["proposition"]
    with tempfile.TemporaryDirectory(prefix="storyline-examples-") as tmp:
        db, config = Path(tmp) / "examples.db", Path(tmp) / "storyline.toml"
        config.write_text("", encoding="utf-8")  # ignore any storyline.toml in the cwd
        common = ["--db", str(db), "--config", str(config)]
        # examples/multilingual/ tells another story (in Russian and Ukrainian) and is
        # scored by evals/multilingual.py; the golden corpus is the rest of the folder
        skip = {"multilingual", "expected"}
        inputs = [
            str(p)
            for p in sorted(examples.resolve().iterdir())
            if p.is_dir() and p.name not in skip
        ]
        _invoke(["analyze", *inputs, *common])
        corpus = json.loads(_invoke(["export", "--format", "json", *common]))
        story = main_story(corpus)
        ask = ["claims", "--query", proposition, "--json", *common]
        claims = json.loads(_invoke(ask + (["--story", story] if story else [])))
        copies = _stored_copies(db)
    return ExamplesRun(corpus, copies, claims[0], examples.resolve())


@functools.cache
def cached_run() -> ExamplesRun:
    """One analysis per process, shared by every test module that needs it."""
    return run_examples()


@functools.cache
def truth() -> dict[str, Any]:
    return json.loads(TRUTH_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- identities


def relative_file(file: str, base: Path) -> str:
    """``file`` relative to ``base`` (POSIX separators); unchanged when outside it."""
    path = Path(file)
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def source_label(source: Mapping[str, Any], base: Path = ROOT) -> str:
    """A readable, machine-independent name for an article: file, and record inside it."""
    file = relative_file(source["file"], base)
    return f"{file} [{source['record']}]" if source.get("record") else file


def articles_by_key(run: ExamplesRun) -> dict[str, dict[str, Any]]:
    """truth.json article key -> exported article, matched by file and record label."""
    exported = {
        (relative_file(a["source"]["file"], run.examples), a["source"].get("record")): a
        for a in run.corpus["articles"]
    }
    out = {}
    for item in truth()["articles"]:
        found = exported.get((item["file"], item["source_record"]))
        if found is not None:
            out[item["key"]] = found
    return out


def facts_of(run: ExamplesRun, section: str, article_id: str) -> list[dict[str, Any]]:
    """The exported quotes/dates/mentions of one article, in text order."""
    items = [x for x in run.corpus[section] if x["article_id"] == article_id]
    return sorted(items, key=lambda x: (x["start"], x["end"]))


# --------------------------------------------------------------------------- matching


def locate(text: str, snippet: str, occurrence: int = 0) -> tuple[int, int] | None:
    """Span of the ``occurrence``-th appearance of ``snippet`` in ``text``.

    Whitespace may differ (cleaning rejoins broken lines) and the snippet must not start
    or end inside a word, so "March" is not found inside "Marching".
    """
    words = snippet.split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    if words[0][0].isalnum():
        pattern = r"(?<!\w)" + pattern
    if words[-1][-1].isalnum():
        pattern += r"(?!\w)"
    for i, match in enumerate(re.finditer(pattern, text)):
        if i == occurrence:
            return match.start(), match.end()
    return None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _best_overlap(
    span: tuple[int, int] | None, items: Sequence[Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The item whose ``start``/``end`` overlap ``span`` best (overlap over union), so a
    partial quote inside a reported sentence is matched to the partial, not the sentence."""
    if span is None:
        return None
    best: tuple[float, Mapping[str, Any]] | None = None
    for item in items:
        other = (item["start"], item["end"])
        shared = _overlap(span, other)
        if shared:
            score = shared / (max(span[1], other[1]) - min(span[0], other[0]))
            if best is None or score > best[0]:
                best = (score, item)
    return best[1] if best else None


def find_quote(
    article: Mapping[str, Any], quotes: Sequence[Mapping[str, Any]], snippet: str
) -> Mapping[str, Any] | None:
    """The pipeline quote whose content span overlaps ``snippet`` most, if any does."""
    return _best_overlap(locate(article["text"], snippet), quotes)


_DETERMINERS = frozenset({"a", "an", "the", "one", "some"})
#: truth.json speaker kind -> pipeline speaker kinds that agree with it.
SPEAKER_KINDS: dict[str, frozenset[str]] = {
    "person": frozenset({"person"}),
    "organization": frozenset({"organization"}),
    "anonymous": frozenset({"anonymous", "role"}),
}


def name_words(name: str | None) -> tuple[str, ...]:
    """A name or role phrase folded for comparison: case, apostrophes, punctuation and a
    leading determiner ("the Customs Service" == "Customs Service")."""
    if not name:
        return ()
    folded = unicodedata.normalize("NFKC", name).casefold().replace("’", "'")
    words = re.findall(r"\w+", folded)
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    return tuple(words)


def same_speaker(expected: Mapping[str, Any], quote: Mapping[str, Any]) -> bool:
    """Does the pipeline name the speaker a careful reader names, with the right kind?

    People must be named in full (the display name or the in-article canonical name).
    Organisations and unnamed sources may be named shorter or longer at either end: "a
    ministry spokesperson" for "a ministry spokesperson in Tarnsk", "Dravania's Industry
    Ministry" for "the Industry Ministry" -- but not by a word from the middle ("Velmora"
    for "the Customs Service of Velmora").

    truth.json has one kind for every unnamed source, ``anonymous``; the pipeline splits
    those into ``anonymous`` ("an insider") and ``role`` ("a ministry spokesperson"), so
    either is right there. A named person or organisation must have its own kind.
    """
    if quote.get("speaker_kind") not in SPEAKER_KINDS[expected["speaker_kind"]]:
        return False
    want = name_words(expected["speaker"])
    names = {name_words(quote.get("speaker")), name_words(quote.get("speaker_canonical"))}
    names.discard(())
    if expected["speaker_kind"] == "person":
        return want in names
    return any(
        got[: len(want)] == want or want[: len(got)] == got or got[-len(want) :] == want
        for got in names
    )


def same_metadata(field: str, got: str | None, expected: str) -> bool:
    """A metadata value as truth.json states it; ``published`` compares the date part
    (truth gives the date, the pipeline may add the time)."""
    if field == "published":
        return got is not None and got[:10] == expected
    return got == expected


def find_date(
    article: Mapping[str, Any], dates: Sequence[Mapping[str, Any]], expression: str, occurrence: int
) -> Mapping[str, Any] | None:
    """The date mention overlapping the ``occurrence``-th ``expression`` in the text."""
    return _best_overlap(locate(article["text"], expression, occurrence), dates)


def date_occurrences(dates: Iterable[Mapping[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Truth dates with the occurrence index of their expression (a phrase may repeat)."""
    seen: dict[str, int] = {}
    for item in dates:
        n = seen.get(item["text"], 0)
        seen[item["text"]] = n + 1
        yield n, dict(item)


def is_relative(date: Mapping[str, Any]) -> bool:
    """Resolved against the publication date or an earlier mention (not absolute, no span)."""
    return date.get("anchor") is not None


def entities_with_alias(run: ExamplesRun, text: str) -> list[dict[str, Any]]:
    """Unified entities that list ``text`` (exactly as written) among their aliases."""
    return [
        e for e in run.corpus.get("entities", []) if any(a["text"] == text for a in e["aliases"])
    ]


def claim_statements(run: ExamplesRun, article_id: str) -> list[dict[str, Any]]:
    return [s for s in run.claim["statements"] if s["article_id"] == article_id]


# --------------------------------------------------------------------------- snapshot


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, _ROUND)


def snapshot(run: ExamplesRun) -> dict[str, Any]:
    """The golden sections: everything a reader checks, stable across runs and machines."""
    # names relative to the folder holding the corpus: "examples/text/...", wherever it is
    label = {
        a["id"]: source_label(a["source"], run.examples.parent) for a in run.corpus["articles"]
    }
    return {
        "articles": _articles(run, label),
        "quotes": _per_article(run.corpus["quotes"], label, QUOTE_FIELDS),
        "dates": _per_article(run.corpus["dates"], label, DATE_FIELDS),
        "entities": {
            "entities": _entities(run.corpus.get("entities", [])),
            "mentions": _per_article(run.corpus["mentions"], label, MENTION_FIELDS),
        },
        "links": _links(run, label),
    }


def _per_article(
    facts: Iterable[Mapping[str, Any]], label: Mapping[str, str], fields: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Facts grouped under their article's source label, in text order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(facts, key=lambda x: (label[x["article_id"]], x["start"], x["end"])):
        out.setdefault(label[item["article_id"]], []).append({f: item.get(f) for f in fields})
    return dict(sorted(out.items()))


def _entities(entities: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = [
        {
            "name": e["name"],
            "type": e["type"],
            "aliases": sorted(
                (
                    {"text": a["text"], "count": a["count"], "outlets": sorted(a["outlets"])}
                    for a in e["aliases"]
                ),
                key=lambda a: a["text"],
            ),
        }
        for e in entities
    ]
    return sorted(rows, key=lambda e: (e["type"], e["name"], [a["text"] for a in e["aliases"]]))


def _articles(run: ExamplesRun, label: Mapping[str, str]) -> list[dict[str, Any]]:
    rows = []
    for a in run.corpus["articles"]:
        rows.append(
            {
                "source": label[a["id"]],
                "id": a["id"],
                "outlet": a["outlet"],
                "title": a["title"],
                "author": a["author"],
                "published": a["published"],
                "published_from": a["published_from"],
                "url": a["url"],
                "dateline": a["dateline"],
                "language": a["language"],
                "removed": [{"text": r["text"], "reason": r["reason"]} for r in a["removed"]],
                "warnings": a["warnings"],
            }
        )
    return sorted(rows, key=lambda r: r["source"])


def _links(run: ExamplesRun, label: Mapping[str, str]) -> dict[str, Any]:
    corpus = run.corpus
    stories = sorted(corpus.get("stories", []), key=lambda s: (s["first_date"] or "", s["title"]))
    story_no = {s["id"]: n for n, s in enumerate(stories, start=1)}

    def names(ids: Iterable[str]) -> list[str]:
        return sorted(label.get(i, i) for i in ids)

    def citations(sources: Iterable[Mapping[str, Any]]) -> list[str]:
        return sorted(
            f"{label.get(c['article_id'], c['article_id'])} @{c['start']}" for c in sources
        )

    return {
        "copies": sorted(
            (
                {
                    "article": label[i],
                    "copy_of": label.get(c["copy_of"], c["copy_of"]),
                    "kind": c["kind"],
                    "similarity": _round(c["similarity"]),
                    "added": c["added"],
                    "cut": c["cut"],
                }
                for i, c in run.copies.items()
            ),
            key=lambda c: c["article"],
        ),
        "stories": [
            {
                "story": story_no[s["id"]],
                "title": s["title"],
                "first_date": s["first_date"],
                "last_date": s["last_date"],
                "articles": names(s["article_ids"]),
            }
            for s in stories
        ],
        "events": sorted(
            (
                {
                    "story": story_no.get(e["story_id"]),
                    "date": e["date"],
                    "title": e["title"],
                    "articles": names(e["article_ids"]),
                }
                for e in corpus.get("events", [])
            ),
            key=lambda e: (e["story"] or 0, e["date"] or "", e["articles"]),
        ),
        "timeline": [
            {
                "story": story_no.get(d["story_id"]),
                "date": d["date"],
                "precision": d["precision"],
                "text": d["text"],
                "score": _round(d["score"]),
                "sources": citations(d["sources"]),
            }
            for d in corpus.get("timeline", [])
        ],
        "claims": {
            "query": _claim(run.claim, label, story_no),
            "story": [_claim(c, label, story_no) for c in corpus.get("claims", [])],
        },
        "outlets": sorted(
            (
                {
                    "story": story_no.get(p["story_id"]),
                    "outlet": p["outlet"],
                    "articles": names(p["article_ids"]),
                    "developments_reported": p["developments_reported"],
                    "developments_omitted": p["developments_omitted"],
                    "name_variants": dict(sorted(p["name_variants"].items())),
                    "loaded_terms": dict(sorted(p["loaded_terms"].items())),
                    "sourcing": dict(sorted(p["sourcing"].items())),
                    "quotes": len(p["quote_ids"]),
                }
                for p in corpus.get("outlets", [])
            ),
            key=lambda p: (p["story"] or 0, p["outlet"]),
        ),
    }


def _claim(
    claim: Mapping[str, Any], label: Mapping[str, str], story_no: Mapping[str, int]
) -> dict[str, Any]:
    return {
        "story": story_no.get(claim.get("story_id") or ""),
        "proposition": claim["proposition"],
        "statements": [
            {
                "article": label.get(s["article_id"], s["article_id"]),
                "date": s["date"],
                "stance": s["stance"],
                "step": s["step"],
                "reasons": s["reasons"],
                "text": s["text"],
            }
            for s in claim["statements"]
        ],
        "conflicts": [
            {"kind": c["kind"], "earlier": c["earlier"], "later": c["later"], "note": c["note"]}
            for c in claim["conflicts"]
        ],
    }


def render(data: Any) -> str:
    """The on-disk form of a golden section: pretty, UTF-8 as written, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_golden(snap: Mapping[str, Any], directory: Path = EXPECTED) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for section in SECTIONS:
        path = directory / f"{section}.json"
        path.write_text(render(snap[section]), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- scores


def _ratio(hits: int, total: int) -> dict[str, Any]:
    return {"right": hits, "of": total, "score": round(hits / total, 3) if total else None}


def scores(run: ExamplesRun) -> dict[str, dict[str, Any]]:
    """Aggregate accuracy on the example corpus (optional truth items left out).

    ``quotes_found``: truth quotes with an overlapping pipeline quote; ``quote_kind`` and
    ``speaker``: right among those found; ``quotes_extra``: pipeline quotes that overlap no
    truth quote at all (optional ones included) over all pipeline quotes; ``dates_value``
    and ``relative_dates_value``: truth dates whose mention carries the truth value;
    ``metadata``: truth metadata values reproduced. An exact duplicate counts once.
    """
    tally: Counter[str] = Counter()
    by_key = articles_by_key(run)
    for item in truth()["articles"]:
        article = by_key.get(item["key"])
        for field in META_FIELDS:
            if item[field] is not None:
                right = article is not None and same_metadata(field, article[field], item[field])
                tally["metadata_of"] += 1
                tally["metadata"] += right
        if article is None or item.get("same_as"):
            continue
        quotes = facts_of(run, "quotes", article["id"])
        _tally_quotes(tally, article, quotes, item["quotes"] or [])
        _tally_dates(tally, article, facts_of(run, "dates", article["id"]), item["dates"] or [])
    return {
        "quotes_found": _ratio(tally["found"], tally["quotes"]),
        "quote_kind": _ratio(tally["kind"], tally["found"]),
        "speaker": _ratio(tally["speaker"], tally["found"]),
        "quotes_extra": _ratio(tally["extra"], tally["predicted"]),
        "dates_value": _ratio(tally["dates_right"], tally["dates"]),
        "relative_dates_value": _ratio(tally["relative_right"], tally["relative"]),
        "metadata": _ratio(tally["metadata"], tally["metadata_of"]),
    }


def _tally_quotes(
    tally: Counter[str],
    article: Mapping[str, Any],
    quotes: Sequence[Mapping[str, Any]],
    expected: Sequence[Mapping[str, Any]],
) -> None:
    for q in expected:
        if q.get("optional"):
            continue
        tally["quotes"] += 1
        hit = find_quote(article, quotes, q["text"])
        if hit is not None:
            tally["found"] += 1
            tally["kind"] += hit["kind"] == q["kind"]
            tally["speaker"] += same_speaker(q, hit)
    spans = [s for q in expected if (s := locate(article["text"], q["text"]))]
    for q in quotes:
        tally["predicted"] += 1
        tally["extra"] += not any(_overlap(s, (q["start"], q["end"])) for s in spans)


def _tally_dates(
    tally: Counter[str],
    article: Mapping[str, Any],
    dates: Sequence[Mapping[str, Any]],
    expected: Sequence[Mapping[str, Any]],
) -> None:
    for n, d in date_occurrences(expected):
        if d.get("optional"):
            continue
        right = date_right(d, find_date(article, dates, d["text"], n))
        tally["dates"] += 1
        tally["dates_right"] += right
        if is_relative(d):
            tally["relative"] += 1
            tally["relative_right"] += right


def date_right(expected: Mapping[str, Any], mention: Mapping[str, Any] | None) -> bool:
    """Truth value reproduced; a truth value of null (no publication date to resolve
    against) is right when the pipeline does not invent a concrete date."""
    if expected["value"] is None:
        return mention is None or "X" in mention["value"] or not mention["value"][:1].isdigit()
    return mention is not None and mention["value"] == expected["value"]


def _print_scores(table: Mapping[str, Mapping[str, Any]]) -> None:
    for name, row in table.items():
        score = "-" if row["score"] is None else f"{row['score']:.3f}"
        print(f"{name:<22} {score:>6}  ({row['right']}/{row['of']})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--write-golden",
        nargs="?",
        const=EXPECTED,
        type=Path,
        metavar="DIR",
        help=f"write the golden files (default {EXPECTED.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    run = run_examples()
    if args.write_golden is not None:
        for path in write_golden(snapshot(run), args.write_golden):
            print(f"wrote {relative_file(str(path), ROOT)}")
        return 0
    table = scores(run)
    if args.json:
        print(json.dumps(table, indent=2))
    else:
        _print_scores(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
