"""Distinctive and loaded language against BASIL's lexical-bias annotations.

Usage: ``.venv/bin/python evals/framing.py [--data ../shared/eval/basil] [--limit N]``

BASIL (Fan et al. 2019) marks, in each of 3 outlets' articles (Fox News, The New York
Times, HuffPost) on 50 events, the phrases that carry lexical bias ("fierce", "slammed")
and informational bias. Each article is read into an :class:`Article`, its tokens taken by
the pipeline's tokens step, and Storyline flags an outlet's language in three ways:

- ``lexicon``: every use of a word of the loaded-language lexicon (the baseline: the same
  lexicon without the statistics);
- ``distinctive``: every use of a term the outlet uses distinctively across the corpus
  (log-odds with informative Dirichlet prior, z-score, minimum counts and articles);
- ``loaded+corpus stats``: lexicon uses whose term the outlet uses more than the others
  across the corpus (z above a threshold), i.e. the lexicon filtered by the statistics;
- ``loaded+story contrast``: lexicon uses whose term no other outlet uses on the same event;
- ``storyline``: the union of the three above (what ``compare`` shows).

Precision is the share of flagged uses that overlap an annotated lexical-bias span; recall
the share of lexical-bias spans that overlap a flagged use. The thresholds are chosen by F1
on the tuning years (2010-2012); the report years (2013-2014) are scored with them, and
both are printed. The analysed tokens are cached under the system temp folder.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storyline.config import Settings  # noqa: E402
from storyline.link.loaded_language import (  # noqa: E402
    Lexicon,
    load_lexicon,
    loaded_word_spans,
    story_only_terms,
)
from storyline.link.word_choice import (  # noqa: E402
    TermIndex,
    WordChoiceParams,
    distinctive_terms,
    log_odds_z,
    term_index,
)
from storyline.models import Article, MetaValue, SourceRef, Tokens  # noqa: E402

TUNING_YEARS = ("2010", "2011", "2012")
REPORT_YEARS = ("2013", "2014")
Span = tuple[int, int]


@dataclass
class Doc:
    article: Article
    year: str
    event: str
    lexical: list[Span] = field(default_factory=list)  # annotated lexical-bias spans


def read_basil(data: Path, limit: int | None = None) -> list[Doc]:
    """BASIL articles (title line, then paragraphs) with their lexical-bias spans in the
    article text (annotations are offsets into one sentence of ``body-paragraphs``)."""
    docs = []
    paths = sorted(data.glob("articles/*/*.json"))
    events = sorted({p.stem.rsplit("_", 1)[0] for p in paths})[:limit] if limit else None
    for path in paths:
        event = path.stem.rsplit("_", 1)[0]
        if events is not None and event not in events:
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        title = record.get("title") or ""
        text = title
        offsets: list[int] = []  # start of each sentence in the text
        sentences: list[str] = []
        for paragraph in record["body-paragraphs"]:
            text += "\n\n"
            for i, sentence in enumerate(paragraph):
                text += " " if i else ""
                offsets.append(len(text))
                sentences.append(sentence)
                text += sentence
        article = Article(id=path.stem, source=SourceRef(str(path)), raw=text, text=text)
        article.meta.title = MetaValue(title, "input")
        article.meta.published = MetaValue(record.get("date"), "input")
        article.meta.outlet = MetaValue(str(record.get("source", "")).lower(), "input")
        doc = Doc(article, path.parent.name, event)
        ann_path = data / "annotations" / path.parent.name / f"{path.stem}_ann.json"
        if ann_path.exists():
            ann = json.loads(ann_path.read_text(encoding="utf-8"))
            for a in ann.get("phrase-level-annotations", []):
                if a.get("bias") != "lex":
                    continue
                for offset, sentence in zip(offsets, sentences, strict=True):
                    if sentence[a["start"] : a["end"]] == a["txt"]:
                        doc.lexical.append((offset + a["start"], offset + a["end"]))
                        break
        docs.append(doc)
    return docs


def add_tokens(docs: Sequence[Doc], cache: Path) -> None:
    """Run the pipeline's tokens step on every article (cached by article id and text)."""
    stored = json.loads(cache.read_text()) if cache.exists() else {}
    todo = [d for d in docs if stored.get(d.article.id, {}).get("text") != d.article.text]
    if todo:
        from storyline.pipeline.nlp import load_nlp
        from storyline.pipeline.tokens import tokens_step

        settings = Settings()
        nlp = load_nlp(settings.spacy_model)
        for d, doc in zip(todo, nlp.pipe(d.article.text for d in todo), strict=True):
            tokens = tokens_step(d.article, doc, settings).tokens
            stored[d.article.id] = {"text": d.article.text, "tokens": tokens.to_dict()}
        cache.write_text(json.dumps(stored))
    for d in docs:
        d.article.tokens = Tokens.from_dict(stored[d.article.id]["tokens"])


