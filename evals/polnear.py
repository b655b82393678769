"""Score quote attribution against PolNeAR (Newell, Margolin & Ruths, LREC 2018).

Usage::

    .venv/bin/python evals/polnear.py [--data ../shared/eval/polnear/dev] [--limit N]
                                      [--show-errors N]

Reads the brat standoff files under ``<data>/attributions/`` (``Source``, ``Cue`` and
``Content`` spans joined by ``Attribution`` events; offsets index ``<data>/text/<stem>.txt``;
when an article has several annotators' files the first in name order is used), runs
:func:`storyline.pipeline.quotes.find_quotes` on each text and prints content-span
precision, recall and F1 (exact and overlap) and speaker accuracy, for direct quotes and
for all attributions.

How the scorer follows the annotation conventions (read off the guidelines' examples and
the files, not tuned to them):

* **Units.** A gold unit is one ``Attribution`` event; its content may be discontinuous: a
  quotation interrupted by its cue ('"A," he said. "B."') is *one* attribution with two
  fragments. A predicted unit is one quote, with quotes that continue another in the same
  paragraph (``resolved_via == "continuation"``) merged into it, and partial quotes lying
  inside a predicted indirect quote merged into that one (they are the same attribution).
* **Span convention.** Gold content includes the quotation marks and the punctuation
  inside them ('"Subpoenas are not optional,"') and, for reported speech, a leading
  "that". Storyline's spans exclude both, so before comparing, a direct or partial span is
  widened over adjacent marks and the punctuation before a closing mark, and an indirect
  span over an immediately preceding "that ". Whitespace at fragment edges is ignored.
* **Direct quotes** are gold units whose content starts with a quotation mark, and
  predicted units of kind ``direct``. Storyline's ``partial`` quotes (quoted words inside
  the writer's sentence) are not in this subset even when gold happens to start its
  content at the mark (a quoted title, "likened the rules to 'burning the Constitution'"),
  so direct recall is a lower bound; they are scored with everything else under "all".
  Precision for direct quotes counts a predicted direct unit as right when it matches a
  gold *direct* unit. The row "quoted" applies the mark test to both sides instead (gold
  and predicted units whose content starts with a quotation mark, so it includes partial
  quotes that are not part of a predicted indirect quote).
* **Exact** match: the unit's fragments are identical after the normalisation above and
  after trimming quotation marks and spaces at fragment ends and joining fragments that
  only spaces or marks separate (annotators sometimes split one quotation at its sentences,
  or start a span inside the two-character mark '' of some archives).
  **Overlap** match: the units share at least one character. Precision counts predicted
  units that match some gold unit, recall gold units matched by some predicted unit.
* **Speaker accuracy** is measured on the gold units found (overlap) that have a
  ``Source``: right when the predicted speaker span overlaps the gold Source span, or the
  predicted speaker's name shares a name word with the gold Source text ("Barack Obama" vs
  "Mr. Obama"). Gold Sources that are pronouns are the pronoun itself ("he"), so for them
  the span test applies: Storyline reports the span where the speaker is named at the cue
  (the pronoun) and, separately, whom it resolves to -- which PolNeAR does not annotate and
  this script therefore cannot check.
* ``Discard``/``Discuss`` annotations and events without content are ignored.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "polnear" / "dev"
QUOTE_MARKS = "\"'“”‘’«»„`"
_CLOSING_PUNCT = ",.;:?!—–-"
_NAME_STOP = frozenset(
    ["a", "an", "the", "of", "and", "mr", "mrs", "ms", "dr", "sen", "rep", "gov"]
    + ["president", "said", "he", "she", "they", "it", "his", "her"]
)

Fragment = tuple[int, int]


@dataclass
class Unit:
    """One attribution: content fragments and where its source is named."""

    fragments: list[Fragment]
    direct: bool
    quoted: bool = False
    source: list[Fragment] = field(default_factory=list)
    source_text: str = ""
    speaker_names: tuple[str, ...] = ()
    label: str = ""
    canonical: str | None = None  # whom a predicted pronoun or role resolves to


# --------------------------------------------------------------------------- gold


def _spans(field_text: str) -> list[Fragment]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field_text.split(";"))]


def _strip(text: str, span: Fragment) -> Fragment:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def read_gold(ann: Path, text: str) -> list[Unit]:
    """Attribution events of one brat file as units."""
    spans: dict[str, tuple[str, list[Fragment]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(offsets))
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    units = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        fragments = [f for f in (_strip(text, s) for s in content[1]) if f[1] > f[0]]
        if not fragments:
            continue
        source = spans.get(event.get("Source", ""), ("", []))[1]
        units.append(
            Unit(
                fragments=sorted(fragments),
                direct=text[min(fragments)[0]] in QUOTE_MARKS,
                quoted=text[min(fragments)[0]] in QUOTE_MARKS,
                source=source,
                source_text=" ".join(text[a:b] for a, b in source),
            )
        )
    return units


def gold_files(data: Path) -> list[tuple[str, Path]]:
    """One annotation file per article stem (the first annotator in name order)."""
    chosen: dict[str, Path] = {}
    for ann in sorted((data / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    return sorted(chosen.items())


# --------------------------------------------------------------------------- predictions


def widen(text: str, start: int, end: int, kind: str) -> Fragment:
    """Map a Storyline span onto PolNeAR's convention (see the module docstring)."""
    if kind == "indirect":
        if text[max(0, start - 5) : start].lower() == "that ":
            start -= 5
        return start, end
    s, e = start, end
    while s > 0 and text[s - 1] in QUOTE_MARKS:
        s -= 1
    if s == start:
        return start, end
    while e < len(text) and text[e] in _CLOSING_PUNCT and e + 1 < len(text):
        if text[e + 1] in QUOTE_MARKS or text[e + 1] in _CLOSING_PUNCT:
            e += 1
        else:
            break
    while e < len(text) and text[e] in QUOTE_MARKS:
        e += 1
    return s, e


