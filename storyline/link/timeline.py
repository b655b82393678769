"""A story's timeline: its most important days, each told by its most representative sentence.

1. **Candidates**: every full sentence that carries a resolved date (the article's
   DateMentions, so "on Tuesday" in a Thursday article dates a Tuesday development), dated
   by the most precise date inside it; each article's lead sentence, when undated, is dated
   by publication. A date after the article's publication is kept only as an announcement.
2. **Days** are ranked by the evidence of the whole story (:mod:`timeline_days`: how many
   articles and outlets date something to the day, soon or long after it, publication
   bursts, announcements against reports) with the model shipped in
   ``data/timeline_days.json``: a logistic regression fitted on reference timelines that
   re-ranks the days most articles date something to. When the package ships a mention
   model (``data/timeline_mentions.json``, :mod:`timeline_mentions`) that ranks days, each
   article's mentions of a day vote by how likely such a mention dates a development
   (a chronology line recalling the day against a dateline's timestamp) instead.
   The story keeps as many days as :func:`default_length` allows (or ``top``).
3. **Sentence per day**: the candidate of highest merit under the weights fitted on
   reference timelines (:mod:`timeline_sentences`: centrality among the day's candidates,
   closeness to the news published around the day, self-contained, fresh, ...), least like
   the sentences already chosen for other days (maximal marginal relevance, its weight
   fitted too).
4. **Citations**: one sentence per article that reports the same development on that date;
   one with the opposite polarity (an opposite stance, an opposite predicate, a negation the
   statement lacks: :mod:`timeline_polarity`) is listed as a conflict instead.

Entries keep their own sentence's date and precision and sort by the first day they cover.
Background older than the story (``Settings.timeline_lookback_days`` before its first
article) is kept only when at least two articles recall it, and only after the story's own
days: however many articles recall it, it is no main development.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np

from storyline.config import Settings
from storyline.link._text import Sentence, article_sentences, parse_date, term_counts
from storyline.link.features import FixedVector, cosine, idf, normalized
from storyline.link.timeline_cosines import cosine_table, most_alike, row_sums
from storyline.link.timeline_days import DayModel, day_features, load_day_model, rank_days
from storyline.link.timeline_mentions import (
    MentionModel,
    load_mention_model,
    mention_rows,
    rank_days_by_mentions,
)
from storyline.link.timeline_polarity import Polarity
from storyline.link.timeline_sentences import (
    SentenceModel,
    centrality,
    lexrank,
    load_sentence_model,
    sentence_features,
    sentence_words,
    word_overlap,
)
from storyline.link.timeline_text import comments_start, shown_start
from storyline.models import Article, Citation, DateMention, Development, Precision
from storyline.pipeline.dates.values import GRAIN_ORDER, SEASON_START

__all__ = [
    "ENTRY_KINDS",
    "build_timeline",
    "candidate_days",
    "date_range",
    "day_candidates",
    "day_texts",
    "default_length",
    "display_date",
    "precision_rank",
    "summarise",
]

Granularity = Literal["day", "week", "month"]
MIN_SENTENCE_CHARS = 40
SAME_DEVELOPMENT = 0.15
#: How many opening statements of an article, undated, tell the news of its publication day.
LEAD_SENTENCES = 3
_PRECISE_FIRST: tuple[Precision, ...] = ("time", *GRAIN_ORDER[: GRAIN_ORDER.index("year") + 1])
#: What an entry is, for the legend of the web page, report and API.
ENTRY_KINDS = {
    "reported": "a development the articles date to that day",
    "published": "dated by the publication of the article that reports it",
    "announced": "scheduled or expected at the time it was reported",
    "background": "recalled from before the story began",
}


@dataclass
class _Candidate:
    article: Article
    sentence: Sentence
    start: dt.date
    end: dt.date
    value: str
    precision: Precision
    vector: FixedVector
    lead: bool = False
    position: int = 0  # index among the article's statements


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern[str]]:
    data = tomllib.loads(
        resources.files("storyline.link").joinpath("timeline_words.toml").read_text("utf-8")
    )
    return {key: re.compile(_alternation(words), re.I) for key, words in data.items()}


def _alternation(words: Sequence[str]) -> str:
    """Whole words; a contraction ("n't") is matched at the end of its word ("wasn't", and
    with a typographic apostrophe "didn\u2019t")."""
    suffixes = [re.escape(w[:-2]) + "['\u2019]t" for w in words if w.startswith("n'")]
    whole = [re.escape(w) for w in words if not w.startswith("n'")]
    return "|".join([r"\b(?:" + "|".join(whole) + r")\b", *(rf"{x}\b" for x in suffixes)])


def is_announcement(text: str) -> bool:
    """The sentence speaks of what is planned or expected, not of what happened."""
    return bool(_words()["future"].search(text))


def is_negated(text: str) -> bool:
    """The sentence denies or negates ("has not been lifted", "denied", "no longer")."""
    return bool(_words()["negation"].search(text))


_SKIP_AFTER_NEGATION = frozenset(
    [
        "be",
        "been",
        "being",
        "yet",
        "have",
        "has",
        "had",
        "to",
        "a",
        "an",
        "the",
        "any",
        "longer",
        "ever",
        "fully",
        "formally",
        "officially",
    ]
)


def negated_terms(text: str) -> set[str]:
    """The content words a negation applies to ("has not been lifted" -> {"lifted"}).

    A negation in a contrast ("allowed strikes near Kharkiv but not deep inside Russia")
    qualifies what the sentence reports rather than denying it, and is left out.
    """
    return set(_negations(text))


def _negations(text: str) -> dict[str, str]:
    """Each negated content word with the negation that applies to it, folded so that its
    forms match ("rejects", "rejected" -> "rej"; "n't" -> "not")."""
    out: dict[str, str] = {}
    for match in _words()["negation"].finditer(text):
        if _words()["contrast"].search(text[: match.start()]):
            continue
        after = text[match.end() : match.end() + 60]
        refusal = _words()["refusal"].fullmatch(match.group())
        for word in re.findall(r"[\w'-]+", after):
            if word.lower() in _SKIP_AFTER_NEGATION:
                continue
            if not refusal or re.match(r"\s+to\b", after) or word.lower().endswith("ing"):
                out.setdefault(word.lower(), _fold(match.group()))
            break
    return out


def _fold(cue: str) -> str:
    cue = cue.lower().replace("\u2019", "'")
    return "not" if cue == "n't" else cue[:3]


def opposite(a: str, b: str) -> bool:
    """One sentence negates a word the other states plainly ("not lifted" against "lifted").

    A negation both sentences make is no opposition: "the union rejected the offer" and "the
    offer was rejected by the union" report the same thing."""
    words = {text: {w.lower() for w in re.findall(r"[\w'-]+", text)} for text in (a, b)}
    for this, other in ((a, b), (b, a)):
        theirs = _negations(other)
        cues = {_fold(m.group()) for m in _words()["negation"].finditer(other)}
        for word, cue in _negations(this).items():
            if cue not in cues and word in words[other] and word not in theirs:
                return True
    return False


