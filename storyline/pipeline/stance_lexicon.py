"""Word classes the claim rules read: permission, prohibition, release, refusal, paraphrases.

Lemmas, lower case. News words a policy in many ways ("ban", "embargo", "curbs", "export
restrictions"; "lifted", "eased", "scrapped", "ended"); the stance rules
(:mod:`storyline.pipeline.stance`) and the claim matcher (:mod:`storyline.link.claims`) read
these classes instead of exact keywords. Extend them here, not in the rules.

>>> concept("blockade") == concept("ban") == concept("curb")
True
>>> concept("lifting") == concept("lift")
True
"""

from __future__ import annotations

import re

#: Verbs that grant a permission whatever their object ("allow", "authorize").
GRANT = frozenset(
    [
        "allow", "authorize", "authorise", "greenlight", "green-light", "permit", "approve",
        "enable", "unleash", "permission", "authorization", "authorisation",
    ]
)  # fmt: skip
#: Verbs that end a prohibition: a permission only when what they end is one ("lifted its
#: ban", "the blockade ends"); "ease the shortage" or "end the talks" permit nothing.
RELEASE = frozenset(
    [
        "lift", "ease", "loosen", "relax", "end", "scrap", "drop", "remove", "revoke",
        "rescind", "repeal", "abolish", "cancel", "waive", "terminate", "suspend", "expire",
        "lapse", "withdraw", "unblock",
    ]
)  # fmt: skip
#: Verbs that let a stopped activity start again ("reopen the border", "shipments resume").
RESUME = frozenset(["reopen", "resume", "restart"])
#: Verbs and nouns that forbid or stop something.
PROHIBIT = frozenset(
    [
        "prohibit", "ban", "bar", "restrict", "forbid", "prevent", "block", "blockade",
        "embargo", "exclude", "limit", "deny", "veto", "withhold", "halt", "stop", "freeze",
        "curb", "prohibition", "restriction", "constraint", "moratorium", "cutoff", "sanction",
    ]
)  # fmt: skip
#: Nouns naming a prohibition: what RELEASE verbs must act on to permit something.
PROHIBITION_NOUNS = frozenset(
    [
        "ban", "prohibition", "embargo", "blockade", "restriction", "curb", "limit",
        "constraint", "moratorium", "freeze", "halt", "cutoff", "sanction", "bar", "limitation",
        "veto", "block", "suspension",
    ]
)  # fmt: skip
#: Verb + particle pairs that stop something ("cut off deliveries", "shut down exports").
PROHIBIT_PHRASAL = frozenset([("cut", "off"), ("shut", "down"), ("shut", "off"), ("close", "off")])
#: Verbs whose complement is refused or excluded: "refused to lift", "ruled out any easing".
REFUSE = frozenset(["refuse", "reject", "decline", "oppose", "resist", "rebuff", "dismiss"])
REFUSE_PHRASAL = frozenset([("rule", "out")])
#: Qualifiers that make a permission partial ("limited exports", "some weapons").
PARTIAL = frozenset(
    ["limited", "some", "certain", "partial", "small", "few", "restricted", "selected", "narrow"]
)
#: Prepositions and conjunctions that make a prohibition only a point in time ("before the
#: ban", "since the blockade began"): no statement about its state.
TEMPORAL_MARKERS = frozenset(["before", "after", "since", "until", "till", "during", "when"])
#: Prepositions that open a duration rather than date an event ("in force since March").
DURATION_PREPOSITIONS = frozenset(["since", "from", "until", "till", "through", "throughout"])

#: Paraphrase classes: words news uses interchangeably for one thing, compared as one term.
PARAPHRASES: dict[str, frozenset[str]] = {
    "~policy": GRANT | RELEASE | RESUME | PROHIBIT | PROHIBITION_NOUNS,
    "~trade": frozenset(
        [
            "export", "import", "shipment", "ship", "delivery", "deliver", "sale", "sell",
            "supply", "trade", "consignment", "cargo", "freight", "flow",
        ]
    ),
    "~weapon": frozenset(["weapon", "arm", "missile", "munition", "rocket", "armament"]),
    "~strike": frozenset(["strike", "attack", "hit", "target", "fire", "launch"]),
}  # fmt: skip
#: Words that say a state holds or persists; they name no thing a proposition is about.
STATE_WORDS = frozenset(
    [
        "force", "place", "effect", "remain", "stay", "keep", "continue", "hold", "maintain",
        "still", "be", "have", "will", "may", "can", "could", "would", "should", "must",
    ]
)  # fmt: skip

_CONCEPT = {word: name for name, words in PARAPHRASES.items() for word in words}


def base_lemma(lemma: str) -> str:
    """Fold a nominal "-ing" form to its verb when the verb is in a class ("easing" -> "ease")."""
    lemma = lemma.lower()
    if lemma in _CONCEPT or not lemma.endswith("ing"):
        return lemma
    stem = lemma[:-3]
    for candidate in (
        stem,
        stem + "e",
        stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else "",
    ):
        if candidate and candidate in _CONCEPT:
            return candidate
    return lemma


def concept(lemma: str) -> str:
    """The paraphrase class of a lemma, or the lemma itself."""
    lemma = base_lemma(lemma)
    return _CONCEPT.get(lemma, lemma)


def cue_pattern() -> re.Pattern[str]:
    """A cheap filter: sentences with no word of a deontic class need no parse."""
    words = sorted(GRANT | RELEASE | RESUME | PROHIBIT | PROHIBITION_NOUNS, key=len, reverse=True)
    stems = sorted({w[:-1] if w.endswith("e") and len(w) > 3 else w for w in words})
    phrasal = "|".join(rf"{verb}\w*\s+{particle}" for verb, particle in sorted(PROHIBIT_PHRASAL))
    extra = rf"{phrasal}|able to|can |could |may |not to \w+"
    return re.compile(r"\b(" + "|".join(re.escape(s) for s in stems) + r")\w*|" + extra, re.I)
