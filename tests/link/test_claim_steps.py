from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.claim_steps import label_steps
from storyline.models import Claim, ClaimStatement, Stance


def _said(
    article: str, outlet: str, date: str | None, stance: Stance, *reasons: str
) -> ClaimStatement:
    return ClaimStatement(
        article, 0, 10, f"{outlet} on {date}", stance, date, outlet, None, list(reasons)
    )


@pytest.fixture()
def ban_over_time() -> Claim:
    """A ban in force for weeks, one outlet wrongly reporting it lifted, then lifted."""
    statements = [
        _said("a1", "Agency", "2025-03-04", "supports"),
        _said("b1", "Daily", "2025-03-04", "supports"),
        _said("c1", "Courier", "2025-03-05", "supports"),
        _said("a2", "Agency", "2025-05-20", "supports"),
        _said("b2", "Daily", "2025-05-20", "refutes"),
        _said("c2", "Courier", "2025-05-20", "supports"),
        _said("c2-copy", "Reprints", "2025-05-20", "supports", "copy of c2"),
        _said("d1", "Review", "2025-05-21", "supports"),
        _said("a3", "Agency", "2025-06-24", "refutes"),
        _said("b3", "Daily", "2025-06-24", "refutes"),
        _said("old", "Review", "2025-06-24", "supports", "earlier-state"),
        _said(
            "x1", "Aggregator", None, "supports", "copy of a1", "published 2025-03-04 (inferred)"
        ),
    ]
    return label_steps(Claim("c", None, "the ban is in force", statements[::-1]), Settings())


def _by_article(claim: Claim) -> dict[str, ClaimStatement]:
    return {s.article_id: s for s in claim.statements}


@pytest.mark.parametrize(
    "article, step, outlet_step",
    [
        ("a1", "new", "outlet new"),
        ("b1", "new", "outlet new"),
        ("c1", "unchanged", "outlet new"),
        ("a2", "unchanged", "outlet unchanged"),
        ("b2", "changed", "outlet changed"),
        ("c2", "unchanged", "outlet unchanged"),
        ("c2-copy", "unchanged", "outlet new"),
        ("d1", "unchanged", "outlet new"),
        ("a3", "changed", "outlet changed"),
        ("b3", "changed", "outlet unchanged"),
        ("old", None, None),
        ("x1", None, "outlet new"),
    ],
)
def test_steps_by_publication_date_and_per_outlet(
    ban_over_time: Claim, article: str, step: str | None, outlet_step: str | None
) -> None:
    statement = _by_article(ban_over_time)[article]
    assert statement.step == step
    outlet_steps = [r for r in statement.reasons if r.startswith("outlet ")]
    assert outlet_steps == ([outlet_step] if outlet_step else [])


def test_the_undated_copy_is_ordered_by_its_inferred_date(ban_over_time: Claim) -> None:
    assert [s.article_id for s in ban_over_time.statements][:3] == ["a1", "b1", "x1"]


def test_disagreement_in_one_period_is_a_contradiction_and_a_later_change_an_update(
    ban_over_time: Claim,
) -> None:
    ids = [s.article_id for s in ban_over_time.statements]
    found = {(c.kind, ids[c.earlier], ids[c.later]) for c in ban_over_time.conflicts}
    assert found == {
        ("contradiction", "a2", "b2"),
        ("contradiction", "b2", "c2"),
        # the Review says "in force" the next day, before any change: the same period
        ("contradiction", "b2", "d1"),
        # the change of 2025-06-24 supersedes the last majority (2025-05-21) ...
        ("update", "d1", "a3"),
        ("update", "d1", "b3"),
        # ... and the agency's own earlier line; the Daily had already said "lifted"
        ("update", "a2", "a3"),
    }


def test_copies_do_not_tip_a_tied_day() -> None:
    statements = [
        _said("a", "Agency", "2025-03-04", "supports"),
        _said("b", "Daily", "2025-03-04", "refutes"),
        _said("b-copy", "Reprints", "2025-03-04", "refutes", "copy of b"),
        _said("c", "Courier", "2025-03-05", "supports"),
    ]
    claim = label_steps(Claim("c", None, "p", statements), Settings())
    # no majority on the first day: the next statement starts the thread afresh
    assert _by_article(claim)["c"].step == "new"
    # the Daily's "refutes" of 03-04 still stands against the Courier's next-day "supports"
    assert [(c.kind, c.earlier, c.later) for c in claim.conflicts] == [
        ("contradiction", 0, 1),
        ("contradiction", 1, 3),
    ]


def test_unclear_statements_take_no_step_unless_they_say_nothing_changed() -> None:
    statements = [
        _said("a", "Agency", "2025-03-04", "supports"),
        _said("b", "Daily", "2025-03-05", "unclear"),
        _said("c", "Courier", "2025-03-06", "unclear", "no-change"),
    ]
    claim = label_steps(Claim("c", None, "p", statements), Settings())
    assert [s.step for s in claim.statements] == ["new", None, "unchanged"]
    assert claim.conflicts == []


def _conflicts(*statements: ClaimStatement) -> list[tuple[str, str, str]]:
    claim = label_steps(Claim("c", None, "the ban is in force", list(statements)), Settings())
    ids = [s.article_id for s in claim.statements]
    return [(c.kind, ids[c.earlier], ids[c.later]) for c in claim.conflicts]


def test_outlets_disagreeing_two_days_apart_about_one_state_contradict() -> None:
    found = _conflicts(
        _said("a", "Agency", "2025-03-04", "supports"),
        _said("b", "Daily", "2025-03-04", "supports"),
        _said("c", "Courier", "2025-03-06", "refutes", "about 2025-03-04"),
    )
    assert found == [("contradiction", "a", "c"), ("contradiction", "b", "c")]


def test_a_later_opposite_statement_after_a_change_is_an_update() -> None:
    found = _conflicts(
        _said("a", "Agency", "2025-03-04", "supports"),
        _said("b", "Daily", "2025-05-20", "refutes"),
        _said("c", "Courier", "2025-05-20", "refutes"),
    )
    assert found == [("update", "a", "b"), ("update", "a", "c")]


def test_the_old_state_restated_before_the_change_contradicts_a_dissent() -> None:
    """The Daily alone says "lifted" on the 20th, against the day's majority; the Review says
    "in force" on the 22nd, before the change everyone reports on the 30th."""
    found = _conflicts(
        _said("a", "Agency", "2025-05-20", "supports"),
        _said("b", "Daily", "2025-05-20", "refutes"),
        _said("c", "Courier", "2025-05-20", "supports"),
        _said("r", "Review", "2025-05-22", "supports"),
        _said("a2", "Agency", "2025-05-30", "refutes"),
        _said("r2", "Review", "2025-05-30", "refutes"),
    )
    assert [f for f in found if f[0] == "contradiction"] == [
        ("contradiction", "a", "b"),
        ("contradiction", "b", "c"),
        ("contradiction", "b", "r"),
    ]
    assert ("update", "r", "r2") in found


@pytest.mark.parametrize("later_date", ["2025-03-04", "2025-03-06", "2025-04-30"])
def test_agreeing_outlets_never_contradict(later_date: str) -> None:
    found = _conflicts(
        _said("a", "Agency", "2025-03-04", "refutes"),
        _said("b", "Daily", later_date, "refutes", "about 2025-03-01"),
    )
    assert found == []
