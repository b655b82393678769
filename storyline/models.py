"""The one data model of Storyline.

Every stage speaks in these types: ``ingest`` yields :class:`RawDocument`, the per-article
``pipeline`` turns one into an :class:`Article`, the ``store`` keeps them, ``link`` derives
the cross-article types (:class:`Entity`, :class:`Story`, :class:`Event`,
:class:`Development`, :class:`Claim`, :class:`OutletProfile`) and the interfaces render
them. Every extracted fact carries its provenance: the article id and a character span
``[start, end)`` into that article's cleaned ``text``.

All types are plain dataclasses with ``to_dict()`` / ``from_dict()`` so they pickle, travel
through Dask and round-trip through JSON unchanged.

>>> m = MetaValue("2024-05-31", "text", evidence="date 2024-05-31 https://...")
>>> MetaValue.from_dict(m.to_dict()) == m
True
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T", bound="Model")

#: Where a metadata value came from.
MetaSource = Literal[
    "input",  # given by the user (CLI flag, JSON Lines field)
    "feed",  # RSS/Atom entry fields
    "html",  # HTML metadata (trafilatura / htmldate)
    "text",  # found in the article text (header line, byline, stamp, marker)
    "url",  # derived from the URL
    "inferred",  # inferred from content (see evidence)
    "detected",  # a model decided (language identification)
    "none",  # unknown; value is None
]

QuoteKind = Literal["direct", "partial", "indirect"]
SpeakerKind = Literal["person", "organization", "role", "anonymous"]
#: "unclear" comes from the permission rules; "discusses" and "unrelated" from the learned
#: stance model (a statement that reports or questions a claim, or is about something else).
Stance = Literal["supports", "refutes", "unclear", "discusses", "unrelated"]
StepLabel = Literal["new", "unchanged", "changed"]
ConflictKind = Literal["update", "contradiction"]
Precision = Literal[
    "time", "day", "week", "month", "quarter", "season", "year", "decade", "century", "none"
]


class Model:
    """Mixin giving dataclasses a JSON-friendly ``to_dict`` and a typed ``from_dict``."""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # type: ignore[call-overload, no-any-return]

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        return typing.cast(T, _build(cls, data))


def _build(tp: Any, value: Any) -> Any:
    """Rebuild a value of type ``tp`` from its ``asdict`` form."""
    if value is None:
        return None
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        for option in options:
            if dataclasses.is_dataclass(option) and isinstance(value, dict):
                return _build(option, value)
        return _build(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = get_args(tp)
        return [_build(item, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if origin is dict:
        _, item = get_args(tp)
        return {k: _build(item, v) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        hints = _init_hints(tp)
        kwargs = {k: _build(hints[k], v) for k, v in value.items() if k in hints}
        return tp(**kwargs)
    return value


@functools.cache
def _init_hints(tp: type) -> dict[str, Any]:
    """The resolved types of a dataclass's init fields (resolving them is the slow part)."""
    hints = get_type_hints(tp)
    return {f.name: hints[f.name] for f in dataclasses.fields(tp) if f.init}


# --------------------------------------------------------------------------- ingest


@dataclass
class SourceRef(Model):
    """Where an article came from: a file, and inside it a record (line, entry, WARC record)."""

    file: str
    record: str | None = None

    def __post_init__(self) -> None:
        # a name with a newline or bytes that are not UTF-8 is kept, and printed, escaped
        from storyline._printable import printable

        self.file = printable(self.file)
        self.record = printable(self.record) if self.record is not None else None

    def __str__(self) -> str:
        return f"{self.file} [{self.record}]" if self.record else self.file


@dataclass
class RawDocument(Model):
    """One article as read from an input, before any analysis.

    ``body`` is decoded text; ``format`` says whether it is plain text or HTML. ``given``
    holds metadata the input states explicitly (JSON Lines fields, CLI flags, feed entry
    fields, the WARC target URI), keyed like :class:`Metadata` fields (``id``, ``url``,
    ``outlet``, ``title``, ``author``, ``published``, ``language``); ``given_source`` says
    which ``MetaSource`` those values carry. ``crawl_date`` is when it was fetched (never a
    publication date).
    """

    source: SourceRef
    body: str
    format: Literal["text", "html"] = "text"
    given: dict[str, str] = field(default_factory=dict)
    given_source: MetaSource = "input"
    encoding: str = "utf-8"
    crawl_date: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestFailure(Model):
    """An input that could not be read, and why (the message names the input)."""

    source: SourceRef
    reason: str
    #: the message's code from ``storyline.errors`` (E2xx); read from ``reason`` when not given
    code: str = ""

    def __post_init__(self) -> None:
        self.code = self.code or getattr(self.reason, "code", "E200")

    def __str__(self) -> str:
        return f"[{self.code}] {self.source}: {self.reason}"


# --------------------------------------------------------------------------- article


@dataclass
class MetaValue(Model):
    """A metadata value with where it came from; ``start``/``end`` index the raw text."""

    value: str | None
    source: MetaSource = "none"
    evidence: str | None = None
    start: int | None = None
    end: int | None = None


def _unknown() -> MetaValue:
    return MetaValue(None, "none")


