from __future__ import annotations

import pytest

from storyline.link.agencies import credits_in, initials, is_known_wire, outlet_matches_credit


@pytest.mark.parametrize(
    "text, removed, expected",
    [
        ("WASHINGTON (AP) \u2013 The rockets may now be used.", [], {"AP"}),
        ("Headline\n\nKYIV (Reuters) - Officials said the limits stay.", [], {"Reuters"}),
        (
            "The limits stay, officials said.",
            ["By Jane Roe, Velmora Press Agency"],
            {"Velmora Press Agency"},
        ),
        (
            "The limits stay.\nAssociated Press writers Ann Lee and Bo Tan contributed to this "
            "report.",
            [],
            {"Associated Press"},
        ),
        ("KYIV \u2013 The limits stay, officials said.", [], set()),
        ("The report (published in May) said the limits stay.", [], set()),
    ],
)
def test_credits_in_datelines_bylines_and_contributor_lines(
    text: str, removed: list[str], expected: set[str]
) -> None:
    assert credits_in(text, removed) == expected


@pytest.mark.parametrize(
    "outlet, credit, expected",
    [
        ("Velmora Press Agency", "VPA", True),
        ("Associated Press", "AP", True),
        ("Agence France-Presse", "AFP", True),
        ("Associated Press (syndicated)", "Associated Press", True),
        ("Sputnik", "Sputnik", True),
        ("Northline News", "VPA", False),
        ("AP", "Associated Press", True),
        (None, "AP", False),
    ],
)
def test_outlet_matches_credit(outlet: str | None, credit: str, expected: bool) -> None:
    assert outlet_matches_credit(outlet, credit) is expected


@pytest.mark.parametrize(
    "outlet, expected",
    [
        ("Reuters", True),
        ("Anadolu Agency", True),
        ("Velmora Press Agency", True),
        ("Agence Kestria Presse", True),
        ("The Zelvohrad Courier", False),
        ("Northline News", False),
        (None, False),
    ],
)
def test_known_wires(outlet: str | None, expected: bool) -> None:
    assert is_known_wire(outlet) is expected


def test_initials_skip_small_words() -> None:
    assert initials("Press Trust of India") == "pti"
    assert initials("Reuters") == ""