def date_range(value: str, precision: Precision) -> tuple[dt.date, dt.date] | None:
    """The calendar days a TimeML value covers ("2024-05" -> May 1..31); None if not a date."""
    week = re.match(r"^(\d{4})-W(\d{2})", value)
    if week:
        try:
            start = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
        return start, start + dt.timedelta(days=6)
    part = re.match(r"^(\d{4})-(SP|SU|FA|WI|Q[1-4])", value)
    if part:
        begins, code = int(part.group(1)), part.group(2)
        opens = 3 * int(code[1]) - 2 if code.startswith("Q") else SEASON_START[code]
        after = dt.date(begins + (opens + 3 > 12), (opens + 2) % 12 + 1, 1)
        return dt.date(begins, opens, 1), after - dt.timedelta(days=1)
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match or value.startswith("XXXX"):
        return None
    year, month, day = match.groups()
    try:
        if day:
            d = dt.date(int(year), int(month), int(day))
            return d, d
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return dt.date(int(year), int(month), 1), dt.date(int(year), int(month), last)
        return dt.date(int(year), 1, 1), dt.date(int(year), 12, 31)
    except ValueError:
        return None


def display_date(value: str, precision: Precision) -> str:
    """The part of a TimeML value its precision vouches for ("2024-05-30" at month: "2024-05")."""
    if re.match(r"^\d{4}-W\d{2}", value):
        return value[:8]
    cut = {"day": 10, "time": 10, "week": 10, "month": 7, "season": 7, "quarter": 7}
    return value[: cut.get(precision, 4)]


