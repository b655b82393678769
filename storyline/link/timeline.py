"""A story's timeline: dated developments in order, each citing every article reporting it.

Candidates are sentences that carry a resolved calendar date (the articles' DateMentions,
so "in May" in a November article dates a May development) and each article's lead
sentence, dated by publication. Candidates whose dates overlap and whose words agree are one
development; its statement is the member sentence most like the others; it cites one
sentence per article. ``score`` = number of articles reporting it + how central its
statement is to the story (cosine with the story's term centroid).

Background older than the story (``extra['timeline_lookback_days']``, 30, before its first
article) is kept only when at least two articles recall it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storyline.config import Settings
from storyline.link._text import Sentence, parse_date, split_sentences, term_counts
from storyline.link.features import cosine, idf, normalized
from storyline.models import Article, Citation, DateMention, Development, Precision

MIN_SENTENCE_CHARS = 40
SAME_DEVELOPMENT = 0.2
_PRECISE_FIRST: tuple[Precision, ...] = (
    "time",
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "year",
)


@dataclass
class _Candidate:
    article: Article
    sentence: Sentence
    start: dt.date
    end: dt.date
    value: str
    precision: Precision
    vector: dict[str, float]


def date_range(value: str, precision: Precision) -> tuple[dt.date, dt.date] | None:
    """The calendar days a TimeML value covers ("2024-05" -> May 1..31); None if not a date."""
    week = re.match(r"^(\d{4})-W(\d{2})", value)
    if week:
        try:
            start = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        except ValueError:
            return None
        return start, start + dt.timedelta(days=6)
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
    cut = {"day": 10, "time": 10, "week": 8, "month": 7, "season": 7, "quarter": 7}
    return value[: cut.get(precision, 4)]


def _sentence_date(article: Article, sentence: Sentence) -> DateMention | None:
    """The most precise resolved DATE inside the sentence, not after publication."""
    published = parse_date(article.published)
    best: DateMention | None = None
    for mention in article.dates:
        if (
            mention.type not in ("DATE", "TIME")
            or not sentence.start <= mention.start < sentence.end
        ):
            continue
        span = date_range(mention.value, mention.precision)
        if span is None or (published and span[0] > published):
            continue
        if best is None or precision_rank(mention.precision) < precision_rank(best.precision):
            best = mention
    return best


def precision_rank(precision: Precision) -> int:
    """Sort key: more precise first (a day before a month before a year)."""
    return _PRECISE_FIRST.index(precision) if precision in _PRECISE_FIRST else len(_PRECISE_FIRST)


_STATEMENT_END = re.compile(r"[.!\"\u201d\u2019']\s*$")


def is_statement(text: str) -> bool:
    """A full declarative sentence, not a headline, question, caption or header line."""
    return len(text.split()) >= 8 and bool(_STATEMENT_END.search(text)) and "http" not in text


def _candidates(articles: Sequence[Article]) -> list[_Candidate]:
    raw: list[tuple[Article, Sentence, str, Precision]] = []
    for article in articles:
        title = (article.meta.title.value or "").strip()
        lead_taken = False
        for sentence in split_sentences(article.text):
            if len(sentence.text) < MIN_SENTENCE_CHARS or sentence.text.strip() == title:
                continue
            if not is_statement(sentence.text):
                continue
            mention = _sentence_date(article, sentence)
            if mention is not None:
                raw.append((article, sentence, mention.value, mention.precision))
            elif not lead_taken and article.published:
                raw.append((article, sentence, article.published[:10], "day"))
            lead_taken = True
    df: Counter[str] = Counter()
    counts = [term_counts(s.text) for _, s, _, _ in raw]
    for c in counts:
        df.update(set(c))
    out = []
    for (article, sentence, value, precision), c in zip(raw, counts, strict=True):
        span = date_range(value, precision)
        if span is None:
            continue
        vector = normalized({t: (1 + math.log(n)) * idf(df[t], len(raw)) for t, n in c.items()})
        out.append(_Candidate(article, sentence, span[0], span[1], value[:10], precision, vector))
    return out


def _overlaps(a: _Candidate, b: _Candidate) -> bool:
    return a.start <= b.end + dt.timedelta(days=1) and b.start <= a.end + dt.timedelta(days=1)


def build_timeline(
    story_id: str,
    articles: Sequence[Article],
    settings: Settings,
    copies: Mapping[str, str] | None = None,
) -> list[Development]:
    """The dated developments of one story, oldest first (copies in ``copies`` ignored).

    >>> build_timeline("s", [], Settings())
    []
    """
    originals = [a for a in articles if a.id not in (copies or {})]
    candidates = _candidates(originals)
    groups: list[list[_Candidate]] = []
    for cand in sorted(
        candidates, key=lambda c: (precision_rank(c.precision), c.start, c.article.id)
    ):
        best, best_score = None, SAME_DEVELOPMENT
        for group in groups:
            if not all(_overlaps(cand, m) for m in group):
                continue
            score = sum(cosine(cand.vector, m.vector) for m in group) / len(group)
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            groups.append([cand])
        else:
            best.append(cand)

    centroid: dict[str, float] = {}
    for cand in candidates:
        for term, weight in cand.vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
    published = sorted(d for a in originals if (d := parse_date(a.published)))
    lookback = settings.timeline_lookback_days
    horizon = published[0] - dt.timedelta(days=lookback) if published else None

    developments: list[Development] = []
    for group in groups:
        articles_in = {m.article.id for m in group}
        if horizon and group[0].end < horizon and len(articles_in) < 2:
            continue
        head = max(
            group,
            key=lambda m: (
                sum(cosine(m.vector, o.vector) for o in group) + cosine(m.vector, centroid),
                -len(m.sentence.text),
            ),
        )
        sources: dict[str, Citation] = {}
        for m in sorted(group, key=lambda m: -cosine(m.vector, head.vector)):
            sources.setdefault(
                m.article.id,
                Citation(m.article.id, m.sentence.start, m.sentence.end, m.article.outlet),
            )
        precise = group[0]  # groups are seeded by their most precise date
        developments.append(
            Development(
                story_id=story_id,
                date=display_date(precise.value, precise.precision),
                precision=precise.precision,
                text=head.sentence.text,
                sources=sorted(sources.values(), key=lambda c: (c.article_id, c.start)),
                score=round(len(articles_in) + cosine(head.vector, centroid), 4),
            )
        )
    developments.sort(key=lambda d: (d.date or "", -d.score))
    return developments
