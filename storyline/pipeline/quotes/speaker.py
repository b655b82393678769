"""Who speaks: turning the token where a source is named into a speaker.

A source can be named outright ("National Security Council spokesperson John Kirby"), by a
pronoun ("he added"), by a role that points back to someone introduced earlier ("the former
ambassador said", "added the Russian leader"), by a document ("the statement said"), or
left unnamed on purpose ("a U.S. official", "officials familiar with the matter"). The
:class:`SpeakerResolver` reads the article once (people and their descriptions, who was
the subject of which sentence) and then resolves sources in text order, remembering the
speakers it has seen so later pronouns and roles can refer back to them.

Anonymous and role sources are kept as written, never forced onto a name. A document noun
("the statement", "the report", "a readout from the Qatar News Agency") is resolved to the
organization named in it or to the source the text credited with that document; failing
both it is reported as an organization, the phrase itself.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from storyline.models import EntityMention, SpeakerKind
from storyline.pipeline.quotes.cues import CueLexicon
from storyline.pipeline.quotes.gender import agreed, first_name_gender
from storyline.pipeline.quotes.speaker_model import AntecedentEvidence, choose_antecedent
from storyline.pipeline.quotes.syntax import apposition, doc_text, source_phrase

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_PERSON_LABELS = frozenset({"PERSON"})
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE", "FAC", "LOC"})
_NOT_SOURCES = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"})
_QUOTE_MARKS = "\"'“”‘’«»„`"
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_TITLE_STRIP = " ,;:'’\t\n"
_PLURAL_REACH = 2  # sentences back that "they" may look for a quoted body or group


@dataclass(frozen=True)
class Speaker:
    """A resolved source. ``start``/``end`` span where the text names it at this cue."""

    name: str | None
    kind: SpeakerKind | None
    start: int | None
    end: int | None
    title: str | None = None
    canonical: str | None = None
    via: str | None = None


@dataclass
class _Person:
    canonical: str
    start: int
    end: int
    is_subject: bool
    title: str | None
    descriptors: frozenset[str]


@dataclass
class _Seen:
    position: int
    speaker: Speaker
    head: str  # lemma of the phrase head ("official")
    sentence_lemmas: frozenset[str] = field(default_factory=frozenset)


def mentions_from_doc(doc: Doc) -> list[EntityMention]:
    """Entity mentions from spaCy's recognizer, for when the entities step has not run.

    The canonical form of a person is the longest name in the article that ends with the
    same word ("Kirby" -> "John Kirby"); other entities keep their text.
    """
    people = [e for e in doc.ents if e.label_ in _PERSON_LABELS]
    out = []
    for ent in doc.ents:
        text = _strip_possessive(ent.text)
        if ent.label_ in _PERSON_LABELS:
            canonical = _longest_same_surname(text, [_strip_possessive(p.text) for p in people])
            kind = "person"
        else:
            canonical, kind = text, "organization" if ent.label_ in _ORG_LABELS else "other"
        out.append(
            EntityMention(
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
                label=ent.label_,
                kind=kind,
                canonical=canonical,
            )
        )
    return out


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _longest_same_surname(name: str, names: Sequence[str]) -> str:
    words = name.split()
    if not words:
        return name
    same = [n for n in names if n.split() and n.split()[-1] == words[-1] and len(n) > len(name)]
    return max(same, key=len) if same else name


class SpeakerResolver:
    """Resolves sources in one article, in text order (see the module docstring)."""

    def __init__(
        self,
        doc: Doc,
        mentions: Sequence[EntityMention],
        lexicon: CueLexicon,
        quoted: Sequence[tuple[int, int]] = (),
        antecedent_model: dict[str, Any] | None = None,
        trace: list[tuple[int, str, list[AntecedentEvidence], str | None]] | None = None,
    ) -> None:
        self.doc = doc
        self.antecedent_model = antecedent_model
        self.trace = trace  # the antecedent evidence of every pronoun, for training
        self.lexicon = lexicon
        self.quoted = list(quoted)
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.not_people = self._place_like_names()
        self.people = self._read_people()
        self.surnames = self._principal_bearers()
        self.titles: dict[str, str] = {}
        for person in self.people:
            if person.title and person.canonical not in self.titles:
                self.titles[person.canonical] = person.title
        self.seen: list[_Seen] = []
        self.gender: dict[str, str] = {}  # from the pronouns already resolved to a person
        self.honorific_gender = self._honorific_genders()
        self.sentence_starts = [sent.start_char for sent in doc.sents]

    # ------------------------------------------------------------------ article reading

    def _is_quoted(self, char: int) -> bool:
        return any(start <= char < end for start, end in self.quoted)

    def _mention_at(self, token: Token) -> EntityMention | None:
        for mention in self.mentions:
            if mention.start <= token.idx < mention.end:
                return mention
        return None

    def _place_like_names(self) -> frozenset[str]:
        """One-word "people" that the text also treats as a place or an organization: the
        recognizer tags the name so elsewhere in the article, or the text derives a demonym
        from it ("Velmora" beside "Velmoran"). News introduces a person by full name, so a
        lone word with such evidence is a country or a body used as a speaker ("Velmora
        says"), never the antecedent of "he" or "she"."""
        words = {t.text for t in self.doc if t.text[:1].isupper()}
        elsewhere = {m.text for m in self.mentions if m.label not in _PERSON_LABELS}
        # the last word of a person named in full is a surname, whatever else the
        # recognizer tags it as somewhere ("Trump" taken for an organization)
        surnames = {
            m.canonical.split()[-1]
            for m in self.mentions
            if m.kind == "person" and len(m.canonical.split()) > 1
        }
        doubtful = set()
        for mention in self.mentions:
            name = mention.canonical
            if mention.kind != "person" or len(name.split()) != 1 or name in surnames:
                continue
            demonyms = {name + "n", name + "an", name + "ian", name + "ese", name[:-1] + "an"}
            if name in elsewhere or mention.text in elsewhere or words & demonyms:
                doubtful.add(name)
        return frozenset(doubtful)

    def _is_person(self, mention: EntityMention) -> bool:
        """Whether a mention names a person, weighing the recognizer's kind against the
        text: place-like one-word names are not people; a name described by an office
        ("Helena Strand, a former ambassador") is one whatever its tag."""
        if mention.kind == "person":
            return mention.canonical not in self.not_people
        if mention.kind != "organization" or len(mention.canonical.split()) < 2:
            return False
        if mention.canonical.split()[-1].lower() in self.lexicon.organization_name:
            return False
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span):
            return False
        appos = apposition(span.root)
        return appos is not None and appos.root.lemma_.lower() in self.lexicon.position

    def _read_people(self) -> list[_Person]:
        people = []
        for mention in self.mentions:
            if not self._is_person(mention) or self._is_quoted(mention.start):
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            title = self._title(span)
            people.append(
                _Person(
                    canonical=mention.canonical,
                    start=mention.start,
                    end=mention.end,
                    is_subject=_main_clause_subject(span.root),
                    title=title,
                    descriptors=self._descriptors(title),
                )
            )
        return people

    def _title(self, name: Span) -> str | None:
        """A person's description at this mention: the words before the name in its noun
        phrase ("Russian President"), else an apposition ("a former U.S. ambassador"), else
        the noun this name is in apposition to ("the family's attorney, Justin Bamberg")."""
        root = name.root
        phrase = source_phrase(root)
        if phrase.start < name.start:
            prefix = self.doc[phrase.start : name.start]
            while len(prefix) and (prefix[0].dep_ == "det" or prefix[0].is_punct):
                prefix = prefix[1:]
            if len(prefix) and any(t.is_alpha for t in prefix):
                return _clean_title(prefix.text)
        appos = apposition(root)
        if appos is None and root.dep_ == "appos" and root.head.i < root.i:
            head = root.head
            appos = self.doc[head.left_edge.i : head.i + 1]
        if appos is not None:
            while len(appos) and (appos[0].dep_ == "det" or appos[0].is_punct):
                appos = appos[1:]
            return _clean_title(appos.text)
        return None

    def _principal_bearers(self) -> dict[str, list[str]]:
        """Surname (lower case) -> the people named in full with it ("trump" -> Donald
        Trump, Melania Trump, Donald Trump Jr.), in order of first mention."""
        from storyline.names.rules import parse_person_name

        bearers: dict[str, list[str]] = {}
        for person in sorted(self.people, key=lambda p: p.start):
            name = parse_person_name(person.canonical)
            if name is not None and name.is_full:
                found = bearers.setdefault(name.surname.lower(), [])
                if person.canonical not in found:
                    found.append(person.canonical)
        return bearers

    def _bearer(self, surname: str, position: int, title: str | None) -> str | None:
        """The person a bare surname at ``position`` stands for when several people bear
        it: the most salient one in context. Relatives named with a suffix ("Donald Trump
        Jr.") are left to their suffix unless nobody else bears the name. Then, in order:
        a bearer described by the same title ("Sen." Cruz is the senator, not his father)
        or an agreeing honorific ("Mrs."); then one named in full earlier in the same
        paragraph; then the most prominent: one point for each
        mention in full, one for each time that mention is the subject of a main clause,
        one for being introduced first (so "Trump" after "Melania Trump arrived with
        Donald Trump. Donald Trump spoke ... Donald Trump told" is Donald Trump, though
        she is named first); ties go to the one named first."""
        from storyline.names.rules import parse_person_name

        names = self.surnames.get(surname.lower())
        if not names:
            return None
        plain = [n for n in names if (p := parse_person_name(n)) is not None and not p.suffix]
        names = plain or names
        if len(names) == 1:
            return names[0]
        words = {w.strip(".,").lower() for w in (title or "").split()}
        honorific = next(
            (self.lexicon.honorific_gender[w] for w in words if w in self.lexicon.honorific_gender),
            None,
        )

        if honorific is not None:  # "Mrs. Trump" is none of the men named Trump
            agreeing = [n for n in names if self._gender_of(n) in {honorific, None}]
            names = agreeing or names
            if len(names) == 1:
                return names[0]

        text = doc_text(self.doc)
        paragraph = text.rfind("\n", 0, position) + 1

        def salience(n: int) -> tuple[bool, bool, int, int]:
            name = names[n]
            full = [p for p in self.people if p.canonical == name]
            described = {w.strip(".,").lower() for p in full if p.title for w in p.title.split()}
            fits = honorific is not None and self._gender_of(name) == honorific
            # named in full earlier in this paragraph ("Homeland Security Secretary Jeh
            # Johnson said ... Johnson said", though Gary Johnson came first in the article)
            local = any(paragraph <= p.start < position for p in full)
            # named in full, the subject of main clauses, and the one introduced first
            prominence = len(full) + sum(p.is_subject for p in full) + (n == 0)
            return (bool(words & described) or fits, local, prominence, -n)

        return names[max(range(len(names)), key=salience)]

    def _honorific_genders(self) -> dict[str, str | None]:
        """Gender of each person from the honorifics before their name anywhere in the
        article ("Mrs. Clinton"); None when two of them disagree (two Clintons)."""
        found: dict[str, set[str]] = {}
        for mention in self.mentions:
            if mention.kind != "person":
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or not len(span):
                continue
            words = [span[0].lower_]
            if span.start > 0:
                words.append(self.doc[span.start - 1].lower_)
            for word in words:
                if word in self.lexicon.honorific_gender:
                    found.setdefault(mention.canonical, set()).add(
                        self.lexicon.honorific_gender[word]
                    )
        return {name: agreed(genders) for name, genders in found.items()}

    def _descriptors(self, title: str | None) -> frozenset[str]:
        if not title:
            return frozenset()
        words = title.lower().replace("’s", " ").replace("'s", " ").split()
        return frozenset(w.strip(".,") for w in words if w.strip(".,").isalpha())

    # ------------------------------------------------------------------ resolution

    def resolve(self, source: Token) -> Speaker:
        """The speaker named (or referred to) by the source phrase headed by ``source``."""
        speaker = self._resolve(source)
        head = source.lemma_.lower()
        sentence = frozenset(t.lemma_.lower() for t in source.sent)
        self.seen.append(_Seen(source.idx, speaker, head, sentence))
        return speaker

    def _resolve(self, token: Token) -> Speaker:
        if token.ent_type_ in _NOT_SOURCES:
            return Speaker(None, None, None, None)  # a date or amount the parser took for one
        if self.lexicon.is_pronoun(token):
            return self._pronoun(token)
        if token.pos_ == "PRON":
            # "I"/"we" of a first-person writer, or "that"/"which" the parser left
            # unresolved: the words are kept as said, with no kind.
            start, end = token.idx, token.idx + len(token.text)
            return Speaker(token.text if token.lower_ in _FIRST_PERSON else None, None, start, end)
        phrase = source_phrase(token)
        person = self._named_person(token, phrase)
        if person is not None:
            return person
        mention = self._mention_at(token)
        if mention is not None and not self._is_person(mention):
            return _organization(mention, "name")
        lemma = token.lemma_.lower()
        if lemma in self.lexicon.document:
            return self._document(token, phrase)
        if token.pos_ == "PROPN" and token.text[:1].isupper():
            return self._unknown_name(token, phrase)
        if lemma in self.lexicon.organization:
            return self._institution(token, phrase)
        return self._role(token, phrase)

    def _span_speaker(self, phrase: Span, kind: SpeakerKind, via: str) -> Speaker:
        text = phrase.text.strip(_TITLE_STRIP)
        return Speaker(name=text, kind=kind, start=phrase.start_char, end=phrase.end_char, via=via)

    def _person(self, canonical: str, start: int, end: int, title: str | None, via: str) -> Speaker:
        return Speaker(
            name=canonical,
            kind="person",
            start=start,
            end=end,
            title=title or self.titles.get(canonical),
            canonical=canonical,
            via=via,
        )

    def _named_person(self, token: Token, phrase: Span) -> Speaker | None:
        """A person named at the head of the phrase, in apposition to it, or at the end of
        a role phrase ("the Minister of Trade Teodor Halvanyk")."""
        candidates = [token]
        appos = apposition(token)
        if appos is not None:
            candidates.append(appos.root)
        candidates += self._name_closing(phrase)
        for head in candidates:
            mention = self._mention_at(head)
            canonical = None
            start, end = head.idx, head.idx + len(head.text)
            if mention is not None and self._is_person(mention):
                canonical, start, end = mention.canonical, mention.start, mention.end
                if len(canonical.split()) == 1:  # a surname several people bear
                    span = self.doc.char_span(start, end, alignment_mode="expand")
                    written = self._described_as(span) if span is not None and len(span) else None
                    canonical = self._bearer(canonical, start, written) or canonical
            elif mention is not None and mention.canonical in self.not_people:
                continue
            elif (known := self._known_surname(head)) is not None:
                canonical = known
            if canonical is None:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            title = self._title(span) if span is not None and len(span) else None
            if head.i != token.i:
                inside = phrase.start <= head.i < phrase.end
                words = doc_text(self.doc)[phrase.start_char : start] if inside else phrase.text
                title = _clean_title(words)
            return self._person(canonical, start, end, title, "name")
        return None

    def _name_closing(self, phrase: Span) -> list[Token]:
        """A person's name that ends a role phrase, or follows it after a comma when the
        parser missed the apposition ("said Aldermere's special envoy, Marcus Whitcombe")."""
        found = []
        last = phrase[-1]
        if last.i != phrase.root.i and last.pos_ == "PROPN":
            found.append(last)
        after = phrase.end
        doc = self.doc
        if after + 1 < len(doc) and doc[after].text == "," and doc[after + 1].pos_ == "PROPN":
            mention = self._mention_at(doc[after + 1])
            if mention is not None and mention.start == doc[after + 1].idx:
                found.append(doc[after + 1])
        return [t for t in found if (m := self._mention_at(t)) is not None and self._is_person(m)]

    def _known_surname(self, token: Token) -> str | None:
        """The full name of a person named elsewhere in the article by this last name."""
        word = token.text.strip(_QUOTE_MARKS)
        if not word[:1].isupper():
            return None
        return self._bearer(word, token.idx, self._described_as(self.doc[token.i : token.i + 1]))

    def _described_as(self, name: Span) -> str:
        """The title at this mention and the word just before the name ("Mrs.", which
        :meth:`_title` leaves out as it has no letters-only word)."""
        before = self.doc[name.start - 1].text if name.start > 0 else ""
        return f"{self._title(name) or ''} {before}"

    def _unknown_name(self, token: Token, phrase: Span) -> Speaker:
        """A capitalised name the recognizer missed: a person when it reads like a first
        and last name, an organization otherwise ("Politifact")."""
        words = [t for t in phrase if t.pos_ == "PROPN" and t.text[:1].isupper()]
        if (
            len(words) >= 2
            and words[-1].lower_ not in self.lexicon.organization_name
            and not any(t.lemma_.lower() in self.lexicon.organization for t in phrase)
        ):
            name = self.doc[words[0].i : words[-1].i + 1]
            return self._person(name.text, name.start_char, name.end_char, None, "name")
        return self._span_speaker(phrase, "organization", "name")

    # ------------------------------------------------------------------ references back

    def _pronoun(self, token: Token) -> Speaker:
        gender = self.lexicon.pronoun_gender[token.lower_]
        start, end = token.idx, token.idx + len(token.text)
        if gender in {"he", "she"}:
            canonical = self._antecedent(token.idx, gender)
            if canonical is not None:
                self.gender.setdefault(canonical, gender)
                return self._person(canonical, start, end, None, "pronoun")
            return Speaker(token.text, None, start, end, via="pronoun")
        here = bisect.bisect_right(self.sentence_starts, token.idx)
        for seen in reversed(self.seen):
            if seen.position < token.idx and seen.speaker.kind in {"organization", "anonymous"}:
                # "they" continues a body or group quoted in this sentence or the two before;
                # further back it is as likely a group the writer has just described
                # ("according to show insiders. They ...") as the last one quoted
                gap = here - bisect.bisect_right(self.sentence_starts, seen.position)
                if gap <= _PLURAL_REACH:
                    return _moved(seen.speaker, start, end, "pronoun")
                break
        return Speaker(token.text, None, start, end, via="pronoun")

    def _antecedent(self, position: int, gender: str) -> str | None:
        """Whom a "he" or "she" at ``position`` refers to, among the earlier people whose
        gender (see :meth:`_gender_of`) does not contradict it. With the antecedent model
        (see :mod:`.speaker_model`), the last person named is taken when they are the
        latest speaker, quoted in this sentence or the one before, and the rule agrees;
        otherwise three readings must agree: the model's choice,
        made only when its preference is clear, the rule of :meth:`_rule_antecedent`, and
        recency -- no other person the pronoun could stand for named in between, unless the
        choice spoke in this sentence or the one before; any doubt leaves the pronoun
        unresolved. Without a model, the rule alone."""
        evidence = self._antecedent_evidence(position, gender)
        rule = self._rule_antecedent(position, gender)
        if self.trace is not None:
            self.trace.append((position, gender, evidence, rule))
        if self.antecedent_model is None:
            return rule
        latest = evidence[0] if evidence else None
        if latest is not None and latest.canonical == rule and _just_spoke(latest):
            return rule  # the last person named spoke just before: no doubt to weigh
        choice = choose_antecedent(evidence, self.antecedent_model)[0]
        if choice is None or choice != rule:
            return None
        chosen = next(e for e in evidence if e.canonical == choice)
        # nobody else it could be named since, or the speaker of the sentence just before
        # ('Rounds said he agreed with Biden's decision. "...," he said.')
        return choice if chosen is latest or _just_spoke(chosen) else None

    def _antecedent_evidence(self, position: int, gender: str) -> list[AntecedentEvidence]:
        """What is known about each earlier person who could be the antecedent (at most
        the six most recent)."""
        named = [p for p in self.people if p.start < position]
        speakers = [
            (s.position, s.speaker.canonical)
            for s in self.seen
            if s.position < position and s.speaker.kind == "person" and s.speaker.canonical
        ]
        subjects = [(p.start, p.canonical) for p in named if p.is_subject]
        last: dict[str, int] = {}
        for where, canonical in [(p.start, p.canonical) for p in named] + speakers:
            last[canonical] = max(where, last.get(canonical, -1))
        recency = sorted(last, key=lambda c: -last[c])

        def ranks(events: list[tuple[int, str]]) -> dict[str, int]:
            order = [c for _, c in sorted(events, reverse=True)]
            return {c: n for n, c in enumerate(dict.fromkeys(order))}

        speaker_rank, subject_rank = ranks(speakers), ranks(subjects)
        here = bisect.bisect_right(self.sentence_starts, position)
        first = named[0].canonical if named else None
        text = doc_text(self.doc)
        found = []
        for n, canonical in enumerate(recency):
            known = self._gender_of(canonical)
            if known not in {gender, None}:
                continue
            where = last[canonical]
            found.append(
                AntecedentEvidence(
                    canonical=canonical,
                    last_position=where,
                    last_sentence_gap=here - bisect.bisect_right(self.sentence_starts, where),
                    mentions=sum(p.canonical == canonical for p in named),
                    recency_rank=n,
                    speaker_rank=speaker_rank.get(canonical),
                    subject_rank=subject_rank.get(canonical),
                    gender="match" if known == gender else "unknown",
                    first_named=canonical == first,
                    same_paragraph="\n" not in text[where:position],
                    subject_here=any(
                        p.canonical == canonical
                        and bisect.bisect_right(self.sentence_starts, p.start) == here
                        for p in named
                        if p.is_subject
                    ),
                )
            )
        return found[:6]

    def _rule_antecedent(self, position: int, gender: str) -> str | None:
        """The most recent person who spoke or was the subject of a sentence before
        ``position`` and whose gender fits; failing those, the most recent person named.
        None when the evidence is ambiguous: the nearest fitting person's gender is
        unknown while the next one's is known to fit ("Sanders met Hillary Clinton. She
        said" -- Sanders is a surname alone, so "she" could be either)."""
        events: list[tuple[int, str]] = [
            (p.start, p.canonical) for p in self.people if p.is_subject and p.start < position
        ]
        events += [
            (s.position, s.speaker.canonical)
            for s in self.seen
            if s.position < position and s.speaker.kind == "person" and s.speaker.canonical
        ]
        ranked = [canonical for _, canonical in sorted(events, reverse=True)]
        ranked += [p.canonical for p in reversed(self.people) if p.start < position]
        fitting = [c for c in dict.fromkeys(ranked) if self._gender_of(c) in {gender, None}]
        if not fitting:
            return None
        ambiguous = (
            len(fitting) > 1
            and self._gender_of(fitting[0]) is None
            and self._gender_of(fitting[1]) == gender
        )
        return None if ambiguous else fitting[0]

    def _gender_of(self, canonical: str) -> str | None:
        """The person's gender from honorifics and the first name (see
        :mod:`.gender`), else from the pronouns already resolved to them."""
        title = (self.titles.get(canonical) or "").lower().split()
        evidence = [self.lexicon.honorific_gender.get(word) for word in title]
        if canonical in self.honorific_gender:
            honorific = self.honorific_gender[canonical]
            if honorific is None:
                return None  # the article's honorifics disagree: two people, one name
            evidence.append(honorific)
        evidence.append(first_name_gender(canonical))
        if any(evidence):
            return agreed(evidence)
        return self.gender.get(canonical)

    def _is_definite(self, token: Token) -> bool:
        return any(
            (c.dep_ == "det" and c.lower_ in _DEFINITE) or c.dep_ == "poss" for c in token.lefts
        )

    def _role(self, token: Token, phrase: Span) -> Speaker:
        """A common-noun source: anonymous or a role, or -- when definite ("the official",
        "the former ambassador") -- the earlier source it refers back to."""
        heads = [token] + [c for c in token.conjuncts if phrase.start <= c.i < phrase.end]
        anonymous = any(h.lemma_.lower() in self.lexicon.anonymous for h in heads)
        if self._is_definite(token) and token.tag_ not in {"NNS", "NNPS"}:
            found = self._refer_back(token, phrase)
            if found is not None:
                return found
        return self._span_speaker(phrase, "anonymous" if anonymous else "role", "role")

    def _refer_back(self, token: Token, phrase: Span) -> Speaker | None:
        lemma = token.lemma_.lower()
        words = {
            t.lower_.strip(".") for t in phrase if t.is_alpha and t.dep_ != "det" and t.i != token.i
        }
        best: tuple[int, int, _Person] | None = None
        for person in self.people:
            if person.start >= token.idx:
                continue
            score = 2 * (lemma in person.descriptors or token.lower_ in person.descriptors)
            score += len(words & person.descriptors)
            if score and (best is None or (score, person.start) > (best[0], best[1])):
                best = (score, person.start, person)
        start, end = phrase.start_char, phrase.end_char
        if best is not None and best[0] >= 2:
            return self._person(best[2].canonical, start, end, None, "role")
        for seen in reversed(self.seen):
            if seen.position < token.idx and seen.head == lemma and seen.speaker.kind:
                return _moved(seen.speaker, start, end, "role")
        if best is not None and lemma in self.lexicon.generic_person:
            return self._person(best[2].canonical, start, end, None, "role")
        if lemma in self.lexicon.generic_person:
            for seen in reversed(self.seen):
                if seen.position < token.idx and seen.speaker.kind == "person":
                    return _moved(seen.speaker, start, end, "role")
        return None

    def _institution(self, token: Token, phrase: Span) -> Speaker:
        """ "The institute reported": the organization named earlier whose name has that
        word ("the Institute for the Study of War"), else the one organization named
        earlier in the same sentence ("had forced Tarnsk Alloy Works to cut output,
        according to the company"), else the phrase as written."""
        word = token.lower_
        if self._is_definite(token):
            earlier = [m for m in self.mentions if m.start < token.idx and self._is_body(m)]
            named = [m for m in earlier if word in m.canonical.lower().split()]
            sentence = [m for m in earlier if m.start >= token.sent.start_char]
            if named or len(sentence) == 1:
                mention = named[-1] if named else sentence[0]
                return _organization(mention, "role", (phrase.start_char, phrase.end_char))
        return self._span_speaker(phrase, "organization", "role")

    def _is_body(self, mention: EntityMention) -> bool:
        """An organization, or a name the recognizer mislabelled that ends like one
        ("Tarnsk Alloy Works" taken for a work of art)."""
        words = mention.canonical.lower().split()
        return mention.kind == "organization" or (
            mention.kind != "person" and bool(words) and words[-1] in self.lexicon.organization_name
        )

    def _document(self, token: Token, phrase: Span) -> Speaker:
        """ "The statement said": whoever issued the document; "Customs Service figures":
        the organization named in the phrase."""
        for issuer in self.mentions:
            inside = phrase.start_char <= issuer.start and issuer.end <= token.idx
            if inside and issuer.kind == "organization":
                return _organization(issuer, "document")
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in {"from", "by", "of"}:
                for obj in child.children:
                    mention = self._mention_at(obj)
                    if obj.dep_ == "pobj" and mention is not None:
                        kind: SpeakerKind = "person" if mention.kind == "person" else "organization"
                        return Speaker(
                            name=mention.canonical,
                            kind=kind,
                            start=mention.start,
                            end=mention.end,
                            canonical=mention.canonical,
                            title=phrase.text.strip(_TITLE_STRIP) if kind == "person" else None,
                            via="document",
                        )
        lemma = token.lemma_.lower()
        start, end = phrase.start_char, phrase.end_char
        if self._is_definite(token):
            for seen in reversed(self.seen):
                if (
                    seen.position < token.idx
                    and lemma in seen.sentence_lemmas
                    and seen.speaker.kind is not None
                    and seen.head != lemma
                ):
                    return _moved(seen.speaker, start, end, "document")
            for seen in reversed(self.seen):
                if seen.position < token.idx and seen.speaker.kind == "organization":
                    return _moved(seen.speaker, start, end, "document")
        return self._span_speaker(phrase, "organization", "document")


