"""One entity per real-world name across articles, with every spelling each outlet used.

Mentions are first grouped by their in-article full name (``EntityMention.canonical``)
under a spelling-insensitive key, then groups are joined when

* the alias file lists them as one entity (Kyiv/Kiev),
* an article defines one as the other's acronym (ATACMS / Army Tactical Missile System),
* they are the same name spelled differently: the same kind and every word close after
  transliteration-aware normalisation (Kharkiv/Kharkov, Zelvohrad/Zelvograd),
* one is the initials of the other ("US" / "United States"), or of an outlet's name known
  only from metadata ("VPA" / "Velmora Press Agency"), or a nationality's plural
  ("Ukrainians" / "Ukrainian"),
* for people: the surnames match and the given names are compatible ("Lloyd J. Austin III"
  / "Lloyd Austin", "Teodor Galvanik" / "Teodor Halvanyk"); "Joe Biden" and "Hunter
  Biden" never join, and a surname alone ("Putin") joins a full name when exactly one
  person fits, or one of them is far better known ("Obama": Barack, not Malia),
* the model labelled one name a person in some articles and a place or body in others
  ("Helena Strand", "Velmora").

Before that, names written in the wrong case anywhere in the corpus become mentions
("ZELVOHRAD", "in zelvohrad"), and institutions every country has are resolved to their
country (:func:`~storyline.pipeline.entities.institutions.resolve_institutions`), so
Dravania's and Velmora's "Foreign Ministry" stay two entities.

Which variant each outlet wrote is kept in the entity's aliases: "Kiev" versus "Kyiv" is a
framing signal. Entity ids are derived from the entity's normalised name, so they survive
re-runs over the same or a growing corpus.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from storyline.models import Alias, Article, Entity, EntityMention
from storyline.names.rules import (
    consonant_skeleton,
    demonym_of,
    is_generic_institution,
    name_key,
    parse_person_name,
    same_person,
    similar_names,
    strip_possessive,
    strip_titles,
    surname_matches,
    translit_form,
)
from storyline.names.translit import latin
from storyline.pipeline.entities.aliases import (
    KINDS,
    AliasGroup,
    AliasTable,
    bundled_alias_table,
    load_alias_table,
)
from storyline.pipeline.entities.institutions import resolve_institutions
from storyline.pipeline.entities.variants import add_case_variants

__all__ = [
    "AliasGroup",
    "add_case_variants",
    "AliasTable",
    "apply_entity_ids",
    "entity_for_name",
    "entity_id",
    "load_alias_table",
    "unify_entities",
]

MentionRef = tuple[str, int]  # (article id, index into Article.mentions)


def entity_id(name: str) -> str:
    """The stable id of the entity called ``name``: a hash of its normalised key.

    >>> entity_id("Kyiv") == entity_id("KYIV’s")
    True
    """
    digest = hashlib.blake2b(name_key(name).encode("utf-8"), digest_size=8).hexdigest()
    return f"ent_{digest}"


@dataclass
class _Node:
    """All mentions sharing one normalised full name (and person-or-not)."""

    key: str
    person: bool
    refs: list[MentionRef] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)  # the NER model's labels
    canonicals: Counter[str] = field(default_factory=Counter)
    variants: dict[str, Counter[str]] = field(default_factory=dict)  # text -> outlet counts
    acronym_of: set[str] = field(default_factory=set)  # keys of long forms seen for this text
    scope: str | None = None  # the outlet an ambiguous institution is kept to
    outlet_name: bool = False  # an outlet's name from metadata, no mention in any text

    @property
    def kind(self) -> str:
        return _top_kind(self.kinds)

    @property
    def canonical(self) -> str:
        return _best_name(self.canonicals) if self.canonicals else self.key


def _top_kind(kinds: Counter[str]) -> str:
    if not kinds:
        return "other"
    return min(kinds, key=lambda k: (-kinds[k], KINDS.index(k) if k in KINDS else len(KINDS)))


def _best_name(counts: Counter[str]) -> str:
    """The most used spelling, preferring normal casing over "kyiv" or "WASHINGTON"."""
    mixed = {name_key(t) for t in counts if not t.islower() and not t.isupper()}

    def score(text: str) -> tuple[bool, int, bool, int, str]:
        badly_cased = text.islower() or (text.isupper() and name_key(text) in mixed)
        # on a tie, the Latin spelling: the one readers of every outlet's language can read
        latin_script = latin(text) == text
        return (not badly_cased, counts[text], latin_script, len(text.split()), text)

    return max(counts, key=score)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_acronym_of(short: str, long: str) -> bool:
    return short.isupper() and short.isalpha() and len(long.split()) > 1 and short != long


def _collect(articles: Sequence[Article]) -> list[_Node]:
    nodes: dict[tuple[str, bool, str | None], _Node] = {}
    pairs = [
        (m.canonical or m.text, a.meta.outlet.value or "") for a in articles for m in a.mentions
    ]
    resolved = iter(resolve_institutions(pairs))
    for article in articles:
        outlet = article.meta.outlet.value or ""
        for i, mention in enumerate(article.mentions):
            canonical, scope = next(resolved)
            person = mention.kind == "person"
            key = name_key(canonical)
            if not key:
                continue
            node = nodes.setdefault((key, person, scope), _Node(key, person, scope=scope))
            node.refs.append((article.id, i))
            node.kinds[mention.kind] += 1
            node.labels[mention.label] += 1
            node.canonicals[canonical] += 1
            variant = strip_possessive(mention.text)
            node.variants.setdefault(variant, Counter())[outlet] += 1
            if not person and _is_acronym_of(mention.text, canonical):
                short = nodes.setdefault(
                    (name_key(mention.text), False, None), _Node(name_key(mention.text), False)
                )
                short.acronym_of.add(key)
    _add_outlet_names(articles, nodes)
    # Sorted so that every later choice (cluster order, tie breaks) is deterministic.
    return sorted(nodes.values(), key=lambda n: (n.person, -len(n.refs), n.key, n.scope or ""))


def _add_outlet_names(
    articles: Sequence[Article], nodes: dict[tuple[str, bool, str | None], _Node]
) -> None:
    """Outlet names whose initials a mention writes ("VPA" in a dateline, the agency's
    name only in the metadata): nodes without mentions, for the initialism to join."""
    shorts = {n.canonical.replace(".", "") for n in nodes.values() if not n.person and n.refs}
    outlets = Counter(a.meta.outlet.value for a in articles if a.meta.outlet.value)
    for outlet, count in sorted(outlets.items()):
        key = name_key(outlet)
        if len(key.split()) < 2 or "." in outlet or _initials(outlet) not in shorts:
            continue
        node = nodes.setdefault((key, False, None), _Node(key, False))
        if node.refs:
            continue
        node.outlet_name = True
        node.kinds["organization"] += count
        node.canonicals[outlet] += count
        node.variants.setdefault(outlet, Counter())[outlet] += count


def _block_key(name: str) -> tuple[tuple[str, str], ...]:
    """Names that can be similar share this key: first letter and consonant skeleton of
    every word (see :func:`~storyline.names.rules.similar_words`)."""
    return tuple((translit_form(w)[:1], consonant_skeleton(w)) for w in name_key(name).split())


def _join_by_aliases(
    nodes: list[_Node], table: AliasTable, uf: _UnionFind
) -> dict[int, AliasGroup]:
    groups: dict[int, AliasGroup] = {}
    first: dict[str, int] = {}
    for i, node in enumerate(nodes):
        if not node.refs:
            continue
        texts = [node.canonical] + ([] if node.person else list(node.variants))
        group = next((g for t in texts if (g := table.group_for(t)) is not None), None)
        if group is None:
            continue
        groups[i] = group
        j = first.setdefault(name_key(group.name), i)
        uf.union(i, j)
    return groups


def _join_acronyms(nodes: list[_Node], uf: _UnionFind) -> None:
    index = {(n.key, n.person): i for i, n in enumerate(nodes)}
    for i, node in enumerate(nodes):
        for long_key in node.acronym_of:
            j = index.get((long_key, False))
            if j is not None:
                uf.union(i, j)


def _join_similar_things(nodes: list[_Node], uf: _UnionFind) -> None:
    blocks: dict[tuple[str, tuple[tuple[str, str], ...]], list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        if node.refs and not node.person and node.scope is None:
            blocks[(node.kind, _block_key(node.canonical))].append(i)
    for members in blocks.values():
        for a, i in enumerate(members):
            for j in members[a + 1 :]:
                if uf.find(i) != uf.find(j) and similar_names(
                    nodes[i].canonical, nodes[j].canonical
                ):
                    uf.union(i, j)


_INITIALS_SKIP = frozenset({"of", "the", "for", "and", "on", "in", "to", "&"})


def _initials(name: str) -> str:
    return "".join(w[0] for w in name_key(name).split() if w not in _INITIALS_SKIP).upper()


def _join_initialisms(nodes: list[_Node], uf: _UnionFind) -> None:
    """Join "US"/"U.S." to "United States" and "UAE" to "United Arab Emirates": a short
    all-capitals name whose letters are the initials of exactly one longer name of its kind,
    or else of exactly one outlet's name ("VPA", "Velmora Press Agency")."""
    by_initials: dict[tuple[str, str], set[int]] = defaultdict(set)
    outlets: dict[str, set[int]] = defaultdict(set)
    for i, node in enumerate(nodes):
        if node.outlet_name:
            outlets[_initials(node.canonical)].add(i)
        elif node.refs and not node.person and len(node.key.split()) > 1:
            by_initials[(node.kind, _initials(node.canonical))].add(i)
    for i, node in enumerate(nodes):
        short = node.canonical.replace(".", "")
        if not node.refs or node.person or not (short.isalpha() and short.isupper()):
            continue
        roots = {uf.find(j) for j in by_initials.get((node.kind, short), ())}
        if not roots and node.kind == "organization":
            roots = {uf.find(j) for j in outlets.get(short, ())}
        if len(roots) == 1:
            uf.union(i, roots.pop())


