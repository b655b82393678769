"""Grammatical gender of the people an article names, for agreement with "he" and "she".

Three kinds of evidence, strongest first: an honorific written before the person's name in
this article ("Mrs. Clinton", "Mr. Manafort"); the first name, looked up in the name
statistics of the ``gender-guesser`` package (only names it calls plainly male or female,
not "mostly" one or the other); and the pronouns the article already used for the person.
When the evidence disagrees the gender stays unknown, so a pronoun is never forced onto a
person on the strength of a doubtful guess.

>>> first_name_gender("Hillary Clinton"), first_name_gender("Trump")
('she', None)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

_GUESSER_GENDER = {"male": "he", "female": "she"}


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    import gender_guesser.detector as detector

    return detector.Detector(case_sensitive=False)


@functools.lru_cache(maxsize=4096)
def first_name_gender(name: str) -> str | None:
    """ "he" or "she" from the first name of a full name, when the name statistics are
    clear; None for one-word names, initials and names used for both. Words before the
    first name that the statistics do not know ("President", "Crooked") are skipped; the
    last word is the surname and never read."""
    for written in name.split()[:-1]:
        word = written.strip(",")
        if len(word) < 2 or not word.isalpha():  # initials and abbreviations ("Sen.")
            continue
        found = _detector().get_gender(word)
        if found != "unknown":
            return _GUESSER_GENDER.get(found)
    return None


def agreed(genders: Iterable[str | None]) -> str | None:
    """The one gender all the known evidence gives, else None."""
    known = {g for g in genders if g}
    return known.pop() if len(known) == 1 else None