def precision_rank(precision: Precision) -> int:
    """Sort key: more precise first (a day before a month before a year)."""
    return _PRECISE_FIRST.index(precision) if precision in _PRECISE_FIRST else len(_PRECISE_FIRST)


def chronological_key(development: Development) -> tuple[str, int, float]:
    """Sort key: the first day the entry covers, then the more precise, then the stronger."""
    span = date_range(development.date or "", development.precision)
    first = span[0].isoformat() if span else (development.date or "")
    return first, precision_rank(development.precision), -development.score


def _sentence_date(article: Article, sentence: Sentence) -> DateMention | None:
    """The most precise resolved DATE inside the sentence (the first of equal precision)."""
    best: DateMention | None = None
    for mention in article.dates:
        if (
            mention.type not in ("DATE", "TIME")
            or not sentence.start <= mention.start < sentence.end
        ):
            continue
        if date_range(mention.value, mention.precision) is None:
            continue
        if best is None or precision_rank(mention.precision) < precision_rank(best.precision):
            best = mention
    return best


_STATEMENT_END = re.compile(r"[.!\"\u201d\u2019']\s*$")


def is_statement(text: str) -> bool:
    """A full declarative sentence, not a headline, question, caption or header line."""
    return len(text.split()) >= 8 and bool(_STATEMENT_END.search(text)) and "http" not in text


def _candidates(articles: Sequence[Article]) -> list[_Candidate]:
    raw: list[tuple[Article, Sentence, str, Precision, bool, int]] = []
    for article in articles:
        title = (article.meta.title.value or "").strip()
        comments = comments_start(article.text)
        position = 0
        for sentence in article_sentences(article):
            if len(sentence.text) < MIN_SENTENCE_CHARS or sentence.text.strip() == title:
                continue
            if not is_statement(sentence.text) or (
                comments is not None and sentence.end > comments
            ):
                continue
            mention = _sentence_date(article, sentence)
            lead = (
                position < LEAD_SENTENCES
                and bool(article.published)
                and _undated_news(mention, article)
            )
            if mention is not None or lead:
                shown = _shown(sentence)  # only for a sentence that becomes a candidate
            if mention is not None:
                raw.append((article, shown, mention.value, mention.precision, False, position))
            if lead:
                # the lead tells the news of the day it appeared, unless it dates it itself
                raw.append((article, shown, str(article.published)[:10], "day", True, position))
            position += 1
    dated = [(row, span) for row in raw if (span := date_range(row[2], row[3])) is not None]
    vectors = _day_vectors([(row[0], row[1].text, span[0]) for row, span in dated])
    return [
        _Candidate(article, sentence, span[0], span[1], value, precision, vector, lead, position)
        for ((article, sentence, value, precision, lead, position), span), vector in zip(
            dated, vectors, strict=True
        )
    ]