def _join_plural_groups(nodes: list[_Node], uf: _UnionFind) -> None:
    """Join "Ukrainians" to "Ukrainian": a nationality's noun and adjective are one group."""
    groups = {
        n.key: i for i, n in enumerate(nodes) if n.refs and not n.person and n.kind == "group"
    }
    for key, i in groups.items():
        if key.endswith("s") and key[:-1] in groups:
            uf.union(i, groups[key[:-1]])


def _people_kept_apart(articles: Sequence[Article]) -> set[frozenset[str]]:
    """Pairs of full names (name keys) that one article gives to two people although the
    names alone could be one ("Donald Trump" and "Donald Trump Jr."): the article knew
    them apart, so no other article's spelling may join them."""
    apart: set[frozenset[str]] = set()
    for article in articles:
        names = sorted(
            {
                name_key(m.canonical)
                for m in article.mentions
                if m.kind == "person" and _is_full(m.canonical)
            }
        )
        for i, a in enumerate(names):
            for b in names[i + 1 :]:
                if a and b and same_person(a, b):
                    apart.add(frozenset((a, b)))
    return apart


def _suffix(name: str) -> str | None:
    parsed = parse_person_name(name)
    return parsed.suffix.lower().strip(".") if parsed is not None and parsed.suffix else None


