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

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from storyline.data_files import packaged_toml

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Tense = Literal["past", "present", "future"]

#: The word lists below, in ``words.toml`` beside this module.
_WORDS = packaged_toml("storyline.pipeline.dates", "words.toml")["tense"]

_FUTURE_AUX = {"will", "'ll", "shall", "wo", "ll"}
_MODAL_AUX = {"would", "could", "might", "may", "should", "must", "can", "ca", "'d"}
#: Verbs whose infinitive complement is planned ahead: "is expected to vote Tuesday".
_PLANNING_VERBS = set(_WORDS["planning_verbs"])
#: Participles that put their date in a schedule rather than in the past: "the vote,
#: scheduled for Dec. 15", "was postponed until March", "has slated a hearing Thursday".
_SCHEDULING_VERBS = set(_WORDS["scheduling_verbs"])
#: "set" schedules only with "for" or "as": "a summit set for April", "set Nov. 10 as the
#: deadline", not "a record set on Aug. 6".
_SCHEDULING_WITH_FOR = {"set"}
#: Prepositions that make the date a bound of the event, not its time: "has extended the
#: loans through January", "extended to Nov. 20", "to be completed by Dec. 15".
_BOUNDING_PREPOSITIONS = set(_WORDS["bounding_prepositions"])
#: How a date attaches when it gives its verb's time ("in May", "met Tuesday": the small
#: English model often labels a bare weekday as an object); as a subject or an attribute
#: ("Monday is the deadline") it gives no time of the verb.
_TIME_MODIFIER_DEPS = {"npadvmod", "pobj", "advmod", "tmod", "obl", "prep", "dobj"}
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_MAX_CLIMB = 12


@dataclass(frozen=True)
class TenseReading:
    """The tense of the governing verb, and whether the expression modifies that verb.

    ``direct`` holds when only prepositions stand between the expression and its verb
    ("began in March", "left Tuesday"): the tense then places the date itself. Through a
    noun or an adjective ("a dividend payable Dec. 15", "Thursday's closing price") the
    verb's tense says less about the date.
    """

    tense: Tense | None
    direct: bool = False


def governing_tense(doc: Doc, start: int, end: int) -> Tense | None:
    """The tense of the verb governing the characters ``[start, end)`` of ``doc``.

    Returns None when the document has no parse, the expression hangs from no verb (a
    headline fragment, a caption) or the verb shows no tense.
    """
    return read_tense(doc, start, end).tense


def read_tense(doc: Doc, start: int, end: int) -> TenseReading:
    """The tense governing ``[start, end)`` and whether the expression hangs on its verb.

    >>> import spacy
    >>> read_tense(spacy.blank("en")("He left Monday."), 8, 14)
    TenseReading(tense=None, direct=False)
    """
    if not doc.has_annotation("DEP"):
        return _NO_TENSE
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return _NO_TENSE
    if span.root.dep_ == "poss":
        # "Wednesday's ruling", "Thursday's closing price": the day of an event the story
        # already names, in news mostly one that has happened, whatever verb is around
        return TenseReading("past")
    found = _governing_verb(span)
    if found is None:
        return _NO_TENSE
    verb, prepositions = found
    direct = (
        prepositions is not None
        and not prepositions & _BOUNDING_PREPOSITIONS
        and span.root.dep_ in _TIME_MODIFIER_DEPS
        and _is_finite(verb)
    )
    if verb.tag_ == "VBN" and (
        verb.lemma_ in _SCHEDULING_VERBS
        or (
            verb.lemma_ in _SCHEDULING_WITH_FOR
            and any(c.dep_ == "prep" and c.lower_ in {"for", "as"} for c in verb.children)
        )
    ):
        return TenseReading(None, direct)
    return TenseReading(verb_tense(verb), direct)


def _is_finite(verb: Token) -> bool:
    """The verb carries its own tense ("began", "will begin", "has begun"), not an
    infinitive's or a participle's borrowed from the verb above ("subpoenaed him to
    testify on Feb. 10")."""
    return verb.tag_ in _FINITE_TAGS or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in _FINITE_TAGS for c in verb.children
    )


_NO_TENSE = TenseReading(None)


def _governing_verb(span: Span) -> tuple[Token, set[str] | None] | None:
    """The verb the span hangs from and the prepositions on the way to it (None when a
    noun or an adjective lies on the way)."""
    token = span.root
    prepositions: set[str] | None = set()
    for _ in range(_MAX_CLIMB):
        inside = span.start <= token.i < span.end
        if token.pos_ in {"VERB", "AUX"} and not inside:
            return token, prepositions
        if not inside and prepositions is not None:
            if token.pos_ == "ADP":
                prepositions.add(token.lower_)
            else:
                prepositions = None
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
    if aux_words & {"could", "would"} and _negated(verb):
        return "past"  # "could not be reached Tuesday", "would not comment Monday"
    if aux_words & _FUTURE_AUX or aux_words & _MODAL_AUX:
        return "future"
    if verb.dep_ == "xcomp" and verb.head.lemma_ == "go" and verb.head.tag_ == "VBG":
        return "future"  # "is going to meet"
    if any(a.tag_ == "VBD" for a in auxes):
        return "past"  # "was meeting", "had said", "did not say"
    tag = verb.tag_
    if tag == "VBD":
        return "past"
    if tag == "VBN" and "to" in aux_words:
        return _infinitive_tense(verb, depth)  # "expect the deal to be completed by May"
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
        if verb.dep_ == "xcomp" or "to" in aux_words:
            return _infinitive_tense(verb, depth)
        return _tense_of_head(verb, depth)
    return None


def _negated(verb: Token) -> bool:
    """ "could not", "wouldn't", "Neither he nor she could": a refusal or failure reported."""
    return any(
        c.dep_ == "neg"
        or (c.dep_ in {"nsubj", "nsubjpass", "preconj"} and c.lower_ in _NEGATORS)
        or any(g.dep_ == "preconj" and g.lower_ == "neither" for g in c.children)
        for c in verb.children
    )


_NEGATORS = {"neither", "nobody", "none", "nothing", "no-one"}


def _infinitive_tense(verb: Token, depth: int) -> Tense | None:
    """An infinitive looks ahead of its head verb: "is expected to vote", "agreed to meet"."""
    if verb.head.lemma_ in _PLANNING_VERBS:
        return "future"
    inherited = _tense_of_head(verb, depth)
    return "future" if inherited in {None, "present"} else inherited


def _tense_of_head(verb: Token, depth: int) -> Tense | None:
    head = verb.head
    if head.i == verb.i or depth >= 3 or head.pos_ not in {"VERB", "AUX"}:
        return None
    return verb_tense(head, depth + 1)
