"""Outlet names: the editable domain table and markers in the page furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.models import RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.metadata.outlets import (
    canonical_outlet,
    feed_outlet,
    initials,
    load_outlet_table,
    name_fits_domain,
    outlet_for_domain,
    outlet_from_url,
    outlet_markers,
    outlet_names_for_domains,
    readable_domain,
    registered_domain,
)

TABLE = load_outlet_table()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://sputnikglobe.com/20240531/x.html", ("Sputnik", "sputnikglobe.com")),
        ("https://edition.cnn.com/2024/05/31/x", ("CNN", "cnn.com")),
        ("https://www.bbc.co.uk/news/x", ("BBC", "bbc.co.uk")),
        ("https://news.unknown-gazette.com/x", ("unknown-gazette.com", "unknown-gazette.com")),
        ("rbc.ua/rus/news/x", ("RBC-Ukraine", "rbc.ua")),
    ],
)
def test_outlet_from_url(url: str, expected: tuple[str, str]) -> None:
    assert outlet_from_url(url, TABLE) == expected


def test_registered_domain_of_reserved_suffixes() -> None:
    assert registered_domain("https://www.courier.example/news/x") == "courier.example"
    assert registered_domain("not a url") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("News week", "Newsweek"),
        ("AP", "Associated Press"),
        ("the new york times", "The New York Times"),
        ("Harbour Gazette", "Harbour Gazette"),
    ],
)
def test_canonical_outlet(name: str, expected: str) -> None:
    assert canonical_outlet(name, TABLE) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Meridian Business Review – Metals", "Meridian Business Review"),
        ("World News | Reuters", "Reuters"),
        ("Harbour Gazette", "Harbour Gazette"),
    ],
)
def test_feed_outlet(title: str, expected: str) -> None:
    assert feed_outlet(title, TABLE) == expected


def test_initials() -> None:
    assert initials("Velmora Press Agency") == "vpa"
    assert initials("Reuters") == ""


def _furniture(text: str, reason: str, line: str) -> tuple[str, int, int]:
    start = text.index(line)
    return reason, start, start + len(line)


@pytest.mark.parametrize(
    ("reason", "line", "name"),
    [
        (
            "credit",
            "Associated Press writers Jane Doe and John Roe contributed.",
            "Associated Press",
        ),
        ("cross-reference", "Read more about this in the material by RBC-Ukraine.", "RBC-Ukraine"),
        (
            "cross-reference",
            "Read more in the materials of Kestrel Daily Monitor.",
            "Kestrel Daily Monitor",
        ),
        ("solicitation", "Do you have a tip on a story that Newsweek should cover?", "Newsweek"),
        (
            "solicitation",
            "Have a tip? Write to tips@harbourgazette.example",
            "harbourgazette.example",
        ),
        ("copyright", "© 2024 Harbour Gazette. All rights reserved.", "Harbour Gazette"),
        ("notice", "Disclaimer: not edited by Northline News staff.", "Northline News"),
    ],
)
def test_markers_in_furniture(reason: str, line: str, name: str) -> None:
    text = f"Storm hits coast\nThe storm hit the coast on Friday.\n{line}\n"
    markers = outlet_markers(text, [_furniture(text, reason, line)], None)
    assert [m.name for m in markers] == [name]
    assert text[markers[0].start : markers[0].end] == name


def test_markers_rank_the_page_itself_before_the_wire() -> None:
    lead = "ZELVOHRAD (VPA) – The storm hit the coast on Friday."
    notice = "Disclaimer: not edited by Northline News staff."
    text = f"{lead}\n{notice}\n"
    markers = outlet_markers(text, [_furniture(text, "notice", notice)], (0, len(lead)))
    assert [m.name for m in markers] == ["Northline News", "VPA"]


def test_an_extra_table_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "outlets.toml"
    extra.write_text(
        '[[outlet]]\nname = "Harbour Gazette"\ndomains = ["harbour.example"]\naliases = ["HG"]\n',
        encoding="utf-8",
    )
    table = load_outlet_table(str(extra))
    assert outlet_from_url("https://www.harbour.example/x", table) == (
        "Harbour Gazette",
        "harbour.example",
    )
    assert canonical_outlet("HG", table) == "Harbour Gazette"
    assert outlet_from_url("https://cnn.com/x", table) == ("CNN", "cnn.com")


@pytest.mark.parametrize("content", ['[[outlet]]\ndomains = ["x.example"]\n', "this is not toml ["])
def test_a_broken_extra_table_is_a_config_error(tmp_path: Path, content: str) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_outlet_table(str(extra))


@pytest.mark.parametrize(
    ("name", "domain", "fits"),
    [
        ("Dravania Today", "dravaniatoday.example", True),
        ("Kestrel Daily Monitor", "kestrelmonitor.example", True),  # a word left out
        ("The New York Times", "nytimes.com", True),  # initials, then a whole word
        ("Wall Street Journal", "wsj.com", True),
        ("Harbour Gazette", "harbour-gazette.example", True),
        ("Northline News", "kestrelmonitor.example", False),
        ("Daily", "dailymonitor.example", False),  # part of the name only
        ("Being updated", "dravaniatoday.example", False),
    ],
)
def test_name_fits_domain(name: str, domain: str, fits: bool) -> None:
    assert name_fits_domain(name, domain) is fits


@pytest.mark.parametrize(
    ("domain", "words", "readable"),
    [
        ("dravaniatoday.example", ["Dravania", "Tarnsk"], "Dravania Today"),
        ("harbour-gazette.example", ["Harbour"], "Harbour Gazette"),
        ("harbour-gazette.example", ["Storm", "Friday"], None),  # nothing to split it by
        ("cartoday.example", ["Arto"], None),  # would leave a one-letter piece
    ],
)
def test_readable_domain(domain: str, words: list[str], readable: str | None) -> None:
    assert readable_domain(domain, words) == readable


def test_outlet_for_domain_prefers_the_table_then_the_page_then_its_words() -> None:
    assert outlet_for_domain("cnn.com", TABLE, ["Kestrel Daily Monitor"])[0] == "CNN"
    page = ["Menu", "Kestrel Daily Monitor"]
    assert outlet_for_domain("kestrelmonitor.example", TABLE, page)[0] == "Kestrel Daily Monitor"
    assert outlet_for_domain("dravaniatoday.example", TABLE, [], ["Dravania"])[0] == (
        "Dravania Today"
    )
    name, how = outlet_for_domain("kestrelmonitor.example", TABLE, ["Menu"], ["Velmora"])
    assert (name, how) == ("kestrelmonitor.example", "not in the outlet table")


@pytest.mark.parametrize(
    ("body", "outlet"),
    [
        (  # the URL's domain, read as the words the article writes
            " date 2025-03-04 https://dravaniatoday.example/20250304/ore.html\n"
            "Ore deliveries cut\nTARNSK\nDravania has lost its ore deliveries, officials said.\n",
            "Dravania Today",
        ),
        (  # the e-mail domain of a tip line, named by the masthead the page removed
            "Kestrel Daily Monitor\nOre deliveries cut\nDravania has lost its ore deliveries, "
            "officials said on Monday.\nDo you have a tip? Write to tips@kestrelmonitor.example\n",
            "Kestrel Daily Monitor",
        ),
    ],
)
def test_an_unknown_domain_takes_the_name_the_page_gives(body: str, outlet: str) -> None:
    article = prepare_article(RawDocument(SourceRef("a.txt"), body), Settings())
    assert article.meta.outlet.value == outlet


def test_a_corpus_names_the_outlets_it_knows_only_by_domain() -> None:
    outlets = [
        "kestrelmonitor.example",
        "Kestrel Daily Monitor",
        "Northline News",
        "harbour.example",  # no article names it
        "dailynews.example",  # two names fit: left alone
        "Daily News",
        "The Daily News",
    ]
    assert outlet_names_for_domains(outlets) == {"kestrelmonitor.example": "Kestrel Daily Monitor"}
