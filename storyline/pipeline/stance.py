"""Stance of a statement towards a permission-type proposition, read off the dependency parse.

No NLI model is available, so stance is decided by rules over a spaCy parse, with the word
classes kept as data in :mod:`storyline.pipeline.stance_lexicon`. A *unit* is one deontic predicate in
a sentence:

* permission (allow, authorize, greenlight, "are able to use"), or the end of a prohibition
  ("lifted its ban", "ended the blockade", "easing restrictions", "the embargo expires")
  -> ``supports`` the proposition "X may do Y";
* prohibition (prohibit, ban, bar, halt, "cut off", "stop selling", "directs ... not to
  use"), and a prohibition named as persisting ("keeps the ban", "the ban remains in
  force", "the blockade stays") -> ``refutes`` it;
* negation flips the polarity ("has not been lifted", "is not a lifting of the ban"), and
  so does a refusal ("refused to lift", "ruled out any easing");
* a predicate wrapped in a request ("urged Washington to allow", "calls for Kyiv to be
  allowed"), a question ("unclear whether ... will be allowed"), a hedge ("may be
  loosened") or a partial permission ("will allow limited exports") is ``unclear``;
* a prohibition named only as a point in time ("before the ban", "since the blockade
  began") is no statement about it;
* "has not changed", "no change to", "does not change" mark the state as persisting
  (reason ``no-change``), "did change", "reversed" as changing (``change``);
* past perfect or "previously" marks a look back (``earlier-state``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.models import Stance
from storyline.pipeline.stance_lexicon import (
    ABILITY_MODALS,
    ACTION,
    CHANGE,
    DIRECT,
    GRANT,
    HEDGE_MODALS,
    LOOKBACK_ADVERBS,
    NEGATIONS,
    PARTIAL,
    PARTIAL_ADVERBS,
    PROHIBIT,
    PROHIBIT_PHRASAL,
    PROHIBITION_NOUNS,
    REFUSE,
    REFUSE_PHRASAL,
    RELEASE,
    REQUEST,
    RESUME,
    TEMPORAL_MARKERS,
    UNCERTAIN_WORDS,
    base_lemma,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Dependents that name who acts, not what is allowed, and are left out of the theme.
NON_THEME_DEPS = frozenset(
    [
        "nsubj", "aux", "auxpass", "neg", "punct", "cc", "conj", "mark", "advmod", "npadvmod",
        "prep_time", "det",
        # other clauses hanging off the predicate: the reporting frame, asides, datelines
        "advcl", "parataxis", "dep", "appos", "intj", "meta",
    ]
)  # fmt: skip
#: Dependents of a predicate that say what it acts on.
OBJECT_DEPS = frozenset(["dobj", "nsubjpass", "attr", "oprd"])
#: Parts of speech of a verb (a predicate, or the verb a noun is an argument of).
VERBAL = frozenset(["VERB", "AUX"])


@dataclass
class StanceUnit:
    """One deontic predicate of a sentence: its stance and the words naming what it is about.

    ``scope_start``/``scope_end`` (char offsets in the sentence) cover the theme, the
    predicate and who it applies to: what a proposition is compared with.
    """

    anchor: int  # token index in the sentence
    polarity: int  # +1 permission, -1 prohibition, before negation
    stance: Stance
    theme: str
    theme_start: int  # char offsets in the sentence
    theme_end: int
    reasons: list[str] = field(default_factory=list)
    scope_start: int = 0
    scope_end: int = 0


def _lemma(token: Token) -> str:
    text = token.text.lower()
    if text.startswith("greenlight") or text.startswith("green-light"):
        return "greenlight"
    return base_lemma(token.lemma_.lower())


def verb_particle(token: Token) -> str:
    """The particle ``token`` governs ("cut *off*"), or ""."""
    return next((c.lower_ for c in token.children if c.dep_ == "prt"), "")


def _negated(token: Token) -> bool:
    if any(
        c.dep_ == "neg" or c.lower_ in NEGATIONS
        for c in token.children
        if c.dep_ in {"neg", "det", "advmod"}
    ):
        return True
    head = token.head
    if head == token:
        return False
    # "no change", "without authorization": a negating preposition on the head noun
    if token.dep_ == "pobj" and head.lower_ == "without":
        return True
    # "this is not a lifting of the ban": the copula carries the negation
    return token.dep_ in {"attr", "acomp"} and any(c.dep_ == "neg" for c in head.children)


def _refused(token: Token) -> bool:
    """Complement of a refusal: "refused to lift", "ruled out any easing", "rejected ..."."""
    head = token.head
    if head == token or token.dep_ not in {"xcomp", "dobj", "ccomp", "pobj"}:
        return False
    return _lemma(head) in REFUSE or (_lemma(head), verb_particle(head)) in REFUSE_PHRASAL


def _names_prohibition(token: Token) -> bool:
    return _lemma(token) in PROHIBITION_NOUNS and token.pos_ in {"NOUN", "PROPN"}


def _acts_on_prohibition(token: Token) -> bool:
    """Does this release verb act on a prohibition ("lift the ban", "the blockade ends")?"""
    for child in token.children:
        if child.dep_ in OBJECT_DEPS | {"nsubj"} and _names_prohibition(child):
            return True
        if (
            child.dep_ == "prep"
            and child.lower_ in {"of", "on", "to"}
            and any(_names_prohibition(g) for g in child.children if g.dep_ == "pobj")
        ):
            return True
        if child.dep_ in {"xcomp", "ccomp"} and _acts_on_prohibition(child):
            return True
    # "eased restrictions", "the lifted embargo"
    return token.dep_ in {"amod", "acl"} and _names_prohibition(token.head)


def _is_anchor(token: Token) -> int:
    """+1 for a permission, -1 for a prohibition, 0 for neither."""
    lemma = _lemma(token)
    if (lemma, verb_particle(token)) in PROHIBIT_PHRASAL:
        return -1
    if lemma in GRANT and (token.pos_ in VERBAL | {"ADJ"} or token.pos_ == "NOUN"):
        return 1
    if lemma in RELEASE:
        if _acts_on_prohibition(token):
            return 1
        return -1 if lemma in PROHIBIT and token.pos_ in VERBAL else 0
    if lemma in RESUME and token.pos_ in VERBAL:
        return 1
    if lemma in PROHIBIT:
        return -1
    if lemma in ACTION and token.pos_ == "VERB":
        modals = {c.lower_ for c in token.children if c.dep_ == "aux"}
        able = token.head.lower_ == "able" or (
            token.dep_ == "xcomp" and token.head.lemma_ == "able"
        )
        if modals & ABILITY_MODALS or able:
            return 1
        if _negated(token) and token.head.lemma_ in DIRECT:
            return -1
    return 0


def _only_a_time(token: Token) -> bool:
    """A prohibition named as a point in time: "before the ban", "since the blockade began"."""
    if token.dep_ == "pobj" and token.head.lower_ in TEMPORAL_MARKERS:
        return True
    if token.dep_ in {"nsubj", "nsubjpass"}:
        return any(
            c.dep_ in {"mark", "prep"} and c.lower_ in TEMPORAL_MARKERS for c in token.head.children
        )
    return False


def governing_verb(token: Token) -> Token:
    """The verb a noun is an argument of (itself for a verb): where its clause's dates attach."""
    node = token
    while node.pos_ not in VERBAL and node.head != node:
        node = node.head
    return node


