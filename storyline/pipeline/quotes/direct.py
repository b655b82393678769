"""Direct and partial quotations: quoted passages, their cues and where the source is named.

Every top-level quoted passage (see :mod:`.marks`) is read against the parse around
it, in this order:

1. cue first -- the passage follows "X said:" / "X said," / "X continued:" (also across a
   paragraph break after a colon);
2. cue after -- it starts a sentence and is followed by "..., he told reporters" or, with
   the subject after the verb, "..., added the Russian leader";
3. continuation -- it starts a sentence next to an attributed quotation in the same
   paragraph ("...," he said. "..."): same speaker;
4. partial -- it sits inside a sentence and a speech verb governs it in the dependency tree
   ("said Washington 'did change the guidance'"), or the sentence credits a source with
   "according to".

A passage none of these explain (a title, a scare-quoted word) is not a quotation.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

from storyline.data_files import packaged_toml
from storyline.models import QuoteKind
from storyline.pipeline.quotes.candidates import QuoteCandidate
from storyline.pipeline.quotes.cues import CueLexicon
from storyline.pipeline.quotes.marks import QuotedSpan, find_quoted_spans
from storyline.pipeline.quotes.syntax import (
    doc_text,
    has_clause_between,
    is_negated,
    nearest_person_before,
    noun_phrase_between,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SENTENCE_END = frozenset(".?!")
_QUOTE_CHARS = frozenset("\"'“”‘’«»„`")
_MAX_CUE_DISTANCE = 40  # tokens between a closing mark and its cue verb
_MAX_SIGNATURE = 8  # words in a dash signature ("-- Jane Doe, Ohio")
_SMALL_WORDS = frozenset(packaged_toml("storyline.pipeline.quotes", "words.toml")["small_words"])
_NAME_SLOTS = frozenset({"pobj", "compound", "nmod", "poss"})  # where a title sits in a phrase
_HEADLINE_SHARE = 0.6  # above this share of capitalised words a sentence reads as a headline
_DASHES = frozenset({"—", "―", "–", "-", "--"})
_NOMINAL_POS = frozenset({"DET", "NUM", "ADJ", "NOUN", "PROPN", "PRON", "PART"})


class _Tokens:
    """Character-offset lookups into a parsed document, and per-document caches.

    Everything a quotation needs from outside its own words (its paragraph, its sentence,
    the speech verb above it in the tree) is looked up through indexes built once per
    document, so the work per quotation does not grow with the paragraph or sentence it
    sits in: a long paragraph of many short quotations stays linear.
    """

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.lexicon = lexicon
        self.starts = [t.idx for t in doc]
        self.newlines = [m.start() for m in re.finditer("\n", self.text)]
        self.sent_starts = [sent.start for sent in doc.sents] if len(doc) else [0]
        self._speech_above: dict[int, int | None] = {}
        self._negated: dict[int, bool] = {}
        self._according: dict[int, list[int]] = {}
        self._line_words: dict[int, tuple[list[int], list[bool]]] = {}

    def first_at_or_after(self, char: int) -> int | None:
        i = bisect.bisect_left(self.starts, char)
        if i > 0 and self.starts[i - 1] + len(self.doc[i - 1].text) > char:
            i -= 1  # a token glued to the mark: ',”Clinton said
        while i < len(self.doc) and self.doc[i].is_space and "\n" not in self.doc[i].text:
            i += 1
        return i if i < len(self.doc) else None

    def last_before(self, char: int) -> int | None:
        i = bisect.bisect_left(self.starts, char) - 1
        while i >= 0 and self.doc[i].is_space and "\n" not in self.doc[i].text:
            i -= 1
        return i if i >= 0 else None

    def inside(self, start: int, end: int) -> list[Token]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [t for t in self.doc[lo:hi] if not t.is_space]

    def paragraph_start(self, char: int) -> int:
        """Where the line holding ``char`` starts."""
        k = bisect.bisect_left(self.newlines, char)
        return self.newlines[k - 1] + 1 if k > 0 else 0

    def paragraph_end(self, char: int) -> int:
        """Where the line holding ``char`` ends (its newline, or the end of the text)."""
        k = bisect.bisect_left(self.newlines, char)
        return self.newlines[k] if k < len(self.newlines) else len(self.text)

    def sentence_start(self, i: int) -> int:
        """The index of the first token of the sentence holding token ``i``."""
        return self.sent_starts[bisect.bisect_right(self.sent_starts, i) - 1]

    def negated(self, token: Token) -> bool:
        found = self._negated.get(token.i)
        if found is None:
            found = self._negated[token.i] = is_negated(token)
        return found

    def is_cue(self, token: Token) -> bool:
        return self.lexicon.is_speech_verb(token) and not self.negated(token)

    def speech_verb_above(self, i: int) -> int | None:
        """The nearest ancestor of token ``i`` that is a speech verb not negated."""
        path: list[int] = []
        found: int | None = None
        while True:
            if i in self._speech_above:
                found = self._speech_above[i]
                break
            path.append(i)
            head = self.doc[i].head
            if head.i == i:
                break
            if self.is_cue(head):
                found = head.i
                break
            i = head.i
        for k in path:
            self._speech_above[k] = found
        return found

    def according_in_sentence(self, i: int) -> list[int]:
        """The tokens of token ``i``'s sentence whose lemma is "according" (or the like)."""
        start = self.sentence_start(i)
        found = self._according.get(start)
        if found is None:
            k = bisect.bisect_right(self.sent_starts, start)
            end = self.sent_starts[k] if k < len(self.sent_starts) else len(self.doc)
            found = self._according[start] = [
                t.i for t in self.doc[start:end] if t.lemma_.lower() in self.lexicon.according
            ]
        return found

    def line_words(self, line_start: int) -> tuple[list[int], list[bool]]:
        """The alphabetic words of a line that are not small words: their offsets and
        whether each is capitalised (for telling a headline from a sentence)."""
        found = self._line_words.get(line_start)
        if found is None:
            end = self.paragraph_end(line_start)
            words = [
                t
                for t in self.inside(line_start, end)
                if t.is_alpha and t.lower_ not in _SMALL_WORDS
            ]
            found = self._line_words[line_start] = (
                [t.idx for t in words],
                [t.text[:1].isupper() for t in words],
            )
        return found


