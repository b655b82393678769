"""Analysing one text without a database, for ``storyline quotes`` / ``storyline dates``.

Facts index the cleaned ``Article.text``; evaluation data indexes the text as given. So
every record also carries ``input_start``/``input_end`` (and for quotes the cue and speaker
spans) mapped back onto the input, or ``None`` where cleaning removed that part.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.models import Article, RawDocument, SourceRef

if TYPE_CHECKING:
    from spacy.language import Language

#: Quote fields that only mean something inside a store (the article, cross-article ids).
INTERNAL_QUOTE_FIELDS = ("article_id", "speaker_entity_id")
INTERNAL_DATE_FIELDS = ("article_id",)

OffsetMap = Callable[[int], int | None]


def analyze_text(
    text: str,
    nlp: Language,
    settings: Settings,
    *,
    name: str = "<stdin>",
    published: str | None = None,
) -> Article:
    """Prepare ``text`` as an article (published on ``published``) and analyse it."""
    from storyline.pipeline import analyze_articles, prepare_article

    given = {"published": published} if published else {}
    raw = RawDocument(SourceRef(name), text, given=given)
    (article,) = analyze_articles([prepare_article(raw, settings)], nlp, settings)
    return article


def _lines(text: str) -> tuple[list[str], list[int]]:
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    return [line.rstrip("\r\n") for line in lines], starts


def offset_map(text: str, raw: str) -> OffsetMap:
    """A function from offsets in ``text`` to offsets in ``raw``, which ``text`` was cleaned
    from by dropping (and possibly trimming) lines; ``None`` for offsets it cannot place."""
    if text == raw:
        return lambda offset: offset
    text_lines, text_starts = _lines(text)
    raw_lines, raw_starts = _lines(raw)
    matcher = SequenceMatcher(None, text_lines, raw_lines, autojunk=False)
    line_start: dict[int, int] = {}  # text line -> raw offset of the same content
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            line_start[block.a + k] = raw_starts[block.b + k]
    cursor = 0
    for i, line in enumerate(text_lines):
        if i in line_start:
            cursor = line_start[i] + len(line)
            continue
        found = raw.find(line.strip(), cursor) if line.strip() else -1
        if found >= 0:
            # a trimmed line: its content starts where the stripped content starts
            line_start[i] = found - (len(line) - len(line.lstrip()))
            cursor = found + len(line.strip())

    def to_raw(offset: int) -> int | None:
        index = bisect.bisect_right(text_starts, offset) - 1
        index = min(index, len(text_lines) - 1)
        if index < 0 or index not in line_start:
            return None
        return line_start[index] + offset - text_starts[index]

    return to_raw


def _map_span(
    mapping: OffsetMap, start: int | None, end: int | None
) -> tuple[int | None, int | None]:
    if start is None or end is None:
        return None, None
    begin = mapping(start)
    last = mapping(end - 1) if end > start else begin
    return begin, (last + 1 if last is not None and end > start else last)


def quote_records(article: Article) -> list[dict[str, Any]]:
    """The article's quotes as dicts without store-only fields, with spans in the input too."""
    mapping = offset_map(article.text, article.raw)
    records = []
    for quote in article.quotes:
        record = {k: v for k, v in quote.to_dict().items() if k not in INTERNAL_QUOTE_FIELDS}
        record["input_start"], record["input_end"] = _map_span(mapping, quote.start, quote.end)
        record["input_cue_start"], record["input_cue_end"] = _map_span(
            mapping, quote.cue_start, quote.cue_end
        )
        record["input_speaker_start"], record["input_speaker_end"] = _map_span(
            mapping, quote.speaker_start, quote.speaker_end
        )
        records.append(record)
    return records


def date_records(article: Article) -> list[dict[str, Any]]:
    """The article's dates as dicts, with spans in the input too."""
    mapping = offset_map(article.text, article.raw)
    records = []
    for date in article.dates:
        record = {k: v for k, v in date.to_dict().items() if k not in INTERNAL_DATE_FIELDS}
        record["input_start"], record["input_end"] = _map_span(mapping, date.start, date.end)
        records.append(record)
    return records
