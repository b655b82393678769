"""Temporal expressions resolved against the publication date (TimeML TIMEX3).

:func:`find_dates` finds the expressions of a text (:mod:`.find`), reads the tense of
the verb each hangs from (:mod:`.tense`) and resolves each to a TimeML type and
value (:mod:`.resolve`) against the document creation time (DCT): the publication
date. Expressions that count from an earlier date ("the next day") are resolved against
the date mentioned before them. Without a DCT, relative expressions keep X placeholders
("XXXX-WXX-1" for "Monday") and absolute ones still resolve.

>>> [(m.text, m.value) for m in find_dates("The talks ended on June 3, 2024.", dct=None)]
[('June 3, 2024', '2024-06-03')]
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.models import Article, DateMention
from storyline.pipeline.dates.find import find_candidates
from storyline.pipeline.dates.lexicon import load_lexicon
from storyline.pipeline.dates.resolve import Context, resolve
from storyline.pipeline.dates.tense import TenseReading, read_tense
from storyline.pipeline.dates.values import Point
from storyline.pipeline.steps import Step

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["dates_step", "find_dates", "parse_dct"]


def find_dates(
    text: str,
    dct: str | None,
    doc: Doc | None = None,
    nlp: Language | None = None,
    article_id: str = "",
) -> list[DateMention]:
    """Every temporal expression in ``text`` with its TimeML type and value.

    ``dct`` is the publication date (ISO date or datetime) the relative expressions are
    resolved against; ``doc`` is the spaCy parse of ``text`` (made with ``nlp`` when only
    that is given). Without a parse only the lexicon patterns find expressions and
    weekdays cannot use the tense of their verb.

    >>> m = find_dates("Kyiv struck the depot last Tuesday.", "2024-11-25")[0]
    >>> (m.text, m.type, m.value, m.anchor)
    ('last Tuesday', 'DATE', '2024-11-19', 'dct')
    """
    if doc is None and nlp is not None:
        doc = nlp(text)
    dct_day = parse_dct(dct)
    lex = load_lexicon()
    mentions: list[DateMention] = []
    previous: Point | None = None
    previous_day: Point | None = None
    focus_quarter: Point | None = None
    for cand in find_candidates(text, doc):
        expression = text[cand.start : cand.end]
        reading = read_tense(doc, cand.start, cand.end) if doc is not None else _NO_TENSE
        context = Context(
            dct_day,
            reading.tense,
            previous,
            previous_day,
            focus_quarter,
            tense_direct=reading.direct,
        )
        resolution = resolve(expression, context)
        if resolution is None:
            continue
        if cand.source in lex.rate_patterns and resolution.type == "DURATION":
            # "500 tonnes a month": TimeML reads the rate's unit as a set (P1M, quant EVERY)
            resolution = dataclasses.replace(resolution, type="SET")
        mentions.append(
            DateMention(
                article_id=article_id,
                text=expression,
                start=cand.start,
                end=cand.end,
                type=resolution.type,
                value=resolution.value,
                precision=resolution.precision,
                year_inferred=resolution.year_inferred,
                anchor=resolution.anchor,
            )
        )
        point = resolution.point
        if point is not None and resolution.type in {"DATE", "TIME"} and not resolution.comparative:
            previous = point
            if point.grain == "day":
                previous_day = point
            if point.grain == "quarter":
                focus_quarter = point
    return mentions


_NO_TENSE = TenseReading(None)


def dates_step(article: Article, doc: Doc, settings: Settings) -> Article:
    """Pipeline step: the article's dates, resolved against its publication date."""
    dates = find_dates(article.text, article.published, doc=doc, article_id=article.id)
    return dataclasses.replace(article, dates=dates)


def parse_dct(value: str | None) -> date | None:
    """The publication day of an ISO date or datetime ("2024-05-31T04:06+0000" -> May 31).

    >>> parse_dct("2024-05-31T04:06+0000"), parse_dct("19980108"), parse_dct("soon")
    (datetime.date(2024, 5, 31), datetime.date(1998, 1, 8), None)
    """
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-?(\d\d)-?(\d\d)", text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


#: Dates resolve against the publication date in the metadata.
DATES = Step("dates", dates_step, needs=("id", "text", "meta"), provides=("dates",))
