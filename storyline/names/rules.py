"""Names as strings: keys, titles, person-name parts and transliteration-aware similarity.

Shared by the per-article entity step and cross-article unification, so that "Kirby",
"Kyiv’s" and "Lloyd J. Austin III" are read the same way at both stages.

Spelling variants of names from Ukrainian and Russian differ in a few systematic ways
when written in Latin letters (y/i/iy, kh/h, v/ff/w, doubled letters, -iy/-yy/-y endings).
:func:`translit_form` removes those differences; :func:`similar_words` then accepts two
words when their forms are close in edit distance *and* share a consonant skeleton and first
letter, which keeps "Kyiv"/"Kiev" together while "Iran"/"Iraq"/"Oran" stay apart.

>>> name_key("Kyiv’s")
'kyiv'
>>> similar_words("Kharkiv", "Kharkov"), similar_words("Iran", "Iraq")
(True, False)
>>> same_person("Lloyd J. Austin III", "Lloyd Austin"), same_person("Joe Biden", "Hunter Biden")
(True, False)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from storyline.data_files import packaged_toml
from storyline.names.translit import latin

#: The word lists (``words.toml`` beside this module).
_WORDS = packaged_toml("storyline.names", "words.toml")

#: Nouns naming a person's office or role ("Secretary", "spokesman").
ROLE_NOUNS: frozenset[str] = frozenset(_WORDS["role_nouns"])

#: Words that precede a name but are not part of it ("President Joe Biden", "Sen. Rounds").
TITLE_WORDS: frozenset[str] = ROLE_NOUNS | frozenset(_WORDS["role_qualifiers"])

#: Generational and honorific suffixes after a surname ("Lloyd J. Austin III").
NAME_SUFFIXES: frozenset[str] = frozenset(_WORDS["name_suffixes"])

#: Words that begin a surname ("de Blasio", "van der Leyen", "Al Thani").
SURNAME_PARTICLES: frozenset[str] = frozenset(_WORDS["surname_particles"])

#: Common English short forms of given names; both sides map to one form.
NICKNAMES: dict[str, str] = _WORDS["nicknames"]

_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$", re.IGNORECASE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_VOWELS = re.compile(r"[aeiou]+")
_DIGITS = re.compile(r"\d+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def strip_possessive(text: str) -> str:
    """Drop a trailing possessive ("Biden’s" -> "Biden", "Kyiv's" -> "Kyiv")."""
    stripped = _POSSESSIVE.sub("", text.rstrip())
    if text.rstrip().endswith(("s'", "s’")):
        stripped += "s"  # plural possessive keeps its s: "the Ukrainians'" -> "Ukrainians"
    return stripped or text


@functools.lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Case-fold and drop accents and curly quotes: the spelling-insensitive base form."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The normalised key of a name: folded, without possessive, periods or extra spaces.

    Two spellings with one key are the same name ("Kyiv", "kyiv", "KYIV’s"; "U.S." and
    "US").
    """
    folded = fold(strip_possessive(text.strip()))
    folded = folded.replace(".", "")
    folded = re.sub(r"[^\w\s'-]", " ", folded)
    folded = re.sub(r"^the\s+", "", folded)
    return re.sub(r"\s+", " ", folded).strip()


def words(text: str) -> list[str]:
    """The words of a name, in order, keeping initials ("J.") and hyphenated parts whole."""
    return strip_possessive(text.strip()).split()


@functools.lru_cache(maxsize=1 << 16)
def translit_form(word: str) -> str:
    """Remove the usual differences between romanisations of one Cyrillic name.

    >>> [translit_form(w) for w in ("Zelenskyy", "Zelensky", "Zelenskiy")]
    ['zelenski', 'zelenski', 'zelenski']
    >>> translit_form("Kyiv"), translit_form("Kiev"), translit_form("Kharkov")
    ('kiv', 'kiev', 'harkov')
    """
    w = re.sub(r"[^a-z]", "", fold(latin(word)))  # Cyrillic "Київ" compares as "Kiiv"
    w = re.sub(r"(?:iy|yy|yi|ij|yj|ii)$", "i", w)
    w = re.sub(r"y$", "i", w)
    w = re.sub(r"(zh|sh|ch)\1", r"\1", w)  # Zaporizhzhia / Zaporizhia
    w = w.replace("kh", "h").replace("w", "v").replace("y", "i")
    # English spellings write letters Cyrillic has no sound for: John/Джон, Joe/Джо
    w = re.sub(r"(?<=[aeiou])h(?=n?$)", "", w)
    w = re.sub(r"(?<=[aeiou])e$", "", w)
    w = re.sub(r"ff$", "v", w)
    return re.sub(r"(.)\1+", r"\1", w)


@functools.lru_cache(maxsize=1 << 16)
def consonant_skeleton(word: str) -> str:
    """The consonants of :func:`translit_form`, with g/h merged (Luhansk/Lugansk)."""
    return _VOWELS.sub("", translit_form(word)).replace("g", "h")