def _day_vectors(rows: Sequence[tuple[Article, str, dt.date]]) -> list[FixedVector]:
    """TF-IDF vectors of candidate sentences (``(article, text, first day)``), each weighed
    by the document frequencies of the candidates that were news by its day: those of the
    articles published up to :data:`NEARBY_DAYS` after it (after the story's first
    publication, for background) and those of its own day. An article published later about
    another day leaves an old day's vectors, so its text, as they were; a word's weight in
    the whole story would move with every article that joins.
    """
    counts = [term_counts(text) for _, text, _ in rows]
    published = [parse_date(article.published) for article, _, _ in rows]
    known = [d for d in published if d is not None]
    first = min(known) if known else dt.date.min
    when = [d or first for d in published]
    by_day: dict[dt.date, list[int]] = defaultdict(list)
    for i, (_, _, day) in enumerate(rows):
        by_day[day].append(i)
    order = sorted(range(len(rows)), key=lambda i: when[i])
    df: Counter[str] = Counter()
    seen: set[int] = set()
    walked = 0
    vectors: list[FixedVector] = [FixedVector({})] * len(rows)
    for day in sorted(by_day, key=lambda d: max(d, first)):
        cutoff = max(day, first) + dt.timedelta(days=NEARBY_DAYS)
        while walked < len(order) and when[order[walked]] <= cutoff:
            df.update(set(counts[order[walked]]))
            seen.add(order[walked])
            walked += 1
        own: Counter[str] = Counter()
        later = [i for i in by_day[day] if i not in seen]
        for i in later:
            own.update(set(counts[i]))
        n_docs = len(seen) + len(later)
        for i in by_day[day]:
            vectors[i] = FixedVector(
                normalized(
                    {
                        t: (1 + math.log(n)) * idf(df[t] + own[t], n_docs)
                        for t, n in counts[i].items()
                    }
                )
            )
    return vectors


def _shown(sentence: Sentence) -> Sentence:
    """The sentence without the page header a scraped lead carries before it (byline,
    dateline: :func:`timeline_text.shown_start`), still a span of the article."""
    start = shown_start(sentence.text)
    return (
        Sentence(sentence.text[start:], sentence.start + start, sentence.end) if start else sentence
    )


#: How recently a year a lead states ("last year", in January) may have ended for the lead
#: still to tell the news of its publication day.
RECENT_DAYS = 31


def _undated_news(mention: DateMention | None, article: Article) -> bool:
    """The lead tells the news of its publication day: it states no date of its own, or only
    an earlier week or month ("after talks collapsed last week", "the ban imposed in March")
    or the year just ended. A lead that dates itself ("this week"), looks ahead ("are to meet
    next week") or back to a year of background ("bought the port in 2019") keeps the date
    it states."""
    if mention is None:
        return True
    span = date_range(mention.value, mention.precision)
    published = parse_date(article.published)
    if span is None or published is None or mention.precision in ("day", "time"):
        return False
    if span[0] > published:
        return False
    if precision_rank(mention.precision) >= precision_rank("year"):
        return (published - span[1]).days <= RECENT_DAYS
    return not span[0] <= published <= span[1]


def default_length(n_articles: int) -> int:
    """How many entries a story of ``n_articles`` gets by default: grows as its square root.

    >>> default_length(1), default_length(5), default_length(100), default_length(400)
    (5, 5, 20, 40)
    """
    return max(5, round(2 * math.sqrt(n_articles)))


#: How many days before and after a day the articles that set its context were published.
NEARBY_DAYS = 3


class _DayCosines:
    """A day's candidates' cosines to each other (one :func:`cosine_table`), which their
    centrality and their LexRank both read."""

    def __init__(self, pool: Sequence[_Candidate]) -> None:
        table = cosine_table([c.vector for c in pool])
        ids = [id(c) for c in pool]
        self.central = dict(zip(ids, centrality(table, [c.article.id for c in pool]), strict=True))
        self.lexrank = dict(zip(ids, lexrank(table), strict=True))


def _day_agreement(pool: Sequence[_Candidate]) -> dict[int, float]:
    """Each of a day's candidates' mean :func:`word_overlap` with the candidates of the day's
    other articles (:func:`centrality` over the table of overlaps)."""
    words = [sentence_words(c.sentence.text) for c in pool]
    table = np.array([[word_overlap(a, b) for b in words] for a in words])
    agreement = centrality(table, [c.article.id for c in pool]) if pool else []
    return dict(zip((id(c) for c in pool), agreement, strict=True))