@dataclass
class Metadata(Model):
    url: MetaValue = field(default_factory=_unknown)
    outlet: MetaValue = field(default_factory=_unknown)
    title: MetaValue = field(default_factory=_unknown)
    author: MetaValue = field(default_factory=_unknown)
    published: MetaValue = field(default_factory=_unknown)  # ISO date or datetime
    dateline: MetaValue = field(default_factory=_unknown)
    language: MetaValue = field(default_factory=_unknown)


@dataclass
class RemovedLine(Model):
    """A line taken out of the raw text by cleaning; offsets index ``Article.raw``."""

    text: str
    start: int
    end: int
    reason: str


@dataclass
class EntityMention(Model):
    """A named entity in one article. ``canonical`` is the in-article full form
    ("Kirby" -> "John Kirby"); ``entity_id`` is set by cross-article linking."""

    text: str
    start: int
    end: int
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, PRODUCT, FAC, EVENT, ...
    kind: str  # person | organization | place | group | product | other
    canonical: str
    entity_id: str | None = None


@dataclass
class Quote(Model):
    """Who said what. ``start``/``end`` span the quoted content in ``Article.text``."""

    id: str
    article_id: str
    text: str
    start: int
    end: int
    kind: QuoteKind
    speaker: str | None  # display name, or the role phrase ("a U.S. official")
    speaker_kind: SpeakerKind | None
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None  # the span that names the speaker where it is said
    speaker_end: int | None = None
    speaker_title: str | None = None  # apposition: "National Security Council spokesperson"
    speaker_canonical: str | None = None  # in-article full name, for entity linking
    speaker_entity_id: str | None = None
    resolved_via: str | None = None  # "name", "pronoun", "role", "cue-first", "continuation", ...


@dataclass
class DateMention(Model):
    """A temporal expression with its TimeML value resolved against the publication date."""

    article_id: str
    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str  # TimeML value: 2024-05-30, 2024-W22, 2024-05, P2Y, PRESENT_REF, XXXX-WXX-1 ...
    precision: Precision = "day"
    year_inferred: bool = False
    anchor: str | None = None  # "dct", "previous", or None when absolute


@dataclass
class Tokens(Model):
    """An article's word tokens as the language model read them, stored so that word
    statistics across articles need no second parse: per token its lemma (lower case;
    proper nouns as written, so "Kiev" and "Kyiv" stay apart), coarse part of speech and
    character span into ``Article.text``; ``sentences`` holds each sentence's first token."""

    lemmas: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)


@dataclass
class DeonticUnit(Model):
    """One permission or prohibition predicate of a sentence and its stance towards "X may do
    Y" (rules in :mod:`storyline.pipeline.stance`). Spans index the article's text: the theme
    says what is permitted or forbidden, the scope widens it to the predicate and who it
    applies to; ``dates`` are the starts of the article's date mentions the predicate is
    tied to ("lifted ... on Monday")."""

    polarity: int
    stance: Stance
    theme_start: int
    theme_end: int
    scope_start: int
    scope_end: int
    reasons: list[str] = field(default_factory=list)
    dates: list[int] = field(default_factory=list)


@dataclass
class SentenceFacts(Model):
    """One sentence of an article, found once by the pipeline: its span, whether it is a
    statement (prose, not a caption or header), its cue counts (denials, hedges, ...) and,
    for the first statements, an e5 embedding (float16 bytes, base64; kept in the store's
    ``sentences`` table, not in the article's JSON)."""

    start: int
    end: int
    statement: bool = False
    cues: dict[str, int] = field(default_factory=dict)
    embedding: str | None = None
    #: the permission and prohibition predicates of a statement that may hold one (read by
    #: the pipeline from the parse; the claims of the link stage compare them)
    units: list[DeonticUnit] = field(default_factory=list)
    #: the words of such a statement as ``(start, text, lemma, particle, flags)`` (``flags``:
    #: see :mod:`storyline.pipeline.sentence_claims`), what claims compare across articles
    words: list[tuple[int, str, str, str, int]] = field(default_factory=list)


@dataclass
class Article(Model):
    """One analysed article. ``raw`` is the text the cleaner saw; ``text`` is the clean body
    that every span indexes."""

    id: str
    source: SourceRef
    raw: str
    text: str
    meta: Metadata = field(default_factory=Metadata)
    removed: list[RemovedLine] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    tokens: Tokens = field(default_factory=Tokens)
    sentences: list[SentenceFacts] = field(default_factory=list)
    #: e5 passage embedding of the title and lead (float16 bytes, base64, as a sentence's),
    #: what the link stage joins stories across languages with; the store keeps it in its
    #: ``text_embeddings`` table, not in the article's JSON
    lead_embedding: str | None = None

    @property
    def published(self) -> str | None:
        return self.meta.published.value

    @property
    def outlet(self) -> str | None:
        return self.meta.outlet.value


# --------------------------------------------------------------------------- link


@dataclass
class Alias(Model):
    text: str
    count: int
    outlets: list[str] = field(default_factory=list)


@dataclass
class Entity(Model):
    """One real-world entity across articles, with every spelling variant seen."""

    id: str
    name: str
    type: str
    aliases: list[Alias] = field(default_factory=list)


