"""The alias file: spelling variants and names to find in text, kept as editable data.

The bundled ``storyline/data/aliases.toml`` holds a handful of classic cases (Kyiv/Kiev,
weapon systems the small NER model misses); ``settings.alias_file`` adds the user's own.
Both are read once per process (and again when the user's file changes); the spaCy matchers
built from them are cached per vocabulary, so the per-article step stays cheap and pure.

>>> table = AliasTable((AliasGroup("Kyiv", ("Kiev",), "place"),))
>>> table.group_for("kiev’s").name
'Kyiv'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.data_files import packaged_text, parse_toml
from storyline.errors import ConfigError, Errors
from storyline.names.rules import name_key

if TYPE_CHECKING:
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.vocab import Vocab

#: The kinds an entity can have.
KINDS: tuple[str, ...] = ("person", "organization", "place", "group", "product", "event", "other")


@dataclass(frozen=True)
class AliasGroup:
    """One entity's display ``name`` and other spellings; ``type`` makes them findable in text."""

    name: str
    variants: tuple[str, ...] = ()
    type: str | None = None

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


@dataclass(frozen=True)
class TokenPattern:
    """A spaCy Matcher pattern that finds names of ``type`` by their shape."""

    type: str
    tokens: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True, eq=False)
class AliasTable:
    """Alias groups and token patterns, looked up by a name's normalised key.

    Compared and hashed by identity: tables are built once per file and key caches.
    """

    groups: tuple[AliasGroup, ...] = ()
    patterns: tuple[TokenPattern, ...] = ()
    source: str = field(default="", compare=False)

    @cached_property
    def _index(self) -> dict[str, int]:
        index: dict[str, int] = {}
        for i, group in enumerate(self.groups):
            for spelling in group.spellings:
                index.setdefault(name_key(spelling), i)
        return index

    def group_for(self, text: str) -> AliasGroup | None:
        """The group one of whose spellings ``text`` is (ignoring case and possessives)."""
        i = self._index.get(name_key(text))
        return None if i is None else self.groups[i]

    def extended(self, other: AliasTable) -> AliasTable:
        """This table with ``other``'s entries added; a group sharing a spelling is merged,
        and ``other``'s name and type win."""
        groups = list(self.groups)
        index = dict(self._index)
        for group in other.groups:
            hit = next((index[k] for s in group.spellings if (k := name_key(s)) in index), None)
            if hit is None:
                groups.append(group)
                hit = len(groups) - 1
            else:
                old = groups[hit]
                spellings = _unique((group.name, *group.variants, *old.spellings))
                groups[hit] = AliasGroup(group.name, spellings[1:], group.type or old.type)
            for spelling in groups[hit].spellings:
                index[name_key(spelling)] = hit
        return AliasTable(
            tuple(groups),
            self.patterns + other.patterns,
            source=" + ".join(s for s in (self.source, other.source) if s),
        )


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for item in items:
        seen.setdefault(name_key(item), item)
    return tuple(seen.values())


def parse_alias_table(text: str, source: str) -> AliasTable:
    """Read an alias file's TOML text; errors name ``source`` and the bad entry."""
    data = parse_toml(text, f"alias file {source}")
    unknown = set(data) - {"group", "pattern"}
    if unknown:
        raise ConfigError(Errors.E117(source=source, unknown=sorted(unknown)))
    groups = tuple(_parse_group(entry, source, n) for n, entry in enumerate(data.get("group", [])))
    patterns = tuple(
        _parse_pattern(entry, source, n) for n, entry in enumerate(data.get("pattern", []))
    )
    return AliasTable(groups, patterns, source=source)


def _check_type(kind: Any, where: str) -> str | None:
    if kind is not None and kind not in KINDS:
        raise ConfigError(Errors.E118(where=where, kinds=", ".join(KINDS), kind=kind))
    return kind