class _Context:
    """What the news published around each day is about: the centroid of the candidates of
    the articles published within :data:`NEARBY_DAYS` of it. Only articles published near a
    day move it, so an article on another day leaves the day's text as it was (a centroid of
    the whole story would not)."""

    def __init__(self, candidates: Sequence[_Candidate]) -> None:
        self._by_day: dict[dt.date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for cand in candidates:
            published = parse_date(cand.article.published)
            if published is not None:
                total = self._by_day[published]
                for term, weight in cand.vector.items():
                    total[term] += weight
        self._around: dict[dt.date, FixedVector] = {}
        self._days: dict[dt.date, _DayCosines] = {}
        self._agreement: dict[dt.date, dict[int, float]] = {}

    def _day(self, cand: _Candidate, pool: Sequence[_Candidate]) -> _DayCosines:
        """The cosines among ``cand``'s day's candidates ``pool`` (computed once a day)."""
        if cand.start not in self._days:
            self._days[cand.start] = _DayCosines(pool)
        return self._days[cand.start]

    def central(self, cand: _Candidate, pool: Sequence[_Candidate]) -> float:
        """:func:`centrality` of ``cand`` among the candidates of other articles in ``pool``."""
        return self._day(cand, pool).central[id(cand)]

    def lexrank(self, cand: _Candidate, pool: Sequence[_Candidate]) -> float:
        """:func:`lexrank` of ``cand`` among its day's candidates ``pool``."""
        return self._day(cand, pool).lexrank.get(id(cand), 1.0)

    def agreement(self, cand: _Candidate, pool: Sequence[_Candidate]) -> float:
        """Mean :func:`word_overlap` of ``cand`` with the other articles' candidates of its day
        ``pool`` (each pair's :func:`word_overlap` computed once a day, for both)."""
        if cand.start not in self._agreement:
            self._agreement[cand.start] = _day_agreement(pool)
        return self._agreement[cand.start][id(cand)]

    def around(self, day: dt.date) -> FixedVector:
        if day not in self._around:
            total: dict[str, float] = defaultdict(float)
            for offset in range(-NEARBY_DAYS, NEARBY_DAYS + 1):
                for term, weight in self._by_day.get(day + dt.timedelta(days=offset), {}).items():
                    total[term] += weight
            self._around[day] = FixedVector(normalized(total))
        return self._around[day]


def _choose(
    pool: Sequence[_Candidate],
    context: _Context,
    chosen: Sequence[dict[str, float]],
    model: SentenceModel,
) -> _Candidate | None:
    """The day's candidate of highest merit (:mod:`timeline_sentences`), least like the
    sentences already chosen for other days."""
    if not pool:
        return None

    redundant = dict(zip(map(id, pool), most_alike([c.vector for c in pool], chosen), strict=True))

    def merit(cand: _Candidate) -> tuple[float, int]:
        value = model.score(_features_of(cand, pool, context))
        return value - model.redundancy * redundant[id(cand)], -cand.sentence.start

    return max(pool, key=merit)


def _features_of(cand: _Candidate, pool: Sequence[_Candidate], context: _Context) -> list[float]:
    published = parse_date(cand.article.published)
    return sentence_features(
        cand.vector,
        context.central(cand, pool),
        context.around(cand.start),
        cand.sentence.text,
        cand.position,
        cand.lead,
        (published - cand.start).days if published else None,
        is_announcement(cand.sentence.text),
        context.lexrank(cand, pool),
        context.agreement(cand, pool),
    )


def _day_pools(candidates: Sequence[_Candidate]) -> dict[str, list[_Candidate]]:
    pools: dict[str, list[_Candidate]] = defaultdict(list)
    for cand in candidates:
        if cand.precision in ("day", "time"):
            pools[cand.start.isoformat()].append(cand)
    return pools


def day_texts(
    articles: Sequence[Article], days: Sequence[str], model: SentenceModel | None = None
) -> dict[str, str]:
    """The sentence the timeline would tell each of ``days`` by ("" for a day without one)."""
    candidates = _candidates(articles)
    pools = _day_pools(candidates)
    context = _Context(candidates)
    model = model or load_sentence_model()
    out: dict[str, str] = {}
    for day in days:
        head = _choose(pools.get(day, []), context, [], model)
        out[day] = head.sentence.text if head else ""
    return out


def candidate_days(articles: Sequence[Article]) -> set[str]:
    """The days a timeline of ``articles`` can tell: those a dated statement or an undated
    lead gives (what :func:`build_timeline` ranks)."""
    return set(_day_pools(_candidates(articles)))


def day_candidates(
    articles: Sequence[Article], days: Sequence[str]
) -> dict[str, list[tuple[str, list[float], dict[str, float]]]]:
    """Each day's candidate sentences with their :data:`SENTENCE_FEATURES` and their TF-IDF
    vector (what the redundancy across days compares), for fitting."""
    candidates = _candidates(articles)
    pools = _day_pools(candidates)
    context = _Context(candidates)
    return {
        day: [(c.sentence.text, _features_of(c, pools[day], context), c.vector) for c in pools[day]]
        for day in days
        if day in pools
    }


def _kind(head: _Candidate, published: dt.date | None, story_start: dt.date | None) -> str:
    """What the entry is (:data:`ENTRY_KINDS`). Announced means its date was still to come
    when the article appeared; a plan reported on the day it was made ("announced Friday a
    plan to reroute cargo") is reported."""
    if head.lead:
        return "published"
    if published and head.start > published:
        return "announced"
    if story_start and head.end < story_start:
        return "background"
    return "reported"


def _development(
    story_id: str,
    head: _Candidate,
    related: Sequence[_Candidate],
    score: float,
    story_start: dt.date | None,
    polarity: Polarity,
) -> Development:
    sources: dict[str, Citation] = {}
    conflicts: dict[str, Citation] = {}
    alike = {id(m): cosine(m.vector, head.vector) for m in related}  # each compared once
    ranked = sorted(related, key=lambda m: -alike[id(m)])
    for m in [head, *ranked]:
        if m is not head and alike[id(m)] < SAME_DEVELOPMENT:
            continue
        if m.article.id in sources or m.article.id in conflicts:
            continue  # one citation an article; no polarity check for one left out
        citation = Citation(m.article.id, m.sentence.start, m.sentence.end, m.article.outlet)
        (conflicts if polarity.opposite(head, m) else sources)[m.article.id] = citation
    kind = _kind(head, parse_date(head.article.published), story_start)
    return Development(
        story_id=story_id,
        date=display_date(head.value, head.precision),
        precision=head.precision,
        text=head.sentence.text,
        sources=sorted(sources.values(), key=lambda c: (c.article_id, c.start)),
        score=round(score, 4),
        kind=kind,
        conflicts=sorted(conflicts.values(), key=lambda c: (c.article_id, c.start)),
    )


def build_timeline(
    story_id: str,
    articles: Sequence[Article],
    settings: Settings,
    copies: Mapping[str, str] | None = None,
    top: int | None = None,
    granularity: Granularity = "day",
    day_model: DayModel | None = None,
    sentence_model: SentenceModel | None = None,
    mention_model: MentionModel | None = None,
) -> list[Development]:
    """The story's most important developments, oldest first (copies in ``copies`` ignored).

    ``top`` sets how many (default: :func:`default_length` of the story's size);
    ``granularity`` "week" or "month" keeps the strongest entry of each week or month.
    Days are ranked by ``mention_model`` when given, by ``day_model`` when given, else by
    the shipped mention model when it ranks days (a share above 0), else by the shipped
    day model.

    >>> build_timeline("s", [], Settings())
    []
    """
    originals = [a for a in articles if a.id not in (copies or {})]
    candidates = _candidates(originals)
    if not candidates:
        return []
    model = day_model or load_day_model()
    sentences = sentence_model or load_sentence_model()
    features = day_features(originals)
    pools = _day_pools(candidates)
    published = sorted(d for a in originals if (d := parse_date(a.published)))
    story_start = published[0] if published else None
    horizon = (
        story_start - dt.timedelta(days=settings.timeline_lookback_days) if story_start else None
    )
    context = _Context(candidates)
    length = top or default_length(len(originals))
    polarity = Polarity(settings, negated_terms, opposite)

    days = {d: features[d] for d in pools if d in features}
    mentions = mention_model or (None if day_model else load_mention_model())
    if mentions is not None and mentions.share > 0:
        ranked = rank_days_by_mentions(days, mention_rows(originals, days), mentions)
    else:
        ranked = rank_days(days, model, length)
    if horizon:
        # background recalled from before the story follows the story's own days
        ranked.sort(key=lambda kv: pools[kv[0]][0].end < horizon)
    scores = dict(ranked)
    chosen: list[dict[str, float]] = []
    developments: list[Development] = []
    for day, _ in ranked:
        if len(developments) >= length:
            break
        pool = pools[day]
        if horizon and pool[0].end < horizon and len({c.article.id for c in pool}) < 2:
            continue
        head = _choose(pool, context, chosen, sentences)
        if head is None:
            continue
        chosen.append(head.vector)
        developments.append(_development(story_id, head, pool, scores[day], story_start, polarity))
    latest = published[-1].isoformat() if published else None
    if top is None and latest in pools and all(d.date != latest for d in developments):
        # the story's latest news closes its timeline whatever its rank
        head = _choose(pools[latest], context, chosen, sentences)
        if head is not None:
            developments.append(
                _development(
                    story_id, head, pools[latest], scores.get(latest, 0.0), story_start, polarity
                )
            )
    # ``top`` is a promise of length: week and month entries only fill what is left
    room = max(1, length // 4) if top is None else top - len(developments)
    developments.extend(
        _coarse_entries(story_id, candidates, developments, horizon, story_start, room, polarity)
    )
    developments.sort(key=chronological_key)
    return summarise(developments, granularity)


def _coarse_entries(
    story_id: str,
    candidates: Sequence[_Candidate],
    days: Sequence[Development],
    horizon: dt.date | None,
    story_start: dt.date | None,
    room: int,
    polarity: Polarity,
) -> list[Development]:
    """Week and month entries (``room`` at most) that two or more articles report and no day
    entry already tells."""
    groups: dict[tuple[str, str], list[_Candidate]] = defaultdict(list)
    for cand in candidates:
        if cand.precision in ("week", "month"):
            groups[(display_date(cand.value, cand.precision), cand.precision)].append(cand)
    told = {c.article_id for d in days for c in d.sources}
    # a supplement to the day entries: it ranks just below the weakest of them
    floor = min((d.score for d in days), default=0.0) - 0.01
    out: list[Development] = []
    for (_, _), group in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        articles_in = {c.article.id for c in group}
        if len(articles_in) < 2 or len(out) >= room:
            continue
        if horizon and group[0].end < horizon:
            continue
        if articles_in <= told:
            continue
        # the member most like the group (the first of equals, as max() keeps it)
        head = group[int(np.argmax(row_sums(cosine_table([c.vector for c in group]))))]
        out.append(_development(story_id, head, group, floor, story_start, polarity))
    return out


def summarise(developments: Sequence[Development], granularity: Granularity) -> list[Development]:
    """The strongest entry of each week or month, dated by it; "day" returns them as they are.

    >>> d = [Development("s", "2024-05-30", "day", "a", score=1.0),
    ...      Development("s", "2024-05-31", "day", "b", score=2.0)]
    >>> [(x.date, x.text) for x in summarise(d, "month")]
    [('2024-05', 'b')]
    """
    if granularity == "day":
        return list(developments)
    best: dict[str, Development] = {}
    for d in developments:
        span = date_range(d.date or "", d.precision)
        if span is None or precision_rank(d.precision) > precision_rank(granularity):
            continue
        if granularity == "week":
            year, week, _ = span[0].isocalendar()
            key = f"{year}-W{week:02d}"
        else:
            key = span[0].isoformat()[:7]
        if key not in best or d.score > best[key].score:
            best[key] = replace(d, date=key, precision=granularity)
    return sorted(best.values(), key=chronological_key)