def predicted_units(text: str, quotes: Sequence) -> list[Unit]:  # Sequence[Quote]
    """Storyline quotes grouped into PolNeAR-style attribution units."""
    units: list[Unit] = []
    previous_direct: Unit | None = None
    previous_paragraph = -1
    indirect = [widen(text, q.start, q.end, q.kind) for q in quotes if q.kind == "indirect"]
    for q in sorted(quotes, key=lambda q: q.start):
        span = widen(text, q.start, q.end, q.kind)
        paragraph = text.count("\n", 0, q.start)
        if q.kind == "partial" and any(a <= span[0] and span[1] <= b for a, b in indirect):
            continue
        names = tuple(n for n in (q.speaker, q.speaker_canonical) if n)
        if (
            q.resolved_via == "continuation"
            and previous_direct is not None
            and paragraph == previous_paragraph
        ):
            previous_direct.fragments.append(span)
            continue
        unit = Unit(
            fragments=[span],
            direct=q.kind == "direct",
            quoted=text[span[0]] in QUOTE_MARKS,
            source=[(q.speaker_start, q.speaker_end)] if q.speaker_start is not None else [],
            speaker_names=names,
            label=f"{q.kind}/{q.resolved_via}",
            canonical=q.speaker_canonical,
        )
        units.append(unit)
        if q.kind == "direct":
            previous_direct, previous_paragraph = unit, paragraph
    return units


# --------------------------------------------------------------------------- matching


def _overlap(a: Iterable[Fragment], b: Iterable[Fragment]) -> int:
    return sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in a for y in b)