def _last_visible(text: str, end: int, floor: int) -> int:
    """The index of the last character before ``end`` (and at or after ``floor``) that is
    not whitespace, or -1."""
    k = end - 1
    while k >= floor and text[k].isspace():
        k -= 1
    return k if k >= floor else -1


def find_quotation_candidates(doc: Doc, lexicon: CueLexicon) -> list[QuoteCandidate]:
    """Direct and partial quotations in ``doc`` with their cues, in text order."""
    tokens = _Tokens(doc, lexicon)
    spans = [s for s in find_quoted_spans(doc_text(doc)) if s.depth == 0]
    found: list[QuoteCandidate] = []
    for span in spans:
        candidate = _attribute(tokens, span, lexicon, found)
        if candidate is not None:
            found.append(candidate)
    _attach_leading_quotes(doc_text(doc), found)
    return _drop_uncued(found)


def _content(text: str, span: QuotedSpan) -> tuple[int, int]:
    """The quoted words without the marks and without the comma that joins them to a cue."""
    start, end = span.inner_start, span.inner_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;—–"):
        end -= 1
    return start, end


def _starts_clause(tokens: _Tokens, span: QuotedSpan) -> bool:
    """True when the passage opens its paragraph or sentence (so it can be a whole
    statement rather than words embedded in the writer's sentence)."""
    text = tokens.text
    floor = tokens.paragraph_start(span.start)
    k = _last_visible(text, span.start, floor)
    if k < 0:
        return True
    last = text[k]
    if last in _SENTENCE_END or last == ":":
        return True
    return last in _QUOTE_CHARS and k > floor and text[k - 1] in _SENTENCE_END | {",", "?"}


