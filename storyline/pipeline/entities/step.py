"""Entity mentions of one article, each with its in-article full name.

The step reads spaCy's NER and dependency parse, fixes the model's usual slips (titles and
possessives inside spans, "the", given names left out, a place labelled as a product, a
span run across a line break, an office taken for an organisation), adds names the alias
file knows (weapon systems the small model misses, "kyiv" for Kyiv) and the article's own
names written in the wrong case ("ZELVOHRAD", "in zelvohrad"), qualifies institutions by
their country ("Foreign Ministry (Dravania)") and links short forms to the full names the
article gives: "Kirby" -> "John Kirby" when exactly one person in the article has that
surname, "ATACMS" -> "Army Tactical Missile System" when the article defines the acronym.

>>> from storyline.pipeline.nlp import load_nlp  # doctest: +SKIP
>>> doc = load_nlp()("John Kirby spoke. Kirby said no.")  # doctest: +SKIP
>>> [m.canonical for m in find_mentions(doc, Settings())]  # doctest: +SKIP
['John Kirby', 'John Kirby']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.data_files import packaged_toml
from storyline.models import Article, EntityMention
from storyline.names.rules import (
    NAME_SUFFIXES,
    PersonName,
    is_title_word,
    parse_person_name,
    same_person,
    strip_possessive,
    strip_titles,
    surname_matches,
)
from storyline.pipeline.entities.aliases import alias_matchers, load_alias_table
from storyline.pipeline.entities.institutions import qualify_institutions
from storyline.pipeline.entities.spans import (
    REPORTING_VERBS,
    Candidate,
    apply_context_kinds,
    data_candidates,
    link_acronyms,
    merge_candidates,
    ner_candidates,
    propagate_repeats,
    vote_kinds,
)
from storyline.pipeline.entities.variants import case_variant_candidates
from storyline.pipeline.steps import Step

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["entities_step", "find_mentions"]

#: Courtesy titles: "Mr. Trump" before "Donald Trump" says nothing about who is meant,
#: unlike an office ("President Obama" before "Malia Obama").
_HONORIFICS = frozenset(packaged_toml("storyline.pipeline.entities", "words.toml")["honorifics"])

#: Labels a one-word mention may carry and still be a surname the model mislabelled
#: ("Herbst" as NORP, "Biden’s decision" as ORG); places keep their label.
_SURNAME_LABELS = frozenset({"PERSON", "NORP", "ORG", "PRODUCT", "MISC"})


def entities_step(article: Article, doc: Doc, settings: Settings) -> Article:
    """Set ``article.mentions``: every named entity with its span and in-article full name.

    ``doc`` is spaCy's analysis of ``article.text``; the alias file comes from
    ``settings.alias_file`` (read once per process).
    """
    return dataclasses.replace(article, mentions=find_mentions(doc, settings))


def find_mentions(doc: Doc, settings: Settings) -> list[EntityMention]:
    """The entity mentions of a parsed text, in text order, without overlaps."""
    matchers = alias_matchers(doc.vocab, doc.lang_, load_alias_table(settings))
    cands = merge_candidates(doc, data_candidates(doc, matchers), ner_candidates(doc))
    cands = apply_context_kinds(doc, cands)
    cands = propagate_repeats(doc, cands)
    cands = case_variant_candidates(doc, cands)
    cands = link_acronyms(doc, cands)
    qualify_institutions(doc, cands)
    cands = link_people(doc, cands)
    for cand in cands:
        if cand.canonical is None:
            text = doc[cand.start : cand.end].text
            cand.canonical = strip_titles(text) if cand.kind == "person" else strip_possessive(text)
    vote_kinds(cands)
    return [_mention(doc, c) for c in cands]


def _mention(doc: Doc, cand: Candidate) -> EntityMention:
    span = doc[cand.start : cand.end]
    return EntityMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        label=cand.label,
        kind=cand.kind,
        canonical=cand.canonical or span.text,
    )


@dataclass
class _Person:
    """The people named in full in one article."""

    name: PersonName
    canonical: str
    members: list[Candidate] = field(default_factory=list)


def link_people(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Give every mention of a person the full name the article uses for them.

    Full names that differ only by middle initial or suffix ("Lloyd J. Austin III", "Lloyd
    Austin") take the first one's form; a one-word mention ("Kirby", or "Herbst" labelled
    NORP) takes a full name only when exactly one person in the article has that surname,
    so "Biden" stays "Biden" in an article naming both Joe and Hunter Biden. News names a
    person in full before using the surname alone, so a surname with an office that comes
    earlier (below the headline) means someone the reader already knows: "President Obama’s
    daughters" before "Malia Obama" is not Malia, and no "Obama" of that article is taken
    for her ("the Biden administration" before "Joe Biden" is no such sign). A
    surname the model missed ("Rounds said") is added where it is a proper noun or the
    subject of a reporting verb.
    """
    people: list[_Person] = []
    for cand in cands:
        if cand.kind != "person":
            continue
        name = parse_person_name(doc[cand.start : cand.end].text)
        if name is None or not name.is_full:
            continue
        person = next(
            (p for p in people if same_person(p.name, name) and not _junior_of(name, p)), None
        )
        if person is None:
            person = _Person(name, name.display())
            people.append(person)
        person.members.append(cand)
        cand.canonical = person.canonical

    short: list[tuple[Candidate, list[_Person]]] = []
    for cand in cands:
        if cand.canonical is not None or cand.end - cand.start > 3:
            continue
        text = doc[cand.start : cand.end].text
        if not text[:1].isupper() or doc[cand.end - 1].tag_ == "NNPS":  # "Republicans"
            continue
        if cand.kind != "person" and not _may_be_surname(doc, cand):
            continue
        short.append((cand, [p for p in people if surname_matches(text, p.name)]))
    headline_end = _headline_end(doc)
    known_before = {
        id(fits[0])
        for cand, fits in short
        if len(fits) == 1
        and headline_end <= cand.start < min(m.start for m in fits[0].members)
        and cand.start > 0
        and is_title_word(doc[cand.start - 1].text)
        and doc[cand.start - 1].lower_.rstrip(".") not in _HONORIFICS
    }
    for cand, fits in short:
        if len(fits) == 1 and id(fits[0]) not in known_before:
            cand.kind, cand.forced, cand.canonical = "person", True, fits[0].canonical
            fits[0].members.append(cand)
        elif len(fits) == 1:
            cand.kind, cand.forced = "person", True
    return _add_missed_surnames(doc, cands, people, known_before)


