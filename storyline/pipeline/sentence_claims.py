"""What claims need from a sentence's parse, read once per article and stored with it.

A statement that may hold a permission or prohibition (a cheap word filter,
:func:`~storyline.pipeline.stance_lexicon.cue_pattern`) gets its deontic units (predicate,
stance, theme and scope spans, reasons, the date mentions its predicate is tied to; rules in
:mod:`storyline.pipeline.stance`) and its words with their lemmas. The link stage compares
those across articles without parsing again; a user's own proposition goes through
:func:`analyse_claim_text`, the same reading.

A word is stored as ``(start, text, lemma, particle, flags)``: ``start`` is its offset in the
article, ``particle`` the verb particle it governs ("cut *off*"), ``flags`` holds
:data:`STOP` (a stop word) and :data:`NOT_A_TERM` (punctuation, space, a number).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.models import Article, DateMention, DeonticUnit, SentenceFacts
from storyline.pipeline.stance import VERBAL, analyse_units, governing_verb, verb_particle
from storyline.pipeline.stance_lexicon import DURATION_PREPOSITIONS, cue_pattern

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span, Token

#: Only sentences with a word of a deontic class can hold a unit.
CUE = cue_pattern()
STOP = 1
NOT_A_TERM = 2

Word = tuple[int, str, str, str, int]


def may_hold_units(text: str, title: str) -> bool:
    """Whether a statement is worth reading for units: not the title, and a deontic cue."""
    return text.strip() != title.strip() and bool(CUE.search(text))


def sentence_words(span: Span) -> list[Word]:
    """The words of ``span`` with what claims compare: lemma, particle and flags."""
    words: list[Word] = []
    for token in span:
        flags = STOP if token.is_stop else 0
        if token.is_punct or token.is_space or token.like_num or not token.text.strip("-'"):
            flags |= NOT_A_TERM
        words.append((token.idx, token.text, token.lemma_, verb_particle(token), flags))
    return words


def sentence_units(span: Span, dates: Sequence[DateMention] = ()) -> list[DeonticUnit]:
    """The deontic units of ``span`` with spans in the text ``span`` belongs to.

    ``dates`` are the article's date mentions; each unit keeps those its predicate (or the
    verb reporting it) is tied to: "lifted its ban on Monday", "..., the minister said on
    Monday"; not "in force since March" (a duration) nor a date of another clause.
    """
    offset, end = span.start_char, span.end_char
    out = []
    for unit in analyse_units(span):
        anchor = span[unit.anchor]
        out.append(
            DeonticUnit(
                unit.polarity,
                unit.stance,
                max(offset, offset + unit.theme_start),
                min(end, offset + unit.theme_end),
                max(offset, offset + unit.scope_start),
                min(end, offset + unit.scope_end),
                unit.reasons,
                _tied_dates(span, anchor, dates),
            )
        )
    return out


def _tied_dates(span: Span, anchor: Token, dates: Sequence[DateMention]) -> list[int]:
    verb = governing_verb(anchor)
    heads = {anchor.i, verb.i, *(a.i for a in verb.ancestors)}
    tied = []
    for mention in dates:
        if mention.type not in ("DATE", "TIME"):
            continue
        if not span.start_char <= mention.start < span.end_char:
            continue
        token = next((t for t in span if t.idx <= mention.start < t.idx + len(t.text)), None)
        if token is None:
            continue
        node, duration = token, False
        while node.pos_ not in VERBAL and node.head != node:
            duration = duration or node.lower_ in DURATION_PREPOSITIONS
            node = node.head
        if not duration and node.i in heads:
            tied.append(mention.start)
    return tied


def add_claim_facts(article: Article, sentence: SentenceFacts, span: Span) -> None:
    """Fill ``sentence.units`` and ``sentence.words`` when the statement may hold a unit."""
    text = article.text[sentence.start : sentence.end]
    if not sentence.statement or not may_hold_units(text, article.meta.title.value or ""):
        return
    sentence.units = sentence_units(span, article.dates)
    sentence.words = sentence_words(span)


def analyse_claim_text(text: str, nlp: Language) -> SentenceFacts:
    """A user's proposition read as the pipeline reads a stored sentence: its units (of every
    sentence it has) and its words, spanning the whole text.

    >>> from storyline.pipeline.nlp import load_nlp  # doctest: +SKIP
    >>> analyse_claim_text("Ukraine is banned from using ATACMS.", load_nlp()).units[0].stance  # doctest: +SKIP
    'refutes'
    """
    doc = nlp(text)
    units = [u for sent in doc.sents for u in sentence_units(sent)]
    return SentenceFacts(0, len(text), True, units=units, words=sentence_words(doc[:]))
