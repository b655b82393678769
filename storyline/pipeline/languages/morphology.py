"""Case forms to the nominative with pymorphy3 (Russian and Ukrainian dictionaries).

"Пескова", "Пескову" -> "Песков"; "Марии Захаровой" -> "Мария Захарова"; "Белого дома"
-> "Белый дом"; "Юрченка" -> "Юрченко". Words the dictionary marks as conjunctions,
prepositions, particles or pronouns ("Как", "Після", "Але", "Он") are not names.

>>> nominative_name("Пескова", "person", "ru"), nominative_name("Белого дома", "place", "ru")
('Песков', 'Белый дом')
>>> is_function_word("Після", "uk"), is_function_word("Київ", "uk")
(True, False)
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = [
    "analyzer",
    "best_reading",
    "capitalise_parts",
    "is_common_word",
    "is_attribute_word",
    "is_function_word",
    "is_given_name",
    "is_personal_name",
    "looks_like_place",
    "nominative_name",
    "place_noun_lemma",
    "surname_forms",
    "surname_keys",
]

_PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"}
_PERSONAL = {"Name", "Surn", "Patr"}
_FUNCTION = {"CONJ", "PREP", "PRCL", "NPRO", "ADVB", "INTJ", "PRED"}
_INFLECTED = {"NOUN", "ADJF", "PRTF"}


@functools.lru_cache(maxsize=2)
def analyzer(lang: str) -> Any:
    """The pymorphy3 analyzer for ``lang`` ("ru" or "uk"), loaded once."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def best_reading(word: str, lang: str) -> Any:
    """The dictionary's most likely reading of ``word`` (a pymorphy3 parse)."""
    return analyzer(lang).parse(word)[0]


def _grammemes(parse: Any) -> set[str]:
    return set(str(parse.tag).replace(" ", ",").split(","))


