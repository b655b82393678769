"""Reading the dependency parse for attribution: subjects, noun phrases, clause spans.

Small helpers over spaCy tokens shared by the direct, partial and indirect quote finders.
They only look at the parse; which words count as cues is the lexicon's business.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Dependents of a noun that end the phrase naming a source: "officials, who ...",
# "John Kirby, the spokesperson".
_PHRASE_BREAKERS = frozenset({"relcl", "appos", "acl", "punct", "advcl"})
_NOUN_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Dependencies through which an inverted subject follows its verb ("said Kirby",
# "added the Russian leader"): the parser labels that noun in several ways.
_INVERTED_DEPS = frozenset({"nsubj", "dobj", "attr", "npadvmod", "oprd", "dative", "appos"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
_DEPENDENT_VERB = frozenset({"advcl", "conj", "xcomp", "acl", "pcomp", "prep"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "VB"})  # inflected verbs can invert: "said Kirby"
_PERSONAL = frozenset({"he", "she", "they", "we", "i"})
_TRIM = " \t\n,;:—–-"


@dataclass(frozen=True)
class CharSpan:
    """A ``[start, end)`` character range into the article text."""

    start: int
    end: int


def doc_text(doc: Doc) -> str:
    """The document's text, built once: spaCy rebuilds ``Doc.text`` from its tokens on
    every access, which dominated the quotes step."""
    cached = doc.user_data.get("storyline_text")
    if cached is None:
        cached = doc.text
        doc.user_data["storyline_text"] = cached
    return str(cached)


def trimmed(doc: Doc, first: int, last: int, strip: str = _TRIM) -> CharSpan:
    """Characters of tokens ``first..last`` without edge punctuation or spaces."""
    if last < first:
        return CharSpan(0, 0)
    text = doc_text(doc)
    start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return CharSpan(start, end)


def source_phrase(token: Token) -> Span:
    """The noun phrase headed by ``token``, cut before relative clauses, appositions and
    commas: "a U.S. official familiar with the matter", "National Security Council
    spokesperson John Kirby" (the apposition is read separately as a title)."""
    doc = token.doc
    first, last = token.i, token.i
    for child in token.lefts:
        if child.dep_ not in _PHRASE_BREAKERS:
            first = min(first, child.left_edge.i)
    for child in token.rights:
        if child.dep_ in _PHRASE_BREAKERS or (child.dep_ == "conj" and child.pos_ not in _NOUN_POS):
            break
        last = max(last, child.right_edge.i)
    if token.dep_ in {"compound", "nmod"} and token.head.pos_ == "VERB":
        for child in token.head.lefts:
            if child.i < token.i and child.dep_ in {"det", "nummod", "amod", "poss"}:
                first = min(first, child.left_edge.i)
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    while last > first and (doc[last].is_punct or doc[last].is_space or doc[last].dep_ == "cc"):
        last -= 1
    return doc[first : last + 1]


def apposition(token: Token) -> Span | None:
    """The apposition describing ``token`` ("John Herbst, a former U.S. ambassador")."""
    for child in token.rights:
        if child.dep_ == "appos":
            span = token.doc[child.left_edge.i : child.right_edge.i + 1]
            while len(span) > 1 and (span[-1].is_punct or span[-1].is_space):
                span = span[:-1]
            return span
    return None


def clause_complement(verb: Token) -> Token | None:
    """The reported clause of a speech verb: "said [that Washington changed course]".

    A complement across a line break from the verb is a misparse (a headline run into the
    lead below it), so one on the verb's own line is preferred.
    """
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    same_line = [c for c in clauses if "\n" not in _text_between(verb, c)]
    preferred = same_line or clauses
    return preferred[0] if preferred else None


def _text_between(verb: Token, child: Token) -> str:
    text = doc_text(verb.doc)
    if child.i < verb.i:
        return text[child.idx : verb.idx]
    return text[verb.idx : child.idx]


def has_clause_between(verb: Token, end_char: int) -> bool:
    """True when ``verb`` already has a clausal complement before ``end_char``: then a
    quotation after it continues reported speech instead of being introduced by it."""
    return any(
        c.dep_ in _CLAUSE_DEPS and verb.i < c.i and c.left_edge.idx < end_char
        for c in verb.children
    )


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def subject_of(verb: Token, *, inverted_ok: bool = True) -> Token | None:
    """The token heading who speaks through ``verb``.

    The grammatical subject when there is one; for an inverted cue ("said Kirby", "added
    the Russian leader") the first noun after the verb; for a participle or coordinated
    verb without its own subject ("..., adding that ..."), the subject of the verb it
    hangs from. A relative pronoun gives way to the noun it stands for ("an architect who
    said").
    """
    subject = _adjacent_subject(verb) or _grammatical_subject(verb, inverted_ok)
    if (
        subject is not None
        and subject.tag_ in {"WP", "WDT"}
        and verb.dep_ == "relcl"
        and verb.head.pos_ in _NOUN_POS
    ):
        return verb.head
    return subject


