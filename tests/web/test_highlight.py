"""Article text as HTML: every segment escaped, marks nested, ids unique."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from storyline.models import Article, DateMention, EntityMention, Quote, SourceRef
from storyline.web.highlight import (
    LAYER_ENTITY,
    LAYER_QUOTE,
    Mark,
    highlight_article,
    render_marked,
)

HOSTILE = 'Ana said <script>alert(1)</script> and <img src=x onerror=alert(1)> "ok" & more.'


class _Tags(HTMLParser):
    """Collects tags and checks they nest properly."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.seen.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert parser.stack == []
    return parser


def test_hostile_text_is_escaped_not_interpreted() -> None:
    html = str(render_marked(HOSTILE, [Mark(0, 3, LAYER_ENTITY, "a", (("href", "/e/1"),))]))
    tags = parse(html)
    assert [t for t, _ in tags.seen] == ["p", "a"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "".join(tags.text) == HOSTILE  # the reader sees the text exactly as written


def test_attribute_values_are_escaped() -> None:
    mark = Mark(0, 3, LAYER_QUOTE, "span", (("title", '"><script>x</script>'),))
    html = str(render_marked("Ana spoke.", [mark]))
    assert "<script>" not in html
    assert parse(html).seen[1][1]["title"] == '"><script>x</script>'


@pytest.mark.parametrize(
    ("marks", "expected_text"),
    [
        # a quote holding a name
        ([Mark(4, 20, 1, "span"), Mark(5, 9, 3, "a")], "The words of Ana"),
        # crossing spans: the inner one is closed and reopened
        ([Mark(0, 10, 1, "span"), Mark(5, 15, 2, "mark")], "The words of Ana"),
        # identical spans on two layers
        ([Mark(4, 9, 1, "span"), Mark(4, 9, 3, "time")], "The words of Ana"),
    ],
)
def test_overlapping_marks_nest_properly(marks: list[Mark], expected_text: str) -> None:
    text = "The words of Ana were heard."
    tags = parse(str(render_marked(text, marks)))
    assert "".join(tags.text).startswith(expected_text)


def test_id_goes_on_first_fragment_only() -> None:
    text = "One two three four"
    marks = [
        Mark(0, 13, 1, "span", (("id", "quote-0"),)),
        Mark(4, 18, 2, "mark", (("id", "cited"),)),
    ]
    html = str(render_marked(text, marks))
    assert html.count('id="quote-0"') == 1
    assert html.count('id="cited"') == 1
    assert html.count("<mark") == 2  # split where the quote ends


def test_paragraphs_split_on_newlines_and_marks_cross_them() -> None:
    text = "First line here.\n\nSecond line there."
    html = str(render_marked(text, [Mark(6, 24, 1, "span", (("class", "quote"),))]))
    tags = parse(html)
    assert [t for t, _ in tags.seen].count("p") == 2
    assert [t for t, _ in tags.seen].count("span") == 2
    assert "\n" not in "".join(tags.text)


def _article() -> Article:
    text = 'Mayor Ines Carvalho said on Monday: "<b>No</b> more ships." Brisa agreed.'
    quote_text = "<b>No</b> more ships."
    q = text.index(quote_text)
    art = Article("a1", SourceRef("a.txt"), text, text)
    art.quotes.append(
        Quote(
            "a1:q0", "a1", quote_text, q, q + len(quote_text), "direct", "Ines Carvalho", "person"
        )
    )
    name = text.index("Ines Carvalho")
    art.mentions.append(
        EntityMention("Ines Carvalho", name, name + 13, "PERSON", "person", "Ines Carvalho")
    )
    place = text.index("Brisa")
    art.mentions.append(EntityMention("Brisa", place, place + 5, "GPE", "place", "Brisa"))
    day = text.index("on Monday")
    art.dates.append(DateMention("a1", "on Monday", day, day + 9, "DATE", "2025-02-03"))
    return art


def test_article_highlight_links_entities_and_marks_facts() -> None:
    art = _article()
    html = str(highlight_article(art, entity_of={0: "ent_ines"}, cited=(0, 5)))
    tags = parse(html)
    by_tag: dict[str, list[dict[str, str | None]]] = {}
    for tag, attrs in tags.seen:
        by_tag.setdefault(tag, []).append(attrs)
    assert by_tag["a"] == [
        {"class": "ent ent-person", "href": "/entities/ent_ines", "title": "Ines Carvalho (person)"}
    ]
    assert by_tag["time"][0]["datetime"] == "2025-02-03"
    assert {"class": "quote quote-direct", "id": "quote-0"}.items() <= by_tag["span"][0].items()
    assert by_tag["mark"][0]["id"] == "cited"
    assert "&lt;b&gt;No&lt;/b&gt;" in html
    assert "".join(tags.text) == art.text
    # Brisa has no entity id: marked, not linked
    assert '<span class="ent ent-place">Brisa</span>' in html


def test_spans_outside_the_text_are_ignored() -> None:
    art = _article()
    art.mentions.append(EntityMention("x", 500, 510, "GPE", "place", "x"))
    html = str(highlight_article(art))
    assert (
        re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"')
        == art.text
    )
