"""Entity checks on real news: BASIL's main entities and PolNeAR's named sources.

Usage::

    .venv/bin/python evals/entities.py [--eval ../shared/eval] [--show N]

Runs the per-article pipeline (cleaning, spaCy, the entity step) on BASIL (``basil/``: 50
events x 3 outlets, each article listing its ``main-entities``) and on PolNeAR's dev split
(``polnear/dev``: attributions whose ``Source`` spans name who spoke), unifies the mentions
with :func:`storyline.link.entities.unify_entities` and prints:

* **main entities resolved** (BASIL): of the named main entities an article writes (a
  person's surname, another name verbatim), the share the article has a mention for whose
  in-article full name is that entity (``same_person`` for people, the same or a similar
  name otherwise); and the share whose mentions (those, or the bare surname left
  unresolved in the article) belong, after corpus-wide unification, to an entity of that
  name ("President Obama" in an article that never writes "Barack").
* **cross-outlet joins** (BASIL): of the main entities written in two or more articles of
  one event, the share whose mentions all carry one entity id, the entity's.
* **surname given to another bearer** (BASIL): lone-surname mentions given the full name of
  someone other than a main person of that surname ("Obama" -> "Malia Obama" in an article
  on President Obama).
* **person merges of incompatible names** (BASIL and PolNeAR): unified person entities
  holding two full names that cannot be one person ("Joe Biden" and "Hunter Biden").
* **named sources resolved** (PolNeAR): of the gold sources that are names, the share
  covered by a person mention, and by one whose in-article full name fits the source (the
  surname of "Mr. Trump", the whole of "Hillary Clinton").

Exits 0 with a note when the evaluation data is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.errors import InputError  # noqa: E402
from storyline.link.entities import unify_entities  # noqa: E402
from storyline.models import Article, EntityMention, RawDocument, SourceRef  # noqa: E402
from storyline.names.rules import (  # noqa: E402
    name_key,
    parse_person_name,
    same_person,
    similar_names,
    split_qualified,
    surname_matches,
)
from storyline.pipeline import analyze_articles, prepare_article  # noqa: E402
from storyline.pipeline.nlp import load_nlp  # noqa: E402

_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"})
_LOWER_START = re.compile(r"^[a-z]")


@dataclass
class Tally:
    """A share with its examples of failure."""

    name: str
    right: int = 0
    of: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.of += 1

    def line(self) -> str:
        share = self.right / self.of if self.of else 0.0
        return f"{self.name:<50} {share:.3f}  ({self.right}/{self.of})"


def _analyse(raws: Sequence[RawDocument], settings: Settings) -> list[Article]:
    articles: list[Article] = []
    for raw in raws:
        try:
            articles.append(prepare_article(raw, settings))
        except InputError as exc:
            print(f"skipped {raw.source}: {exc.reason}", file=sys.stderr)
    return analyze_articles(articles, load_nlp(settings.spacy_model), settings)


# --------------------------------------------------------------------------- BASIL


@dataclass
class BasilArticle:
    article: Article
    event: str
    main: list[str]


def load_basil(folder: Path, settings: Settings) -> list[BasilArticle]:
    """BASIL articles analysed by the pipeline, with their event and main entities."""
    raws: list[RawDocument] = []
    info: dict[str, tuple[str, list[str]]] = {}
    for path in sorted(folder.glob("articles/*/*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = [
            " ".join(p) if isinstance(p, list) else str(p) for p in record["body-paragraphs"]
        ]
        text = "\n\n".join([record.get("title") or "", *paragraphs]).strip()
        given = {"id": path.stem, "outlet": record.get("source") or "", "title": record["title"]}
        if record.get("date"):
            given["published"] = record["date"]
        raws.append(RawDocument(SourceRef(str(path)), text, given=given))
        info[path.stem] = (path.stem.rsplit("_", 1)[0], list(record.get("main-entities") or []))
    return [BasilArticle(a, *info[a.id]) for a in _analyse(raws, settings)]


def _is_named(entity: str) -> bool:
    """A main entity that is a name ("Paul Ryan", "NAACP"), not a description ("police")."""
    words = entity.split()
    return bool(words) and all(w[:1].isupper() for w in words) and " and " not in entity


def _main_people(items: Sequence[BasilArticle]) -> set[str]:
    """The main entities that are people: full names ("Tea Party" parses as one too) that
    some article listing them writes as a person's, in full or by the surname."""
    people: set[str] = set()
    for item in items:
        for entity in item.main:
            parsed = parse_person_name(entity)
            if parsed is None or not parsed.is_full or len(entity.split()) > 4:
                continue
            if any(
                m.kind == "person"
                and (same_person(m.canonical, entity) or m.text == parsed.surname)
                for m in item.article.mentions
            ):
                people.add(entity)
    return people


