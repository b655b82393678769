"""Listing a source: RSS and Atom feeds (the example corpus's), news sitemaps, refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.errors import ConfigError, InputError
from storyline.watch import list_entries, parse_duration

FEEDS = Path(__file__).resolve().parents[2] / "examples" / "feeds"

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://courier.example/2025/06/24/ban-lifted</loc>
    <news:news>
      <news:publication><news:name>The Zelvohrad Courier</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-06-24T10:00:00+02:00</news:publication_date>
      <news:title>Velmora lifts the ore ban &amp; reopens Kalvy</news:title>
    </news:news>
  </url>
  <url><loc>https://courier.example/about</loc><lastmod>2025-01-01</lastmod></url>
</urlset>"""


def test_rss_entries_of_the_example_feed() -> None:
    entries = list_entries((FEEDS / "meridian-business-review.rss.xml").read_bytes(), "feed")
    assert len(entries) >= 2
    first = entries[0]
    assert (
        first.key
        == first.url
        == ("https://meridian-review.example/metals/2025/03/04/velmora-halts-tungsten-ore-exports")
    )
    assert first.title == "Velmora halts tungsten ore exports to Dravania over Hollin Dam dispute"
    assert first.published == "2025-03-04T15:40:00+00:00"
    assert first.body and "Teodor Halvanyk" in first.body
    assert first.source_name == "Meridian Business Review \u2013 Metals"
    assert len({e.key for e in entries}) == len(entries)


def test_atom_entries_use_the_entry_id_as_key() -> None:
    entries = list_entries((FEEDS / "zelvohrad-courier.atom.xml").read_bytes(), "feed")
    assert entries and all(e.key and e.url for e in entries)
    assert all(e.key.startswith(("tag:", "urn:", "http")) for e in entries)


def test_news_sitemap_urls_with_their_news_fields() -> None:
    news, plain = list_entries(NEWS_SITEMAP, "https://courier.example/news-sitemap.xml")
    assert news.url == news.key == "https://courier.example/2025/06/24/ban-lifted"
    assert news.title == "Velmora lifts the ore ban & reopens Kalvy"
    assert news.published == "2025-06-24T10:00:00+02:00"
    assert news.source_name == "The Zelvohrad Courier"
    assert (plain.url, plain.published, plain.title) == (
        "https://courier.example/about",
        "2025-01-01",
        None,
    )


def test_a_sitemap_index_says_which_sitemaps_to_watch() -> None:
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
        b"<loc>https://courier.example/news.xml</loc></sitemap></sitemapindex>"
    )
    with pytest.raises(InputError, match="https://courier.example/news.xml"):
        list_entries(index, "https://courier.example/sitemap.xml")


def test_entity_declarations_are_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;</title></item></channel></rss>'
    with pytest.raises(InputError, match="entity"):
        list_entries(bomb, "https://x.example/feed")


def test_an_html_page_is_not_a_feed() -> None:
    with pytest.raises(InputError, match="not a readable RSS/Atom feed"):
        list_entries(b"<html><body><p>Hello <b>there</p></body>", "https://x.example/")


@pytest.mark.parametrize(
    "text,seconds",
    [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("1d12h", 129600), ("2w", 1209600)],
)
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "h", "1 hour", "1x", "-5m"])
def test_bad_durations_say_how_to_write_one(text: str) -> None:
    with pytest.raises(ConfigError, match="15m, 1h"):
        parse_duration(text)