def _name_words(text: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z\-']+", text)}
    return words - _NAME_STOP


def speaker_matches(gold: Unit, pred: Unit) -> bool:
    if _overlap(gold.source, pred.source) > 0:
        return True
    gold_words = _name_words(gold.source_text)
    return any(gold_words & _name_words(name) for name in pred.speaker_names)


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    exact_gold: int = 0
    exact_pred: int = 0
    overlap_gold: int = 0
    overlap_pred: int = 0
    with_source: int = 0
    speaker_right: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def exact_key(text: str, fragments: list[Fragment]) -> tuple[Fragment, ...]:
    """Fragments as compared for an exact match: marks and spaces trimmed at each end, and
    fragments separated only by spaces or marks joined (annotators sometimes split one
    quotation at its sentences, or start a span inside a two-character mark)."""
    trimmed: list[Fragment] = []
    for start, end in sorted(fragments):
        while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in QUOTE_MARKS):
            end -= 1
        if end <= start:
            continue
        gap = text[trimmed[-1][1] : start] if trimmed else "x"
        if trimmed and all(ch.isspace() or ch in QUOTE_MARKS for ch in gap):
            trimmed[-1] = (trimmed[-1][0], max(end, trimmed[-1][1]))
        else:
            trimmed.append((start, end))
    return tuple(trimmed)


def score(
    gold: list[Unit], pred: list[Unit], errors: list[str] | None = None, text: str = ""
) -> Tally:
    t = Tally(gold=len(gold), pred=len(pred))
    exact = {exact_key(text, u.fragments) for u in gold}
    t.exact_pred = sum(exact_key(text, u.fragments) in exact for u in pred)
    pred_exact = {exact_key(text, u.fragments) for u in pred}
    t.exact_gold = sum(exact_key(text, u.fragments) in pred_exact for u in gold)
    t.overlap_pred = sum(any(_overlap(p.fragments, g.fragments) for g in gold) for p in pred)
    for g in gold:
        best = max(pred, key=lambda p: _overlap(p.fragments, g.fragments), default=None)
        if best is None or not _overlap(best.fragments, g.fragments):
            if errors is not None:
                errors.append(f"MISS  {_show(text, g.fragments)}  <- {g.source_text!r}")
            continue
        t.overlap_gold += 1
        if g.source:
            t.with_source += 1
            if speaker_matches(g, best):
                t.speaker_right += 1
            elif errors is not None:
                errors.append(
                    f"WHO   {_show(text, g.fragments)}  gold {g.source_text!r} "
                    f"ours {best.speaker_names} [{best.label}]"
                )
    if errors is not None:
        for p in pred:
            if not any(_overlap(p.fragments, g.fragments) for g in gold):
                errors.append(f"EXTRA {_show(text, p.fragments)}  [{p.label}] {p.speaker_names}")
    return t


def _show(text: str, fragments: list[Fragment]) -> str:
    first = text[fragments[0][0] : fragments[0][1]].replace("\n", " ")
    return repr(first[:90] + ("..." if len(first) > 90 else ""))


# --------------------------------------------------------------------------- pronouns

PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})


