"""Whether a sentence the timeline would cite says the opposite of the entry's sentence.

Two sentences of one day that report the same development (the timeline groups them by
similarity) are a *conflict* when their polarities are opposite, decided in this order:

1. **Stance** (stored facts): both sentences carry clear permission or prohibition units
   (:class:`~storyline.models.DeonticUnit`) about one claim, compared as the claims compare
   them: themes as close as :data:`storyline.link.claims.SAME_CLAIM`, stances opposite as
   :func:`storyline.link.claim_steps.contradicts` ("has lifted its blockade" against "the ban
   on all other ore shipments remains in force"). Units tied to a date outside the entry's
   are about another time and left out. Units that agree, or agree and oppose at once,
   settle it the other way: no conflict.
2. **Opposite predicates** (``data/opposite_predicates.toml``): the two sentences stand on
   opposite sides of one axis (lifted / in force, allowed / banned, changed / unchanged,
   ended / continued, ...), a negated predicate counting for the other side ("has not been
   lifted" stands with "remains in force"); standing on the same side settles no conflict.
3. **Negation**: one sentence negates a word the other states plainly (the timeline's
   :func:`~storyline.link.timeline.opposite`).

Only stored facts are read: no parsing here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from storyline.config import Settings
from storyline.data_files import packaged_toml
from storyline.link._text import Sentence
from storyline.link.features import cosine
from storyline.models import Article

if TYPE_CHECKING:
    from storyline.link.claims import _Unit

__all__ = ["Cited", "Polarity", "predicate_sides"]


class Cited(Protocol):
    """A dated sentence of an article (the timeline's candidates are)."""

    article: Article
    sentence: Sentence
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class _Axes:
    pattern: re.Pattern[str]
    side: dict[str, tuple[str, str]]  # phrase -> (axis, side)
    other: dict[tuple[str, str], str]  # (axis, side) -> the opposite side


@lru_cache(maxsize=1)
def _axes() -> _Axes:
    data = packaged_toml("storyline.data", "opposite_predicates.toml")
    side: dict[str, tuple[str, str]] = {}
    other: dict[tuple[str, str], str] = {}
    for axis, sides in data.items():
        first, second = sides  # every axis has two sides
        other[(axis, first)], other[(axis, second)] = second, first
        for name in sides:
            for phrase in sides[name]:
                side[phrase.lower()] = (axis, name)
    longest_first = sorted(side, key=len, reverse=True)
    words = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in longest_first)
    return _Axes(re.compile(rf"\b(?:{words})\b", re.I), side, other)


#: A predicate right after "to" is an aim or a plan ("a bid to halt the war", "agreed to end
#: it"), not an outcome; after a negation ("refused to lift") it stands on the other side.
_INFINITIVE = re.compile(r"\bto\s+$", re.I)


def predicate_sides(text: str, negated: set[str]) -> dict[str, set[str]]:
    """The sides of each axis the sentence's predicates stand on; ``negated`` holds the
    words a negation applies to, which move their phrase to the other side.

    >>> predicate_sides("The ban has not been lifted.", {"lifted"})
    {'restriction': {'in_force'}}
    """
    axes = _axes()
    out: dict[str, set[str]] = defaultdict(set)
    for match in axes.pattern.finditer(text):
        phrase = " ".join(match.group().lower().split())
        axis, side = axes.side[phrase]
        if phrase.split()[0] in negated:
            side = axes.other[(axis, side)]
        elif _INFINITIVE.search(text[: match.start()]):
            continue  # an aim ("a bid to halt the war"), not an outcome
        out[axis].add(side)
    return dict(out)


def _compare_sides(a: dict[str, set[str]], b: dict[str, set[str]]) -> bool | None:
    """True: opposite on some axis and the same on none; False: the same on some axis and
    opposite on none; None otherwise. An axis a sentence stands on both sides of is left out."""
    opposed = agreed = False
    for axis in a.keys() & b.keys():
        if len(a[axis]) == 1 and len(b[axis]) == 1:
            if a[axis] == b[axis]:
                agreed = True
            else:
                opposed = True
    if opposed != agreed:
        return opposed
    return None


