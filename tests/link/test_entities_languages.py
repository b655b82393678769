"""One entity across scripts and transliteration systems, each outlet's spelling kept."""

from __future__ import annotations

import pytest

from storyline.link.entities import unify_entities
from storyline.models import Article, Entity, EntityMention, Metadata, MetaValue, SourceRef
from storyline.names.rules import same_person, translit_form
from storyline.names.translit import latin

LABELS = {"person": "PERSON", "place": "GPE"}

CORPUS = {
    "en1": ("Kyiv Post", ["John Kirby", "Kyiv", "Volodymyr Zelensky", "Joe Biden", "Kharkiv"]),
    "en2": ("Sputnik", ["Kiev", "Zelenskyy", "Kharkov", "Kirby"]),
    "de": ("Spiegel", ["Wolodymyr Selenskyj", "Kiew"]),
    "ru": (
        "Северный вестник",
        ["Джон Кирби", "Киев", "Владимир Зеленский", "Джо Байден", "Харьков"],
    ),
    "uk": ("Київська хвиля", ["Джон Кірбі", "Київ", "Володимир Зеленський", "Харків"]),
}
PLACES = {"Kyiv", "Kiev", "Kiew", "Киев", "Київ", "Kharkiv", "Kharkov", "Харьков", "Харків"}


def _article(aid: str, outlet: str, names: list[str]) -> Article:
    text = " ; ".join(names)
    mentions, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        kind = "place" if name in PLACES else "person"
        mentions.append(EntityMention(name, start, start + len(name), LABELS[kind], kind, name))
        pos = start + len(name)
    meta = Metadata(outlet=MetaValue(outlet, "input"))
    return Article(id=aid, source=SourceRef(aid), raw=text, text=text, meta=meta, mentions=mentions)


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    found, _ = unify_entities(_article(aid, o, names) for aid, (o, names) in CORPUS.items())
    return {e.name: e for e in found}


def _spellings(entity: Entity) -> dict[str, list[str]]:
    return {a.text: a.outlets for a in entity.aliases}


def test_kyiv_is_one_entity_with_each_outlets_spelling(entities: dict[str, Entity]) -> None:
    assert _spellings(entities["Kyiv"]) == {
        "Kyiv": ["Kyiv Post"],
        "Kiev": ["Sputnik"],
        "Kiew": ["Spiegel"],
        "Киев": ["Северный вестник"],
        "Київ": ["Київська хвиля"],
    }


def test_zelensky_in_five_spellings(entities: dict[str, Entity]) -> None:
    assert set(_spellings(entities["Volodymyr Zelensky"])) == {
        "Volodymyr Zelensky",
        "Zelenskyy",
        "Wolodymyr Selenskyj",
        "Владимир Зеленский",
        "Володимир Зеленський",
    }


def test_people_join_across_scripts_by_rule(entities: dict[str, Entity]) -> None:
    assert set(_spellings(entities["John Kirby"])) == {
        "John Kirby",
        "Kirby",
        "Джон Кирби",
        "Джон Кірбі",
    }
    assert set(_spellings(entities["Joe Biden"])) == {"Joe Biden", "Джо Байден"}
    assert set(_spellings(entities["Kharkiv"])) == {"Kharkiv", "Kharkov", "Харьков", "Харків"}


@pytest.mark.parametrize(
    ("a", "b"),
    [("Зеленський", "Zelenskyy"), ("Зеленский", "Zelensky"), ("Київ", "Kyiv"), ("Кірбі", "Kirby")],
)
def test_translit_form_across_scripts(a: str, b: str) -> None:
    assert translit_form(a) == translit_form(b)


def test_different_people_stay_apart_across_scripts() -> None:
    assert not same_person("Джо Байден", "Hunter Biden")
    assert latin("Kyiv") == "Kyiv"