def _written(article: Article, entity: str, person: bool) -> bool:
    """Whether the article writes the entity: a person's surname, another name verbatim."""
    if person:
        parsed = parse_person_name(entity)
        assert parsed is not None
        return re.search(rf"\b{re.escape(parsed.surname)}\b", article.text) is not None
    return name_key(entity) in name_key(article.text)


def _resolves(mention: EntityMention, entity: str, person: bool) -> bool:
    if person:
        return mention.kind == "person" and same_person(mention.canonical, entity)
    return name_key(mention.canonical) == name_key(entity) or similar_names(
        mention.canonical, entity
    )


def _resolves_name(name: str, entity: str, person: bool) -> bool:
    """Whether an entity's display name is the main entity: "Justice Department (U.S.)"
    for "Justice Department", "Republican" (a group, plural alias) for "Republicans"."""
    if person:
        return same_person(name, entity)
    base = split_qualified(name)[0]
    keys = {name_key(base), name_key(base) + "s"}
    return name_key(entity) in keys or similar_names(base, entity)


def _surname_only(mention: EntityMention) -> bool:
    parsed = parse_person_name(mention.text)
    return parsed is not None and not parsed.is_full


def _mentions_of(article: Article, entity: str, person: bool) -> list[int]:
    """The article's mentions of a main entity: those resolved to it in the article, else
    the ones that only write its surname (or its name) and were left unresolved."""
    refs = [i for i, m in enumerate(article.mentions) if _resolves(m, entity, person)]
    if refs:
        return refs
    parsed = parse_person_name(entity) if person else None
    short = parsed.surname if parsed else entity
    return [
        i
        for i, m in enumerate(article.mentions)
        if name_key(m.text) == name_key(short) and name_key(m.canonical) == name_key(m.text)
    ]


def basil_report(items: Sequence[BasilArticle], show: int) -> list[str]:
    in_article = Tally("main entities resolved in the article")
    in_corpus = Tally("main entities resolved after unification")
    joined = Tally("cross-outlet joins")
    taken = Tally("surname given to another bearer (lower is better)")
    misses: list[str] = []
    entities, mapping = unify_entities(a.article for a in items)
    names = {e.id: e.name for e in entities}
    people = _main_people(items)
    ids_by_event: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(dict)
    for item in items:
        article = item.article
        for entity in item.main:
            person = entity in people
            if not _is_named(entity) or not _written(article, entity, person):
                continue
            in_article.add(any(_resolves(m, entity, person) for m in article.mentions))
            refs = _mentions_of(article, entity, person)
            ids = {mapping[(article.id, i)] for i in refs if (article.id, i) in mapping}
            ok = any(_resolves_name(names[i], entity, person) for i in ids)
            in_corpus.add(ok)
            if not ok:
                got = sorted(names[i] for i in ids)
                misses.append(f"  not resolved: {entity!r} in {article.id} (entities {got})")
            ids_by_event[(item.event, entity)][article.id] = ids
        main_people = [parse_person_name(e) for e in item.main if e in people]
        for m in article.mentions:
            if m.kind != "person" or not _surname_only(m) or m.canonical == m.text:
                continue
            bearers = [p for p in main_people if p and p.surname == m.text]
            if not bearers:
                continue
            wrong = not any(same_person(m.canonical, p) for p in bearers)
            taken.add(wrong)
            if wrong:
                misses.append(f"  surname {m.text!r} -> {m.canonical!r} in {article.id}")
    for (event, entity), per_article in sorted(ids_by_event.items()):
        if len(per_article) < 2:
            continue
        all_ids = set().union(*per_article.values())
        ok = len(all_ids) == 1 and _resolves_name(
            names[next(iter(all_ids))], entity, entity in people
        )
        joined.add(ok)
        if not ok:
            got = sorted(names[i] for i in all_ids)
            misses.append(f"  not joined: {entity!r} in event {event[:8]}: {got}")
    lines = [t.line() for t in (in_article, in_corpus, joined, taken)]
    lines.append(incompatible_merges(a.article for a in items).line())
    return lines + misses[:show]


