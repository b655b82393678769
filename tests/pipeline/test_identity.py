"""Article ids: stable content hashes of the normalised URL and text."""

from __future__ import annotations

import re

import pytest

from storyline.pipeline.identity import article_id, normalize_text, normalize_url_for_id

TEXT = "He said: “We will not back down.” The storm hit the coast — again."


@pytest.mark.parametrize(
    "variant",
    [
        TEXT,
        TEXT.upper(),
        TEXT.replace("“", '"').replace("”", '"').replace("—", "-"),
        TEXT.replace(" ", "  ").replace(". ", ".\r\n\r\n"),
        f"\ufeff  {TEXT}\n",
        TEXT.replace("storm", "st\u00adorm"),
    ],
)
def test_the_same_article_read_differently_has_the_same_id(variant: str) -> None:
    assert article_id("https://example.com/a", variant) == article_id("https://example.com/a", TEXT)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a",
        "http://example.com/a",
        "HTTPS://WWW.Example.com/a/",
        "https://example.com/a#comments",
        "https://example.com/a?utm_source=feed&utm_medium=rss",
        "example.com/a",
    ],
)
def test_url_spellings_of_one_page_have_one_id(url: str) -> None:
    assert normalize_url_for_id(url) == "example.com/a"
    assert article_id(url, TEXT) == article_id("https://example.com/a", TEXT)


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("https://example.com/b", TEXT),
        ("https://example.com/a?id=2", TEXT),
        (None, TEXT),
        ("https://example.com/a", TEXT.replace("again", "once more")),
    ],
)
def test_a_different_url_or_text_gives_a_different_id(url: str | None, text: str) -> None:
    assert article_id(url, text) != article_id("https://example.com/a", TEXT)


def test_ids_are_sixteen_hex_digits(seed_texts: dict[str, str]) -> None:
    ids = {article_id(None, text) for text in seed_texts.values()}
    assert len(ids) == len(seed_texts)
    assert all(re.fullmatch(r"[0-9a-f]{16}", i) for i in ids)
    assert article_id(None, "x") == article_id("", "x") == article_id("  ", "x")


def test_normalize_text() -> None:
    assert normalize_text("  “Quoted”\r\n\r\n— Text ") == '"quoted" - text'