def _junior_of(name: PersonName, person: _Person) -> bool:
    """A "Jr." or "Sr." name met after the same name was introduced without it: news
    introduces a person by the full form first ("Joseph R. Biden Jr.", then "Joe Biden"),
    so a suffix added later names a relative ("Donald Trump", then "Donald Trump Jr.")."""
    suffix = (name.suffix or "").lower().strip(".")
    return suffix in NAME_SUFFIXES - {"ii", "iii", "iv"} and person.name.suffix is None


def _headline_end(doc: Doc) -> int:
    """The first token after the headline line (0 when the text is one line): a headline
    may use a surname the body then gives in full."""
    for tok in doc:  # not doc.text, which joins every token of the document
        if "\n" in tok.text_with_ws:
            newline = tok.idx + tok.text_with_ws.index("\n")
            return next((t.i for t in doc[tok.i :] if t.idx > newline), len(doc))
    return 0


def _may_be_surname(doc: Doc, cand: Candidate) -> bool:
    """Whether a mention the model did not label PERSON may still be a surname: labelled
    NORP or ORG ("Herbst", "Biden’s decision"), or a "place" that is the subject of a verb
    ("DuVernay documents ...")."""
    if cand.forced:
        return False
    if cand.label in _SURNAME_LABELS:
        return True
    root = doc[cand.start : cand.end].root
    return root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ == "VERB"


def _add_missed_surnames(
    doc: Doc, cands: list[Candidate], people: list[_Person], unsure: set[int]
) -> list[Candidate]:
    taken = {i for c in cands for i in range(c.start, c.end)}
    added: list[Candidate] = []
    surnames = {p.name.surname for p in people}
    tokens_of: dict[str, list[Token]] = {}  # one pass over the document, not one per person
    for tok in doc:
        if tok.text in surnames:
            tokens_of.setdefault(tok.text, []).append(tok)
    for person in people:
        surname = person.name.surname
        if " " in surname:
            continue
        namesakes = sum(surname_matches(surname, p.name) for p in people)
        # With two people of one surname, or one used before the full name, the mention is
        # added but left unresolved.
        canonical = person.canonical if namesakes == 1 and id(person) not in unsure else surname
        for tok in tokens_of.get(surname, []):
            if tok.i in taken:
                continue
            subject = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in REPORTING_VERBS
            if tok.pos_ == "PROPN" or subject:
                added.append(
                    Candidate(
                        tok.i, tok.i + 1, "PERSON", "person", "surname", True, canonical=canonical
                    )
                )
                taken.add(tok.i)
    return sorted(cands + added, key=lambda c: c.start)


#: Mentions come from the parse and the alias table alone.
ENTITIES = Step("entities", entities_step, provides=("mentions",))
