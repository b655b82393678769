"""The tense of the verb that governs a temporal expression, read from the spaCy parse.

A bare "Monday" in a news story means the Monday before the publication date when the
sentence reports what happened ("said on Monday") and the Monday after when it announces
("will meet on Monday"). The dependency parse gives the verb the expression hangs from;
its tag and auxiliaries give the tense.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> governing_tense(nlp("He left Monday."), 8, 14) is None  # no parse, no tense
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Tense = Literal["past", "present", "future"]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_MODAL_AUX = {"would", "could", "might", "may", "should", "must", "can", "ca", "'d"}
#: Verbs whose infinitive complement is planned ahead: "is expected to vote Tuesday".
_PLANNING_VERBS = {
    "expect",
    "schedule",
    "plan",
    "set",
    "due",
    "intend",
    "hope",
    "aim",
    "prepare",
    "want",
    "seek",
    "promise",
    "threaten",
    "vow",
    "decide",
    "agree",
}
_MAX_CLIMB = 12


def governing_tense(doc: Doc, start: int, end: int) -> Tense | None:
    """The tense of the verb governing the characters ``[start, end)`` of ``doc``.

    Returns None when the document has no parse, the expression hangs from no verb (a
    headline fragment, a caption) or the verb shows no tense.
    """
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    verb = _governing_verb(span)
    return None if verb is None else verb_tense(verb)


def _governing_verb(span: Span) -> Token | None:
    token = span.root
    for _ in range(_MAX_CLIMB):
        if token.pos_ in {"VERB", "AUX"} and not (span.start <= token.i < span.end):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def verb_tense(verb: Token, depth: int = 0) -> Tense | None:
    """Tense of a verb group from its tag and auxiliaries ("has said" is past)."""
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    aux_words = {a.lower_ for a in auxes}
    if aux_words & _MODAL_AUX and aux_words & {"have", "'ve"}:
        return "past"  # "may have been", "would have said"
    if aux_words & _FUTURE_AUX or aux_words & _MODAL_AUX:
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "go" and verb.head.tag_ == "VBG":
        return "future"  # "is going to meet"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"  # "was meeting", "had said", "did not say"
    tag = verb.tag_
    if tag == "VBD":
        return "past"
    if tag == "VBN":
        if aux_words & {"has", "have", "'ve", "'s"} and "been" not in aux_words:
            return "past"
        if any(a.tag_ in {"VBZ", "VBP"} for a in auxes):
            return "present"  # "is expected", "are scheduled"
        return "past"  # reduced relative: "the plan announced Tuesday"
    if tag in {"VBZ", "VBP"}:
        return "present"
    if tag == "VBG":
        if "been" in aux_words:
            return "past"  # "have been operating since August"
        if any(a.tag_ in {"VBZ", "VBP"} for a in auxes):
            return "future"  # present progressive announces: "is meeting Tuesday"
        return _tense_of_head(verb, depth)
    if tag == "VB":
        if verb.dep_ == "xcomp" or any(a.lower_ == "to" for a in auxes):
            head = verb.head
            if head.lemma_ in _PLANNING_VERBS:
                return "future"
            inherited = _tense_of_head(verb, depth)
            return "future" if inherited in {None, "present"} else inherited
        return _tense_of_head(verb, depth)
    return None


def _tense_of_head(verb: Token, depth: int) -> Tense | None:
    head = verb.head
    if head.i == verb.i or depth >= 3 or head.pos_ not in {"VERB", "AUX"}:
        return None
    return verb_tense(head, depth + 1)