# ---------------------------------------------------------------------------- flagging


def by_outlet(docs: Iterable[Doc]) -> dict[str, list[Article]]:
    groups: dict[str, list[Article]] = {}
    for d in docs:
        groups.setdefault(d.article.outlet or "", []).append(d.article)
    return groups


@dataclass
class Prepared:
    """What every threshold setting reuses: the term index and the outlets' articles."""

    docs: Sequence[Doc]
    groups: dict[str, list[Article]]
    index: TermIndex
    uses: dict[tuple[int, str], list[tuple[str, int, int]]] = field(default_factory=dict)

    def loaded(self, lexicon: Lexicon) -> dict[str, list[tuple[str, int, int]]]:
        return {d.article.id: self._uses(lexicon, d.article) for d in self.docs}

    def _uses(self, lexicon: Lexicon, article: Article) -> list[tuple[str, int, int]]:
        key = (id(lexicon), article.id)
        if key not in self.uses:
            self.uses[key] = loaded_word_spans(article, lexicon)
        return self.uses[key]


def prepare(docs: Sequence[Doc]) -> Prepared:
    groups = by_outlet(docs)
    return Prepared(docs, groups, term_index(a for arts in groups.values() for a in arts))


def flag_lexicon(prep: Prepared, lexicon: Lexicon) -> dict[str, list[Span]]:
    return {k: [(s, e) for _, s, e in v] for k, v in prep.loaded(lexicon).items()}


def flag_distinctive(prep: Prepared, params: WordChoiceParams) -> dict[str, list[Span]]:
    found = distinctive_terms(prep.groups, params, prep.index)
    out: dict[str, list[Span]] = {d.article.id: [] for d in prep.docs}
    for outlet, terms in found.items():
        for article in prep.groups[outlet]:
            for t in terms:
                out[article.id].extend(prep.index.spans.get((article.id, t.term), []))
    return out


def flag_loaded_stats(
    prep: Prepared, lexicon: Lexicon, params: WordChoiceParams
) -> dict[str, list[Span]]:
    """Lexicon uses whose term the outlet uses distinctively (z >= min_z, no count floor)."""
    uses = prep.loaded(lexicon)
    totals: dict[str, Counter[str]] = {
        outlet: Counter(t.lower() for a in articles for t, _, _ in uses[a.id])
        for outlet, articles in prep.groups.items()
    }
    pooled: Counter[str] = sum(totals.values(), Counter())
    out: dict[str, list[Span]] = {}
    for outlet, articles in prep.groups.items():
        scores = log_odds_z(totals[outlet], pooled - totals[outlet], pooled, params.prior_size)
        keep = {t for t, (_, z) in scores.items() if z >= params.min_z}
        for a in articles:
            out[a.id] = [(s, e) for t, s, e in uses[a.id] if t.lower() in keep]
    return out


def flag_loaded_story(prep: Prepared, lexicon: Lexicon) -> dict[str, list[Span]]:
    """Lexicon uses whose term no other outlet uses on the same event (the per-story
    contrast :func:`storyline.link.loaded_language.story_only_terms` draws)."""
    uses = prep.loaded(lexicon)
    events: dict[str, dict[str, list[Article]]] = {}
    for d in prep.docs:
        events.setdefault(d.event, {}).setdefault(d.article.outlet or "", []).append(d.article)
    out: dict[str, list[Span]] = {}
    for groups in events.values():
        used = {o: {a.id: uses[a.id] for a in arts} for o, arts in groups.items()}
        only = story_only_terms(used)
        for outlet, arts in groups.items():
            for a in arts:
                out[a.id] = [(s, e) for t, s, e in uses[a.id] if t.lower() in only[outlet]]
    return out


