"""SQL conditions for the filters that listing and search share (outlet, date range, ...).

Publication dates are stored as ISO strings (``2024-05-31`` or ``2024-05-31T14:02:00+00:00``),
so ranges compare as strings once the bounds are checked to be ISO too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from storyline.errors import Errors, QueryError

_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def iso_bound(value: str | date | None, name: str) -> str | None:
    """Check a ``since``/``until`` bound: a year, year-month, date or datetime."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if _ISO_PREFIX.match(text):
            # a real calendar date at its own precision: 2024-13 and 2024-02-30 are not
            date.fromisoformat((text + "-01-01")[:10] if len(text) < 10 else text)
            return text
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        raise QueryError(Errors.E409(name=name, value=value)) from None


@dataclass
class Conditions:
    """A growing ``WHERE`` clause with its named parameters."""

    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, clause: str, **params: Any) -> None:
        """Add ``clause``; a parameter name already bound to another value is an error (two
        filters asking for the same name, e.g. the quotes' and their articles' speaker)."""
        clash = [k for k, v in params.items() if k in self.params and self.params[k] != v]
        if clash:
            raise ValueError(f"parameter bound twice with different values: {clash}")
        self.clauses.append(clause)
        self.params.update(params)

    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "1"


@dataclass(frozen=True)
class SearchFilters:
    """What a search (or an article or quote list) keeps, by the articles: their outlet,
    publication dates, a speaker they quote, a name they mention, their story. Empty values
    keep everything.

    ``until`` is inclusive at its own precision: ``until="2024-05"`` keeps all of May.
    ``speaker`` and ``entity`` match a name as written or an entity id; ``speaker_ids`` and
    ``entity_ids`` widen them to the entities the name stands for (every spelling, found by
    the caller).

    >>> SearchFilters(outlet="Wire One", story="s1").conditions().sql()
    'a.outlet = :outlet COLLATE NOCASE AND a.story_id = :story'
    """

    outlet: str | None = None
    since: str | date | None = None
    until: str | date | None = None
    speaker: str | None = None
    entity: str | None = None
    story: str | None = None
    speaker_ids: tuple[str, ...] = ()
    entity_ids: tuple[str, ...] = ()

    def conditions(self, alias: str = "a") -> Conditions:
        """The conditions on the ``articles`` table (aliased ``alias``); raises
        :class:`QueryError` for a date that is not ISO or a range that ends before it
        starts."""
        cond = Conditions()
        if self.outlet:
            cond.add(f"{alias}.outlet = :outlet COLLATE NOCASE", outlet=self.outlet)
        low = iso_bound(self.since, "since")
        high = iso_bound(self.until, "until")
        if low and high and low > high:
            raise QueryError(Errors.E408(low=low, high=high))
        if low:
            cond.add(f"{alias}.published >= :since", since=low)
        if high:
            cond.add(f"substr({alias}.published, 1, length(:until)) <= :until", until=high)
        if self.speaker:
            clause, params = speaker_match(
                "q", self.speaker.strip(), self.speaker_ids, by_surname=False
            )
            cond.add(
                f"EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = {alias}.id AND "
                f"({clause} OR {_SPEAKER_BY_NAME}))",
                **params,
            )
        if self.entity:
            ids = _id_params("entity_id", self.entity_ids)
            cond.add(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = "
                f"{alias}.id AND (m.entity_id IN (:entity{''.join(', :' + k for k in ids)}) "
                "OR m.canonical = :entity COLLATE NOCASE OR m.text = :entity COLLATE NOCASE))",
                entity=self.entity,
                **ids,
            )
        if self.story:
            cond.add(f"{alias}.story_id = :story", story=self.story)
        return cond


#: No filter: every article.
NO_FILTERS = SearchFilters()

#: The kinds of quote a quote filter may ask for.
QUOTE_KINDS = frozenset({"direct", "partial", "indirect"})