def _partial(token: Token) -> bool:
    """A permission limited to part of what it could cover ("allow limited exports")."""
    if any(c.lower_ in PARTIAL_ADVERBS for c in token.children if c.dep_ == "advmod"):
        return True
    objects = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    for comp in (c for c in token.children if c.dep_ == "xcomp"):
        objects.extend(c for c in comp.children if c.dep_ in OBJECT_DEPS)
    return any(
        g.lower_ in PARTIAL for obj in objects for g in obj.children if g.dep_ in {"amod", "det"}
    )


def _theme(token: Token, sent: Span) -> tuple[int, int]:
    """Char span (within ``sent``) of the words saying what is permitted or forbidden."""
    pieces = [] if token.pos_ in VERBAL else [token]
    for child in token.children:
        released = child.dep_ == "nsubj" and _names_prohibition(child)  # "the blockade ended"
        if child.dep_ in NON_THEME_DEPS and child.dep_ not in {"nsubjpass"} and not released:
            continue
        if (
            child.dep_ == "prep"
            and child.lower_ != "from"  # "prohibits Ukraine from using ATACMS" is the theme
            and any(g.dep_ == "pcomp" for g in child.children)
        ):
            continue  # an aside: "in what officials called an act of blackmail"
        pieces.extend(child.subtree)
    if token.dep_ in {"amod", "compound"} or token.pos_ == "NOUN":
        pieces.extend(token.head.subtree if token.dep_ in {"amod", "compound"} else [])
    if token.dep_ == "xcomp" or token.dep_ == "ccomp":
        pieces.extend(
            t for t in token.head.children if t.dep_ in {"dobj", "nsubjpass"} for t in t.subtree
        )
    if not pieces:
        pieces = [token]
    start = min(t.idx for t in pieces) - sent.start_char
    end = max(t.idx + len(t.text) for t in pieces) - sent.start_char
    return start, end