def union(*flags: dict[str, list[Span]]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = {}
    for f in flags:
        for k, spans in f.items():
            out.setdefault(k, [])
            out[k].extend(s for s in spans if s not in out[k])
    return out


def score(docs: Sequence[Doc], flags: dict[str, list[Span]]) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and the number of flagged uses."""
    flagged = hit = spans = covered = 0
    for d in docs:
        mine = flags.get(d.article.id, [])
        flagged += len(mine)
        hit += sum(any(s < e2 and s2 < e for s2, e2 in d.lexical) for s, e in mine)
        spans += len(d.lexical)
        covered += sum(any(s < e2 and s2 < e for s2, e2 in mine) for s, e in d.lexical)
    p = hit / flagged if flagged else 0.0
    r = covered / spans if spans else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, flagged


# ---------------------------------------------------------------------------- tuning

LEXICON_GRID = list(itertools.product((0.6, 0.8, 1.0), (2.0, 2.5, 3.0), (0.0, 0.3, 0.5)))


def methods(
    prep: Prepared, lexicon: Lexicon, params: WordChoiceParams
) -> dict[str, dict[str, list[Span]]]:
    distinct = flag_distinctive(prep, params)
    corpus = flag_loaded_stats(prep, lexicon, params)
    story = flag_loaded_story(prep, lexicon)
    loaded = union(corpus, story)
    return {
        "lexicon (baseline)": flag_lexicon(prep, lexicon),
        "loaded+corpus stats": corpus,
        "loaded+story contrast": story,
        "storyline loaded": loaded,
        "distinctive terms": distinct,
        "loaded + distinctive": union(loaded, distinct),
    }


def tune(docs: Sequence[Doc], params: WordChoiceParams) -> tuple[Lexicon, Lexicon]:
    """The lexicon thresholds of the baseline (F1 of every lexicon use) and of Storyline
    (F1 of the uses the statistics keep), each chosen on ``docs``."""
    prep = prepare(docs)
    lexicons = {(s, v, p): load_lexicon((), s, v, p) for s, v, p in LEXICON_GRID}

    def kept(lexicon: Lexicon) -> dict[str, list[Span]]:
        return union(flag_loaded_stats(prep, lexicon, params), flag_loaded_story(prep, lexicon))

    base = max(lexicons, key=lambda k: score(docs, flag_lexicon(prep, lexicons[k]))[2])
    mine = max(lexicons, key=lambda k: score(docs, kept(lexicons[k]))[2])
    print(
        f"lexicon thresholds (TextBlob subjectivity, VADER |valence|, TextBlob |polarity|) "
        f"by F1 on the tuning "
        f"years: baseline {base}, Storyline {mine}"
    )
    return lexicons[base], lexicons[mine]


def report(
    name: str, docs: Sequence[Doc], base: Lexicon, lexicon: Lexicon, params: WordChoiceParams
) -> None:
    spans = sum(len(d.lexical) for d in docs)
    print(f"\n{name}: {len(docs)} articles, {spans} lexical-bias spans")
    prep = prepare(docs)
    found = methods(prep, lexicon, params)
    found["lexicon (baseline)"] = flag_lexicon(prep, base)
    found["lexicon, Storyline's thresholds"] = flag_lexicon(prep, lexicon)
    for method, flags in found.items():
        p, r, f, n = score(docs, flags)
        print(f"  {method:<31} flagged={n:>5}  P={p:.3f} R={r:.3f} F1={f:.3f}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "basil")
    parser.add_argument("--limit", type=int, default=None, help="Only the first N events.")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "storyline-framing-tokens.json"
    )
    args = parser.parse_args(argv)
    if not (args.data / "articles").is_dir():
        print(f"no BASIL data at {args.data}; nothing to evaluate")
        return 0
    docs = read_basil(args.data, args.limit)
    add_tokens(docs, args.cache)
    tuning = [d for d in docs if d.year in TUNING_YEARS]
    held = [d for d in docs if d.year in REPORT_YEARS]
    params = WordChoiceParams()  # the defaults `compare` uses
    base, lexicon = tune(tuning or docs, params)
    print(
        f"baseline lexicon {len(base.words)} words, Storyline's {len(lexicon.words)}; "
        f"statistics: prior_size={params.prior_size:g} min_count={params.min_count} "
        f"min_articles={params.min_articles} min_z={params.min_z}"
    )
    report("tuning " + "-".join(TUNING_YEARS[::2]), tuning, base, lexicon, params)
    report("report " + "-".join(REPORT_YEARS), held, base, lexicon, params)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
