"""Indirect speech: "X said (that) ...", "..., X told reporters", "according to X, ...".

A speech verb from the lexicon with a clausal complement in the dependency parse is a cue;
the complement is the reported content and the verb's subject is the source. Cues inside
quoted words, negated cues ("did not say") and cues nested inside another reported clause
are left out, so each stretch of text is attributed once, to its outermost source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from storyline.pipeline.quotes.candidates import QuoteCandidate
from storyline.pipeline.quotes.cues import CueLexicon
from storyline.pipeline.quotes.syntax import (
    CharSpan,
    agent_of,
    clause_complement,
    cue_tokens,
    doc_text,
    is_negated,
    noun_phrase_between,
    subject_of,
    trimmed,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_JOINING_DEPS = frozenset({"conj", "cc", "punct"})
_BESIDE_DEPS = frozenset({"conj", "parataxis"})
_QUOTE_CHARS = frozenset("\"'“”‘’«»„`")
_EDGE = " \t\n,;:—–-"
#: A dateline opening a lead paragraph: "ZELVOHRAD (VPA) – ", "TARNSK: ", "LONDON, May 2 -".
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]*[A-Z.](?:,[^\n–—:(]{1,30})?(?:\s*\([^)\n]{1,40}\))?\s*[–—:-]+\s+"
)


def find_indirect_candidates(
    doc: Doc, lexicon: CueLexicon, quotations: Sequence[QuoteCandidate]
) -> list[QuoteCandidate]:
    """Reported clauses with their cues; ``quotations`` (direct and partial quotes already
    found) mark the words that are quoted rather than reported."""
    quoted = [c.outer for c in quotations]
    direct = [c.outer for c in quotations if c.kind == "direct"]
    found: list[QuoteCandidate] = []
    for token in doc:
        if _within(token.idx, quoted):
            continue
        candidate = None
        if (
            lexicon.introduces_indirect(token)
            and not is_negated(token)
            and not _put_to_subject(token, lexicon)
        ):
            candidate = _reported_clause(token, lexicon)
        elif token.lemma_.lower() in lexicon.according and token.dep_ == "prep":
            candidate = _according_to(token)
        if candidate is None:
            continue
        _clip_to_paragraph(doc_text(doc), candidate, token.idx)
        if not candidate.end > candidate.start:
            continue
        if any(_overlaps((candidate.start, candidate.end), r) for r in direct):
            continue
        found.append(candidate)
    return _outermost(doc, found)


def _put_to_subject(verb: Token, lexicon: CueLexicon) -> bool:
    """A question or message put *to* the person the sentence is about: an addressee verb
    in the passive ("Trump was asked if he would veto it", "Asked how long the shutdown
    would last, Trump said ...", "she was told that ..."). Its clause is what a reporter
    or someone else said, never a statement of the sentence's subject, whose real answer
    (if any) is quoted separately."""
    if not lexicon.addresses_object(verb):
        return False
    if any(child.dep_ in {"auxpass", "nsubjpass"} for child in verb.children):
        return True
    has_subject = any(child.dep_ in {"nsubj", "csubj"} for child in verb.children)
    return verb.tag_ == "VBN" and not has_subject and verb.dep_ in {"advcl", "acl", "ROOT"}


def _clip_to_paragraph(text: str, candidate: QuoteCandidate, cue_char: int) -> None:
    """Reported speech stays in the paragraph of its cue; the parser's sentences do not
    always stop at a line break (headlines, datelines). A line that starts in lower case
    or with a comma continues the sentence above it (a wrapped line), so it is no break."""
    opening, closing = _paragraph_bounds(text, cue_char)
    dateline = _DATELINE.match(text, opening)
    if dateline is not None and dateline.end() < cue_char:
        opening = dateline.end()  # the place and agency of the report, not its content
    start, end = max(candidate.start, opening), min(candidate.end, closing)
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    candidate.start, candidate.end = start, end


def _paragraph_bounds(text: str, char: int) -> tuple[int, int]:
    opening = char
    while True:
        brk = text.rfind("\n", 0, opening)
        if brk < 0:
            opening = 0
            break
        if not _continues(text, brk):
            opening = brk + 1
            break
        opening = brk
    closing = char
    while True:
        brk = text.find("\n", closing)
        if brk < 0:
            closing = len(text)
            break
        if not _continues(text, brk):
            closing = brk
            break
        closing = brk + 1
    return opening, closing


def _continues(text: str, newline: int) -> bool:
    rest = text[newline + 1 : newline + 40].lstrip(" \t")
    return bool(rest) and (rest[0].islower() or rest[0] in ",;:)")


def _within(char: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start <= char < end for start, end in ranges)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _reported_clause(verb: Token, lexicon: CueLexicon) -> QuoteCandidate | None:
    complement = clause_complement(verb)
    if complement is None:
        return _reported_object(verb, lexicon) or _coordinated_report(verb)
    doc = verb.doc
    before = complement.i < verb.i
    subject = subject_of(verb, inverted_ok=before)
    if subject is None:
        subject = agent_of(verb)
    if subject is None or (complement.left_edge.i <= subject.i <= complement.right_edge.i):
        return None
    span = _clause_span(verb, complement)
    if before and subject.i < complement.left_edge.i:
        # "Policy 'does the minimum,' the former ambassador said": the parser took the
        # clause's own subject for the speaker; the real one sits before the verb.
        between = noun_phrase_between(doc, complement.right_edge.i + 1, verb.i - 1)
        if between is None:
            return None
        span = trimmed(doc, subject.left_edge.i, complement.right_edge.i, strip=_EDGE)
        subject = between
    return _candidate(verb, span, subject, "clause-before" if before else "clause")


def _reported_object(verb: Token, lexicon: CueLexicon) -> QuoteCandidate | None:
    """What was said as an object: "urged Washington [to allow ...]" (the addressee and
    the infinitive), "confirmed [the strikes]", "acknowledged [easing restrictions]"."""
    doc = verb.doc
    objects = [c for c in verb.rights if c.dep_ in {"dobj", "xcomp"}]
    infinitive = next((c for c in objects if c.dep_ == "xcomp"), None)
    if infinitive is not None:
        first = min(c.left_edge.i for c in objects)
        last = infinitive.right_edge.i
    elif objects and lexicon.takes_nominal_content(verb) and not lexicon.addresses_object(verb):
        first, last = objects[0].left_edge.i, objects[0].right_edge.i
    else:
        return None
    subject = subject_of(verb, inverted_ok=False) or agent_of(verb)
    if subject is None or first <= subject.i <= last:
        return None
    return _candidate(verb, trimmed(doc, first, last, strip=_EDGE), subject, "object")


def _candidate(verb: Token, span: CharSpan, subject: Token, via: str) -> QuoteCandidate:
    cue = cue_tokens(verb)
    return QuoteCandidate(
        start=span.start,
        end=span.end,
        kind="indirect",
        via=via,
        cue=(cue.start, cue.end - 1),
        source=subject.i,
    )


def _coordinated_report(verb: Token) -> QuoteCandidate | None:
    """ "[Biden has allowed ...], a spokesperson told Sputnik": the parser coordinates the
    cue with the clause it reports (or sets it beside as parataxis) instead of making that
    clause its complement."""
    doc = verb.doc
    head = verb.head
    subject = subject_of(verb, inverted_ok=False)
    if verb.dep_ not in _BESIDE_DEPS or head.i >= verb.i or subject is None or subject.i > verb.i:
        return None
    opening = subject.left_edge.i
    if opening == 0 or doc[opening - 1].text != ",":
        return None  # "X said and Y told ...": a second statement, not a report of X
    first = _sentence_opening(head, head.left_edge.i)
    return _candidate(verb, trimmed(doc, first, opening - 1, strip=_EDGE), subject, "clause-before")


def _clause_span(verb: Token, complement: Token) -> CharSpan:
    """The reported clause: the complement's subtree without a leading "that", stretched
    over quoted continuations coordinated with it ('said X, "and we ..."')."""
    doc = verb.doc
    first, last = complement.left_edge.i, complement.right_edge.i
    if doc[first].dep_ == "mark" and doc[first].lower_ == "that":
        first += 1
    if complement.i > verb.i:
        for sibling in verb.rights:
            if sibling.i <= last or sibling.dep_ not in _JOINING_DEPS:
                continue
            gap = doc_text(doc)[doc[last].idx : sibling.right_edge.idx]
            if sibling.dep_ == "conj" and any(ch in _QUOTE_CHARS for ch in gap):
                last = sibling.right_edge.i
    else:
        first = _sentence_opening(verb, first)
    return trimmed(doc, first, last, strip=_EDGE)


def _sentence_opening(verb: Token, first: int) -> int:
    """Reach back to the sentence start over adverbials the parser hung on the cue verb
    ("Finally, [the White House made the decision], said one official")."""
    sent_start = verb.sent.start
    if first <= sent_start:
        return first
    hanging = {t.i for c in verb.lefts if c.dep_ in {"advmod", "prep", "punct"} for t in c.subtree}
    if all(i in hanging or verb.doc[i].is_space for i in range(sent_start, first)):
        return sent_start
    return first


def _according_to(token: Token) -> QuoteCandidate | None:
    source = None
    for child in token.rights:
        for grandchild in child.children:
            if grandchild.dep_ == "pobj":
                source = grandchild
    if source is None:
        return None
    head = token.head
    doc = token.doc
    if token.i > head.i:
        span = trimmed(doc, head.left_edge.i, token.i - 1, strip=_EDGE)
    else:
        span = trimmed(doc, token.right_edge.i + 1, head.right_edge.i, strip=_EDGE)
    return QuoteCandidate(
        start=span.start,
        end=span.end,
        kind="indirect",
        via="according-to",
        cue=(token.i, min(token.i + 1, len(doc) - 1)),
        source=source.i,
    )


def _outermost(doc: Doc, found: list[QuoteCandidate]) -> list[QuoteCandidate]:
    """Drop attributions whose cue sits inside another one's content."""
    kept = []
    for candidate in found:
        assert candidate.cue is not None
        cue_char = doc[candidate.cue[0]].idx
        if any(other is not candidate and other.start <= cue_char < other.end for other in found):
            continue
        kept.append(candidate)
    return kept