def _attribute(
    tokens: _Tokens, span: QuotedSpan, lexicon: CueLexicon, found: list[QuoteCandidate]
) -> QuoteCandidate | None:
    text = doc_text(tokens.doc)
    start, end = _content(text, span)
    if not any(ch.isalpha() for ch in text[start:end]):
        return None

    def make(
        kind: QuoteKind,
        via: str,
        cue: Token | None = None,
        source: Token | None = None,
        follows: QuoteCandidate | None = None,
    ) -> QuoteCandidate:
        return QuoteCandidate(
            start=start,
            end=end,
            kind=kind,
            via=via,
            cue=(cue.i, cue.i) if cue is not None else None,
            source=source.i if source is not None else None,
            follows=found.index(follows) if follows is not None else None,
            outer_start=span.start,
            outer_end=span.end,
        )

    previous = _previous_in_paragraph(tokens, span, found)
    before = _cue_before(tokens, span, lexicon)
    if before is not None:
        verb, subject = before
        if previous is not None and previous.cue is not None and previous.cue[0] == verb.i:
            return make("direct", "continuation", follows=previous)
        if _continues_sentence(tokens, span, start):
            # "An economic downturn, he said, 'could be a good time ...'": the cue is an
            # aside inside the writer's sentence, which the quoted words complete.
            return make("partial", "cue-first", verb, subject)
        return make("direct", "cue-first", verb, subject)

    starts = _starts_clause(tokens, span)
    if not starts and _is_title(tokens, span):
        return None
    after = _cue_after(tokens, span, lexicon)
    if after is not None and not starts and not _same_sentence(tokens, span, after[0]):
        after = None  # quoted words inside a sentence belong to the speaker it names
    if after is not None:
        verb, subject, via = after
        return make("direct" if starts else "partial", via, verb, subject)
    if starts and previous is not None and previous.kind == "direct":
        return make("direct", "continuation", follows=previous)
    if starts and _is_whole_paragraph(tokens, span):
        # A quotation paragraph with no cue of its own is left out rather than guessed onto
        # the previous speaker: measured on PolNeAR, guessing costs more than it finds.
        return make("direct", "uncued")
    governing = _governing_cue(tokens, span, lexicon)
    if governing is not None and _line_break_between(tokens, span, governing[0]):
        governing = None  # a headline's quoted words are no one's statement in the body
    if governing is not None:
        verb, subject = governing
        return make("partial", "governed", verb, subject)
    return make("direct", "uncued") if starts else None


def _line_break_between(tokens: _Tokens, span: QuotedSpan, verb: Token) -> bool:
    """Whether a line break (a headline's end, a paragraph's) separates the quoted words
    from ``verb``."""
    low, high = sorted((span.end, verb.idx))
    return "\n" in doc_text(tokens.doc)[low:high]


def _same_sentence(tokens: _Tokens, span: QuotedSpan, verb: Token) -> bool:
    """Whether the quoted words start in the sentence of ``verb``, on the same line."""
    inside = tokens.inside(span.inner_start, span.inner_end)
    in_sentence = not inside or inside[0].sent.start == verb.sent.start
    return in_sentence and not _line_break_between(tokens, span, verb)