def _same_initial(fa: str, fb: str) -> bool:
    """Same first letter; in longer words also Russian g for Ukrainian h ("Galvanik" /
    "Halvanyk", "Gorlivka" / "Horlivka"), which short words ("Hall", "Gall") do not get."""
    if fa[0] == fb[0]:
        return True
    return {fa[0], fb[0]} == {"g", "h"} and min(len(fa), len(fb)) >= 6


# Called for every pair of names in an article, with the same few names over and over.
@functools.lru_cache(maxsize=1 << 16)
def similar_words(a: str, b: str) -> bool:
    """Whether two words are one word spelled two ways (case, accents, romanisation, typo).

    Requires the same digits, the same first letter (g/h counting as one in longer words)
    and consonant skeleton after :func:`translit_form`, the same last letter where either ends in a vowel ("Mali" is not
    "Malia", "Paolo" not "Paola"), and an edit distance of at most 1 (up to 4 letters), 2
    (up to 8) or 3 (longer).
    """
    if fold(a) == fold(b):
        return True
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return False
    fa, fb = translit_form(a), translit_form(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    if not _same_initial(fa, fb) or consonant_skeleton(a) != consonant_skeleton(b):
        return False
    if fa[-1] != fb[-1] and (fa[-1] in "aeiou" or fb[-1] in "aeiou"):
        return False
    longest = max(len(fa), len(fb))
    limit = 1 if longest <= 4 else 2 if longest <= 8 else 3
    return Levenshtein.distance(fa, fb, score_cutoff=limit) <= limit


def similar_names(a: str, b: str) -> bool:
    """Whether two multi-word names are the same name: word by word :func:`similar_words`.

    Used for places, organisations and products; people go through :func:`same_person`.

    >>> similar_names("Zaporizhzhia Oblast", "Zaporizhia oblast")
    True
    """
    if name_key(a) == name_key(b):
        return True
    wa, wb = name_key(a).split(), name_key(b).split()
    if len(wa) != len(wb) or not wa:
        return False
    return all(similar_words(x, y) for x, y in zip(wa, wb, strict=True))


#: Nouns that head the name of a state institution ("Foreign Ministry", "Customs Service").
INSTITUTION_HEADS: frozenset[str] = frozenset(_WORDS["institution_heads"])

#: Words such names are made of: every country has a "Foreign Ministry", so the name alone
#: does not say whose it is ("Dravania's Foreign Ministry" and Velmora's are two bodies).
_LINKING_WORDS = frozenset(_WORDS["linking_words"])
GENERIC_NAME_WORDS: frozenset[str] = (
    INSTITUTION_HEADS | frozenset(_WORDS["generic_name_words"]) | _LINKING_WORDS
)

_QUALIFIED = re.compile(r"^(?P<base>.+?) \((?P<country>[^()]+)\)$")


def is_generic_institution(name: str) -> bool:
    """Whether ``name`` is an institution any country has ("the Foreign Ministry",
    "Customs Service", "Ministry of Defence"), as opposed to a proper name ("Tarnsk Alloy
    Works", "Internal Revenue Service"). A head alone ("Council", "Army") is not enough:
    "Atlantic Council" is a name, not Atlantic's council.

    >>> is_generic_institution("the Foreign Ministry"), is_generic_institution("Calloway Brokers")
    (True, False)
    """
    parts = name_key(name).split()
    content = [p for p in parts if p not in _LINKING_WORDS]
    return (
        len(content) >= 2
        and all(p in GENERIC_NAME_WORDS for p in parts)
        and any(p in INSTITUTION_HEADS for p in content)
    )


def qualified_name(base: str, country: str) -> str:
    """The display name of a generic institution of one country: "Foreign Ministry (Dravania)"."""
    return f"{base} ({country})"


def split_qualified(name: str) -> tuple[str, str | None]:
    """``(base, country)`` of a :func:`qualified_name`; ``(name, None)`` for any other name."""
    match = _QUALIFIED.match(name)
    return (match["base"], match["country"]) if match else (name, None)


def demonym_of(adjective: str, place: str) -> bool:
    """Whether ``adjective`` is the adjective or people's name of ``place``: "Dravanian" of
    "Dravania", "Ukrainian" of "Ukraine", "Iraqi" of "Iraq", "Chinese" of "China".

    The place, less a final vowel or y, must begin the adjective, followed by one of the
    usual endings; "Polish" for Poland and other irregular forms are not recognised.

    >>> demonym_of("Velmoran", "Velmora"), demonym_of("Iranian", "Iraq")
    (True, False)
    """
    adj, base = fold(adjective), fold(place)
    if not adj.isalpha() or not base.isalpha() or len(base) < 3 or adj == base:
        return False
    stem = base[:-1] if base[-1] in "aeiouy" else base
    if len(stem) < 3 or not adj.startswith(stem):
        return False
    return adj[len(stem) :] in ("n", "an", "ian", "ean", "ese", "i", "ic", "ish", "")


@dataclass(frozen=True)
class PersonName:
    """A person's name split into parts; titles are not part of it."""

    given: str | None
    middles: tuple[str, ...]
    surname: str
    suffix: str | None = None

    @property
    def is_full(self) -> bool:
        return self.given is not None

    def display(self) -> str:
        parts = [p for p in (self.given, *self.middles, self.surname, self.suffix) if p]
        return " ".join(parts)


def _bare(word: str) -> str:
    return fold(word).strip(".,")


def is_title_word(word: str) -> bool:
    """Whether ``word`` is a title or role word that can precede a name ("Sen.", "President")."""
    return _bare(word) in TITLE_WORDS


def is_role_noun(word: str) -> bool:
    """Whether ``word`` names an office or role ("Secretary", "spokesman", "Sen.")."""
    return _bare(word) in ROLE_NOUNS


def strip_titles(name: str) -> str:
    """Drop leading title words ("Republican Sen. Mike Rounds" -> "Mike Rounds").

    A name made only of title words is returned unchanged.
    """
    parts = words(name)
    i = 0
    while i < len(parts) - 1 and is_title_word(parts[i]):
        i += 1
    return " ".join(parts[i:]) if i else strip_possessive(name.strip())


def parse_person_name(text: str) -> PersonName | None:
    """Split a person's name: given name, middle names or initials, surname, suffix.

    >>> parse_person_name("Lloyd J. Austin III")
    PersonName(given='Lloyd', middles=('J.',), surname='Austin', suffix='III')
    >>> parse_person_name("Kirby").is_full
    False
    >>> parse_person_name("Bill de Blasio").surname
    'de Blasio'
    """
    parts = [p.strip(",") for p in words(strip_titles(text))]
    parts = [p for p in parts if p]
    suffix = None
    if len(parts) > 1 and _bare(parts[-1]) in NAME_SUFFIXES:
        suffix = parts.pop()
    if not parts:
        return None
    if len(parts) == 1:
        return PersonName(None, (), parts[0], suffix)
    first_of_surname = len(parts) - 1
    while first_of_surname > 1 and _bare(parts[first_of_surname - 1]) in SURNAME_PARTICLES:
        first_of_surname -= 1
    surname = " ".join(parts[first_of_surname:])
    return PersonName(parts[0], tuple(parts[1:first_of_surname]), surname, suffix)


def _is_initial(word: str) -> bool:
    return len(word.strip(".")) == 1


def compatible_given_names(a: str, b: str) -> bool:
    """Whether two given names can belong to one person ("J." ~ "John", "Joe" ~ "Joseph")."""
    ka, kb = _bare(a), _bare(b)
    if _is_initial(a) or _is_initial(b):
        return ka[:1] == kb[:1]
    if ka != kb and similar_words(a, b) and _NON_ASCII.search(a + b):
        return True  # one name in two scripts ("Joe" / "Джо")
    ka, kb = NICKNAMES.get(ka, ka), NICKNAMES.get(kb, kb)
    return ka == kb or similar_words(ka, kb)


def _given_names_fit(pa: PersonName, pb: PersonName) -> bool:
    """Compatible given names; "A. Barry Rand" goes by Barry, so the other name must use
    Barry too, as its given or middle name ("Barry Rand", "Alan Barry Rand"), and he is not
    taken for "Ayn Rand"."""
    assert pa.given is not None and pb.given is not None
    for x, y in ((pa, pb), (pb, pa)):
        assert x.given is not None and y.given is not None
        if _is_initial(x.given) and x.middles and not _is_initial(x.middles[0]):
            used = x.middles[0]
            if not _is_initial(y.given) and compatible_given_names(used, y.given):
                return True
            return (
                compatible_given_names(x.given, y.given)
                and bool(y.middles)
                and compatible_given_names(used, y.middles[0])
            )
    return compatible_given_names(pa.given, pb.given)


def same_person(a: str | PersonName, b: str | PersonName) -> bool:
    """Whether two full names name one person.

    Surnames must be one word spelled two ways and given names compatible; differing
    middle initials or suffixes (Jr./Sr.) keep two people apart. A surname-only name never
    matches here: attaching "Biden" to a full name needs a unique candidate (see
    :func:`surname_matches`).
    """
    pa = parse_person_name(a) if isinstance(a, str) else a
    pb = parse_person_name(b) if isinstance(b, str) else b
    if pa is None or pb is None or not (pa.is_full and pb.is_full):
        return False
    assert pa.given is not None and pb.given is not None
    if not similar_words(pa.surname, pb.surname):
        return False
    if not _given_names_fit(pa, pb):
        return False
    if pa.middles and pb.middles and _bare(pa.middles[0])[:1] != _bare(pb.middles[0])[:1]:
        return False
    return not (pa.suffix and pb.suffix and _bare(pa.suffix) != _bare(pb.suffix))


def surname_matches(short: str, full: str | PersonName) -> bool:
    """Whether a mention ("Zelenskyy", "De Blasio") can be the surname of a full name."""
    pf = parse_person_name(full) if isinstance(full, str) else full
    if pf is None or not pf.is_full:
        return False
    return similar_words(strip_possessive(short.strip()), pf.surname)
