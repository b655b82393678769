"""Word classes the claim rules read: permission, prohibition, release, refusal, paraphrases.

Lemmas, lower case. News words a policy in many ways ("ban", "embargo", "curbs", "export
restrictions"; "lifted", "eased", "scrapped", "ended"); the stance rules
(:mod:`storyline.pipeline.stance`) and the claim matcher (:mod:`storyline.link.claims`) read
these classes instead of exact keywords. The lists are data (``stance_lexicon.toml``, read
through :mod:`storyline.data_files`): extend them there, not in the rules.

>>> concept("blockade") == concept("ban") == concept("curb")
True
>>> concept("lifting") == concept("lift")
True
"""

from __future__ import annotations

import re

from storyline.data_files import packaged_toml

__all__ = [
    "ABILITY_MODALS",
    "ACTION",
    "CHANGE",
    "DIRECT",
    "DURATION_PREPOSITIONS",
    "GRANT",
    "HEDGE_MODALS",
    "LOOKBACK_ADVERBS",
    "NEGATIONS",
    "PARAPHRASES",
    "PARTIAL",
    "PARTIAL_ADVERBS",
    "PROHIBIT",
    "PROHIBITION_NOUNS",
    "PROHIBIT_PHRASAL",
    "REFUSE",
    "REFUSE_PHRASAL",
    "RELEASE",
    "REQUEST",
    "RESUME",
    "STATE_WORDS",
    "TEMPORAL_MARKERS",
    "UNCERTAIN_WORDS",
    "base_lemma",
    "concept",
    "cue_pattern",
]

#: The word lists, with what each class means, in ``stance_lexicon.toml`` beside this module.
_DATA = packaged_toml("storyline.pipeline", "stance_lexicon.toml")


def _words(key: str) -> frozenset[str]:
    return frozenset(_DATA[key])


def _pairs(key: str) -> frozenset[tuple[str, str]]:
    return frozenset((verb, particle) for verb, particle in _DATA[key])


GRANT = _words("grant")
RELEASE = _words("release")
RESUME = _words("resume")
PROHIBIT = _words("prohibit")
PROHIBITION_NOUNS = _words("prohibition_nouns")
PROHIBIT_PHRASAL = _pairs("prohibit_phrasal")
REFUSE = _words("refuse")
REFUSE_PHRASAL = _pairs("refuse_phrasal")
PARTIAL = _words("partial")
TEMPORAL_MARKERS = _words("temporal_markers")
DURATION_PREPOSITIONS = _words("duration_prepositions")
STATE_WORDS = _words("state_words")
ACTION = _words("action")
REQUEST = _words("request")
DIRECT = _words("direct")
CHANGE = _words("change")
UNCERTAIN_WORDS = _words("uncertain_words")
HEDGE_MODALS = _words("hedge_modals")
ABILITY_MODALS = _words("ability_modals")
NEGATIONS = _words("negations")
LOOKBACK_ADVERBS = _words("lookback_adverbs")
PARTIAL_ADVERBS = _words("partial_adverbs")

#: Paraphrase classes: words news uses interchangeably for one thing, compared as one term.
PARAPHRASES: dict[str, frozenset[str]] = {
    "~policy": GRANT | RELEASE | RESUME | PROHIBIT | PROHIBITION_NOUNS,
    **{f"~{name}": frozenset(words) for name, words in _DATA["paraphrases"].items()},
}

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
