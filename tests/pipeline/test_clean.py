"""Cleaning: page furniture goes, with offsets and reasons; reporting always stays."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.models import RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.clean import (
    boilerplate_lines,
    clean_text,
    collapse,
    layout_lines,
    normalize_line,
)

#: The furniture of each seed, by 1-based line number, with the reason it goes. Line 30 of
#: seed 001 loses only its trailing "Read more ..." sentence.
SEED_JUNK: dict[str, dict[int, str]] = {
    "000": {3: "metadata:dateline"},
    "001": {
        1: "language-switcher",
        5: "repeated-headline",
        6: "metadata:byline",
        30: "cross-reference",
    },
    "002": {
        1: "metadata:header",
        3: "metadata:timestamp",
        4: "metadata:timestamp",
        5: "metadata:timestamp",
        6: "metadata:timestamp",
        7: "status",
    },
    "003": {1: "ui", 2: "ui", 3: "ui", 18: "photo-credit", 46: "solicitation"},
    "004": {
        1: "ui",
        15: "separator",
        16: "credit",
        17: "notice",
        18: "ui",
        19: "counter",
    },
}
PARTIAL = {("001", 30)}
SEEDS = sorted(SEED_JUNK)
WORDS = re.compile(r"\w+")


def _line_number(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _raw_lines(text: str) -> dict[int, str]:
    return {n: line for n, line in enumerate(text.split("\n"), start=1) if line.strip()}


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_furniture_is_removed_with_reasons(seed_texts: dict[str, str], seed: str) -> None:
    text = seed_texts[seed]
    _, removed = clean_text(text)
    found = {_line_number(text, r.start): r.reason for r in removed}
    assert found == SEED_JUNK[seed]


@pytest.mark.parametrize("seed", SEEDS)
def test_removed_offsets_index_the_input(seed_texts: dict[str, str], seed: str) -> None:
    text = seed_texts[seed]
    _, removed = clean_text(text)
    assert removed, "every seed carries some furniture"
    for r in removed:
        assert text[r.start : r.end] == r.text
        assert r.text == r.text.strip()
    assert [r.start for r in removed] == sorted(r.start for r in removed)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_reporting_sentence_survives(seed_texts: dict[str, str], seed: str) -> None:
    text = seed_texts[seed]
    cleaned, removed = clean_text(text)
    flat = " ".join(cleaned.split())
    cut = {_line_number(text, r.start): r for r in removed}
    checked = 0
    for number, line in _raw_lines(text).items():
        if number in SEED_JUNK[seed] and (seed, number) not in PARTIAL:
            continue
        if (seed, number) in PARTIAL:
            line = text[text.index(line) : cut[number].start]
        line = collapse(line)
        if re.search(r"[.!?][\"'”’]?$", line) and len(WORDS.findall(line)) >= 8:
            assert line in flat, f"line {number} of seed {seed} lost"
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("seed", SEEDS)
def test_no_word_is_lost_or_moved(seed_texts: dict[str, str], seed: str) -> None:
    """The words of the clean text are exactly the words of the input minus removals."""
    text = seed_texts[seed]
    cleaned, removed = clean_text(text)
    kept = list(text)
    for r in removed:
        kept[r.start : r.end] = " " * (r.end - r.start)
    assert WORDS.findall(collapse("".join(kept))) == WORDS.findall(cleaned)


def test_line_broken_mid_sentence_is_rejoined(seed_texts: dict[str, str]) -> None:
    text = seed_texts["002"]
    lines = text.split("\n")
    cleaned, _ = clean_text(text)
    # Lines 10-12: "... with US weapons" / ", the New York Times" / "has reported."
    joined = f"{lines[9].strip()}{lines[10].strip()} {lines[11].strip()}"
    assert joined in cleaned.split("\n\n")
    # Lines 15-16: a sentence continued on a line starting in lowercase.
    assert f"{lines[14].strip()} {lines[15].strip()}" in cleaned.split("\n\n")


@pytest.mark.parametrize("seed", SEEDS)
def test_output_layout_is_paragraphs_and_deterministic(
    seed_texts: dict[str, str], seed: str
) -> None:
    cleaned, removed = clean_text(seed_texts[seed])
    assert cleaned == cleaned.strip()
    paragraphs = cleaned.split("\n\n")
    assert all(p and "\n" not in p and p == collapse(p) for p in paragraphs)
    assert clean_text(seed_texts[seed]) == (cleaned, removed)
    # Cleaning the clean text again finds nothing more to remove.
    again, removed_again = clean_text(cleaned)
    assert (again, removed_again) == (cleaned, [])


@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_headline_stays_as_first_paragraph(seed_texts: dict[str, str], seed: str) -> None:
    layout = layout_lines(seed_texts[seed])
    assert layout.title is not None
    cleaned, _ = clean_text(seed_texts[seed])
    assert cleaned.split("\n\n")[0] == layout.lines[layout.title].text


BODY = (
    "The storm hit the coast on Friday, cutting power to thousands of homes.\n"
    "Officials said crews would work through the night to restore electricity.\n"
)


@pytest.mark.parametrize(
    ("page", "junk", "reason"),
    [
        (f"Menu\nSign in\nStorm hits coast\n{BODY}", "Sign in", "ui"),
        (f"Storm hits coast\n{BODY}Share this article", "Share this article", "ui"),
        (f"Storm hits coast\n{BODY}12 comments", "12 comments", "counter"),
        (f"Storm hits coast\n{BODY}Comments (3)", "Comments (3)", "counter"),
        (f"5 min read\nStorm hits coast\n{BODY}", "5 min read", "counter"),
        (f"EN | DE | FR\nStorm hits coast\n{BODY}", "EN | DE | FR", "language-switcher"),
        (f"Storm hits coast\nDeveloping story\n{BODY}", "Developing story", "status"),
        (f"Storm hits coast\n{BODY}Photo: AP", "Photo: AP", "photo-credit"),
        (
            f"Storm hits coast\n{BODY}John Moore/Getty Images",
            "John Moore/Getty Images",
            "photo-credit",
        ),
        (f"Storm hits coast\n{BODY}Jane Roe/NPA", "Jane Roe/NPA", "photo-credit"),
        (
            f"Storm hits coast\n{BODY}* * *\nMore text here from the desk today.",
            "* * *",
            "separator",
        ),
        (
            f"Storm hits coast\nBy Jane Doe and John Roe\n{BODY}",
            "By Jane Doe and John Roe",
            "metadata:byline",
        ),
        (
            f"Storm hits coast\nUpdated 10:32 AM EDT, Fri May 31, 2024\n{BODY}",
            "Updated 10:32 AM EDT, Fri May 31, 2024",
            "metadata:timestamp",
        ),
        (
            f"Storm hits coast\n{BODY}© 2024 Gazette Media. All rights reserved.",
            "© 2024 Gazette Media. All rights reserved.",
            "copyright",
        ),
        (
            f"Storm hits coast\n{BODY}Sign up for our newsletter to get the news you need.",
            "Sign up for our newsletter to get the news you need.",
            "solicitation",
        ),
        (
            f"Storm hits coast\n{BODY}Editor's note: This story was published from a wire feed.",
            "Editor's note: This story was published from a wire feed.",
            "notice",
        ),
        (
            f"Storm hits coast\n{BODY}Reporting by Jane Doe; Editing by John Roe",
            "Reporting by Jane Doe; Editing by John Roe",
            "credit",
        ),
        (
            f"Storm hits the coast\nStorm hits the coast Photo: the harbour (AFP)\n{BODY}",
            "Storm hits the coast Photo: the harbour (AFP)",
            "repeated-headline",
        ),
        (
            f"Storm hits coast\n{BODY}Read more: how storms are named.",
            "Read more: how storms are named.",
            "cross-reference",
        ),
        (f"Gazette Today\nStorm hits coast\n{BODY}© Gazette Today", "Gazette Today", "site-name"),
    ],
)
def test_furniture_classes(page: str, junk: str, reason: str) -> None:
    cleaned, removed = clean_text(page)
    assert (junk, reason) in [(r.text, r.reason) for r in removed]
    assert junk not in cleaned.split("\n\n")
    assert "The storm hit the coast on Friday" in cleaned


@pytest.mark.parametrize(
    "page",
    [
        # A subheading inside the body is structure, not furniture.
        f"Storm hits coast\n{BODY}What happens next\n{BODY}",
        # Clock times heading live-blog entries stay; only stamps with a date go.
        f"Storm hits coast\n{BODY}11:30 a.m.\n{BODY}",
        # Reporting that mentions a feed, a tip or "read more" is reporting.
        "Storm hits coast\nThe news feed went dark when the storm hit the relay station.\n"
        "“Read more books,” the librarian told the children who came to the shelter.\n"
        f"{BODY}",
        # A repeated sentence of reporting (live blogs restate figures) is kept.
        f"Storm hits coast\n{BODY}{BODY}",
        # A quote that asks the reader something is still reporting, inside the body.
        "Storm hits coast\n"
        "“Do you have a plan? Let us know,” the mayor told residents at the briefing.\n"
        f"{BODY}",
    ],
)
def test_reporting_is_never_taken_for_furniture(page: str) -> None:
    cleaned, removed = clean_text(page)
    assert removed == []
    assert WORDS.findall(page) == WORDS.findall(cleaned)


def test_style_sheet_lines_left_in_a_dump_go() -> None:
    css = ".bio-text, .twitter-bio {\ntext-align: left;\nfont-family:Helvetica, Arial;\n}"
    cleaned, removed = clean_text(f"Storm hits coast\n{BODY}{css}\n{BODY}")
    assert [r.reason for r in removed] == ["code", "code", "code", "separator"]
    assert "{" not in cleaned and "text-align" not in cleaned
    # A headline with a colon and a semicolon is not a style rule.
    headline = "Poll: 3 battleground Senate races are tight;"
    assert clean_text(f"{headline}\n{BODY}")[0].startswith(headline)


def test_a_notice_broken_over_lines_goes_whole() -> None:
    note = (
        "Editor’s note: The mayor regularly\nignores\nthe council and its budget,\nofficials say."
    )
    cleaned, removed = clean_text(f"Storm hits coast\n{BODY}{note}")
    assert [r.reason for r in removed] == ["notice"] * 4
    assert cleaned.endswith("restore electricity.")


def test_trailing_cross_reference_is_cut_from_its_line() -> None:
    text = f"Storm hits coast\n{BODY}Power was back by Saturday. Read more about this in our guide."
    cleaned, removed = clean_text(text)
    assert cleaned.endswith("Power was back by Saturday.")
    assert [(r.text, r.reason) for r in removed] == [
        ("Read more about this in our guide.", "cross-reference")
    ]
    assert text[removed[0].start : removed[0].end] == removed[0].text


@pytest.mark.parametrize(
    ("text", "paragraphs"),
    [
        # A headline above a lead starting in lowercase is not one sentence.
        (
            "Apple unveils new phone\niPhone sales rose in the spring, the company said today.",
            2,
        ),
        # A line ending in a comma goes on.
        ("The storm hit the coast on Friday,\nofficials said on Saturday.", 1),
        # A blank line ends a paragraph even mid-sentence.
        ("The storm hit the coast on Friday and cut the power\n\nofficials said later.", 2),
        # A line removed in between (a credit) means the two were not one sentence.
        (
            "The storm hit the coast on Friday and cut the power to many homes in the area\n"
            "Jane Roe/NPA\nofficials said later on Saturday.",
            2,
        ),
    ],
)
def test_rejoining_broken_lines(text: str, paragraphs: int) -> None:
    cleaned, _ = clean_text(text)
    assert len(cleaned.split("\n\n")) == paragraphs


def test_whitespace_and_invisible_characters_are_normalised() -> None:
    cleaned, removed = clean_text(
        "Storm\u00a0hits   coast\r\n\r\n\ufeffThe storm hit the\u200b coast.\r\n"
    )
    assert cleaned == "Storm hits coast\n\nThe storm hit the coast."
    assert removed == []


def test_known_boilerplate_goes_at_the_edges_only() -> None:
    slogan = "Gazette: the news that matters to you and your family every day."
    page = f"{slogan}\nStorm hits coast\n{BODY}{slogan}\n{BODY}{slogan}"
    known = frozenset({normalize_line(slogan)})
    cleaned, removed = clean_text(page, known_boilerplate=known)
    assert [r.reason for r in removed] == ["boilerplate", "boilerplate"]
    assert cleaned.count(slogan) == 1  # the copy inside the body is kept


def test_boilerplate_lines_counts_each_text_once() -> None:
    texts = [
        "Share this\nShare this\nA storm hit the coast.",
        "Share this\nThe river flooded the valley.",
        "Follow us\nThe dam held.",
        "Follow us\nCrews worked overnight.",
    ]
    assert boilerplate_lines(texts, min_share=0.5) == frozenset({"share this", "follow us"})
    assert boilerplate_lines(texts, min_share=0.75) == frozenset()
    # One article alone says nothing about an outlet's boilerplate.
    assert boilerplate_lines(texts[:1]) == frozenset()


def test_empty_and_furniture_only_texts() -> None:
    assert clean_text("") == ("", [])
    cleaned, removed = clean_text("Menu\nShare\n12 comments")
    assert cleaned == ""
    assert [r.reason for r in removed] == ["ui", "ui", "counter"]


def _example_articles() -> list[dict[str, Any]]:
    truth = Path(__file__).resolve().parents[2] / "examples" / "truth.json"
    if not truth.is_file():
        return []
    articles = json.loads(truth.read_text(encoding="utf-8"))["articles"]
    return [a for a in articles if a["format"] in ("text", "html")]


@pytest.mark.parametrize("article", _example_articles(), ids=lambda a: a["key"])
def test_example_corpus_cleaning(examples_dir: Path, article: dict[str, Any]) -> None:
    """Junk of the example corpus goes; its first and last body sentences and its broken
    lines (rejoined) stay."""
    body = (examples_dir / article["file"]).read_text(encoding="utf-8")
    raw = RawDocument(SourceRef(article["file"]), body, format=article["format"])
    text = prepare_article(raw, Settings()).text
    paragraphs = text.split("\n\n")
    for junk in article["junk_lines"]:
        assert collapse(junk["text"]) not in paragraphs, junk
        assert collapse(junk["text"]) not in text or junk["reason"] == "caption", junk
    assert text.split("\n\n")[0] == article["title"] or article["format"] == "html"
    assert article["body_first"] in text
    assert article["body_last"] in text
    if article.get("broken_lines"):
        assert article["broken_lines"]["joined"] in paragraphs