def _join_people(
    nodes: list[_Node], uf: _UnionFind, apart: set[frozenset[str]] | None = None
) -> None:
    """Join full names of one person, then surnames that fit exactly one person.

    Complete linkage: a name joins a cluster only if it is compatible with every full name
    already in it, so "J. Biden" cannot bridge "Joe Biden" and "Jill Biden"; and never
    with a name some article kept apart from it (see :func:`_people_kept_apart`).
    """
    apart = apart or set()
    # a Jr./Sr. some article told apart from a namesake joins no name without the suffix
    # ("Donald J. Trump" is the father, however compatible the names alone are)
    relatives = {key for pair in apart for key in pair if _suffix(key) in {"jr", "sr"}}

    def joinable(a: str, b: str) -> bool:
        ka, kb = name_key(a), name_key(b)
        if frozenset((ka, kb)) in apart:
            return False
        if (ka in relatives and _suffix(kb) is None) or (kb in relatives and _suffix(ka) is None):
            return False
        return same_person(a, b)

    full = [i for i, n in enumerate(nodes) if n.person and _is_full(n.canonical)]
    clusters: dict[int, list[int]] = defaultdict(list)  # root -> full-name node indices
    by_surname: dict[str, list[int]] = defaultdict(list)
    for i in full:
        clusters[uf.find(i)].append(i)
    for i in full:
        surname = parse_person_name(nodes[i].canonical)
        assert surname is not None
        by_surname[consonant_skeleton(surname.surname)].append(i)
    for candidates in by_surname.values():
        for i in candidates:
            ri = uf.find(i)
            for j in candidates:
                rj = uf.find(j)
                if ri == rj:
                    continue
                names_i = [nodes[k].canonical for k in clusters[ri]]
                names_j = [nodes[k].canonical for k in clusters[rj]]
                if all(joinable(a, b) for a in names_i for b in names_j):
                    uf.union(ri, rj)
                    root = uf.find(ri)
                    merged = clusters.pop(ri, []) + clusters.pop(rj, [])
                    clusters[root] = merged
                    ri = root
    sizes = _cluster_sizes(nodes, uf)
    for i, node in enumerate(nodes):
        if not node.person or _is_full(node.canonical):
            continue
        roots = {
            uf.find(j)
            for j in by_surname.get(consonant_skeleton(node.canonical), [])
            if surname_matches(node.canonical, nodes[j].canonical)
        }
        if len(roots) == 1:
            uf.union(i, roots.pop())
        elif roots:
            ranked = sorted(roots, key=lambda r: -sizes[r])
            top, runner_up = sizes[ranked[0]], sizes[ranked[1]]
            if top >= _DOMINANT_SHARE * runner_up and top >= _DOMINANT_MIN:
                uf.union(i, ranked[0])


