"""Stance of a statement towards a permission-type proposition, read off the dependency parse.

No NLI model is available, so stance is decided by rules kept as data below, applied to a
spaCy parse of the sentence. A *unit* is one deontic predicate in a sentence:

* permission (allow, authorize, greenlight, ease/lift restrictions, "are able to use")
  -> ``supports`` the proposition "X may do Y";
* prohibition (prohibit, ban, bar, restrict, exclude, "directs ... not to use")
  -> ``refutes`` it;
* negation flips the polarity ("has not authorized" refutes);
* a predicate wrapped in a request ("urged Washington to allow"), a question
  ("unclear whether ... will be allowed") or a hedge ("may be loosened") is ``unclear``;
* "has not changed", "no change to", "does not change" mark the state as persisting
  (reason ``no-change``), "did change", "reversed" as changing (``change``);
* past perfect or "previously" marks a look back (``earlier-state``);
* ``quoted`` vs ``reported`` says whether the words are inside quotation marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.models import Stance

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PERMIT = frozenset(
    [
        "allow",
        "authorize",
        "authorise",
        "greenlight",
        "green-light",
        "permit",
        "approve",
        "enable",
        "ease",
        "loosen",
        "lift",
        "relax",
        "okay",
        "clear",
        "unleash",
    ]
)
PROHIBIT = frozenset(
    [
        "prohibit",
        "ban",
        "bar",
        "restrict",
        "forbid",
        "prevent",
        "block",
        "exclude",
        "limit",
        "deny",
        "veto",
        "withhold",
        "prohibition",
        "restriction",
        "constraint",
        "curb",
    ]
)
#: Verbs of doing that "can/could/able to" turn into a statement of what is permitted.
ACTION = frozenset(
    ["use", "strike", "fire", "hit", "attack", "target", "launch", "employ", "deploy"]
)
#: Verbs that only ask for the permission rather than state it.
REQUEST = frozenset(
    [
        "urge",
        "call",
        "ask",
        "push",
        "press",
        "want",
        "seek",
        "lobby",
        "plead",
        "demand",
        "request",
        "hope",
        "wish",
        "consider",
        "discuss",
        "debate",
        "weigh",
        "negotiate",
    ]
)
#: Verbs that direct someone; with a negated action ("directs Ukraine not to use") they forbid.
DIRECT = frozenset(["direct", "tell", "order", "instruct", "require", "insist", "warn"])
CHANGE = frozenset(["change", "reverse", "shift", "alter", "revise", "overturn"])
UNCERTAIN_WORDS = frozenset(["whether", "unclear", "uncertain", "unknown", "if"])
HEDGE_MODALS = frozenset(["may", "might", "could", "would"])
ABILITY_MODALS = frozenset(["can", "could", "may"])
NEGATIONS = frozenset(["not", "n't", "never", "no", "without"])
LOOKBACK_ADVERBS = frozenset(["previously", "earlier", "formerly", "once", "initially"])
#: Dependents that name who acts, not what is allowed, and are left out of the theme.
NON_THEME_DEPS = frozenset(
    [
        "nsubj",
        "aux",
        "auxpass",
        "neg",
        "punct",
        "cc",
        "conj",
        "mark",
        "advmod",
        "npadvmod",
        "prep_time",
        "det",
    ]
)


@dataclass
class StanceUnit:
    """One deontic predicate of a sentence: its stance and the words naming what it is about."""

    anchor: int  # token index in the sentence doc
    polarity: int  # +1 permission, -1 prohibition, before negation
    stance: Stance
    theme: str
    theme_start: int  # char offsets in the sentence
    theme_end: int
    reasons: list[str] = field(default_factory=list)


def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    text = token.text.lower()
    if text.startswith("greenlight") or text.startswith("green-light"):
        return "greenlight"
    return lemma


def _negated(token: Token) -> bool:
    if any(
        c.dep_ == "neg" or c.lower_ in NEGATIONS
        for c in token.children
        if c.dep_ in {"neg", "det", "advmod"}
    ):
        return True
    # "no change", "without authorization": a negating determiner/preposition on the head noun
    return token.head is not token and token.dep_ == "pobj" and token.head.lower_ == "without"


def _is_anchor(token: Token) -> int:
    lemma = _lemma(token)
    if lemma in PERMIT and (
        token.pos_ in {"VERB", "AUX", "ADJ"} or (token.pos_ == "NOUN" and lemma != "let")
    ):
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


def _theme(token: Token, sent: Span) -> tuple[int, int]:
    """Char span (within ``sent``) of the words saying what is permitted or forbidden."""
    pieces = [] if token.pos_ in {"VERB", "AUX"} else [token]
    for child in token.children:
        if child.dep_ in NON_THEME_DEPS and child.dep_ not in {"nsubjpass"}:
            continue
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


def analyse_units(sent: Span) -> list[StanceUnit]:
    """Every deontic predicate in a parsed sentence, with its stance and reasons."""
    units: list[StanceUnit] = []
    tokens = list(sent)
    for token in tokens:
        polarity = _is_anchor(token)
        if not polarity:
            continue
        head = token.head
        # "easing restrictions", "lift the ban": the verb carries the unit, not the noun
        if token.pos_ == "NOUN" and (
            (head is not token and _is_anchor(head))
            or any(_is_anchor(c) for c in token.children if c.dep_ in {"amod", "compound"})
        ):
            continue
        reasons: list[str] = []
        stance_sign = polarity
        directed = polarity == -1 and _lemma(token) in ACTION
        if not directed and (
            _negated(token) or (token.dep_ == "xcomp" and _negated(token.head) and polarity == 1)
        ):
            stance_sign = -stance_sign
            reasons.append("negated")
        if directed:
            reasons.append("directed not to")
        uncertain = False
        for ancestor in [token, *token.ancestors]:
            lemma = _lemma(ancestor)
            if ancestor is not token and lemma in REQUEST:
                uncertain = True
                reasons.append(f"requested ({ancestor.text})")
            if lemma in CHANGE:
                if _negated(ancestor) or any(c.lower_ == "no" for c in ancestor.children):
                    reasons.append("no-change")
                elif ancestor is not token:
                    reasons.append("change")
            if any(
                c.lower_ in UNCERTAIN_WORDS
                for c in ancestor.children
                if c.dep_ in {"mark", "acomp", "advmod", "nsubj"}
            ):
                uncertain = True
                reasons.append("uncertain")
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
        if _lookback(token):
            reasons.append("earlier-state")
        start, end = _theme(token, sent)
        stance: Stance = "unclear" if uncertain else ("supports" if stance_sign > 0 else "refutes")
        units.append(
            StanceUnit(
                token.i - sent.start, polarity, stance, sent.text[start:end], start, end, reasons
            )
        )
    return units


def _lookback(token: Token) -> bool:
    """Past perfect ("had prevented") or "previously" on the predicate or what it is joined to."""
    for node in (token, token.head if token.dep_ == "conj" else token):
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
