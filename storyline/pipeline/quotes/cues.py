"""The cue lexicon: which words report speech and which nouns name what kind of source.

The words live in ``cues.toml`` beside this module so they can be reviewed and
extended as data. :func:`load_cue_lexicon` reads it once per process.

>>> lex = load_cue_lexicon()
>>> "say" in lex.speech and "tell" in lex.addressee
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.data_files import packaged_toml
from storyline.errors import ConfigError, Errors

if TYPE_CHECKING:
    from spacy.tokens import Token

LEXICON_FILE = "cues.toml"


@dataclass(frozen=True)
class CueLexicon:
    """Word lists (lemmas, lower case) used to find and classify attributions."""

    speech: frozenset[str]
    quotation_only: frozenset[str]
    addressee: frozenset[str]
    nominal_content: frozenset[str]
    according: frozenset[str]
    anonymous: frozenset[str]
    document: frozenset[str]
    organization: frozenset[str]
    generic_person: frozenset[str]
    position: frozenset[str]
    organization_name: frozenset[str]
    pronoun_gender: dict[str, str]
    honorific_gender: dict[str, str]

    def is_speech_verb(self, token: Token) -> bool:
        """A verb that reports speech or writing ("said", "told", "added")."""
        return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in self.speech

    def introduces_indirect(self, token: Token) -> bool:
        """A speech verb that can carry a reported clause, not just a quoted phrase."""
        lemma = token.lemma_.lower()
        return self.is_speech_verb(token) and lemma not in self.quotation_only

    def takes_nominal_content(self, token: Token) -> bool:
        """A speech verb whose object can be the content: "confirmed the strikes"."""
        return token.lemma_.lower() in self.nominal_content

    def addresses_object(self, token: Token) -> bool:
        """A speech verb whose object is the addressee: "told reporters", "urged Kyiv"."""
        return token.lemma_.lower() in self.addressee

    def is_pronoun(self, token: Token) -> bool:
        return token.lower_ in self.pronoun_gender


def _words(data: dict[str, object], section: str, key: str) -> frozenset[str]:
    try:
        values = data[section][key]  # type: ignore[index]
    except (KeyError, TypeError) as exc:
        raise ConfigError(Errors.E132(lexicon_file=LEXICON_FILE, section=section, key=key)) from exc
    return frozenset(str(v).lower() for v in values)


@functools.lru_cache(maxsize=1)
def load_cue_lexicon() -> CueLexicon:
    """Read the packaged lexicon; fails with :class:`ConfigError` when it is malformed."""
    data = packaged_toml("storyline.pipeline.quotes", LEXICON_FILE)
    pronoun_gender = {
        word: gender for gender in ("he", "she", "they", "it") for word in data["pronouns"][gender]
    }
    honorific_gender = {
        word: gender for gender in ("he", "she") for word in data["honorifics"][gender]
    }
    return CueLexicon(
        speech=_words(data, "cues", "speech"),
        quotation_only=_words(data, "cues", "quotation_only"),
        addressee=_words(data, "cues", "addressee"),
        nominal_content=_words(data, "cues", "nominal_content"),
        according=_words(data, "cues", "according"),
        anonymous=_words(data, "speakers", "anonymous"),
        document=_words(data, "speakers", "document"),
        organization=_words(data, "speakers", "organization"),
        generic_person=_words(data, "speakers", "generic_person"),
        position=_words(data, "speakers", "position"),
        organization_name=_words(data, "speakers", "organization_name"),
        pronoun_gender=pronoun_gender,
        honorific_gender=honorific_gender,
    )
