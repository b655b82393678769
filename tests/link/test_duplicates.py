from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.duplicates import canonical_url, containment, find_copies
from storyline.models import MetaValue
from tests.link.conftest import make_article


@pytest.fixture()
def wire_family(seed_texts):
    text = seed_texts["004"]
    lines = text.split("\n")
    return [
        make_article("original", text, "2024-06-05"),
        make_article("exact", "  " + text.upper() + "\n", "2024-06-06"),
        make_article("near", text.replace("Qatar", "Katar", 1), "2024-06-06"),
        make_article(
            "wire",
            "\n".join(lines[:9])
            + "\nA local editor added this closing line about the city council.",
            "2024-06-07",
        ),
        make_article("other", seed_texts["003"], "2024-05-31"),
    ]


@pytest.mark.parametrize("copy_id, kind", [("exact", "exact"), ("near", "near"), ("wire", "wire")])
def test_copies_point_at_the_earliest_original(wire_family, copy_id: str, kind: str) -> None:
    links = find_copies(wire_family, Settings())
    assert links[copy_id].copy_of == "original"
    assert links[copy_id].kind == kind
    assert "original" not in links and "other" not in links


def test_wire_copy_lists_added_and_cut_sentences(wire_family) -> None:
    link = find_copies(wire_family, Settings())["wire"]
    wire = next(a for a in wire_family if a.id == "wire")
    original = wire_family[0]
    assert [s.text for s in link.added] == [
        "A local editor added this closing line about the city council."
    ]
    assert any("Rounds said he agreed" in s.text for s in link.cut)
    for span in link.added:
        assert wire.text[span.start : span.end] == span.text
    for span in link.cut:
        assert original.text[span.start : span.end] == span.text


def test_an_earlier_copy_becomes_the_original(seed_texts) -> None:
    text = seed_texts["002"]
    later = make_article("later", text, "2024-06-01")
    earlier = make_article("earlier", text + "\nOne more line.", "2024-05-31")
    assert find_copies([later, earlier], Settings())["later"].copy_of == "earlier"


@pytest.mark.parametrize(
    "jaccard, a, b, expected", [(1.0, 10, 10, 1.0), (0.5, 20, 10, 1.0), (0.0, 5, 5, 0.0)]
)
def test_containment_from_jaccard(jaccard: float, a: int, b: int, expected: float) -> None:
    assert containment(jaccard, a, b) == pytest.approx(expected)


def _titled(article_id: str, text: str, title: str, outlet: str, url: str | None = None):
    article = make_article(article_id, text, "2024-06-05", outlet)
    article.meta.title = MetaValue(title, "input")
    article.meta.url = MetaValue(url, "input" if url else "none")
    return article


def test_the_credited_agency_is_the_original_even_when_a_copy_is_earlier_and_longer(
    seed_texts,
) -> None:
    agency = make_article("agency", seed_texts["002"], "2024-05-31", "Sputnik")
    reprint = make_article(
        "reprint",
        seed_texts["002"] + "\nAn editor's note from the aggregator closes the story here.",
        "2024-05-30",
        "Daily Aggregator",
    )
    links = find_copies([reprint, agency], Settings())
    assert set(links) == {"reprint"}
    assert links["reprint"].copy_of == "agency"
    assert links["reprint"].kind == "wire"
    assert [s.text for s in links["reprint"].added] == [
        "An editor's note from the aggregator closes the story here."
    ]


def test_a_known_wire_is_the_original_without_a_credit(seed_texts) -> None:
    wire = make_article("wire", seed_texts["003"], "2024-05-31", "Reuters")
    paper = make_article("paper", seed_texts["003"] + "\nOne more line.", "2024-05-30", "Paper")
    assert find_copies([paper, wire], Settings())["paper"].copy_of == "wire"


def test_the_same_body_with_and_without_its_headline_is_an_exact_duplicate(seed_texts) -> None:
    body = seed_texts["004"].strip()
    page = _titled("page", "Rockets headline\n" + body, "Rockets headline", "AP")
    record = _titled("record", body, "Rockets headline", "AP")
    link = find_copies([page, record], Settings())["record"]
    assert (link.copy_of, link.kind, link.added, link.cut) == ("page", "exact", [], [])


@pytest.mark.parametrize(
    "url_a, url_b, outlet_b, kind",
    [
        ("https://www.example.org/a/?utm_source=x", "https://example.org/a", "AP", "exact"),
        ("https://example.org/a", "https://example.org/b", "AP", "near"),
        ("https://example.org/a", "https://example.org/b", "Daily Reprints", "wire"),
    ],
)
def test_near_identical_text_by_url_and_outlet(
    seed_texts, url_a: str, url_b: str, outlet_b: str, kind: str
) -> None:
    text = seed_texts["004"]
    a = _titled("a", text, "Rockets", "AP", url_a)
    b = _titled("b", text.replace("Qatar", "Katar", 1), "Rockets", outlet_b, url_b)
    link = find_copies([a, b], Settings())["b"]
    assert (link.copy_of, link.kind) == ("a", kind)


def test_canonical_url_folds_tracking_and_host_case() -> None:
    assert (
        canonical_url("https://WWW.Example.org/a/b/?fbclid=1&page=2#top")
        == "example.org/a/b?page=2"
    )
    assert canonical_url("not a url") is None