def _just_spoke(evidence: AntecedentEvidence) -> bool:
    """Whether the person is the latest speaker, quoted in this sentence or the one before."""
    return evidence.speaker_rank == 0 and evidence.last_sentence_gap <= 1


def _main_clause_subject(token: Token) -> bool:
    """The subject of a sentence's main verb (or of a verb joined to it), who is what a
    later "he" or "she" most likely continues with; the subject of a reported clause
    ("Cox says Obama is trying ...") is not."""
    if token.dep_ not in _SUBJECT_DEPS:
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _clean_title(text: str) -> str | None:
    """Trim a description to balanced brackets: "Coordinator (Getty Images" -> "Coordinator"."""
    text = text.strip(_TITLE_STRIP)
    while text.count("(") > text.count(")"):
        text = text[: text.rfind("(")].strip(_TITLE_STRIP)
    return text or None


def _moved(speaker: Speaker, start: int, end: int, via: str) -> Speaker:
    """The same speaker, referred to at another place in the text."""
    return replace(speaker, start=start, end=end, via=via)


def _organization(mention: EntityMention, via: str, at: tuple[int, int] | None = None) -> Speaker:
    """The organisation the article names in ``mention``, referred to at ``at`` (by
    default where the mention stands)."""
    start, end = at or (mention.start, mention.end)
    return Speaker(mention.canonical, "organization", start, end, None, mention.canonical, via)