def _scope(token: Token, sent: Span, theme: tuple[int, int]) -> tuple[int, int]:
    """The theme widened to the predicate and its subject ("Velmora's ban", "Velmora lifted")."""
    verb = governing_verb(token)
    pieces = [token, verb]
    for node in (token, verb):
        for child in node.children:
            if child.dep_ in {"nsubj", "nsubjpass", "poss"}:
                pieces.extend(child.subtree)
    start = min([t.idx - sent.start_char for t in pieces] + [theme[0]])
    end = max([t.idx + len(t.text) - sent.start_char for t in pieces] + [theme[1]])
    return start, end


def analyse_units(sent: Span) -> list[StanceUnit]:
    """Every deontic predicate in a parsed sentence, with its stance and reasons."""
    units: list[StanceUnit] = []
    tokens = list(sent)
    for token in tokens:
        polarity = _is_anchor(token)
        if not polarity:
            continue
        head = token.head
        # "easing restrictions", "lift the ban", "the lifting of the ban": the predicate
        # carries the unit, not the noun
        if token.pos_ in {"NOUN", "PROPN"} and (
            (head != token and _is_anchor(head))
            or (token.dep_ == "pobj" and head.head != head and _is_anchor(head.head))
            or any(_is_anchor(c) for c in token.children if c.dep_ in {"amod", "compound"})
        ):
            continue
        if token.pos_ in {"NOUN", "PROPN"} and _only_a_time(token):
            continue
        units.append(_unit(token, polarity, sent, tokens))
    return units


def _unit(token: Token, polarity: int, sent: Span, tokens: list[Token]) -> StanceUnit:
    reasons: list[str] = []
    stance_sign = polarity
    directed = polarity == -1 and _lemma(token) in ACTION
    if not directed and (
        _negated(token) or (token.dep_ == "xcomp" and _negated(token.head) and polarity == 1)
    ):
        stance_sign = -stance_sign
        reasons.append("negated")
    if _refused(token):
        stance_sign = -stance_sign
        reasons.append(f"refused ({token.head.text})")
    if directed:
        reasons.append("directed not to")
    uncertain = False
    for ancestor in [token, *token.ancestors]:
        lemma = _lemma(ancestor)
        if ancestor != token and lemma in REQUEST:
            uncertain = True
            reasons.append(f"requested ({ancestor.text})")
        if lemma in CHANGE:
            if _negated(ancestor) or any(c.lower_ == "no" for c in ancestor.children):
                reasons.append("no-change")
            elif ancestor != token:
                reasons.append("change")
        if any(
            c.lower_ in UNCERTAIN_WORDS
            for c in ancestor.children
            if c.dep_ in {"mark", "acomp", "advmod", "nsubj"}
        ):
            uncertain = True
            reasons.append("uncertain")
        if any(c.dep_ == "mark" and c.lower_ == "for" for c in ancestor.children):
            uncertain = True  # "calls have grown for Ukraine to be allowed": wished, not stated
            reasons.append("wished")
        if ancestor.dep_ == "ROOT":
            break
    if (
        any(t.lower_ == "no" and t.head.lemma_ == "change" for t in tokens)
        and "no-change" not in reasons
    ):
        reasons.append("no-change")
    modals = {c.lower_ for c in token.children if c.dep_ in {"aux", "auxpass"}}
    if _lemma(token) not in ACTION and modals & HEDGE_MODALS:
        uncertain = True
        reasons.append("hedged")
    if stance_sign > 0 and _partial(token):
        uncertain = True
        reasons.append("partial")
    if _lookback(token):
        reasons.append("earlier-state")
    theme = _theme(token, sent)
    scope = _scope(token, sent, theme)
    stance: Stance = "unclear" if uncertain else ("supports" if stance_sign > 0 else "refutes")
    return StanceUnit(
        token.i - sent.start,
        polarity,
        stance,
        sent.text[theme[0] : theme[1]],
        theme[0],
        theme[1],
        reasons,
        scope[0],
        scope[1],
    )


def _lookback(token: Token) -> bool:
    """Past perfect ("had prevented") or "previously" on the predicate, on what it is joined
    to, or on the verb a prohibition noun is an argument of ("the blockade ... had forced")."""
    nodes = {token, governing_verb(token)}
    if token.dep_ == "conj":
        nodes.add(token.head)
    for node in nodes:
        for child in node.children:
            if child.lower_ == "had" and child.dep_ in {"aux", "auxpass"}:
                return True
            if child.lower_ in LOOKBACK_ADVERBS:
                return True
    return False


def combine(unit_stance: Stance, query_polarity: int) -> Stance:
    """Stance towards a proposition that is itself a permission (+1) or a prohibition (-1)."""
    if unit_stance == "unclear" or query_polarity > 0:
        return unit_stance
    return "refutes" if unit_stance == "supports" else "supports"
