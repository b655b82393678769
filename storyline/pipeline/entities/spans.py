"""Finding entity mentions in a parsed article: NER spans with their slips fixed, names the
alias file knows, acronyms defined in the text, and repeats the model missed.

Everything here works on token indices of one spaCy ``Doc``; :mod:`storyline.pipeline.entities.step`
turns the result into :class:`~storyline.models.EntityMention` objects with canonical names.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.data_files import packaged_toml
from storyline.names.rules import demonym_of, is_role_noun, is_title_word, name_key
from storyline.pipeline.entities.aliases import AliasMatchers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: NER labels that are not names (numbers, dates, amounts): left to other steps.
NON_NAME_LABELS: frozenset[str] = frozenset(
    {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
)

#: spaCy (OntoNotes) label -> Storyline kind.
LABEL_KINDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "PRODUCT": "product",
    "EVENT": "event",
}

#: Kind -> the label given to mentions found without the NER model.
KIND_LABELS: dict[str, str] = {
    "person": "PERSON",
    "organization": "ORG",
    "place": "GPE",
    "group": "NORP",
    "product": "PRODUCT",
    "event": "EVENT",
    "other": "MISC",
}

#: The word lists below, with what each means, in ``words.toml`` beside this module.
_WORDS = packaged_toml("storyline.pipeline.entities", "words.toml")
#: Nouns a place name modifies ("the Kursk region", "Kharkiv Oblast").
PLACE_HEADS: frozenset[str] = frozenset(_WORDS["place_heads"])
#: Nouns whose "of"-object is a place ("the city of Kharkiv", "the outskirts of Kyiv").
PLACE_OF_HEADS: frozenset[str] = PLACE_HEADS | frozenset(_WORDS["place_of_heads"])
#: Prepositions after which a mislabelled product or person is a place ("around Kursk").
LOCATIVE_PREPOSITIONS: frozenset[str] = frozenset(_WORDS["locative_prepositions"])
#: Reporting verbs whose subject, when it is a known surname, names the person ("Rounds said").
REPORTING_VERBS: frozenset[str] = frozenset(_WORDS["reporting_verbs"])


@dataclass
class Candidate:
    """A mention being built: a token span with its label, kind and how it was found."""

    start: int
    end: int
    label: str
    kind: str
    source: str = "ner"  # ner | alias | pattern | acronym | repeat | surname
    forced: bool = False  # the alias file set the kind: no rule may change it
    group: str | None = None  # the alias group's name
    canonical: str | None = None

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


# --------------------------------------------------------------------------- NER spans


#: Parts of speech that do not begin a name ("Say Mexico", "Plus Obama").
_NOT_NAME_START = frozenset({"VERB", "AUX", "ADV", "PRON", "SCONJ", "CCONJ", "INTJ", "PART"})


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop determiners, possessives, punctuation, spaces and verbs at a span's edges."""
    while start < end and (
        doc[start].dep_ == "det"
        or doc[start].lower_ == "the"
        or doc[start].is_punct
        or doc[start].is_space
        or (doc[start].pos_ in _NOT_NAME_START and end - start > 1)
    ):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].is_space
    ):
        end -= 1
    return start, end


def _strip_leading_titles(doc: Doc, start: int, end: int) -> int:
    """Skip titles and words the tagger does not take for names ("Plus Obama")."""
    while end - start > 1 and (is_title_word(doc[start].text) or doc[start].pos_ != "PROPN"):
        start += 1
    return start


def _extend_name_left(doc: Doc, start: int, taken: set[int]) -> int:
    """Take in given names the model left out ("Antony" in "Antony J. Blinken")."""
    k = start - 1
    while (
        k >= 0
        and start - k <= 2
        and k not in taken
        and not doc[k].ent_type_
        and doc[k].pos_ == "PROPN"
        and doc[k].is_alpha
        and doc[k].text[:1].isupper()
        and not doc[k].is_upper
        and not is_title_word(doc[k].text)
        and not doc[k].is_sent_start
    ):
        k -= 1
    return k + 1


def _looks_like_name(span: Span) -> bool:
    return any(c.isupper() for c in span.text) and any(c.isalpha() for c in span.text)