def _parse_group(entry: Any, source: str, n: int) -> AliasGroup:
    where = f"alias file {source}, group #{n + 1}"
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise ConfigError(Errors.E119(where=where))
    variants = entry.get("variants", [])
    if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
        raise ConfigError(Errors.E120(where=where))
    extra = set(entry) - {"name", "variants", "type"}
    if extra:
        raise ConfigError(Errors.E121(where=where, extra=sorted(extra)))
    name = entry["name"].strip()
    if not name:
        raise ConfigError(Errors.E122(where=where))
    spellings = _unique([name, *(v.strip() for v in variants if v.strip())])
    return AliasGroup(name, spellings[1:], _check_type(entry.get("type"), where))


def _parse_pattern(entry: Any, source: str, n: int) -> TokenPattern:
    where = f"alias file {source}, pattern #{n + 1}"
    if not isinstance(entry, dict):
        raise ConfigError(Errors.E123(where=where))
    kind = _check_type(entry.get("type"), where)
    tokens = entry.get("tokens")
    if kind is None or not isinstance(tokens, list) or not tokens:
        raise ConfigError(Errors.E124(where=where))
    if not all(isinstance(t, dict) for t in tokens):
        raise ConfigError(Errors.E125(where=where))
    return TokenPattern(kind, tuple(tokens))


@functools.lru_cache(maxsize=1)
def bundled_alias_table() -> AliasTable:
    """The alias file shipped in ``storyline/data/aliases.toml``."""
    text = packaged_text("storyline.data", "aliases.toml")
    return parse_alias_table(text, "storyline/data/aliases.toml")


@functools.lru_cache(maxsize=8)
def _user_table(path: str, stamp: int) -> AliasTable:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(Errors.E126(path=path, exc=exc)) from exc
    return parse_alias_table(text, path)


def _stamp(path: str) -> int:
    try:
        return Path(path).stat().st_mtime_ns
    except OSError:
        return -1


def load_alias_table(settings: Settings) -> AliasTable:
    """The bundled alias table extended by ``settings.alias_file`` (when set).

    Cached per file and modification time, so editing the file takes effect without
    restarting a long-running server.
    """
    table = bundled_alias_table()
    if settings.alias_file:
        path = str(settings.alias_file)
        table = _extended(table, _user_table(path, _stamp(path)))
    return table


@functools.lru_cache(maxsize=8)
def _extended(base: AliasTable, user: AliasTable) -> AliasTable:
    return base.extended(user)


@dataclass(frozen=True)
class AliasMatchers:
    """spaCy matchers built from an alias table for one vocabulary."""

    exact: PhraseMatcher  # the spellings as written
    folded: PhraseMatcher  # the same spellings in any case ("kyiv")
    shapes: Matcher  # token patterns; match ids are pattern indices
    table: AliasTable


def alias_matchers(vocab: Vocab, lang: str, table: AliasTable) -> AliasMatchers:
    """Matchers for ``table`` in ``vocab``, built once per (vocabulary, table)."""
    return _alias_matchers(vocab, lang, table)


@functools.lru_cache(maxsize=8)
def _alias_matchers(vocab: Vocab, lang: str, table: AliasTable) -> AliasMatchers:
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    tokenizer = spacy.blank(lang, vocab=vocab)
    exact = PhraseMatcher(vocab, attr="ORTH")
    folded = PhraseMatcher(vocab, attr="LOWER")
    for i, group in enumerate(table.groups):
        if group.type is None:
            continue
        docs = [tokenizer.make_doc(s) for s in group.spellings]
        exact.add(str(i), docs)
        folded.add(str(i), docs)
    shapes = Matcher(vocab)
    for i, pattern in enumerate(table.patterns):
        try:
            shapes.add(str(i), [[dict(t) for t in pattern.tokens]])
        except (ValueError, KeyError) as exc:
            raise ConfigError(Errors.E127(source=table.source, i=i + 1, exc=exc)) from exc
    return AliasMatchers(exact, folded, shapes, table)
