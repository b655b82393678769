"""Entity mentions of one article: spans, kinds, in-article full names, the alias file."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.models import Article, EntityMention, Metadata, MetaValue, SourceRef
from storyline.names.rules import (
    demonym_of,
    is_generic_institution,
    name_key,
    parse_person_name,
    split_qualified,
    strip_possessive,
    strip_titles,
)
from storyline.pipeline.entities.aliases import (
    AliasGroup,
    AliasTable,
    bundled_alias_table,
    load_alias_table,
    parse_alias_table,
)
from storyline.pipeline.entities.institutions import resolve_institutions
from storyline.pipeline.entities.step import entities_step
from storyline.pipeline.entities.variants import find_case_variants

pytestmark = pytest.mark.slow

SETTINGS = Settings()


def _analyse(nlp, text: str, settings: Settings = SETTINGS, outlet: str = "Test") -> Article:
    article = Article(
        id="a1",
        source=SourceRef("test.txt"),
        raw=text,
        text=text,
        meta=Metadata(outlet=MetaValue(outlet, "input")),
    )
    return entities_step(article, nlp(text), settings)


@pytest.fixture(scope="module")
def seeds(nlp, seed_texts: dict[str, str]) -> dict[str, Article]:
    return {key: _analyse(nlp, text) for key, text in seed_texts.items()}


def _with_text(article: Article, text: str) -> list[EntityMention]:
    return [m for m in article.mentions if m.text == text]


# --------------------------------------------------------------------------- seeds


def test_every_mention_spans_its_text_in_order(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        assert article.mentions, article.id
        previous_end = 0
        for m in article.mentions:
            assert article.text[m.start : m.end] == m.text
            assert m.start >= previous_end, f"overlap at {m}"
            assert m.kind in {
                "person",
                "organization",
                "place",
                "group",
                "product",
                "event",
                "other",
            }
            previous_end = m.end


@pytest.mark.parametrize(("seed", "short_forms"), [("000", 0), ("001", 2), ("004", 1)])
def test_kirby_is_john_kirby(seeds: dict[str, Article], seed: str, short_forms: int) -> None:
    kirby = [m for m in seeds[seed].mentions if "Kirby" in m.text]
    assert kirby
    assert {m.canonical for m in kirby} == {"John Kirby"}
    assert {m.kind for m in kirby} == {"person"}
    assert len([m for m in kirby if m.text == "Kirby"]) >= short_forms


@pytest.mark.parametrize(
    ("seed", "text", "canonical"),
    [
        ("004", "Biden", "Joe Biden"),  # "Biden’s directive", "Biden’s decision"
        ("000", "Biden", "Joe Biden"),  # "the Biden administration"
        ("002", "Lloyd J. Austin III", "Lloyd Austin"),
        ("003", "Herbst", "John Herbst"),  # labelled NORP by the model
        ("003", "Nykyforov", "Sergiy Nykyforov"),
        ("004", "Rounds", "Mike Rounds"),  # missed by the model ("Rounds said")
    ],
)
def test_short_forms_take_the_full_name(
    seeds: dict[str, Article], seed: str, text: str, canonical: str
) -> None:
    found = _with_text(seeds[seed], text)
    assert found, f"{text!r} not found in seed {seed}"
    assert {m.canonical for m in found} == {canonical}
    assert {m.kind for m in found} == {"person"}


def test_possessives_and_articles_are_not_part_of_names(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for m in article.mentions:
            assert not m.text.endswith(("’s", "'s")), m
            assert not m.text.lower().startswith("the "), m
    kyiv = _with_text(seeds["000"], "Kyiv")
    assert len(kyiv) == 2 and {m.kind for m in kyiv} == {"place"}
    assert _with_text(seeds["000"], "White House")


def test_titles_are_not_part_of_person_names(seeds: dict[str, Article]) -> None:
    people = [m for a in seeds.values() for m in a.mentions if m.kind == "person"]
    for m in people:
        first = m.text.split()[0].rstrip(".").lower()
        assert first not in {"president", "sen", "republican", "secretary", "sheikh"}, m
    assert _with_text(seeds["004"], "Mike Rounds")
    assert _with_text(seeds["002"], "Antony J. Blinken"), "given name left out by the model"


@pytest.mark.parametrize(
    ("seed", "name"),
    [
        ("000", "ATACMS"),
        ("000", "HIMARS"),
        ("000", "Storm Shadow"),
        ("000", "Oreshnik"),
        ("001", "HIMARS"),
        ("002", "ATACMS"),
        ("003", "ATACMS"),
        ("004", "ATACMS"),
        ("004", "HIMARS"),
        ("004", "S-300/400"),
    ],
)
def test_weapon_systems_are_products(seeds: dict[str, Article], seed: str, name: str) -> None:
    found = _with_text(seeds[seed], name)
    assert found
    assert {m.kind for m in found} == {"product"}


@pytest.mark.parametrize(
    ("seed", "acronym", "long_form"),
    [
        ("000", "ATACMS", "Army Tactical Missile System"),  # "... System (ATACMS)"
        ("004", "HIMARS", "High Mobility Artillery Rocket System"),  # "..., or HIMARS"
    ],
)
def test_acronyms_defined_in_the_text_link_to_the_long_form(
    seeds: dict[str, Article], seed: str, acronym: str, long_form: str
) -> None:
    assert _with_text(seeds[seed], long_form)
    assert {m.canonical for m in _with_text(seeds[seed], acronym)} == {long_form}


@pytest.mark.parametrize(
    ("seed", "text", "kind"),
    [
        ("003", "kyiv", "place"),  # machine-translation slip, found through the alias file
        ("003", "Kiev", "place"),  # labelled PERSON by the model
        ("002", "Kiev", "place"),
        ("000", "Kursk", "place"),  # labelled PRODUCT; "the Kursk region", "around Kursk"
        ("000", "Kharkiv", "place"),  # labelled ORG; "the ... city of Kharkiv"
        ("004", "Belgorod", "place"),  # labelled NORP; "the Belgorod region"
        ("000", "Ukrainian", "group"),
        ("004", "Ukrainian", "group"),  # labelled GPE as an adjective
    ],
)
def test_kinds_follow_context_and_aliases(
    seeds: dict[str, Article], seed: str, text: str, kind: str
) -> None:
    found = _with_text(seeds[seed], text)
    assert found
    assert {m.kind for m in found} == {kind}


def test_no_mentions_for_roles_or_dates(seeds: dict[str, Article]) -> None:
    texts = {m.text for a in seeds.values() for m in a.mentions}
    assert not texts & {"National Security Adviser", "Defense", "Thursday", "May 10", "first"}


# --------------------------------------------------------------------------- synthetic


@pytest.mark.parametrize(
    ("text", "short", "canonical"),
    [
        (
            "Joe Biden spoke with Hunter Biden on Monday. Biden said the talks went well.",
            "Biden",
            "Biden",  # two people named Biden: the short form stays unresolved
        ),
        (
            "John Kirby met John Herbst in Washington. Kirby said the meeting was useful.",
            "Kirby",
            "John Kirby",
        ),
        (
            "Defense Secretary Lloyd Austin visited Kyiv on Tuesday. Austin promised more aid.",
            "Austin",
            "Lloyd Austin",
        ),
    ],
)
def test_surnames_link_only_to_a_unique_full_name(
    nlp, text: str, short: str, canonical: str
) -> None:
    article = _analyse(nlp, text)
    found = _with_text(article, short)
    assert found
    assert {m.canonical for m in found} == {canonical}


def test_two_people_with_one_surname_keep_their_names(nlp) -> None:
    article = _analyse(nlp, "Joe Biden spoke with Hunter Biden on Monday in Delaware.")
    people = {m.canonical for m in article.mentions if m.kind == "person"}
    assert {"Joe Biden", "Hunter Biden"} <= people


def test_user_alias_file_adds_names_to_find(nlp, tmp_path: Path) -> None:
    alias_file = tmp_path / "aliases.toml"
    alias_file.write_text(
        '[[group]]\nname = "Taurus"\ntype = "product"\nvariants = ["KEPD 350"]\n', encoding="utf-8"
    )
    text = "Berlin has refused to send Taurus missiles, also known as KEPD 350, to Kyiv."
    plain = _analyse(nlp, text)
    extended = _analyse(nlp, text, Settings(alias_file=str(alias_file)))
    assert not [m for m in plain.mentions if m.text == "KEPD 350" and m.kind == "product"]
    assert {m.kind for m in _with_text(extended, "Taurus")} == {"product"}
    assert {m.kind for m in _with_text(extended, "KEPD 350")} == {"product"}
    assert {m.kind for m in _with_text(extended, "Kyiv")} == {"place"}  # bundled entries stay


def test_lowercase_spelling_needs_the_proper_one_in_the_article(nlp) -> None:
    alone = _analyse(nlp, "Officials in kyiv said nothing about the strikes.")
    both = _analyse(nlp, "Officials in Kyiv said nothing. Later kyiv said more about the strikes.")
    assert not _with_text(alone, "kyiv")
    assert {m.kind for m in _with_text(both, "kyiv")} == {"place"}


def test_case_slips_of_the_articles_own_names_are_mentions(nlp) -> None:
    text = (
        "Talks on the dam\n\nTARNSK (DT) – Officials in Tarnsk, the capital of Dravania, "
        "rejected the plan on Monday.\n\nThe cabinet met in tarnsk again on Tuesday."
    )
    article = _analyse(nlp, text)
    assert {m.canonical for m in _with_text(article, "TARNSK")} == {"Tarnsk"}
    assert {m.canonical for m in _with_text(article, "tarnsk")} == {"Tarnsk"}
    assert {m.kind for m in _with_text(article, "tarnsk")} == {"place"}


@pytest.mark.parametrize(
    "text",
    [
        "Officials in kyiv said nothing about the strikes.",  # never written properly
        "Lawmakers in Bath debated the budget. She then took a bath and went to bed.",
    ],
)
def test_ordinary_lowercase_words_are_not_case_slips(nlp, text: str) -> None:
    article = _analyse(nlp, text)
    assert not [m for m in article.mentions if m.text.islower()]


def test_a_name_does_not_run_across_a_line_break(nlp) -> None:
    text = (
        "Ore ban is the biggest gamble yet in the Hollin Dam row\n\n"
        "ZELVOHRAD – Velmora's decision to stop selling ore surprised Tarnsk."
    )
    article = _analyse(nlp, text)
    assert article.mentions
    assert not [m for m in article.mentions if "\n" in m.text or m.text.endswith(" row")]


def test_the_holder_of_an_office_is_a_person(nlp) -> None:
    text = (
        "Velmora keeps the ban on the export of ore to Dravania, said the Minister of Trade "
        "Teodor Halvanyk. Minister Halvanyk spoke to journalists."
    )
    article = _analyse(nlp, text)
    assert not _with_text(article, "Minister of Trade")
    assert {m.kind for m in _with_text(article, "Teodor Halvanyk")} == {"person"}
    assert {m.canonical for m in _with_text(article, "Halvanyk")} == {"Teodor Halvanyk"}


@pytest.mark.parametrize(
    ("text", "institution", "canonical"),
    [
        (
            "Dravania's Foreign Ministry sent a note on Tuesday. Velmora rejected it, and the "
            "Foreign Ministry in Tarnsk said it would protest.",
            "Foreign Ministry",
            "Foreign Ministry (Dravania)",
        ),
        (
            "The first lorries crossed the border at Kalvy on Wednesday, reported the Customs "
            "Service of Velmora.",
            "Customs Service of Velmora",
            "Customs Service (Velmora)",
        ),
        (
            "According to the Foreign Ministry, talks began in June.",
            "Foreign Ministry",
            "Foreign Ministry",  # the article does not say whose
        ),
    ],
)
def test_institutions_take_the_country_the_article_gives(
    nlp, text: str, institution: str, canonical: str
) -> None:
    found = _with_text(_analyse(nlp, text), institution)
    assert found
    assert {m.canonical for m in found} == {canonical}


def test_institutions_of_two_countries_in_one_article_keep_apart(nlp) -> None:
    text = (
        "Dravania's Foreign Ministry protested, and Velmora's Foreign Ministry replied on "
        "Friday. The Foreign Ministry did not say more."
    )
    canonicals = {m.canonical for m in _analyse(nlp, text).mentions if "Ministry" in m.text}
    assert {"Foreign Ministry (Dravania)", "Foreign Ministry (Velmora)"} <= canonicals


def test_a_surname_with_an_office_before_the_full_name_is_someone_else(nlp) -> None:
    text = (
        "Aide quits over post\n\nAn aide resigned after criticising President Obama’s "
        "daughters. She wrote an open letter to Malia Obama on Friday. Mr. Obama did not "
        "comment."
    )
    article = _analyse(nlp, text)
    assert _with_text(article, "Malia Obama")
    obama = _with_text(article, "Obama")
    assert obama
    assert "Malia Obama" not in {m.canonical for m in obama}


@pytest.mark.parametrize(
    "text",
    [
        "Velmora has banned ore exports. Velmoran officials said Velmora would not back down.",
        "Velmora has banned ore exports. Ore makes up a fifth of Velmora's exports to Dravania.",
    ],
)
def test_a_name_beside_its_people_or_its_exports_is_a_place(nlp, text: str) -> None:
    article = _analyse(nlp, text)
    assert {m.kind for m in _with_text(article, "Velmora")} == {"place"}


def test_a_name_beside_an_office_is_a_person(nlp) -> None:
    text = (
        "Whitcombe said it was fair.\n\nHelena Strand, Aldermere's former ambassador to "
        "Velmora, said the deal was fragile."
    )
    assert {m.kind for m in _with_text(_analyse(nlp, text), "Helena Strand")} == {"person"}


# --------------------------------------------------------------------------- alias file


def test_bundled_alias_file_is_small_and_valid() -> None:
    table = bundled_alias_table()
    assert 3 <= len(table.groups) <= 40
    kyiv = table.group_for("Kiev’s")
    assert kyiv is not None and kyiv.name == "Kyiv" and kyiv.type == "place"
    assert table.group_for("Lviv") is None


def test_user_groups_merge_into_bundled_ones(tmp_path: Path) -> None:
    alias_file = tmp_path / "mine.toml"
    alias_file.write_text('[[group]]\nname = "Kiev"\nvariants = ["Kijow"]\n', encoding="utf-8")
    table = load_alias_table(Settings(alias_file=str(alias_file)))
    group = table.group_for("Kyiv")
    assert group is not None
    assert group.name == "Kiev"  # the user's display name wins
    assert group.type == "place"  # the bundled type is kept
    assert table.group_for("Kijow") is group


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[group]\nname = 1", "not valid TOML"),
        ('[[group]]\nvariants = ["Kiev"]\n', "needs a name"),
        ('[[group]]\nname = "Kyiv"\ntype = "city"\n', "type must be one of"),
        ('[[group]]\nname = "Kyiv"\nvariants = "Kiev"\n', "variants must be a list"),
        ('[[groups]]\nname = "Kyiv"\n', "unknown section"),
        ('[[pattern]]\ntype = "product"\n', "needs type and a non-empty tokens list"),
    ],
)
def test_bad_alias_files_are_reported(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        parse_alias_table(text, "mine.toml")
    assert "mine.toml" in str(info.value)


def test_missing_alias_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        load_alias_table(Settings(alias_file=str(tmp_path / "absent.toml")))


def test_alias_table_extension_is_pure() -> None:
    base = AliasTable((AliasGroup("Kyiv", ("Kiev",), "place"),))
    extra = AliasTable((AliasGroup("Odesa", ("Odessa",), "place"),))
    merged = base.extended(extra)
    assert base.group_for("Odessa") is None
    assert merged.group_for("Odessa") is not None and merged.group_for("Kiev") is not None


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kyiv’s", "kyiv"),
        ("KYIV", "kyiv"),
        ("U.S.", "us"),
        ("the White House", "white house"),
        ("Zelenskyy’s", "zelenskyy"),
        ("Ukrainians'", "ukrainians"),
        ("Kraków", "krakow"),
    ],
)
def test_name_key(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("President Joe Biden", "Joe Biden"),
        ("Republican Sen. Mike Rounds", "Mike Rounds"),
        ("Defense Secretary Lloyd J. Austin III", "Lloyd J. Austin III"),
        ("Sheikh Tamim bin Hamad Al Thani", "Tamim bin Hamad Al Thani"),
        ("John Kirby", "John Kirby"),
        ("President", "President"),
    ],
)
def test_strip_titles(text: str, stripped: str) -> None:
    assert strip_titles(text) == stripped


@pytest.mark.parametrize(
    ("text", "given", "middles", "surname", "suffix"),
    [
        ("Lloyd J. Austin III", "Lloyd", ("J.",), "Austin", "III"),
        ("President Joe Biden", "Joe", (), "Biden", None),
        ("Joseph R. Biden Jr.", "Joseph", ("R.",), "Biden", "Jr."),
        ("Kirby", None, (), "Kirby", None),
    ],
)
def test_parse_person_name(
    text: str, given: str | None, middles: tuple[str, ...], surname: str, suffix: str | None
) -> None:
    name = parse_person_name(text)
    assert name is not None
    assert (name.given, name.middles, name.surname, name.suffix) == (
        given,
        middles,
        surname,
        suffix,
    )


@pytest.mark.parametrize(
    ("text", "bare"),
    [("Biden’s", "Biden"), ("Kyiv's", "Kyiv"), ("Ukrainians’", "Ukrainians"), ("Kirby", "Kirby")],
)
def test_strip_possessive(text: str, bare: str) -> None:
    assert strip_possessive(text) == bare


@pytest.mark.parametrize(
    ("adjective", "place", "expected"),
    [
        ("Dravanian", "Dravania", True),
        ("Velmoran", "Velmora", True),
        ("Ukrainian", "Ukraine", True),
        ("Iraqi", "Iraq", True),
        ("Chinese", "China", True),
        ("Iranian", "Iraq", False),
        ("Austrian", "Australia", False),
        ("Slovak", "Slovenia", False),
        ("Dravania", "Dravania", False),
    ],
)
def test_demonym_of(adjective: str, place: str, expected: bool) -> None:
    assert demonym_of(adjective, place) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("the Foreign Ministry", True),
        ("Ministry of Foreign Affairs", True),
        ("Customs Service", True),
        ("Justice Department", True),
        ("Atlantic Council", False),  # a proper name ending in a head noun
        ("Army", False),  # a head alone
        ("Internal Revenue Service", False),
        ("Tarnsk Alloy Works", False),
    ],
)
def test_is_generic_institution(name: str, expected: bool) -> None:
    assert is_generic_institution(name) is expected


def test_split_qualified() -> None:
    assert split_qualified("Foreign Ministry (Dravania)") == ("Foreign Ministry", "Dravania")
    assert split_qualified("Kyiv") == ("Kyiv", None)


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        (  # the outlet's country, and the country given elsewhere
            [
                ("Foreign Ministry (Dravania)", "Velmora Press Agency"),
                ("Customs Service (Velmora)", "Kestrel Daily Monitor"),
                ("Foreign Ministry", "Velmora Press Agency"),
                ("Foreign Ministry", "Dravania Today"),
                ("Customs Service", "Northline News"),
            ],
            [
                ("Foreign Ministry (Dravania)", None),
                ("Customs Service (Velmora)", None),
                ("Foreign Ministry (Velmora)", None),
                ("Foreign Ministry (Dravania)", None),
                ("Customs Service (Velmora)", None),
            ],
        ),
        (  # two countries and no clue: kept to the outlet; no country anywhere: unchanged
            [
                ("Foreign Ministry (Dravania)", "A"),
                ("Foreign Ministry (Velmora)", "B"),
                ("Foreign Ministry", "C"),
                ("Trade Ministry", "C"),
                ("Tarnsk Alloy Works", "C"),
            ],
            [
                ("Foreign Ministry (Dravania)", None),
                ("Foreign Ministry (Velmora)", None),
                ("Foreign Ministry", "C"),
                ("Trade Ministry", None),
                ("Tarnsk Alloy Works", None),
            ],
        ),
        (  # an adjective as the owner reads as the country the corpus names
            [("Foreign Ministry (Dravanian)", "A"), ("Customs Service (Dravania)", "B")],
            [("Foreign Ministry (Dravania)", None), ("Customs Service (Dravania)", None)],
        ),
    ],
)
def test_resolve_institutions(
    mentions: list[tuple[str, str]], expected: list[tuple[str, str | None]]
) -> None:
    assert resolve_institutions(mentions) == expected


def test_find_case_variants_in_text() -> None:
    names = {"tarnsk": "Tarnsk", "hollin dam": "Hollin Dam"}
    text = "TARNSK (DT) – talks in tarnsk on the HOLLIN DAM; tarnsk officials; Tarnsk said."
    found = [(text[v.start : v.end], v.proper) for v in find_case_variants(text, names)]
    assert found == [("TARNSK", "Tarnsk"), ("tarnsk", "Tarnsk"), ("HOLLIN DAM", "Hollin Dam")]
    assert find_case_variants(text, names, [(0, 6)])[0].start > 6  # known mentions skipped
