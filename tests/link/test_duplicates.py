from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.duplicates import containment, find_copies
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