def capitalise_parts(word: str) -> str:
    """Each hyphen-joined part of ``word`` capitalised ("нью-йорк" -> "Нью-Йорк")."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _match_case(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return capitalise_parts(word)
    return word


@functools.lru_cache(maxsize=1 << 14)
def is_function_word(word: str, lang: str) -> bool:
    """Whether ``word`` is only ever a function word (never a proper name) in ``lang``."""
    parses = analyzer(lang).parse(word)
    if any(_grammemes(p) & _PROPER for p in parses):
        return False
    return any(p.tag.POS in _FUNCTION for p in parses)


def _nominative_word(word: str, lang: str, personal: bool, gender: str | None) -> tuple[str, bool]:
    """The word in the nominative, and whether it was a noun (the head of a name).

    ``gender`` is the given name's for a person, the head noun's for a place or body (an
    adjective agrees with it: "Дальнего Востока" -> "Дальний Восток", not "Дальнее")."""
    parses = analyzer(lang).parse(word)
    if not personal and gender:
        parses = [
            p for p in parses if p.tag.POS != "ADJF" or p.tag.gender in (gender, None)
        ] or parses
    if personal:
        fitting = [
            p
            for p in parses
            if _grammemes(p) & _PERSONAL and (gender is None or p.tag.gender in (gender, None))
        ]
        parses = fitting or parses
    else:  # a place or body: "Києві" is Київ, not the given name Кий
        parses = [p for p in parses if not _grammemes(p) & _PERSONAL] or parses
    best = parses[0]
    if best.tag.POS not in _INFLECTED or "Fixd" in _grammemes(best):
        return word, best.tag.POS == "NOUN"
    form = best.inflect({"nomn"})
    if form is None:
        return word, best.tag.POS == "NOUN"
    nominative = form.word if "ё" in word.casefold() else form.word.replace("ё", "е")
    return _match_case(nominative, word), best.tag.POS == "NOUN"


def _gender(words: list[str], lang: str) -> str | None:
    for word in words:
        for parse in analyzer(lang).parse(word):
            if "Name" in _grammemes(parse) and parse.tag.gender:
                return str(parse.tag.gender)
    return None


def _head_gender(words: list[str], lang: str) -> str | None:
    for word in words:
        best = best_reading(word, lang)
        if best.tag.POS == "NOUN":
            return str(best.tag.gender) if best.tag.gender else None
    return None


@functools.lru_cache(maxsize=1 << 14)
def nominative_name(name: str, kind: str, lang: str) -> str:
    """``name`` (as written in any case) in the nominative.

    A person's every word is inflected, agreeing with the gender of the given name; for a
    place or body the words up to the first noun are ("Министерства обороны России" ->
    "Министерство обороны России"), the rest is a genitive attribute and stays.
    """
    words = name.split()
    if not words:
        return name
    personal = kind == "person"
    gender = _gender(words, lang) if personal else _head_gender(words, lang)
    out: list[str] = []
    for i, word in enumerate(words):
        nom, is_noun = _nominative_word(word, lang, personal, gender)
        out.append(nom)
        if not personal and is_noun:
            out.extend(words[i + 1 :])
            break
    return " ".join(out)


@functools.lru_cache(maxsize=1 << 14)
def is_given_name(word: str, lang: str) -> bool:
    """Whether some reading of ``word`` is a given name ("Дмитро")."""
    return any("Name" in _grammemes(p) for p in analyzer(lang).parse(word))


@functools.lru_cache(maxsize=1 << 14)
def surname_forms(word: str, lang: str) -> frozenset[str]:
    """Every nominative the word could be the case form of ("Пескова": Песков, Пескова)."""
    forms = {word.casefold()}
    for parse in analyzer(lang).parse(word):
        form = parse.inflect({"nomn"})
        if form is not None:
            forms.add(form.word.casefold())
    return frozenset(forms)


def surname_keys(word: str, lang: str) -> frozenset[str]:
    """The folded forms a surname is looked up by: its possible nominatives with a
    dictionary (``lang`` "ru" or "uk"), the word itself without one (``lang`` "")."""
    return surname_forms(word, lang) if lang else frozenset({word.casefold()})


@functools.lru_cache(maxsize=1 << 14)
def is_personal_name(word: str, lang: str) -> bool:
    """Whether some reading of ``word`` is a given name, surname or patronymic."""
    return any(_grammemes(p) & _PERSONAL for p in analyzer(lang).parse(word))


@functools.lru_cache(maxsize=1 << 14)
def is_common_word(word: str, lang: str) -> bool:
    """A dictionary word that is never a personal name ("Радник", "України", "Білому")."""
    morph = analyzer(lang)
    return morph.word_is_known(word.casefold()) and not is_personal_name(word, lang)


@functools.lru_cache(maxsize=1 << 14)
def looks_like_place(word: str, lang: str) -> bool:
    """Whether ``word`` reads as a place or thing rather than a person (Київ, Кремлі)."""
    best = best_reading(word, lang)
    grammemes = _grammemes(best)
    if grammemes & _PERSONAL:
        return False
    return "Geox" in grammemes or ("inan" in grammemes and best.tag.POS == "NOUN")


@functools.lru_cache(maxsize=1 << 14)
def is_attribute_word(word: str, lang: str) -> bool:
    """A dictionary word before a name that is not part of it: a title ("Радник") or a
    genitive attribute ("України Володимир Зеленський")."""
    if not is_common_word(word, lang):
        return False
    best = best_reading(word, lang)
    grammemes = _grammemes(best)
    return best.tag.case != "nomn" or "anim" in grammemes


def place_noun_lemma(word: str, lang: str) -> str | None:
    """The dictionary form of ``word`` when its likeliest reading is a noun that is not a
    personal name ("Польщі" -> "польща"), else None."""
    best = best_reading(word, lang)
    if best.tag.POS != "NOUN" or _grammemes(best) & _PERSONAL:
        return None
    return str(best.normal_form)