# --------------------------------------------------------------------------- PolNeAR


def _sources(ann: Path) -> Iterator[tuple[int, int, str]]:
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].startswith("T"):
            continue
        label, *offsets = parts[1].split(" ")
        if label != "Source" or ";" in parts[1]:
            continue
        yield int(offsets[0]), int(offsets[1]), parts[2]


def _is_named_source(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 4 or _LOWER_START.match(text):
        return False
    if words[0].lower() in _PRONOUNS or words[0].lower() in ("the", "a", "an"):
        return False
    return all(w[:1].isupper() for w in words if w.isalpha())


def _full_name_of(canonical: str, source: str) -> bool:
    """A full name that can be the source's: "Donald Trump" for "Mr. Trump"."""
    parsed = parse_person_name(canonical)
    if parsed is None or not parsed.is_full:
        return False
    gold = parse_person_name(source)
    if gold is None:
        return False
    if gold.is_full:
        return same_person(canonical, gold)
    return surname_matches(gold.surname, parsed)


def polnear_report(folder: Path, settings: Settings) -> list[str]:
    texts = folder / "text"
    raws: list[RawDocument] = []
    gold: dict[str, list[tuple[int, int, str]]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        if stem in gold or not (texts / f"{stem}.txt").is_file():
            continue
        gold[stem] = [s for s in _sources(ann) if _is_named_source(s[2])]
        body = (texts / f"{stem}.txt").read_text(encoding="utf-8")
        raws.append(RawDocument(SourceRef(stem), body, given={"id": stem}))
    # Cleaning may drop lines: score on texts whose offsets survive (most do).
    found = Tally("named sources found as a person")
    full = Tally("named sources with their full name")
    articles = _analyse(raws, settings)
    for article in articles:
        body = (texts / f"{article.id}.txt").read_text(encoding="utf-8")
        for start, end, text in gold.get(article.id, []):
            if body[start:end] != text:
                continue
            at = article.text.find(text, max(0, start - 200))
            if at < 0:
                continue
            span = (at, at + len(text))
            hits = [
                m
                for m in article.mentions
                if m.kind == "person" and m.start < span[1] and span[0] < m.end
            ]
            found.add(bool(hits))
            full.add(any(_full_name_of(m.canonical, text) for m in hits))
    return [found.line(), full.line(), incompatible_merges(articles).line()]


# --------------------------------------------------------------------------- both


def incompatible_merges(articles: Iterable[Article]) -> Tally:
    """Person entities (right = clean) and those holding two names of different people."""
    pool = list(articles)
    _, mapping = unify_entities(pool)
    names: dict[str, set[str]] = defaultdict(set)
    for article in pool:
        for i, m in enumerate(article.mentions):
            parsed = parse_person_name(m.canonical)
            if m.kind == "person" and parsed is not None and parsed.is_full:
                names[mapping[(article.id, i)]].add(m.canonical)
    tally = Tally("person entities without incompatible names")
    for full_names in names.values():
        ordered = sorted(full_names)
        clash = any(not same_person(a, b) for n, a in enumerate(ordered) for b in ordered[n + 1 :])
        tally.add(not clash)
    return tally


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--show", type=int, default=0, help="list this many misses")
    args = parser.parse_args(argv)
    basil, polnear = args.eval / "basil", args.eval / "polnear" / "dev"
    if not (basil / "articles").is_dir() and not (polnear / "attributions").is_dir():
        print(f"evaluation data not found under {args.eval}; nothing to measure")
        return 0
    settings = Settings()
    started = time.perf_counter()
    if (basil / "articles").is_dir():
        items = load_basil(basil, settings)
        print(f"BASIL: {len(items)} articles")
        for line in basil_report(items, args.show):
            print(line)
    if (polnear / "attributions").is_dir():
        print("PolNeAR dev:")
        for line in polnear_report(polnear, settings):
            print(line)
    print(f"took {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
