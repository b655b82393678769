"""HTML extraction: the article body as paragraphs, page metadata, no scripts."""

from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.models import RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.extract import HTML_META_FIELDS, extract_html

PARAGRAPHS = [
    "A powerful storm struck the coast on Thursday, officials said, cutting power to "
    "thousands of homes across the region.",
    '"We are doing everything we can," the mayor told reporters at a briefing on Friday '
    "morning in the city hall.",
    "Crews worked through the night to restore electricity, and most homes had power "
    "again by Saturday, the utility company said.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Storm hits coast | Harbour Gazette</title>
<meta name="author" content="Jane Doe">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Storm hits coast">
<meta property="article:published_time" content="2024-05-30T08:00:00Z">
<meta property="article:modified_time" content="2024-06-10T08:00:00Z">
<link rel="canonical" href="https://www.harbourgazette.example/news/storm-hits-coast">
<script>var tracker = "HEAD-SCRIPT-TEXT";</script>
<style>p {{ color: red }}</style>
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/login">Sign in</a></nav>
<article>
<h1>Storm hits coast</h1>
<p>{PARAGRAPHS[0]}</p>
<script>document.write("BODY-SCRIPT-TEXT")</script>
<noscript>Enable JavaScript to see NOSCRIPT-TEXT.</noscript>
<p>{PARAGRAPHS[1]}</p>
<p onclick="alert('HANDLER-TEXT')">{PARAGRAPHS[2]}</p>
</article>
<section class="comments"><p>Great article, thanks, said COMMENT-TEXT reader.</p></section>
<footer>© 2024 Harbour Gazette</footer>
</body></html>"""


@pytest.fixture(scope="module")
def extracted() -> tuple[str, dict[str, str | None]]:
    return extract_html(PAGE, url=None)


def test_body_paragraphs_are_separated_by_blank_lines(
    extracted: tuple[str, dict[str, str | None]],
) -> None:
    text, _ = extracted
    blocks = text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in blocks
    assert blocks.index(PARAGRAPHS[0]) < blocks.index(PARAGRAPHS[1]) < blocks.index(PARAGRAPHS[2])


@pytest.mark.parametrize(
    "marker",
    ["HEAD-SCRIPT-TEXT", "BODY-SCRIPT-TEXT", "HANDLER-TEXT", "document.write", "color: red"],
)
def test_scripts_and_styles_do_not_survive(
    extracted: tuple[str, dict[str, str | None]], marker: str
) -> None:
    text, meta = extracted
    assert marker not in text
    assert all(marker not in (value or "") for value in meta.values())


def test_navigation_and_comments_are_left_out(
    extracted: tuple[str, dict[str, str | None]],
) -> None:
    text, _ = extracted
    assert "Sign in" not in text
    assert "COMMENT-TEXT" not in text


def test_page_metadata(extracted: tuple[str, dict[str, str | None]]) -> None:
    _, meta = extracted
    assert set(meta) == set(HTML_META_FIELDS)
    assert meta["title"] == "Storm hits coast"
    assert meta["author"] == "Jane Doe"
    assert meta["sitename"] == "Harbour Gazette"
    assert meta["url"] == "https://www.harbourgazette.example/news/storm-hits-coast"
    # htmldate's original date, not the modification date.
    assert meta["date"] == "2024-05-30"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "not html at all",
        "<html><head><title>Menu only</title></head><body><nav>Home</nav>"
        "<script>alert('x')</script></body></html>",
    ],
)
def test_pages_without_an_article_give_empty_text(html: str) -> None:
    text, meta = extract_html(html, url=None)
    assert text == ""
    assert set(meta) == set(HTML_META_FIELDS)


def test_an_html_document_through_the_pipeline() -> None:
    raw = RawDocument(SourceRef("storm.html"), PAGE, format="html")
    article = prepare_article(raw, Settings())
    assert article.raw.startswith("Storm hits coast")
    assert article.text.split("\n\n")[1:] == PARAGRAPHS
    assert (article.meta.title.value, article.meta.title.source) == ("Storm hits coast", "html")
    assert (article.meta.outlet.value, article.meta.outlet.source) == ("Harbour Gazette", "html")
    assert article.meta.published.value == "2024-05-30"
    assert article.meta.language.value == "en"
    assert "SCRIPT" not in article.text