@dataclass
class Citation(Model):
    article_id: str
    start: int
    end: int
    outlet: str | None = None


@dataclass
class Story(Model):
    id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None


@dataclass
class Event(Model):
    id: str
    story_id: str
    title: str
    article_ids: list[str] = field(default_factory=list)
    date: str | None = None


@dataclass
class Development(Model):
    """A dated development in a story's timeline, citing every article that reports it."""

    story_id: str
    date: str | None
    precision: Precision
    text: str
    sources: list[Citation] = field(default_factory=list)
    score: float = 0.0
    kind: str = "reported"  # reported | published | announced | background (timeline.ENTRY_KINDS)
    conflicts: list[Citation] = field(default_factory=list)  # articles saying the opposite


@dataclass
class ClaimStatement(Model):
    article_id: str
    start: int
    end: int
    text: str
    stance: Stance
    date: str | None
    outlet: str | None = None
    step: StepLabel | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass
class ClaimConflict(Model):
    kind: ConflictKind
    earlier: int  # index into Claim.statements
    later: int
    note: str = ""


@dataclass
class Claim(Model):
    id: str
    story_id: str | None
    proposition: str
    statements: list[ClaimStatement] = field(default_factory=list)
    conflicts: list[ClaimConflict] = field(default_factory=list)


@dataclass
class DistinctiveTerm(Model):
    """A 1-3-word lemmatised term one outlet uses more than the others of the same story (or
    corpus): the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn
    2008) and its z-score, with the counts behind it and where it is written."""

    term: str
    count: int  # uses in this outlet's articles
    articles: int  # of this outlet's articles that use it
    others: dict[str, int] = field(default_factory=dict)  # other outlet -> uses
    forms: dict[str, int] = field(default_factory=dict)  # as written by this outlet -> uses
    log_odds: float = 0.0
    z: float = 0.0
    loaded: bool = False  # in the loaded/subjective lexicon
    examples: list[Citation] = field(default_factory=list)


@dataclass
class WordContrast(Model):
    """Outlets naming the same thing differently: ``term`` (this outlet's) and
    ``alternative`` (another's) share the word ``shared`` in the same place ("illegal
    immigrant" / "undocumented immigrant"), or are spellings of one entity (Kiev / Kyiv)."""

    referent: str
    term: str
    alternative: str
    counts: dict[str, list[int]] = field(default_factory=dict)  # outlet -> [term, alternative]
    examples: list[Citation] = field(default_factory=list)


@dataclass
class SourceUse(Model):
    """One attribution an outlet makes: to a named person, a role, or an anonymous source,
    found as a quote's speaker or as an anonymous-sourcing phrase."""

    kind: str  # named | role | anonymous
    official: bool
    text: str
    citation: Citation


@dataclass
class Omission(Model):
    """A development or claim at least two other outlets report in the period this outlet
    covered, with the articles that report it."""

    kind: str  # development | claim
    text: str
    date: str | None
    reported_by: list[Citation] = field(default_factory=list)
    index: int | None = None  # into the story's timeline (developments)


@dataclass
class Headline(Model):
    """The headline an outlet gave one article, with the event it reports (when linked)."""

    article_id: str
    title: str
    published: str | None = None
    event_id: str | None = None


@dataclass
class OutletProfile(Model):
    """How one outlet covered one story."""

    story_id: str
    outlet: str
    article_ids: list[str] = field(default_factory=list)
    developments_reported: list[int] = field(default_factory=list)  # timeline indices
    developments_omitted: list[int] = field(default_factory=list)
    name_variants: dict[str, str] = field(default_factory=dict)  # entity name -> variant used
    loaded_terms: dict[str, int] = field(default_factory=dict)
    sourcing: dict[str, int] = field(default_factory=dict)  # speaker_kind -> count
    quote_ids: list[str] = field(default_factory=list)
    name_spellings: dict[str, dict[str, int]] = field(default_factory=dict)  # entity -> all
    distinctive: list[DistinctiveTerm] = field(default_factory=list)
    contrasts: list[WordContrast] = field(default_factory=list)
    loaded: list[DistinctiveTerm] = field(default_factory=list)  # lexicon terms used
    sources: list[SourceUse] = field(default_factory=list)
    wire_articles: list[str] = field(default_factory=list)  # articles credited to an agency
    omissions: list[Omission] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)


# --------------------------------------------------------------------------- watch

WatchKind = Literal["story", "entity", "speaker", "claim"]
AlertKind = Literal[
    "new-story", "new-development", "new-quote", "claim-new", "claim-changed", "claim-contradiction"
]


@dataclass
class Watch(Model):
    """Something a user follows: a story id, an entity, a speaker or a claim's proposition."""

    id: str
    kind: WatchKind
    value: str
    added_at: str


@dataclass
class Alert(Model):
    """A change a watch noticed, with the spans that show it (``evidence``)."""

    id: str
    watch_id: str
    kind: AlertKind
    title: str
    created_at: str
    story_id: str | None = None
    summary: str = ""
    evidence: list[Citation] = field(default_factory=list)
