"""A language's cue and date words: ``data/<code>.toml`` plus dateparser's locale data.

dateparser already knows every language's month and weekday names and its common relative
expressions ("вчера", "минулого тижня", "la semaine dernière"); the data files add what
it lacks (case forms after prepositions, "накануне", speech verbs, "according to").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from storyline.data_files import read_toml
from storyline.pipeline.languages.support import DATA

__all__ = ["LanguageProfile", "profile_for"]

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE = re.compile(r"^(?:(in) )?(\d+) (day|week|month|year)(?: (ago))?$")


@dataclass(frozen=True)
class LanguageProfile:
    """Words for quotes and dates in one language (all lower case)."""

    code: str
    speech_verbs: tuple[str, ...] = ()
    according_to: tuple[str, ...] = ()
    that: tuple[str, ...] = ()
    pronouns: tuple[str, ...] = ()
    months: dict[str, int] = field(default_factory=dict)  # name or abbreviation -> 1..12
    weekdays: dict[str, int] = field(default_factory=dict)  # name -> 0 (Monday)..6
    relative: dict[str, tuple[str, int]] = field(default_factory=dict)  # phrase -> (unit, n)
    year_words: tuple[str, ...] = ()
    joiners: tuple[str, ...] = ()  # "de", "del": between day, month and year
    ordinals: tuple[str, ...] = ()  # "er", "º": after a day number
    next_words: tuple[str, ...] = ()  # "prochain": the date lies after the publication day
    last_words: tuple[str, ...] = ()  # "dernier": the date lies before it
    this_words: tuple[str, ...] = ()  # "ce": the weekday of the publication's week
    clock_words: tuple[str, ...] = ()  # "à", "alle": between a timestamp's date and time
    stamp_words: tuple[str, ...] = ()  # "publié le": before a page's own timestamp
    not_dates: tuple[str, ...] = ()  # "hoy en día": a date word that names no day
    lower_case: bool = False  # weekday names are lower case; a capitalised one is a name


def _dateparser_words(
    code: str,
) -> tuple[dict[str, int], dict[str, int], dict[str, tuple[str, int]]]:
    from dateparser.languages import default_loader

    info = default_loader.get_locale(code).info
    months = {
        name.casefold(): i
        for i, key in enumerate(_MONTHS, 1)
        for name in info.get(key, [])
        if len(name) >= 3 and not name.endswith(".")
    }
    weekdays = {
        name.casefold(): i
        for i, key in enumerate(_WEEKDAYS)
        for name in info.get(key, [])
        if len(name) >= 4
    }
    relative: dict[str, tuple[str, int]] = {}
    for key, phrases in info.get("relative-type", {}).items():
        m = _RELATIVE.match(key)
        if not m:
            continue
        amount = int(m.group(2)) * (-1 if m.group(4) else 1)
        for phrase in phrases:
            # Abbreviated forms ("в пр мес") are not how news is written and match too much.
            if all(
                len(w) >= 3 or w in {"в", "на", "у", "l'", "el", "la", "le"} for w in phrase.split()
            ):
                relative[phrase.casefold()] = (m.group(3), amount)
    return months, weekdays, relative


@functools.lru_cache(maxsize=16)
def profile_for(code: str) -> LanguageProfile:
    """The profile of language ``code`` (it must have a data file)."""
    raw = read_toml(DATA / f"{code}.toml")
    quotes, dates = raw.get("quotes", {}), raw.get("dates", {})
    months, weekdays, relative = _dateparser_words(code)
    months.update({form.casefold(): n for n, form in enumerate(dates.get("months", []), 1)})
    for number, forms in enumerate(dates.get("weekdays", [])):
        weekdays.update({form.casefold(): number for form in forms})
    relative.update({p.casefold(): ("day", n) for p, n in dates.get("days", {}).items()})

    def words(items: list[str]) -> tuple[str, ...]:
        return tuple(w.casefold() for w in items)

    return LanguageProfile(
        code=code,
        speech_verbs=words(quotes.get("speech_verbs", [])),
        according_to=words(sorted(quotes.get("according_to", []), key=len, reverse=True)),
        that=words(quotes.get("that", [])),
        pronouns=words(quotes.get("pronouns", [])),
        months=months,
        weekdays=weekdays,
        relative=relative,
        year_words=words(dates.get("year_words", [])),
        joiners=words(dates.get("joiners", [])),
        ordinals=words(dates.get("ordinals", [])),
        next_words=words(dates.get("next_words", [])),
        last_words=words(dates.get("last_words", [])),
        this_words=words(dates.get("this_words", [])),
        clock_words=words(dates.get("clock_words", [])),
        stamp_words=words(dates.get("stamp_words", [])),
        not_dates=words(dates.get("not_dates", [])),
        lower_case=bool(dates.get("lower_case", False)),
    )