#: A surname alone joins the most mentioned of several people bearing it when that one has
#: at least this many times the mentions of the next ("Obama": Barack, not Malia) ...
_DOMINANT_SHARE = 4
#: ... and at least this many mentions.
_DOMINANT_MIN = 3


def _cluster_sizes(nodes: Sequence[_Node], uf: _UnionFind) -> Counter[int]:
    """Mentions per cluster root."""
    sizes: Counter[int] = Counter()
    for i, node in enumerate(nodes):
        sizes[uf.find(i)] += len(node.refs)
    return sizes


def _join_names_of_two_kinds(nodes: list[_Node], uf: _UnionFind) -> None:
    """Join one name the model labelled a person in some articles and a place or body in
    others; the vote over all mentions then gives the entity its kind.

    * A name of several words is one thing either way ("Helena Strand" as a person and as
      an organisation); an organisation spelled like a known person's full name ("Marcus
      Whitcombe" beside "Marcus J. Whitcombe Jr.") joins that person when the person is
      mentioned at least as often.
    * A one-word "person" that is nobody's surname in the corpus joins the place or body of
      that name when that one has twice its mentions, or a third of them and the model
      labelled the "person" a place or body somewhere too ("Velmora", labelled PERSON in
      "Velmora has banned ..." and ORG elsewhere) or the word begins the name of a place
      or body ("Hollin" beside "Hollin Dam"). A surname seen once beside a place of the
      same name ("Austin") stays a person.
    """
    things = {n.key: i for i, n in enumerate(nodes) if not n.person and n.refs and n.scope is None}
    sizes = _cluster_sizes(nodes, uf)
    has_full = {uf.find(i) for i, n in enumerate(nodes) if n.person and _is_full(n.canonical)}
    first_words = {n.key.split()[0] for n in nodes if not n.person and " " in n.key and n.refs}
    for i, node in enumerate(nodes):
        j = things.get(node.key) if node.person and node.refs else None
        if j is None or uf.find(i) == uf.find(j):
            continue
        person, thing = sizes[uf.find(i)], sizes[uf.find(j)]
        thing_like = _labelled_a_thing(node) or node.key in first_words
        outweighed = thing >= 2 * person or (3 * thing >= person and thing_like)
        if len(node.key.split()) > 1 or (uf.find(i) not in has_full and outweighed):
            uf.union(i, j)
    people: dict[str, set[int]] = defaultdict(set)
    for i, node in enumerate(nodes):
        parsed = parse_person_name(node.canonical) if node.person else None
        if parsed is not None and parsed.is_full:
            people[consonant_skeleton(parsed.surname)].add(i)
    for i, node in enumerate(nodes):
        if node.person or not node.refs or node.scope is not None:
            continue
        if not _person_shaped(node.canonical):
            continue
        parsed = parse_person_name(node.canonical)
        assert parsed is not None
        roots = {
            uf.find(j)
            for j in people.get(consonant_skeleton(parsed.surname), ())
            if same_person(node.canonical, nodes[j].canonical)
        }
        if len(roots) == 1 and sizes[next(iter(roots))] >= sizes[uf.find(i)]:
            uf.union(i, roots.pop())