def _line_parts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut at line breaks: a name never runs from a headline into a dateline
    ("Hollin Dam row\n\nZELVOHRAD")."""
    parts: list[tuple[int, int]] = []
    begin = start
    for i in range(start, end):
        if "\n" in doc[i].text_with_ws[len(doc[i].text) :] or "\n" in doc[i].text:
            parts.append((begin, i + 1))
            begin = i + 1
    parts.append((begin, end))
    return [(a, b) for a, b in parts if a < b]


def _drop_trailing_common_nouns(doc: Doc, start: int, end: int) -> int:
    """Drop lowercase words the model ran a name into ("Hollin Dam row")."""
    while end - start > 1 and doc[end - 1].is_lower and doc[end - 1].pos_ in ("NOUN", "VERB"):
        end -= 1
    return end


def ner_candidates(doc: Doc) -> list[Candidate]:
    """The model's name spans with boundary slips fixed (titles, "the", possessives, line
    breaks, common nouns run on at the end)."""
    out: list[Candidate] = []
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if ent.label_ in NON_NAME_LABELS:
            continue
        for part_start, part_end in _line_parts(doc, ent.start, ent.end):
            start, end = _trim(doc, part_start, part_end)
            if ent.label_ == "PERSON":
                # "Mitt Romney’s Medicare": the name ends at its possessive.
                end = next((t.i for t in doc[start:end] if t.tag_ == "POS"), end)
                start = _strip_leading_titles(doc, start, end)
                start = _extend_name_left(doc, start, taken)
            elif end > start:
                end = _drop_trailing_common_nouns(doc, start, end)
            if start >= end or not _looks_like_name(doc[start:end]):
                continue
            kind = LABEL_KINDS.get(ent.label_, "other")
            out.append(Candidate(start, end, ent.label_, kind))
    return out


# --------------------------------------------------------------------------- alias data


def data_candidates(doc: Doc, matchers: AliasMatchers) -> list[Candidate]:
    """Names from the alias file: its spellings (any case, when the group also appears as
    written) and its token patterns (model designations such as "S-300/400")."""
    table = matchers.table
    found: list[Candidate] = []
    exact = matchers.exact(doc)
    exact_spans = {(start, end) for _, start, end in exact}
    written = {doc.vocab.strings[match_id] for match_id, _, _ in exact}
    folded = [
        (match_id, start, end)
        for match_id, start, end in matchers.folded(doc)
        if (start, end) not in exact_spans
    ]
    for match_id, start, end in exact + folded:
        key = doc.vocab.strings[match_id]
        group = table.groups[int(key)]
        if (start, end) not in exact_spans and (key not in written or group.type == "product"):
            # "kyiv" for "Kyiv": a machine-translation slip, trusted only when the article
            # also writes the group properly, and never for products (often common words).
            continue
        kind = group.type or "other"
        found.append(Candidate(start, end, KIND_LABELS[kind], kind, "alias", True, group.name))
    for match_id, start, end in matchers.shapes(doc):
        pattern = table.patterns[int(doc.vocab.strings[match_id])]
        kind = pattern.type
        found.append(Candidate(start, end, KIND_LABELS[kind], kind, "pattern", True))
    return _longest_first(found)


def _longest_first(cands: list[Candidate]) -> list[Candidate]:
    """Drop candidates overlapping a longer (or earlier, same-length) one."""
    kept: list[Candidate] = []
    taken: set[int] = set()  # tokens of the kept ones: no scan of every kept span
    for cand in sorted(cands, key=lambda c: (c.start - c.end, c.start)):
        if taken.isdisjoint(range(cand.start, cand.end)):
            kept.append(cand)
            taken.update(range(cand.start, cand.end))
    return sorted(kept, key=lambda c: c.start)


def merge_candidates(doc: Doc, data: list[Candidate], ner: list[Candidate]) -> list[Candidate]:
    """Combine alias-file names with NER spans.

    The alias file wins over a span covering the same name ("ATACMS" labelled PERSON) or
    one that only adds lowercase words ("Storm Shadow missiles"); a longer proper name that
    contains an alias ("Kyiv Independent") stays as the model found it.
    """
    kept_data: list[Candidate] = []
    dropped_ner: set[int] = set()
    for d in data:
        keep = True
        for n, cand in enumerate(ner):
            if not cand.overlaps(d.start, d.end):
                continue
            extra = [t for t in doc[cand.start : cand.end] if not d.start <= t.i < d.end]
            if (
                extra
                and any(t.text[:1].isupper() for t in extra)
                and d.start >= cand.start
                and d.end <= cand.end
            ):
                keep = False
            else:
                dropped_ner.add(n)
        if keep:
            kept_data.append(d)
    merged = kept_data + [c for n, c in enumerate(ner) if n not in dropped_ner]
    return _longest_first(merged)


# --------------------------------------------------------------------------- context cues


def _place_cue(root: Token, span_start: int, span_end: int, label: str) -> bool:
    head = root.head
    head_in_span = span_start <= head.i < span_end
    if root.dep_ in ("compound", "nmod") and root.pos_ == "PROPN" and not head_in_span:
        return head.lemma_.lower() in PLACE_HEADS
    if root.dep_ == "pobj" and head.lower_ == "of":
        return head.head.lemma_.lower() in PLACE_OF_HEADS
    return (
        root.dep_ == "pobj"
        and head.lower_ in LOCATIVE_PREPOSITIONS
        and label in ("PRODUCT", "PERSON")
        and span_end - span_start == 1
    )


def _is_role_phrase(doc: Doc, start: int, end: int) -> bool:
    """A span of title words that names an office: "National Security Adviser", or "Defense"
    in "Defense Secretary", or "State" in "Secretary of State"; or an office with its field
    ("Minister of Trade", "Secretary of State")."""
    words = [t for t in doc[start:end] if t.lower_ != "the"]
    if (
        len(words) >= 3
        and is_role_noun(words[0].text)
        and words[1].lower_ == "of"
        and all(is_title_word(t.text) for t in words[2:])
    ):
        return True
    if not all(is_title_word(t.text) for t in doc[start:end]):
        return False
    if is_role_noun(doc[end - 1].text):
        return True
    if end - start != 1:
        return False
    after = end < len(doc) and is_role_noun(doc[end].text)
    of_role = start >= 2 and doc[start - 1].lower_ == "of" and is_role_noun(doc[start - 2].text)
    return after or of_role


def apply_context_kinds(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Correct kinds the parse makes clear, and drop role phrases the model took for names.

    A name modifying "region" or after "city of" is a place, whatever label the model gave
    it; a one-word "place" that is an adjective ("Ukrainian" as GPE) is a nationality; an
    "organisation" made only of title words ("National Security Adviser", "Defense" in
    "Defense Secretary", "Minister of Trade") is a role, not a name, and proper nouns right
    after it name the person who holds it ("the Minister of Trade Teodor Halvanyk"); a name
    with an office in apposition ("Helena Strand, the former ambassador") is a person.
    """
    kept: list[Candidate] = []
    for cand in cands:
        span = doc[cand.start : cand.end]
        if cand.forced:
            kept.append(cand)
            continue
        if cand.label == "ORG" and _is_role_phrase(doc, cand.start, cand.end):
            holder = _holder_after(doc, cand.end, cands)
            if holder is not None:
                kept.append(holder)
            continue
        if cand.kind not in ("person", "place") and _holds_an_office(span):
            cand.kind = "person"
        elif cand.kind != "place" and _place_cue(span.root, cand.start, cand.end, cand.label):
            cand.kind = "place"
        elif cand.kind == "place" and len(span) == 1 and span[0].tag_ == "JJ":
            cand.kind = "group"
        kept.append(cand)
    kept = sorted(kept, key=lambda c: c.start)
    _places_by_their_people(doc, kept)
    return kept


