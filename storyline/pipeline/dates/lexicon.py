"""The vocabulary of temporal expressions, read from ``lexicon.toml``.

The word lists and candidate patterns are data so they can be extended without touching
the finder or the resolver. :func:`load_lexicon` reads the file once per process (the
result is immutable) and compiles the patterns, expanding ``{placeholders}`` into
alternations of the word lists.

>>> lex = load_lexicon()
>>> lex.months["sept"], lex.weekdays["friday"], lex.units["decade"].multiplier
(9, 5, 10)
>>> bool(lex.patterns["relative_unit"].fullmatch("last week"))
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.data_files import read_toml

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Unit:
    """A calendar unit: its TimeML duration letter and how many of them one word means."""

    name: str
    code: str  # Y M W D H M S Q
    time: bool = False  # duration written with "T" (PT3H)
    multiplier: int = 1


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything the finder and resolver know about English temporal words.

    Compared and hashed by identity, so compiled grammars can be cached per lexicon.
    """

    months: dict[str, int]  # full names and abbreviations
    weekdays: dict[str, int]
    abbreviations: frozenset[str]  # month and weekday abbreviations ("sept", "thurs")
    units: dict[str, Unit]
    irregular_plurals: dict[str, str]
    numbers: dict[str, float]
    vague_numbers: tuple[str, ...]
    ordinals: dict[str, int]
    seasons: dict[str, str]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    holidays: dict[str, Any]
    references: dict[str, str]  # word -> PRESENT_REF | PAST_REF | FUTURE_REF
    standalone_references: frozenset[str]
    frequency_adverbs: dict[str, str]
    decade_words: dict[str, int]  # "nineties" -> 9
    relative_determiners: dict[str, int]  # "last" -> -1, "next" -> 1
    signals: tuple[str, ...]  # prepositions left outside the extent: "on", "since"
    modifier_words: frozenset[str]  # words an extent may start with: "the", "about"
    adverb_only: frozenset[str]  # frequency words that are no set as adjectives
    patterns_needing_entity: frozenset[str]  # patterns kept only inside a spaCy entity
    rate_patterns: frozenset[str]  # patterns kept only after a quantity, read as sets
    patterns_without_trigger: frozenset[str]  # temporal by context: "ended on the 5th"
    anaphoric_determiners: frozenset[str]  # "the following": counted from the date before
    approximate: tuple[str, ...]
    position: tuple[str, ...]
    patterns: dict[str, re.Pattern[str]]

    def unit(self, word: str) -> Unit | None:
        """The unit a (possibly plural) word names: "years" -> year, "centuries" -> century."""
        word = word.lower()
        if word in self.irregular_plurals:
            word = self.irregular_plurals[word]
        if word in self.units:
            return self.units[word]
        if word.endswith("s") and word[:-1] in self.units:
            return self.units[word[:-1]]
        return None


def _alternation(words: list[str]) -> str:
    """A regex alternation of phrases, longest first so the longest phrase wins."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(w) for w in word.split()))
    return "(?:" + "|".join(parts) + ")"


def _word_lists(data: dict[str, Any]) -> dict[str, str]:
    refs = [w for words in data["references"].values() for w in words]
    month_abbreviations = _alternation(list(data["month_abbreviations"]))
    weekday_abbreviations = _alternation(list(data["weekday_abbreviations"]))
    return {
        "month_words": (
            f"(?:{_alternation(list(data['months']))}|{month_abbreviations}(?:\\.|(?=\\s*\\d)))"
        ),
        "weekday_words": f"(?:{_alternation(list(data['weekdays']))}|{weekday_abbreviations}\\.)",
        "unit_words": _alternation(list(data["units"])),
        "number_words": _alternation([w for w in data["numbers"] if w not in {"a", "an"}]),
        "vague": _alternation(data["vague_numbers"]["words"]),
        "season_words": _alternation(list(data["seasons"])),
        "part_of_day_words": _alternation(list(data["parts_of_day"])),
        "ordinal_words": _alternation(list(data["ordinals"])),
        "approximate_words": _alternation(data["modifiers"]["approximate"]),
        "position_words": _alternation(data["modifiers"]["position"]),
        "frequency_words": _alternation(list(data["frequency_adverbs"])),
        "decade_names": _alternation(list(data["decade_words"])),
        "holiday_words": _alternation(list(data["holidays"])),
        "reference_words": _alternation(refs),
        "standalone_reference_words": _alternation(data["standalone_references"]["words"]),
    }


def _expand(template: str, names: dict[str, str], depth: int = 0) -> str:
    if depth > 5:
        raise ValueError(f"placeholders nest too deeply in {template!r}")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in names:
            raise KeyError(f"unknown placeholder {{{name}}} in {LEXICON_FILE.name}")
        return _expand(names[name], names, depth + 1)

    return _PLACEHOLDER.sub(sub, template)


@functools.lru_cache(maxsize=2)
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    """Read and compile the lexicon file (cached: it is read once per process)."""
    data = read_toml(path)
    names = {**_word_lists(data), **data["fragments"]}
    patterns = {
        name: re.compile(r"(?<![\w'])" + _expand(regex, names) + r"(?![\w])", re.IGNORECASE)
        for name, regex in data["patterns"].items()
    }
    units = {
        word: Unit(word, spec["code"], spec.get("time", False), spec.get("multiplier", 1))
        for word, spec in data["units"].items()
    }
    references = {w: ref for ref, words in data["references"].items() for w in words}
    return Lexicon(
        months={**data["months"], **data["month_abbreviations"]},
        weekdays={**data["weekdays"], **data["weekday_abbreviations"]},
        abbreviations=frozenset(data["month_abbreviations"])
        | frozenset(data["weekday_abbreviations"]),
        units=units,
        irregular_plurals=dict(data["irregular_plurals"]),
        numbers={k: float(v) for k, v in data["numbers"].items()},
        vague_numbers=tuple(data["vague_numbers"]["words"]),
        ordinals=dict(data["ordinals"]),
        seasons=dict(data["seasons"]),
        parts_of_day=dict(data["parts_of_day"]),
        clock_words=dict(data["clock_words"]),
        holidays=dict(data["holidays"]),
        references=references,
        standalone_references=frozenset(data["standalone_references"]["words"]),
        frequency_adverbs=dict(data["frequency_adverbs"]),
        decade_words=dict(data["decade_words"]),
        relative_determiners=dict(data["relative_determiners"]),
        signals=tuple(data["extent"]["signals"]),
        modifier_words=frozenset(data["extent"]["modifier_words"]),
        adverb_only=frozenset(data["extent"]["adverb_only"]),
        patterns_needing_entity=frozenset(data["extent"]["patterns_needing_entity"]),
        rate_patterns=frozenset(data["extent"]["rate_patterns"]),
        patterns_without_trigger=frozenset(data["extent"]["patterns_without_trigger"]),
        anaphoric_determiners=frozenset(data["anaphoric_determiners"]["words"]),
        approximate=tuple(data["modifiers"]["approximate"]),
        position=tuple(data["modifiers"]["position"]),
        patterns=patterns,
    )