#: NER labels of places and bodies.
_THING_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT"})


def _labelled_a_thing(node: _Node) -> bool:
    """Whether the model labelled some mention of this "person" a place or body, leaving
    the kind to the in-article vote."""
    return any(label in _THING_LABELS for label in node.labels)


def _person_shaped(name: str) -> bool:
    """Two to four capitalised words, none of them a common word of names of bodies."""
    parts = name.split()
    return (
        2 <= len(parts) <= 4
        and all(p[:1].isupper() and not p.isupper() for p in parts)
        and not is_generic_institution(name)
        and _is_full(name)
    )


def _is_full(name: str) -> bool:
    parsed = parse_person_name(name)
    return parsed is not None and parsed.is_full


def unify_entities(
    articles: Iterable[Article], aliases: AliasTable | None = None
) -> tuple[list[Entity], dict[MentionRef, str]]:
    """Unify the mentions of many articles into entities.

    Returns the entities (most mentioned first), each with its spelling variants, their
    counts and the outlets that wrote them, and a map ``(article id, mention index) ->
    entity id``. ``aliases`` defaults to the bundled alias file; pass
    ``load_alias_table(settings)`` to include the user's, or ``AliasTable()`` for none.
    """
    table = bundled_alias_table() if aliases is None else aliases
    articles = list(articles)
    nodes = _collect(add_case_variants(articles))
    uf = _UnionFind(len(nodes))
    groups = _join_by_aliases(nodes, table, uf)
    _join_acronyms(nodes, uf)
    _join_similar_things(nodes, uf)
    _join_initialisms(nodes, uf)
    _join_plural_groups(nodes, uf)
    _join_people(nodes, uf, _people_kept_apart(articles))
    _join_names_of_two_kinds(nodes, uf)

    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        members[uf.find(i)].append(i)
    kind_hints = _demonym_kinds(nodes)

    entities: list[tuple[int, Entity]] = []
    mapping: dict[MentionRef, str] = {}
    used_ids: set[str] = set()
    for root in sorted(members, key=lambda r: min(members[r])):
        cluster = [nodes[i] for i in members[root]]
        refs = [ref for node in cluster for ref in node.refs]
        if not refs:
            continue  # an acronym seen only as a pointer to its long form
        entity = _make_entity(cluster, [groups[i] for i in members[root] if i in groups])
        if entity.type != "person" and not any(i in groups for i in members[root]):
            entity.type = kind_hints.get(name_key(entity.name), entity.type)
        if entity.id in used_ids:  # one name, two things (a person and a place "Austin")
            entity.id = entity_id(f"{entity.name} {entity.type}")
        if entity.id in used_ids:  # one institution's name in two outlets, owner unknown
            entity.id = entity_id(f"{entity.name} {entity.type} {min(refs)[0]}")
        used_ids.add(entity.id)
        for ref in refs:
            mapping[ref] = entity.id
        entities.append((len(refs), entity))
    entities.sort(key=lambda item: (-item[0], item[1].name))
    return [e for _, e in entities], mapping


def _demonym_kinds(nodes: Sequence[_Node]) -> dict[str, str]:
    """Kinds read off pairs of one-word names: a name whose people's name the corpus also
    writes is a place ("Velmora" beside "Velmoran"), and that people's name a group, however
    the model labelled either."""
    words: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        if not node.person and node.refs and " " not in node.key:
            words[node.key[:3]].add(node.key)
    hints: dict[str, str] = {}
    for block in words.values():
        for place in block:
            for people in block:
                if demonym_of(people, place) and people != place + "s":
                    hints[place], hints[people] = "place", "group"
    return hints