@dataclass(frozen=True)
class QuoteFilters:
    """What a quote list keeps: the quotes of a speaker, of an entity, of one article, of one
    kind, in the articles ``articles`` keeps. Empty values keep everything.

    ``speaker`` matches a name as written, the in-article full name or an entity id, and
    ``speaker_ids`` widens it to the entities the name stands for (every spelling, a surname
    alone; found by the caller as for :class:`SearchFilters`); quotes not yet linked to an
    entity match by a full name ending with the surname given. ``speaker_entity`` is the
    entity id the link stage gave the speaker.

    >>> QuoteFilters(kind="direct", articles=SearchFilters(story="s1")).conditions().sql()
    'a.story_id = :story AND q.kind = :kind'
    """

    speaker: str | None = None
    speaker_ids: tuple[str, ...] = ()
    speaker_entity: str | None = None
    article: str | None = None
    kind: str | None = None
    articles: SearchFilters = NO_FILTERS

    @property
    def narrow(self) -> bool:
        """Whether a filter on the quotes themselves keeps few of them (it drives a query)."""
        return bool(self.speaker or self.speaker_entity or self.article)

    def conditions(self) -> Conditions:
        """The conditions on ``quotes q`` and their article ``articles a``; raises
        :class:`QueryError` for an unknown kind or a bad date of ``articles``."""
        cond = self.articles.conditions("a")
        if self.speaker:
            clause, params = speaker_match("q", self.speaker, self.speaker_ids)
            cond.add(clause, **params)
        if self.speaker_entity:
            cond.add("q.speaker_entity_id = :speaker_entity", speaker_entity=self.speaker_entity)
        if self.article:
            cond.add("q.article_id = :article", article=self.article)
        if self.kind:
            if self.kind not in QUOTE_KINDS:
                raise QueryError(Errors.E416(kind=self.kind))
            cond.add("q.kind = :kind", kind=self.kind)
        return cond


def speaker_match(
    alias: str, speaker: str, ids: Sequence[str], *, by_surname: bool = True
) -> tuple[str, dict[str, Any]]:
    """The SQL condition on ``quotes`` (aliased ``alias``) for the quotes said by ``speaker``,
    with its parameters: as written, the in-article full name, an entity id or one of the
    entities ``ids`` the name stands for; with ``by_surname``, also the quotes not yet linked
    whose speaker is a person with a full name ending in ``speaker`` ("Kirby" finds the
    unlinked "John Kirby").

    Each alternative of the OR has an index (migration 0013), so SQLite looks them up instead
    of testing every quote.
    """
    id_params = _id_params("speaker_id", ids)
    params: dict[str, Any] = {"speaker": speaker, **id_params}
    parts = [
        f"{alias}.speaker = :speaker COLLATE NOCASE",
        f"{alias}.speaker_canonical = :speaker COLLATE NOCASE",
        f"{alias}.speaker_entity_id IN (:speaker{''.join(', :' + k for k in id_params)})",
    ]
    word = speaker.strip()
    if by_surname and word and " " not in word and not any(ch in word for ch in "%_\\"):
        params.update(speaker_surname=f"% {word}", speaker_word=word)
        # the last word's equality is what the index serves, the LIKE what decides
        parts.append(
            f"({alias}.speaker_entity_id IS NULL AND {alias}.speaker_kind = 'person' "
            f"AND {last_word(alias + '.speaker_canonical')} = :speaker_word COLLATE NOCASE "
            f"AND {alias}.speaker_canonical LIKE :speaker_surname)"
        )
    return "(" + " OR ".join(parts) + ")", params


def last_word(column: str) -> str:
    """SQL for the last space-separated word of ``column`` (everything up to its last space
    removed: ``rtrim`` drops the trailing characters that are not spaces); the expression
    the index ``quotes_speaker_surname`` holds for ``q.speaker_canonical``."""
    return f"replace({column}, rtrim({column}, replace({column}, ' ', '')), '')"


# A speaker named by any spelling the entity tables know ("Mr. Kirby", "John Kirby") or,
# when no entity has that spelling, by a surname alone ("Kirby"): every person whose name
# ends in it, and the unlinked quotes whose speaker's full name does. A spelling the link
# stage gave to one person ("Trump" -> Donald Trump) does not widen to the relatives who
# share the surname.
_SPEAKER_BY_NAME = (
    "q.speaker_entity_id IN (SELECT ea.entity_id FROM entity_aliases ea "
    "WHERE ea.text = :speaker COLLATE NOCASE "
    "UNION SELECT e.id FROM entities e WHERE e.name = :speaker COLLATE NOCASE) "
    "OR (NOT EXISTS (SELECT 1 FROM entity_aliases ea WHERE ea.text = :speaker COLLATE NOCASE) "
    "AND (q.speaker_entity_id IN (SELECT e.id FROM entities e WHERE e.type = 'person' "
    "AND substr(e.name, -length(:speaker) - 1) = ' ' || :speaker COLLATE NOCASE) "
    "OR substr(coalesce(q.speaker_canonical, q.speaker), -length(:speaker) - 1) "
    "= ' ' || :speaker COLLATE NOCASE))"
)


def _id_params(prefix: str, ids: Sequence[str]) -> dict[str, str]:
    return {f"{prefix}{i}": value for i, value in enumerate(dict.fromkeys(ids))}