def _is_title(tokens: _Tokens, span: QuotedSpan) -> bool:
    """Quoted words In Title Case hung on a preposition or a noun name a show, book or
    paper ('said on "Fox News Sunday"', 'his "Keepin' It Real" program'); they quote no
    one. In a headline, where every word is capitalised, that tells nothing, so there the
    quotation stands."""
    inside = [t for t in tokens.inside(span.inner_start, span.inner_end) if t.is_alpha]
    words = [t for t in inside if t.lower_ not in _SMALL_WORDS]
    if len(inside) < 2 or not words or not all(t.text[:1].isupper() for t in words):
        return False
    positions = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in positions]
    if not any(t.dep_ in _NAME_SLOTS for t in heads):
        return False
    line_start = tokens.paragraph_start(span.start)
    if tokens.paragraph_end(span.start) < span.end:  # the passage runs over a line break
        line = tokens.inside(line_start, tokens.paragraph_end(span.end))
        words = [t for t in line if t.is_alpha and t.lower_ not in _SMALL_WORDS]
        offsets, upper = [t.idx for t in words], [t.text[:1].isupper() for t in words]
    else:
        offsets, upper = tokens.line_words(line_start)
    lo = bisect.bisect_left(offsets, span.start)
    hi = bisect.bisect_left(offsets, span.end)
    outside = len(offsets) - (hi - lo)
    capitalised = sum(upper) - sum(upper[lo:hi])
    return outside > 0 and capitalised / outside < _HEADLINE_SHARE


def _continues_sentence(tokens: _Tokens, span: QuotedSpan, content_start: int) -> bool:
    """Quoted words after a comma that start in lower case carry on a sentence."""
    text = tokens.text
    k = _last_visible(text, span.start, tokens.paragraph_start(span.start))
    first = text[content_start : content_start + 1]
    return k >= 0 and text[k] == "," and first.islower()


def _previous_in_paragraph(
    tokens: _Tokens, span: QuotedSpan, found: list[QuoteCandidate]
) -> QuoteCandidate | None:
    if not found:
        return None
    last = found[-1]
    paragraph = tokens.paragraph_start(span.start)
    return last if last.outer[1] > paragraph else None


_REST_OF_LINE = re.compile(r"[ \t.,]*(?:\n|\Z)")


def _is_whole_paragraph(tokens: _Tokens, span: QuotedSpan) -> bool:
    return _REST_OF_LINE.match(tokens.text, span.end) is not None


def _cue_after(
    tokens: _Tokens, span: QuotedSpan, lexicon: CueLexicon
) -> tuple[Token, Token | None, str] | None:
    """A speech verb right after the closing mark whose subject also follows the mark."""
    doc = tokens.doc
    i = tokens.first_at_or_after(span.end)
    if i is None:
        return None
    signed = _dash_signature(doc, i)
    if signed is not None:
        return doc[i], signed, "dash"
    while i < len(doc) and doc[i].text in _DASHES | {","}:
        i += 1
    for j in range(i, min(len(doc), i + _MAX_CUE_DISTANCE)):
        token = doc[j]
        opens_quote = token.idx >= span.end and token.text[0] in _QUOTE_CHARS
        if "\n" in token.text or token.text in _SENTENCE_END or opens_quote:
            return None
        if lexicon.is_speech_verb(token):
            if tokens.negated(token):
                return None
            subject = _subject_after(token, i)
            if subject is None and j > i:
                return None  # the words before the verb are not its source
            via = "inverted" if subject is not None and subject.i > token.i else "cue-after"
            return token, subject, via
    return None


def _dash_signature(doc: Doc, i: int) -> Token | None:
    """A quotation signed with a dash and a name to the end of its paragraph
    ('"..." -- Jane Doe'), as in letters, tweets and readers' comments."""
    if doc[i].text not in _DASHES:
        return None
    words: list[Token] = []
    end = i + 1
    while end < len(doc) and "\n" not in doc[end].text:
        if not doc[end].is_space:
            words.append(doc[end])
            if len(words) > _MAX_SIGNATURE:
                return None  # stop reading: a signature is short
        end += 1
    if not words or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    names = [t for t in words if t.pos_ == "PROPN"]
    return names[-1] if names and words[0].pos_ == "PROPN" else None