def _holds_an_office(span: Span) -> bool:
    """A name of two or three proper nouns set beside an office ("Helena Strand, Aldermere's
    former ambassador to Velmora, said"): a person, whatever the model labelled it."""
    if not 2 <= len(span) <= 3 or not all(t.pos_ == "PROPN" and t.is_title for t in span):
        return False
    return any(c.dep_ == "appos" and is_role_noun(c.text) for c in span.root.children)


def _holder_after(doc: Doc, end: int, cands: list[Candidate]) -> Candidate | None:
    """The person named right after an office ("Minister of Trade Teodor Halvanyk"): two or
    three capitalised proper nouns that no other mention covers."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    stop = end
    while (
        stop < len(doc)
        and stop - end < 3
        and stop not in taken
        and doc[stop].pos_ == "PROPN"
        and doc[stop].is_title
        and not is_title_word(doc[stop].text)
    ):
        stop += 1
    if stop - end < 2:
        return None
    return Candidate(end, stop, "PERSON", "person", "role-holder")


#: Nouns only a country or region has: "Velmora's exports" makes Velmora a place, however
#: the model labelled it ("Netanyahu's government" would not, so no such nouns here).
PLACE_POSSESSIONS: frozenset[str] = frozenset(_WORDS["place_possessions"])


def _places_by_their_people(doc: Doc, cands: list[Candidate]) -> None:
    """A one-word name whose people or adjective also occurs ("Velmora" beside "Velmoran",
    "Dravania" beside "Dravanian"), or that owns what only a country has ("Velmora's
    exports"), is a place, however the model labelled it; every mention of it takes the
    kind."""
    adjectives = {t.text for t in doc if t.is_title and t.is_alpha and len(t) > 3}
    places: set[str] = set()
    for cand in cands:
        if cand.end - cand.start != 1 or cand.forced:
            continue
        tok = doc[cand.start]
        if tok.text in adjectives and any(
            demonym_of(a, tok.text) for a in adjectives if a != tok.text and a[:3] == tok.text[:3]
        ):
            places.add(tok.text)
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and after.tag_ == "POS" and tok.head.lower_ in PLACE_POSSESSIONS:
            places.add(tok.text)
    for cand in cands:
        tok = doc[cand.start]
        if (
            cand.end - cand.start == 1
            and not cand.forced
            and tok.text in places
            and tok.tag_ != "JJ"
        ):
            cand.kind = "place"
            cand.forced = True


def vote_kinds(cands: list[Candidate]) -> None:
    """Give every mention of one name the kind most of its mentions have.

    The model labels one name differently from sentence to sentence ("Kharkiv" as GPE, LOC
    and ORG); a name's kind is a property of the name within an article. Kinds the alias
    file or a person link fixed are kept and count double.
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for cand in cands:
        key = name_key(cand.canonical or "")
        votes[key][cand.kind] += 2 if cand.forced else 1
    for cand in cands:
        if cand.forced:
            continue
        counts = votes[name_key(cand.canonical or "")]
        best = max(counts.values())
        if counts[cand.kind] < best:
            cand.kind = sorted(k for k, v in counts.items() if v == best)[0]


# --------------------------------------------------------------------------- acronyms


def _long_form_start(doc: Doc, acronym: str, end: int, floor: int) -> int | None:
    """Where the long form of ``acronym`` ending at token ``end`` starts, or None.

    Matches the acronym's letters right to left against the words before it, the first
    letter at a word start (Schwartz & Hearst, 2003).
    """
    letters = acronym.lower()
    text_tokens = [doc[i] for i in range(end - 1, floor - 1, -1)]
    li = len(letters) - 1
    for tok in text_tokens:
        word = tok.lower_
        ci = len(word) - 1
        while ci >= 0 and li >= 0:
            if word[ci] == letters[li] and (li > 0 or ci == 0):
                li -= 1
            ci -= 1
            if li < 0:
                break
        if li < 0:
            if ci >= 0 or not tok.text[:1].isupper():
                return None
            return tok.i
    return None


def link_acronyms(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Tie acronyms to the names they abbreviate in this article.

    "Army Tactical Missile System (ATACMS)" and "High Mobility Artillery Rocket System, or
    HIMARS" define an acronym; every mention of the acronym then has the long form as its
    canonical name, and the long form becomes a mention if the model missed it.
    """
    definitions: dict[str, tuple[int, int]] = {}
    for tok in doc:
        text = tok.text
        if not (text.isalpha() and text.isupper() and 2 <= len(text) <= 10):
            continue
        if tok.i >= 1 and doc[tok.i - 1].text == "(":
            end = tok.i - 1
        elif tok.i >= 2 and doc[tok.i - 1].lower_ == "or" and doc[tok.i - 2].text == ",":
            end = tok.i - 2
        else:
            continue
        floor = max(tok.sent.start, end - 2 * len(text) - 2)
        start = _long_form_start(doc, text, end, floor)
        if start is not None and all(not doc[i].is_punct for i in range(start, end)):
            definitions.setdefault(text, (start, end))
    for acronym, (start, end) in definitions.items():
        users = [c for c in cands if doc[c.start : c.end].text == acronym]
        inside = [c for c in cands if c.overlaps(start, end)]
        source = next((c for c in users + inside if c.forced), None) or next(
            iter(inside + users), None
        )
        if source is None:
            continue
        long_form = doc[start:end].text
        cands = [c for c in cands if c not in inside]
        cands.append(
            Candidate(start, end, source.label, source.kind, "acronym", source.forced, source.group)
        )
        for cand in cands:
            if doc[cand.start : cand.end].text in (acronym, long_form):
                cand.canonical = long_form
                cand.kind, cand.forced = source.kind, cand.forced or source.forced
    return _longest_first(cands)


# --------------------------------------------------------------------------- repeats


def propagate_repeats(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Add mentions the model missed where a name it found elsewhere recurs verbatim.

    Only proper-noun occurrences count, so a name that is also a word ("Will") is not
    spread to its ordinary uses.
    """
    taken = {i for c in cands for i in range(c.start, c.end)}
    by_first: dict[str, list[Candidate]] = defaultdict(list)
    for cand in cands:
        if len(doc[cand.start : cand.end].text) > 1:
            by_first[doc[cand.start].text].append(cand)
    added: list[Candidate] = []
    for tok in doc:
        if tok.i in taken or tok.text not in by_first:
            continue
        for model in sorted(by_first[tok.text], key=lambda c: c.start - c.end):
            size = model.end - model.start
            end = tok.i + size
            if end > len(doc) or any(i in taken for i in range(tok.i, end)):
                continue
            if doc[tok.i : end].text != doc[model.start : model.end].text:
                continue
            if tok.pos_ != "PROPN" and not tok.is_upper:
                continue
            added.append(
                Candidate(tok.i, end, model.label, model.kind, "repeat", model.forced, model.group)
            )
            taken.update(range(tok.i, end))
            break
    return sorted(cands + added, key=lambda c: c.start)
