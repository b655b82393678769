"""Same referent, different words: outlets that name one thing differently.

Two sources of pairs: the spellings of one unified entity (Kiev / Kyiv, Kharkov / Kharkiv),
and two outlets' distinctive terms that share every word but one in the same place
("illegal immigrant" / "undocumented immigrant": the head noun shared, the modifier
differing; "Kiev regime" / "Kiev government": the modifier shared, the head differing).
A pair is kept only when each outlet prefers its own word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from storyline.models import Citation, DistinctiveTerm, WordContrast

__all__ = ["spelling_contrasts", "term_contrasts"]


def _same_name(a: str, b: str) -> bool:
    """A surname for a full name, or a case difference, is not a different spelling."""
    x, y = a.casefold(), b.casefold()
    return x == y or f" {x} " in f" {y} " or f" {y} " in f" {x} "


def spelling_contrasts(
    spellings: Mapping[str, Mapping[str, Counter[str]]],
    examples: Mapping[tuple[str, str, str], Citation],
) -> dict[str, list[WordContrast]]:
    """Per outlet, the entities it spells unlike another outlet of the story.

    ``spellings`` maps outlet -> entity name -> spelling -> uses; ``examples`` maps
    (outlet, entity, spelling) to a first use.
    """
    out: dict[str, list[WordContrast]] = {o: [] for o in spellings}
    entities = sorted({e for per in spellings.values() for e in per})
    for entity in entities:
        main = {
            o: per[entity].most_common(1)[0][0] for o, per in spellings.items() if entity in per
        }
        for outlet, mine in main.items():
            for other, theirs in sorted(main.items()):
                if other == outlet or _same_name(mine, theirs):
                    continue
                if any(c.term == mine and c.alternative == theirs for c in out[outlet]):
                    continue
                counts = {
                    o: [spellings[o][entity][mine], spellings[o][entity][theirs]]
                    for o in sorted(main)
                }
                cited = [
                    examples.get((outlet, entity, mine)),
                    examples.get((other, entity, theirs)),
                ]
                out[outlet].append(
                    WordContrast(entity, mine, theirs, counts, [c for c in cited if c])
                )
    return out


def term_contrasts(
    distinctive: Mapping[str, Sequence[DistinctiveTerm]],
    totals: Mapping[str, Counter[str]],
) -> dict[str, list[WordContrast]]:
    """Per outlet, its distinctive multi-word terms that another outlet's distinctive term
    matches but for one word in the same place, each outlet preferring its own."""
    out: dict[str, list[WordContrast]] = {o: [] for o in distinctive}
    for outlet, terms in distinctive.items():
        for mine in terms:
            a = mine.term.split()
            if len(a) < 2:
                continue
            for other, theirs_terms in distinctive.items():
                if other == outlet:
                    continue
                for theirs in theirs_terms:
                    b = theirs.term.split()
                    if len(b) != len(a):
                        continue
                    differ = [i for i in range(len(a)) if a[i] != b[i]]
                    if len(differ) != 1:
                        continue
                    t, u = mine.term, theirs.term
                    if not (
                        totals[outlet][t] > totals[outlet][u]
                        and totals[other][u] > totals[other][t]
                    ):
                        continue
                    shared = " ".join(w if i != differ[0] else "_" for i, w in enumerate(a))
                    counts = {o: [totals[o][t], totals[o][u]] for o in sorted(totals)}
                    out[outlet].append(
                        WordContrast(
                            shared, t, u, counts, [*mine.examples[:1], *theirs.examples[:1]]
                        )
                    )
    return out