def _name_like(token: Token) -> bool:
    """Punctuation or part of a name or noun phrase, whatever the parser made of it
    ("Tulsa police Chief Chuck Jordan said", with "Tulsa" read as a verb)."""
    return token.is_punct or token.pos_ in _NOMINAL_POS or token.text[:1].isupper()


def _subject_after(verb: Token, first: int) -> Token | None:
    """The source of a cue that follows a quotation: the verb's subject when it lies
    between the closing mark and the verb (or right after the verb), else a bare noun
    phrase in that gap or right after the verb, which the parser attached elsewhere."""
    doc = verb.doc
    subject = subject_of(verb)
    gap = range(first, verb.i)
    if subject is not None and subject.i >= first:
        allowed = {t.i for t in subject.subtree} | {
            c.i for c in verb.lefts if c.dep_ in {"aux", "advmod", "neg", "punct"}
        }
        if subject.i > verb.i and all(k in allowed for k in gap):
            return subject
        if subject.i < verb.i and all(k in allowed or _name_like(doc[k]) for k in gap):
            return subject
    if len(gap):
        return noun_phrase_between(doc, first, verb.i - 1)
    last = verb.i + 1
    while last < len(doc) and doc[last].pos_ in _NOMINAL_POS and not doc[last].is_punct:
        last += 1
    return noun_phrase_between(doc, verb.i + 1, last - 1)


def _cue_before(
    tokens: _Tokens, span: QuotedSpan, lexicon: CueLexicon
) -> tuple[Token, Token | None] | None:
    """A speech verb introducing the passage: "Kirby said:", "He said, ...", also a
    paragraph that ends "... continued:" right before a quotation paragraph."""
    doc = tokens.doc
    j = tokens.last_before(span.start)
    while j is not None and j >= 0 and doc[j].is_space:
        j -= 1
    if j is None or j < 0:
        return None
    if doc[j].text not in {":", ","}:
        return _bare_cue(doc, j, span, lexicon)
    crossed_paragraph = "\n" in doc_text(doc)[doc[j].idx : span.start]
    if crossed_paragraph and doc[j].text != ":":
        return None
    lowest = tokens.sentence_start(j)
    opening = j
    for k in range(j - 1, lowest - 1, -1):
        token = doc[k]
        if "\n" in token.text or token.text[0] in _QUOTE_CHARS or token.text in _SENTENCE_END:
            break
        opening = k
        if lexicon.is_speech_verb(token):
            if tokens.negated(token) or has_clause_between(token, span.start):
                return None
            subject = subject_of(token, inverted_ok=not lexicon.addresses_object(token))
            if subject is not None and subject.idx >= span.start:
                subject = None
            return token, subject or nearest_person_before(token)
        if token.lemma_.lower() in lexicon.according:
            return token, _according_source(token)
    if doc[j].text == ":":
        return _document_and_colon(doc, opening, j, lexicon) or _name_and_colon(doc, opening, j)
    return None


def _bare_cue(
    doc: Doc, j: int, span: QuotedSpan, lexicon: CueLexicon
) -> tuple[Token, Token | None] | None:
    """A speech verb right before the mark, without the comma: 'writing "Feels great ..."'.
    Only a quotation that starts a sentence (a capital letter) is introduced this way, and
    not by verbs that merely display words ('a shirt reading "..."', 'chanting "..."')."""
    verb = doc[j]
    first = doc_text(doc)[span.inner_start : span.inner_start + 1]
    if (
        not (lexicon.introduces_indirect(verb) and first.isupper())
        or "\n" in doc_text(doc)[verb.idx : span.start]
    ):
        return None
    if is_negated(verb) or has_clause_between(verb, span.start):
        return None
    subject = subject_of(verb, inverted_ok=False)
    return verb, subject or nearest_person_before(verb)