def _make_entity(cluster: Sequence[_Node], groups: Sequence[AliasGroup]) -> Entity:
    kinds: Counter[str] = Counter()
    canonicals: Counter[str] = Counter()
    variants: dict[str, Counter[str]] = defaultdict(Counter)
    for node in cluster:
        kinds.update(node.kinds)
        canonicals.update(node.canonicals)
        for text, outlets in node.variants.items():
            variants[text].update(outlets)
    kind = _top_kind(kinds)
    if kind == "person" and not any(n.person and _is_full(n.canonical) for n in cluster):
        # a one-word name joined to a place or body of that name (see
        # _join_names_of_two_kinds) is that place or body
        things = Counter({k: v for k, v in kinds.items() if k != "person"})
        kind = _top_kind(things) if things else kind
    if groups:
        name = groups[0].name
    else:
        if kind == "person":
            full = Counter({c: n for c, n in canonicals.items() if _is_full(c)})
            canonicals = full or canonicals
        name = _best_name(canonicals)
    aliases = [
        Alias(text, sum(outlets.values()), sorted(o for o in outlets if o))
        for text, outlets in variants.items()
    ]
    aliases.sort(key=lambda a: (-a.count, a.text))
    return Entity(id=entity_id(name), name=name, type=kind, aliases=aliases)


def apply_entity_ids(articles: Iterable[Article], mapping: dict[MentionRef, str]) -> list[Article]:
    """Copies of ``articles`` whose mentions carry the entity ids of ``mapping``."""
    out: list[Article] = []
    for article in articles:
        mentions: list[EntityMention] = [
            dataclasses.replace(m, entity_id=mapping.get((article.id, i), m.entity_id))
            for i, m in enumerate(article.mentions)
        ]
        out.append(dataclasses.replace(article, mentions=mentions))
    return out


def entity_for_name(name: str, entities: Iterable[Entity]) -> str | None:
    """The id of the entity ``name`` refers to, or None when none or several fit.

    Meant for names found outside entity mentions, such as a quote's speaker: an exact
    name or spelling variant wins; otherwise a person's full name must fit exactly one
    person ("Lloyd J. Austin III" -> Lloyd Austin), a surname exactly one full name, and
    any other name one entity spelled alike. A role before the name ("National Security
    Council spokesperson John Kirby") is skipped.
    """
    pool = list(entities)
    found = _entity_for_clean_name(strip_possessive(name.strip()), pool)
    if found is not None:
        return found
    words = strip_titles(name).split()
    for i in range(len(words)):
        if i and len(words) - i < 2:
            break
        found = _entity_for_clean_name(" ".join(words[i:]), pool)
        if found is not None:
            return found
    return None


def _entity_for_clean_name(clean: str, pool: list[Entity]) -> str | None:
    key = name_key(clean)
    if not key:
        return None
    named = [e for e in pool if name_key(e.name) == key]
    if len(named) == 1:
        return named[0].id
    spelled = [e for e in pool if any(name_key(a.text) == key for a in e.aliases)]
    if len(spelled) == 1:
        return spelled[0].id
    if len(named) > 1 or len(spelled) > 1:
        return None
    people = [e for e in pool if e.type == "person"]
    things = [e for e in pool if e.type != "person"]
    if _is_full(clean):
        fits = [e for e in people if same_person(clean, e.name)]
        # Only the surname was ever written ("Obama" for "Barack Obama").
        fits = fits or [
            e for e in people if not _is_full(e.name) and surname_matches(e.name, clean)
        ]
    elif len(key.split()) == 1:
        fits = [e for e in people if surname_matches(clean, e.name)]
        fits = fits or [e for e in things if similar_names(clean, e.name)]
    else:
        fits = [e for e in things if similar_names(clean, e.name)]
        initials = _initials(clean)
        fits = fits or [e for e in things if e.name.replace(".", "") == initials]
    return fits[0].id if len(fits) == 1 else None