def _adjacent_subject(verb: Token) -> Token | None:
    """A noun right before the verb that the parser did not make its subject although
    the parsed subject is elsewhere ("... made public -- Trump boasted")."""
    doc = verb.doc
    k = verb.i - 1
    while k >= 0 and doc[k].head.i == verb.i and doc[k].dep_ in {"aux", "neg", "advmod"}:
        k -= 1
    if k < 0 or doc[k].pos_ not in {"PROPN", "PRON"} or doc[k].dep_ in SUBJECT_DEPS:
        return None
    parsed = _grammatical_subject(verb, inverted_ok=False)
    if parsed is None or k in {t.i for t in parsed.subtree} or parsed.i > verb.i:
        return None
    if doc[k].dep_ in {"compound", "poss", "appos", "conj"} or doc[k].head.i == verb.i:
        return None
    head = doc[k]
    while head.dep_ in {"flat", "compound"} and head.head.i != head.i:
        head = head.head
    return head if head.i == k else None


def _grammatical_subject(verb: Token, inverted_ok: bool) -> Token | None:
    subjects = [
        c for c in verb.children if c.dep_ in SUBJECT_DEPS and any(ch.isalnum() for ch in c.text)
    ]
    if subjects:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for child in verb.lefts:
        # "with one insider adding:": the parser reads the noun as a modifier of the verb
        if child.dep_ in {"compound", "nmod"} and child.pos_ in {"NOUN", "PROPN"}:
            return child
    if inverted_ok and verb.tag_ in _FINITE:
        for child in verb.rights:
            if child.dep_ in _INVERTED_DEPS and child.pos_ in _NOUN_POS:
                return child
    head = verb
    for _ in range(4):
        # "..., adding that", "before asking her,": up through the verb it depends on
        if head.dep_ not in _DEPENDENT_VERB or head.head.i == head.i:
            break
        head = head.head
        for child in head.children:
            # "was prompted to say": the passive subject of the verb it depends on
            if child.dep_ in SUBJECT_DEPS or child.dep_ == "nsubjpass":
                return child
    if verb.dep_ == "acl" and verb.head.pos_ in _NOUN_POS:  # "one insider adding: ..."
        return verb.head
    if inverted_ok and verb.head.i > verb.i and verb.head.pos_ in {"PROPN", "NOUN"}:
        return verb.head  # "Said Ellis: ...", parsed as a modifier of the name
    return None


def agent_of(verb: Token) -> Token | None:
    """The agent of a passive speech verb: "it was reported by the Times"."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def cue_tokens(verb: Token) -> Span:
    """The cue as written: the verb with its particle ("pointed out")."""
    first = last = verb.i
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == last + 1:
            last = child.i
    return verb.doc[first : last + 1]


_NOMINAL_POS = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON", "PART", "SPACE"})


def noun_phrase_between(doc: Doc, first: int, last: int) -> Token | None:
    """The head of a noun phrase filling tokens ``first..last`` -- possibly followed by an
    apposition set off by commas ("Brent Bozell III, founder of the Center,") -- if that is
    all they are; used where the parser attached a source to the wrong word ("policy
    'does the minimum,' the former ambassador said")."""
    tokens = [t for t in doc[first : last + 1] if not t.is_space]
    if not tokens:
        return None
    comma = next((k for k, t in enumerate(tokens) if t.text in {",", "("}), len(tokens))
    phrase = tokens[:comma]
    if comma < len(tokens) and tokens[-1].text not in {",", ")"}:
        return None  # something other than an apposition follows the phrase
    if not phrase or any(t.pos_ not in _NOMINAL_POS and not t.text[:1].isupper() for t in phrase):
        return None
    nouns = [t for t in phrase if t.pos_ in {"NOUN", "PROPN", "PRON"} or t.text[:1].isupper()]
    return nouns[-1] if nouns else None


def nearest_person_before(verb: Token) -> Token | None:
    """The closest person named (or pronoun) before ``verb`` in its sentence: the last
    resort when the parser gave a cue no subject ("Mr. Trump, asked about it, had said")."""
    doc = verb.doc
    for k in range(verb.i - 1, verb.sent.start - 1, -1):
        token = doc[k]
        if token.is_quote or "\n" in token.text:
            return None
        if token.ent_type_ == "PERSON" or (token.pos_ == "PRON" and token.lower_ in _PERSONAL):
            return token
    return None
