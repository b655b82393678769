"""Entities unified across the store: stored by the link stage, assigned incrementally, read back.

The corpus is invented for these tests: the harbour town of Brisa, its mayor spelled with
and without the accent, a surname-only reference arriving later, a Russian and a Ukrainian
spelling of one city (the bundled alias file joins Kiev and Kyiv).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyline.config import Settings
from storyline.errors import NotFound
from storyline.link import entity_usage, get_entity, link_store, list_entities, relink_all
from storyline.models import Article, EntityMention, MetaValue, Quote, SourceRef
from storyline.store import Store, open_store

LABELS = {"PERSON": "person", "GPE": "place"}
#: The mayor's two full spellings; the unifier names the entity after one of them.
MAYOR = {"Ines Carvalho", "Inês Carvalho"}


def article(
    article_id: str,
    outlet: str,
    published: str,
    text: str,
    names: list[tuple[str, str, str]],
    speaker: str | None = None,
) -> Article:
    """An article whose mentions (surface, label, canonical) and quote point into its text."""
    art = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    art.meta.outlet = MetaValue(outlet, "input")
    art.meta.published = MetaValue(published, "input")
    for surface, label, canonical in names:
        start = text.index(surface)
        art.mentions.append(
            EntityMention(surface, start, start + len(surface), label, LABELS[label], canonical)
        )
    art.mentions.sort(key=lambda m: m.start)
    if speaker:
        start, end = text.index('"') + 1, text.rindex('"')
        art.quotes.append(
            Quote(f"{article_id}:q0", article_id, text[start:end], start, end, "direct", speaker,
                  "person", speaker_canonical=speaker)
        )  # fmt: skip
    return art


FIRST = [
    article(
        "coast-1",
        "Coast Times",
        "2025-02-03",
        'Mayor Ines Carvalho of Brisa met officials from Kiev on Monday. "We talked about '
        'ferries," Ines Carvalho said.',
        [("Ines Carvalho", "PERSON", "Ines Carvalho"), ("Brisa", "GPE", "Brisa"),
         ("Kiev", "GPE", "Kiev")],
        speaker="Ines Carvalho",
    ),
    article(
        "post-1",
        "Harbour Post",
        "2025-02-04",
        "Inês Carvalho, the mayor of Brisa, hosted a delegation from Kyiv on Monday.",
        [("Inês Carvalho", "PERSON", "Inês Carvalho"), ("Brisa", "GPE", "Brisa"),
         ("Kyiv", "GPE", "Kyiv")],
    ),
]  # fmt: skip
LATER = article(
    "lumen-1",
    "Lumen Daily",
    "2025-02-10",
    'Carvalho said the ferry to Varna Bay would run daily. "Every day, all year," said Carvalho.',
    [("Carvalho", "PERSON", "Carvalho"), ("Varna Bay", "GPE", "Varna Bay")],
    speaker="Carvalho",
)


@pytest.fixture()
def store() -> Iterator[Store]:
    with open_store(":memory:") as opened:
        opened.add_articles(FIRST)
        link_store(opened, Settings(), claims=False)
        opened.add_articles([LATER])
        link_store(opened, Settings(), claims=False)
        yield opened


def mention_ids(store: Store) -> dict[tuple[str, str], str]:
    return {(a.id, m.text): m.entity_id for a in store.iter_articles() for m in a.mentions}


def test_every_mention_gets_its_entity(store: Store) -> None:
    ids = mention_ids(store)
    assert all(ids.values())
    mayor = ids[("coast-1", "Ines Carvalho")]
    assert ids[("post-1", "Inês Carvalho")] == mayor
    assert ids[("lumen-1", "Carvalho")] == mayor  # a later surname joins the stored person
    assert ids[("coast-1", "Kiev")] == ids[("post-1", "Kyiv")]
    assert ids[("lumen-1", "Varna Bay")] not in {mayor, ids[("coast-1", "Brisa")]}


def test_entities_say_who_spelled_them_how(store: Store) -> None:
    mayor = mention_ids(store)[("coast-1", "Ines Carvalho")]
    found = get_entity(store, mayor)
    assert found.entity.type == "person" and found.mentions == 3 and found.articles == 3
    assert found.entity.name in MAYOR
    assert {a.text for a in found.entity.aliases} == {*MAYOR, "Carvalho"}
    assert entity_usage(store, mayor) == {
        "Coast Times": {"Ines Carvalho": 1},
        "Harbour Post": {"Inês Carvalho": 1},
        "Lumen Daily": {"Carvalho": 1},
    }
    city = get_entity(store, mention_ids(store)[("coast-1", "Kiev")])
    assert city.entity.name == "Kyiv"


def test_quote_speakers_point_at_their_entity(store: Store) -> None:
    mayor = mention_ids(store)[("coast-1", "Ines Carvalho")]
    quotes = [q for a in store.iter_articles() for q in a.quotes]
    assert {q.id: q.speaker_entity_id for q in quotes} == {
        "coast-1:q0": mayor,
        "lumen-1:q0": mayor,
    }


def test_search_by_entity_id_matches_every_spelling(store: Store) -> None:
    ids = mention_ids(store)
    hits = store.search(entity=ids[("coast-1", "Ines Carvalho")])
    assert {h.article_id for h in hits} == {"coast-1", "post-1", "lumen-1"}
    assert store.search(entity="Inês Carvalho")[0].article_id == "post-1"  # a name as written
    assert {h.article_id for h in store.search(entity=ids[("post-1", "Kyiv")])} == {
        "coast-1",
        "post-1",
    }


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (None, None, ["Brisa", "Carvalho", "Kyiv", "Varna Bay"]),
        ("carv", None, ["Carvalho"]),
        ("KIEV", None, ["Kyiv"]),  # a spelling variant finds the entity
        (None, "place", ["Brisa", "Kyiv", "Varna Bay"]),
        ("varna", "person", []),
    ],
)
def test_list_entities_filters(
    store: Store, text: str | None, kind: str | None, expected: list[str]
) -> None:
    found, total = list_entities(store, text, kind)
    names = sorted("Carvalho" if f.entity.name in MAYOR else f.entity.name for f in found)
    assert names == expected and total == len(expected)


def test_list_entities_pages_most_mentioned_first(store: Store) -> None:
    first, total = list_entities(store, limit=2)
    second, _ = list_entities(store, limit=2, offset=2)
    assert total == 4
    counts = [f.mentions for f in first + second]
    assert counts == sorted(counts, reverse=True)
    assert first[0].entity.name in MAYOR


def test_full_relink_unifies_the_same_way(store: Store) -> None:
    before = mention_ids(store)
    relink_all(store, Settings(), claims=False)
    assert mention_ids(store) == before
    assert list_entities(store)[1] == 4


def test_unknown_entity(store: Store) -> None:
    with pytest.raises(NotFound):
        get_entity(store, "ent_nope")