class Polarity:
    """Decides, for a timeline entry's sentence and a sentence it would cite, whether the
    second says the opposite (see the module's docstring). Units of a sentence are read once.

    ``negated`` gives the words a negation applies to in a text and ``negation_opposes`` the
    negation rule that decides when neither the stances nor the predicates do.
    """

    def __init__(
        self,
        settings: Settings,
        negated: Callable[[str], set[str]],
        negation_opposes: Callable[[str, str], bool],
    ) -> None:
        self._settings = settings
        self._negated = negated
        self._negation_opposes = negation_opposes
        self._units: dict[tuple[str, int], list[_Unit]] = {}

    def opposite(self, head: Cited, other: Cited) -> bool:
        """``other`` reports the opposite of ``head``."""
        if head.article.id == other.article.id and head.sentence.start == other.sentence.start:
            return False
        stances = self._compare_stances(head, other)
        if stances is not None:
            return stances
        a, b = head.sentence.text, other.sentence.text
        sides = _compare_sides(
            predicate_sides(a, self._negated(a)), predicate_sides(b, self._negated(b))
        )
        if sides is not None:
            return sides
        return self._negation_opposes(b, a)

    def _compare_stances(self, head: Cited, other: Cited) -> bool | None:
        """True when clear units of the two sentences about one claim take opposite stances
        and none take the same; False when some agree (or agree and oppose at once); None
        when they share no claim."""
        ours, theirs = self._clear_units(head), self._clear_units(other)
        if not ours or not theirs:
            return None
        claims, steps = _claims()
        claims.theme_vectors([*ours, *theirs])
        opposed = agreed = False
        for u in ours:
            for v in theirs:
                if cosine(u.vector, v.vector) < claims.SAME_CLAIM:
                    continue
                if steps.contradicts(u.unit.stance, v.unit.stance):
                    opposed = True
                else:
                    agreed = True
        if opposed or agreed:
            return opposed and not agreed
        return None

    def _clear_units(self, cited: Cited) -> list[_Unit]:
        """The sentence's units that take a side about the entry's time, with a theme."""
        key = (cited.article.id, cited.sentence.start)
        if key not in self._units:
            self._units[key] = self._read_units(cited)
        return self._units[key]

    def _read_units(self, cited: Cited) -> list[_Unit]:
        article, sentence = cited.article, cited.sentence
        if not any(f.units and f.start == sentence.start for f in article.sentences):
            return []
        claims, steps = _claims()
        units = claims.extract_units(
            [article], self._settings, keep=lambda text: text == sentence.text
        )
        return [
            u
            for u in units
            if u.sentence.start == sentence.start
            and u.unit.stance in steps.SIDES
            and len(u.theme) >= claims.MIN_THEME_TERMS
            and _about_the_entry(u, cited)
        ]


def _about_the_entry(u: _Unit, cited: Cited) -> bool:
    """The unit speaks of the entry's time: a date its predicate is tied to overlaps the
    entry's days, or (tied to none) the pipeline read it as no look back."""
    spans = [
        _timeline().date_range(m.value, m.precision)
        for m in cited.article.dates
        if m.start in u.unit.dates and m.type in ("DATE", "TIME")
    ]
    spans = [s for s in spans if s is not None]
    if spans:
        return any(s[0] <= cited.end and cited.start <= s[1] for s in spans)
    return "earlier-state" not in u.unit.reasons


def _claims() -> tuple[ModuleType, ModuleType]:
    """The claims modules, imported when first needed: they date statements with the
    timeline's date helpers, and the timeline imports this module."""
    from storyline.link import claim_steps, claims

    return claims, claim_steps


def _timeline() -> ModuleType:
    from storyline.link import timeline

    return timeline
