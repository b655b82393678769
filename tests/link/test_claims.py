from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.claims import build_claims, claim_for_query
from storyline.link.stance import analyse_units

pytestmark = pytest.mark.slow

ATACMS = "Ukraine may use US-supplied long-range missiles (ATACMS) inside Russia"


def test_the_atacms_claim_reads_prohibited_unchanged_then_changed(nlp, seed_articles) -> None:
    claim = claim_for_query(ATACMS, seed_articles, nlp, Settings())
    clear = [s for s in claim.statements if s.step is not None]
    assert clear[0].date.startswith("2024-05") and clear[0].stance == "refutes"
    assert clear[0].step == "new"
    middle = [s for s in clear if "2024-06" <= s.date < "2024-09"]
    assert {s.article_id for s in middle} == {"001", "004"}
    assert all(s.step == "unchanged" and s.stance == "refutes" for s in middle)
    november = [s for s in clear if s.date.startswith("2024-11")]
    assert november[0].step == "changed" and november[0].stance == "supports"
    assert claim.conflicts and all(c.kind == "update" for c in claim.conflicts)


def test_a_query_worded_as_a_ban_flips_the_stances(nlp, seed_articles) -> None:
    banned = claim_for_query(
        "Ukraine is prohibited from using long-range ATACMS missiles inside Russia",
        seed_articles, nlp, Settings(),
    )  # fmt: skip
    first = next(s for s in banned.statements if s.step == "new")
    assert first.stance == "supports"


def test_story_claims_find_the_atacms_thread(nlp, seed_articles) -> None:
    claims = build_claims("s", seed_articles, nlp, Settings())
    atacms = [c for c in claims if "ATACMS" in c.proposition]
    assert atacms
    steps = [s.step for s in atacms[0].statements if s.step]
    assert steps[0] == "new" and "changed" in steps


@pytest.mark.parametrize(
    "sentence, stance, reason",
    [
        (
            "The president has not authorized the use of long-range missiles inside Russia.",
            "refutes",
            "negated",
        ),
        (
            "The government allowed the army to use the new rockets against the depots.",
            "supports",
            None,
        ),
        (
            "Our policy prohibiting the use of these rockets has not changed.",
            "refutes",
            "no-change",
        ),
        ("The minister urged the allies to allow strikes with the rockets.", "unclear", None),
        (
            "It is unclear whether the army will be allowed to use the rockets.",
            "unclear",
            "uncertain",
        ),
        (
            "The rules direct the army not to use the rockets across the border.",
            "refutes",
            "directed not to",
        ),
        (
            "The ministry had previously barred the army from using the rockets.",
            "refutes",
            "earlier-state",
        ),
    ],
)
def test_stance_rules(nlp, sentence: str, stance: str, reason: str | None) -> None:
    units = analyse_units(next(nlp(sentence).sents))
    assert units, sentence
    assert units[0].stance == stance
    if reason:
        assert reason in units[0].reasons