@dataclass
class PronounTally:
    """Gold units whose source is a pronoun: resolved to the right person, to another, or
    left unresolved.

    PolNeAR marks the pronoun, not whom it stands for, so the right person is a proxy: the
    nearest earlier gold source that names a person (spaCy tags a PERSON inside it) and
    agrees with the pronoun -- no honorific or plainly gendered first name of the other
    gender ("Mr. Podesta" is not a "she"). The proxy is right for most news prose ("Smith
    said ... He added ..."); a sample of its disagreements is checked by hand in the notes.
    """

    total: int = 0
    right: int = 0
    wrong: int = 0
    unresolved: int = 0

    def add(self, other: PronounTally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


_HONORIFIC = {"mr": "he", "mrs": "she", "ms": "she", "miss": "she"}


def _source_gender(source_text: str) -> str | None:
    from storyline.pipeline.quotes.gender import first_name_gender

    words = [w.strip(".,").lower() for w in source_text.split()]
    for word in words:
        if word in _HONORIFIC:
            return _HONORIFIC[word]
    return first_name_gender(source_text.strip())


def score_pronouns(
    gold: list[Unit],
    pred: list[Unit],
    people: Sequence[Fragment],
    errors: list[str] | None = None,
    text: str = "",
    cases: list[str] | None = None,
) -> PronounTally:
    """The pronoun check of one article; ``people`` are the spans spaCy tags PERSON.
    ``cases``, when given, collects every resolved pronoun with the text before it, for
    checking by hand."""
    t = PronounTally()
    named = sorted(
        (u.source[0][0], u.source_text)
        for u in gold
        if u.source and _overlap(u.source, people) and u.source_text.lower() not in PRONOUNS
    )
    for g in gold:
        pronoun = g.source_text.strip().lower()
        if not g.source or pronoun not in PRONOUNS:
            continue
        gender = {"he": "he", "him": "he", "she": "she", "her": "she"}.get(pronoun)
        before = [
            name
            for start, name in named
            if start < g.source[0][0] and _source_gender(name) in {gender, None}
        ]
        best = max(pred, key=lambda p: _overlap(p.fragments, g.fragments), default=None)
        if not before or best is None or not _overlap(best.fragments, g.fragments):
            continue
        t.total += 1
        if not best.canonical:
            t.unresolved += 1
            continue
        if cases is not None:
            at = g.source[0][0]
            context = text[max(0, at - 400) : at].replace("\n", " / ")
            cases.append(f"...{context}[[{text[at : g.source[0][1]]} -> {best.canonical}]]")
        if _name_words(before[-1]) & _name_words(best.canonical):
            t.right += 1
        else:
            t.wrong += 1
            if errors is not None:
                errors.append(
                    f"PRON  {_show(text, g.fragments)}  {g.source_text!r} -> ours "
                    f"{best.canonical!r}, proxy {before[-1]!r}"
                )
    return t


# --------------------------------------------------------------------------- report


def _prf(right_p: int, pred: int, right_g: int, gold: int) -> tuple[float, float, float]:
    p = right_p / pred if pred else 0.0
    r = right_g / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


SUBSETS: dict[str, Callable[[Unit], bool]] = {
    "direct": lambda u: u.direct,
    "quoted": lambda u: u.quoted,
    "all": lambda u: True,
}


def f1(tally: Tally, mode: str = "overlap") -> float:
    """F1 of one subset, ``mode`` "exact" or "overlap"."""
    if mode == "exact":
        return _prf(tally.exact_pred, tally.pred, tally.exact_gold, tally.gold)[2]
    return _prf(tally.overlap_pred, tally.pred, tally.overlap_gold, tally.gold)[2]


def speaker_accuracy(tally: Tally) -> float:
    return tally.speaker_right / tally.with_source if tally.with_source else 0.0


def parsed(texts: Sequence[str], nlp: Language, cache: Path | None = None) -> Iterable[Doc]:
    """The parses of ``texts``, read from (or written to) a DocBin file ``cache`` when given
    so repeated runs over the same split skip the parser."""
    from spacy.tokens import DocBin

    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == list(texts):
            return docs
    docs = list(nlp.pipe(texts))
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(cache)
    return docs


def load_split(
    data: Path, nlp: Language, limit: int | None = None, cache: Path | None = None
) -> list[tuple[str, Path, str, Doc]]:
    """(stem, annotation file, text, parse) for every (or the first ``limit``) article."""
    files = gold_files(data)[:limit]
    texts = [(data / "text" / f"{stem}.txt").read_text(encoding="utf-8") for stem, _ in files]
    if cache is not None:
        cache = cache / f"{data.resolve().name}-{limit or 'all'}.spacy"
    docs = parsed(texts, nlp, cache)
    return [(s, a, t, d) for (s, a), t, d in zip(files, texts, docs, strict=True)]


def evaluate(
    data: Path,
    nlp: Language,
    limit: int | None = None,
    cache: Path | None = None,
    screen: bool = True,
    learned: bool = True,
) -> tuple[dict[str, Tally], PronounTally, dict[str, list[str]]]:
    """Score every (or the first ``limit``) article under ``data``; return the tallies per
    subset, the pronoun check, and the misses, extras and wrong speakers found, one line
    each."""
    from storyline.pipeline.quotes.step import find_quotes

    tallies = {name: Tally() for name in SUBSETS}
    pronouns = PronounTally()
    errors: dict[str, list[str]] = defaultdict(list)
    for stem, ann, text, doc in load_split(data, nlp, limit, cache):
        gold = read_gold(ann, text)
        quotes = find_quotes(text, doc, article_id=stem, screen=screen, learned=learned)
        pred = predicted_units(text, quotes)
        sink_p: list[str] = []
        people = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        cases: list[str] = []
        pronouns.add(score_pronouns(gold, pred, people, sink_p, text, cases))
        errors["pronoun-case"].extend(f"{stem[:40]}: {line}" for line in cases)
        errors["pronoun"].extend(f"{stem[:40]}: {line}" for line in sink_p)
        for name, keep in SUBSETS.items():
            sink: list[str] = []
            g = [u for u in gold if keep(u)]
            p = [u for u in pred if keep(u)]
            tallies[name].add(score(g, p, sink, text))
            errors[name].extend(f"{stem[:40]}: {line}" for line in sink)
    return tallies, pronouns, errors


def report(tallies: dict[str, Tally]) -> str:
    lines = [
        f"{'subset':<8} {'gold':>5} {'pred':>5}  {'exact P/R/F1':>20}  {'overlap P/R/F1':>20}"
        f"  {'speaker acc':>16}"
    ]
    for name, t in tallies.items():
        ep, er, ef = _prf(t.exact_pred, t.pred, t.exact_gold, t.gold)
        op, orr, of = _prf(t.overlap_pred, t.pred, t.overlap_gold, t.gold)
        lines.append(
            f"{name:<8} {t.gold:>5} {t.pred:>5}  {ep:6.3f}/{er:6.3f}/{ef:6.3f}"
            f"  {op:6.3f}/{orr:6.3f}/{of:6.3f}  {speaker_accuracy(t):6.3f} (n={t.with_source})"
        )
    return "\n".join(lines)


def report_pronouns(t: PronounTally) -> str:
    resolved = t.right + t.wrong
    share = t.right / resolved if resolved else 0.0
    unresolved = t.unresolved / t.total if t.total else 0.0
    return (
        f"pronoun sources: {t.total} found, right among resolved {share:.3f} "
        f"({t.right}/{resolved}), unresolved {unresolved:.3f} ({t.unresolved})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--show-errors", type=int, default=0, help="print N misses per subset")
    parser.add_argument(
        "--cache", type=Path, default=None, help="keep the parses in this folder (DocBin files)"
    )
    parser.add_argument(
        "--no-screen", action="store_true", help="keep the quoted passages the learned screen drops"
    )
    parser.add_argument(
        "--pronoun-sample",
        type=int,
        default=0,
        help="print N resolved pronoun sources (a fixed random sample) with the text before "
        "them, for checking the resolution by hand",
    )
    parser.add_argument(
        "--rule-speakers",
        action="store_true",
        help="choose sources and pronoun antecedents by the syntactic rules, not the "
        "learned speaker models (the baseline)",
    )
    args = parser.parse_args(argv)
    if not gold_files(args.data):
        print(f"no .ann files under {args.data / 'attributions'}", file=sys.stderr)
        return 2

    from storyline.pipeline.nlp import load_nlp

    began = time.perf_counter()
    tallies, pronouns, errors = evaluate(
        args.data,
        load_nlp(),
        args.limit,
        args.cache,
        screen=not args.no_screen,
        learned=not args.rule_speakers,
    )
    elapsed = time.perf_counter() - began
    articles = len(gold_files(args.data)[: args.limit])
    print(f"PolNeAR {args.data} -- {articles} articles, {elapsed:.1f}s")
    print(report(tallies))
    print(report_pronouns(pronouns))
    for name in [*tallies, "pronoun"]:
        for line in errors[name][: args.show_errors]:
            print(f"[{name}] {line}")
    if args.pronoun_sample:
        # a fixed random sample of resolved pronoun sources, to be read by hand
        sample = random.Random(7).sample(errors["pronoun-case"], len(errors["pronoun-case"]))
        for n, line in enumerate(sample[: args.pronoun_sample]):
            print(f"[pronoun-sample {n}] {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