def _document_and_colon(
    doc: Doc, first: int, colon: int, lexicon: CueLexicon
) -> tuple[Token, Token | None] | None:
    """ "X released the following statement:" -- a document introduced with a colon; its
    issuer is the subject of the verb that has the document as object."""
    for k in range(colon - 1, first - 1, -1):
        noun = doc[k]
        if noun.pos_ == "NOUN" and noun.lemma_.lower() in lexicon.document:
            verb = noun.head
            while verb.dep_ == "prep" and verb.head.i != verb.i:
                verb = verb.head  # "in a statement:" hangs from its verb through "in"
            if verb.pos_ not in {"VERB", "AUX"}:
                return None
            subject = subject_of(verb, inverted_ok=False)
            return (noun, subject) if subject is not None else None
    return None


def _name_and_colon(doc: Doc, first: int, colon: int) -> tuple[Token, Token | None] | None:
    """The headline and transcript form "Kasich: 'We are going all the way'": a line that
    opens with a short name and a colon introduces the quotation."""
    if doc[colon].text != ":" or colon == first:
        return None
    if doc[colon - 1].ent_type_ == "PERSON":
        # "... doesn't surprise pollster Daron Shaw: 'Historically, ...'"
        return doc[colon], doc[colon - 1]
    if colon - first > _MAX_SIGNATURE:
        return None
    text = doc_text(doc)
    line_start = text.rfind("\n", max(0, doc[first].idx - 200), doc[first].idx) + 1
    if line_start == 0 and doc[first].idx > 200 or text[line_start : doc[first].idx].strip():
        return None  # otherwise the name must open its line
    name = noun_phrase_between(doc, first, colon - 1)
    if name is None or not any(t.text[:1].isupper() for t in doc[first:colon]):
        return None
    return doc[colon], name


def _according_source(token: Token) -> Token | None:
    for child in token.rights:
        for grandchild in child.children:
            if grandchild.dep_ == "pobj":
                return grandchild
    return None


def _governing_cue(
    tokens: _Tokens, span: QuotedSpan, lexicon: CueLexicon
) -> tuple[Token, Token | None] | None:
    """The speech verb that dominates the quoted words in the dependency tree, passing
    through verbs of belief ("said he believes it 'does not send the message'")."""
    inside = tokens.inside(span.inner_start, span.inner_end)
    if not inside:
        return None
    positions = {t.i for t in inside}
    heads = [t for t in inside if t.head.i not in positions or t.head.i == t.i]
    for head in heads:
        above = tokens.speech_verb_above(head.i)
        while above is not None and above in positions:
            above = tokens.speech_verb_above(above)
        if above is not None:
            verb = tokens.doc[above]
            return verb, subject_of(verb)
    for k in tokens.according_in_sentence(inside[0].i):
        if k not in positions:
            token = tokens.doc[k]
            return token, _according_source(token)
    return None


def _attach_leading_quotes(text: str, found: list[QuoteCandidate]) -> None:
    """A sentence-initial quotation without a cue, followed in the same paragraph by one
    with a cue ('"A." "B," he said.'), belongs to the same speaker."""
    for index, candidate in enumerate(found):
        if candidate.via != "uncued":
            continue
        nxt = found[index + 1] if index + 1 < len(found) else None
        if nxt is None or nxt.cue is None:
            continue
        between = text[candidate.outer[1] : nxt.outer[0]]
        if "\n" in between or len(between.strip()) > 3:
            continue
        candidate.via = "continuation"
        candidate.follows = index + 1


def _drop_uncued(found: list[QuoteCandidate]) -> list[QuoteCandidate]:
    """Remove passages no cue explains, keeping ``follows`` pointing at the same quotes."""
    kept = [i for i, c in enumerate(found) if c.via != "uncued"]
    new_index = {old: new for new, old in enumerate(kept)}
    out = []
    for old in kept:
        candidate = found[old]
        if candidate.follows is not None:
            candidate.follows = new_index.get(candidate.follows)
        out.append(candidate)
    return out
