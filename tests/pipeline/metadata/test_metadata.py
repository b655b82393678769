"""Metadata with provenance: values, sources, evidence and spans into the raw text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.models import Metadata, MetaSource, RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.clean import clean_text
from storyline.pipeline.metadata.outlets import squash
from storyline.pipeline.metadata.step import extract_metadata

SETTINGS = Settings()


def _read(
    text: str,
    given: dict[str, str] | None = None,
    given_source: MetaSource = "input",
    html_meta: dict[str, Any] | None = None,
    crawl_date: str | None = None,
    settings: Settings = SETTINGS,
) -> tuple[Metadata, str]:
    raw = RawDocument(
        SourceRef("test.txt"),
        text,
        given=given or {},
        given_source=given_source,
        crawl_date=crawl_date,
    )
    cleaned, _ = clean_text(text)
    return extract_metadata(raw, text, cleaned, html_meta or {}, settings)


SEED_EXPECTED: list[tuple[str, str, str | None, str]] = [
    ("002", "published", "2024-05-31", "text"),
    (
        "002",
        "url",
        "https://sputnikglobe.com/20240531/"
        "biden-allows-ukraine-to-use-us-supplied-weapons-near-kharkov-1118709896.html",
        "text",
    ),
    ("002", "title", "Biden Allows Ukraine to Use US-Supplied Weapons Near Kharkov", "text"),
    ("002", "outlet", "Sputnik", "url"),
    ("002", "dateline", "WASHINGTON", "text"),
    ("001", "author", "Daryna Vialko", "text"),
    ("001", "outlet", "RBC-Ukraine", "text"),
    ("000", "dateline", "WASHINGTON", "text"),
    ("000", "title", "US confirms authorizing Ukraine to use ATACMS against Russia", "text"),
    ("004", "dateline", "WASHINGTON", "text"),
    ("004", "outlet", "Associated Press", "text"),
    ("004", "title", None, "none"),
    ("003", "published", None, "none"),
    ("003", "url", None, "none"),
    ("003", "title", "Will Ukraine strike Russia with American weapons? What we know", "text"),
    ("000", "published", None, "none"),
    ("001", "published", None, "none"),
    ("004", "published", None, "none"),
]


@pytest.mark.parametrize(("seed", "field", "value", "source"), SEED_EXPECTED)
def test_seed_metadata(
    seed_texts: dict[str, str], seed: str, field: str, value: str | None, source: str
) -> None:
    meta, _ = _read(seed_texts[seed])
    found = getattr(meta, field)
    assert (found.value, found.source) == (value, source)


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_text_values_carry_their_span_and_evidence(seed_texts: dict[str, str], seed: str) -> None:
    text = seed_texts[seed]
    meta, body = _read(text)
    assert body == clean_text(text)[0]
    for field in ("url", "outlet", "title", "author", "published", "dateline"):
        found = getattr(meta, field)
        if found.source != "text":
            continue
        assert found.evidence, field
        assert found.start is not None and found.end is not None
        span = text[found.start : found.end]
        assert span in found.evidence
        if field == "outlet":
            assert squash(span) == squash(found.value or "")  # "News week" -> "Newsweek"
        elif field != "published":
            assert span == found.value


def test_seed_002_date_is_read_from_the_header_not_the_stamps(seed_texts: dict[str, str]) -> None:
    text = seed_texts["002"]
    meta, _ = _read(text)
    first_line = text.split("\n")[0]
    assert meta.published.evidence == first_line.strip()
    assert text[meta.published.start : meta.published.end] == "2024-05-31"


def test_a_source_named_in_the_reporting_is_not_the_outlet() -> None:
    text = (
        "Storm hits coast\n"
        "The storm hit the coast on Friday, officials told Newsweek on Saturday.\n"
        "The New York Times reported that crews worked through the night.\n"
    )
    meta, _ = _read(text)
    assert meta.outlet.value is None
    assert meta.outlet.source == "none"


PAGE = (
    "Gazette Today\n"
    "Menu\n"
    "Storm hits coast as crews race to restore power\n"
    "31.05.2024 09:15\n"
    "By Jane Doe, Gazette Today\n"
    "HARBOURTON (NPA) – The storm hit the coast on Friday, cutting power to thousands.\n"
    "Officials said crews would work through the night to restore electricity.\n"
    "© Gazette Today. All rights reserved.\n"
)


def test_metadata_of_a_text_dump() -> None:
    meta, body = _read(PAGE)
    assert meta.title.value == "Storm hits coast as crews race to restore power"
    assert meta.author.value == "Jane Doe"  # the outlet after the comma is not an author
    assert (meta.published.value, meta.published.source) == ("2024-05-31", "text")
    assert meta.dateline.value == "HARBOURTON"
    # The page names itself (site-name line, copyright) over the wire in its dateline.
    assert (meta.outlet.value, meta.outlet.source) == ("Gazette Today", "text")
    assert meta.outlet.start == 0
    assert body.startswith("Storm hits coast as crews race to restore power\n\nHARBOURTON (NPA)")


def test_the_wire_in_the_dateline_names_the_outlet_when_nothing_else_does() -> None:
    text = "WASHINGTON (Sputnik) – The storm hit the coast on Friday, cutting power to thousands."
    meta, _ = _read(text)
    assert (meta.outlet.value, meta.dateline.value) == ("Sputnik", "WASHINGTON")
    assert text[meta.outlet.start : meta.outlet.end] == "Sputnik"


@pytest.mark.parametrize("source", ["input", "feed"])
def test_given_values_win_and_keep_their_source(source: MetaSource) -> None:
    given = {
        "url": "https://gazette.example.com/2024/05/30/storm",
        "title": "Given title",
        "author": "Given Author",
        "published": "Thu, 30 May 2024 10:00:00 GMT",
        "outlet": "Given Outlet",
    }
    meta, _ = _read(PAGE, given=given, given_source=source)
    assert meta.url.value == given["url"]
    assert meta.title.value == "Given title"
    assert meta.author.value == "Given Author"
    assert meta.published.value == "2024-05-30"
    assert meta.outlet.value == "Given Outlet"
    for field in ("url", "title", "author", "published", "outlet"):
        found = getattr(meta, field)
        assert found.source == source
        assert found.start is None  # not read from the text


def test_feed_titles_lose_their_section_suffix() -> None:
    meta, _ = _read(PAGE, given={"outlet": "Meridian Review – Metals"}, given_source="feed")
    assert meta.outlet.value == "Meridian Review"
    assert "Metals" in (meta.outlet.evidence or "")


def test_html_metadata_wins_over_the_text() -> None:
    html_meta = {
        "title": "HTML title",
        "author": "HTML Author",
        "date": "2024-05-29",
        "sitename": "Gazette Online",
        "url": "https://www.nytimes.com/2024/05/29/world/storm.html",
        "hostname": "nytimes.com",
    }
    meta, _ = _read(PAGE, html_meta=html_meta)
    assert (meta.title.value, meta.title.source) == ("HTML title", "html")
    assert (meta.author.value, meta.author.source) == ("HTML Author", "html")
    assert (meta.published.value, meta.published.source) == ("2024-05-29", "html")
    assert (meta.outlet.value, meta.outlet.source) == ("Gazette Online", "html")
    meta, _ = _read(PAGE, html_meta={**html_meta, "sitename": None})
    assert (meta.outlet.value, meta.outlet.source) == ("The New York Times", "url")


def test_published_falls_back_to_the_url_path() -> None:
    text = "Storm hits coast\nThe storm hit the coast on Friday, cutting power to thousands."
    for url in ("https://x.example.com/2024/05/31/storm", "https://x.example.com/20240531/storm"):
        meta, _ = _read(text, given={"url": url})
        assert (meta.published.value, meta.published.source) == ("2024-05-31", "url")


def test_the_crawl_date_is_never_the_publication_date() -> None:
    text = "Storm hits coast\nThe storm hit the coast on Friday, cutting power to thousands."
    meta, _ = _read(text, crawl_date="2024-06-02T10:00:00Z")
    assert (meta.published.value, meta.published.source) == (None, "none")
    # A stamp later than the crawl cannot be the publication date either.
    meta, _ = _read(f"2024-07-01T09:00+0000\n{text}", crawl_date="2024-06-02")
    assert meta.published.value is None
    meta, _ = _read(f"2024-05-31T09:00+0000\n{text}", crawl_date="2024-06-02")
    assert meta.published.value == "2024-05-31"


def test_an_incomplete_or_updated_date_is_not_completed() -> None:
    text = "Storm hits coast\nUpdated May 31\nThe storm hit the coast on Friday, cutting power."
    meta, _ = _read(text)
    assert meta.published.value is None


def test_dates_below_the_body_are_not_the_publication_date() -> None:
    text = (
        "Storm hits coast\nThe storm hit the coast on Friday, cutting power to thousands.\n"
        "Friday, June 7, 2024.\n"
    )
    meta, _ = _read(text)
    assert meta.published.value is None


def test_settings_defaults_are_the_last_resort() -> None:
    settings = Settings(default_outlet="Default Outlet", default_published="2024-01-02")
    text = "Storm hits coast\nThe storm hit the coast on Friday, cutting power to thousands."
    meta, _ = _read(text, settings=settings)
    assert (meta.outlet.value, meta.outlet.source) == ("Default Outlet", "input")
    assert (meta.published.value, meta.published.source) == ("2024-01-02", "input")
    meta, _ = _read(PAGE, settings=settings)
    assert meta.outlet.value == "Gazette Today"
    assert meta.published.value == "2024-05-31"


def test_unknown_domains_name_the_outlet_by_domain() -> None:
    text = "Storm hits coast\nThe storm hit the coast on Friday, cutting power to thousands."
    meta, _ = _read(text, given={"url": "https://news.harbour-gazette.example/2024/storm"})
    assert (meta.outlet.value, meta.outlet.source) == ("harbour-gazette.example", "url")
    assert "not in the outlet table" in (meta.outlet.evidence or "")


def test_nothing_known_gives_none_everywhere() -> None:
    meta, _ = _read("the storm hit the coast on friday and nobody said anything about it.")
    for field in ("url", "outlet", "title", "author", "published", "dateline"):
        assert getattr(meta, field).value is None
        assert getattr(meta, field).source == "none"


def test_a_wire_byline_names_no_author() -> None:
    meta, _ = _read(
        "Storm hits coast\nBy Reuters\nThe storm hit the coast on Friday, officials said."
    )
    assert meta.author.value is None


def _example_articles() -> list[dict[str, Any]]:
    truth = Path(__file__).resolve().parents[3] / "examples" / "truth.json"
    if not truth.is_file():
        return []
    articles = json.loads(truth.read_text(encoding="utf-8"))["articles"]
    return [a for a in articles if a["format"] in ("text", "html")]


EXAMPLE_FIELDS = ("url", "title", "author", "published", "dateline", "outlet")


@pytest.mark.parametrize("article", _example_articles(), ids=lambda a: a["key"])
def test_example_corpus_metadata(examples_dir: Path, article: dict[str, Any]) -> None:
    """Text dumps and pages of the example corpus, read directly (no ingest)."""
    body = (examples_dir / article["file"]).read_text(encoding="utf-8")
    raw = RawDocument(SourceRef(article["file"]), body, format=article["format"])
    prepared = prepare_article(raw, SETTINGS)
    for field in EXAMPLE_FIELDS:
        found = getattr(prepared.meta, field)
        if (
            field == "outlet"
            and found.source in ("url", "text")
            and " " not in (found.value or " ")
        ):
            # The page names its outlet nowhere but in a domain: the domain stands for it.
            assert found.value and "." in found.value
            continue
        assert found.value == article[field], field
