"""Publication dates for undated articles, inferred from content and from shared events.

An article cannot report a day that has not happened yet, so the latest date it mentions
in the past tense bounds its publication from below; articles of the same event appeared
within ``event_window_days`` of each other, so dated members of its event bound it on both
sides. The result is a :class:`MetaValue` with source ``"inferred"`` and the evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.link.timeline import date_range
from storyline.models import Article, MetaValue

#: Words before a date that put it in the future ("will meet on June 5"): no lower bound.
_FUTURE = re.compile(
    r"\b(will|would|next|upcoming|scheduled|plans? to|due|expected)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class InferredDate:
    value: str
    earliest: str
    latest: str | None
    evidence: str

    def as_meta(self) -> MetaValue:
        return MetaValue(self.value, "inferred", evidence=self.evidence)


def latest_past_mention(article: Article) -> tuple[dt.date, str] | None:
    """The latest calendar date the article mentions, not in a future-tense context."""
    best: tuple[dt.date, str] | None = None
    for mention in article.dates:
        if mention.type != "DATE":
            continue
        span = date_range(mention.value, mention.precision)
        if span is None:
            continue
        before = article.text[max(0, mention.start - 40) : mention.start]
        if _FUTURE.search(before):
            continue
        if best is None or span[0] > best[0]:
            best = (span[0], mention.text)
    return best


def infer_publication_date(
    article: Article, event_dates: Sequence[dt.date] = (), window_days: int = 3
) -> InferredDate | None:
    """A publication date range for an undated article, or None when nothing bounds it.

    ``event_dates`` are the publication dates of the dated articles sharing its event.
    """
    if article.published:
        return None
    evidence: list[str] = []
    earliest: dt.date | None = None
    latest: dt.date | None = None
    mentioned = latest_past_mention(article)
    if mentioned:
        earliest = mentioned[0]
        evidence.append(f"latest date mentioned: {mentioned[1]!r} ({mentioned[0].isoformat()})")
    if event_dates:
        lo = min(event_dates) - dt.timedelta(days=window_days)
        hi = max(event_dates) + dt.timedelta(days=window_days)
        earliest = max(earliest, lo) if earliest else lo
        latest = hi
        evidence.append(
            f"same event as {len(event_dates)} dated article(s) published "
            f"{min(event_dates).isoformat()}..{max(event_dates).isoformat()}"
        )
    if earliest is None:
        return None
    if latest is not None and latest < earliest:
        latest = earliest
    if event_dates:
        ordered = sorted(event_dates)
        guess = min(max(ordered[len(ordered) // 2], earliest), latest or earliest)
    else:
        guess = earliest
    span = f"{earliest.isoformat()}..{latest.isoformat() if latest else ''}"
    evidence.append(f"range {span}")
    return InferredDate(
        guess.isoformat(),
        earliest.isoformat(),
        latest.isoformat() if latest else None,
        "; ".join(evidence),
    )
