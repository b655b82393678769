from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.claims import build_claims, claim_for_query
from storyline.pipeline.sentence_claims import analyse_claim_text
from storyline.pipeline.stance import analyse_units
from tests.link.conftest import date_mention, make_article, with_sentences

pytestmark = pytest.mark.slow

ATACMS = "Ukraine may use US-supplied long-range missiles (ATACMS) inside Russia"


def test_the_atacms_claim_reads_prohibited_unchanged_then_changed(nlp, seed_articles) -> None:
    articles = with_sentences(seed_articles, nlp)
    claim = claim_for_query(ATACMS, analyse_claim_text(ATACMS, nlp), articles, Settings())
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
    query = "Ukraine is prohibited from using long-range ATACMS missiles inside Russia"
    articles = with_sentences(seed_articles, nlp)
    banned = claim_for_query(query, analyse_claim_text(query, nlp), articles, Settings())
    first = next(s for s in banned.statements if s.step == "new")
    assert first.stance == "supports"


def test_story_claims_find_the_atacms_thread(nlp, seed_articles) -> None:
    claims = build_claims("s", with_sentences(seed_articles, nlp), Settings())
    atacms = [c for c in claims if "ATACMS" in c.proposition]
    assert atacms
    steps = [s.step for s in atacms[0].statements if s.step]
    assert steps[0] == "new" and "changed" in steps


def test_story_claims_read_the_atacms_track_in_one_claim(nlp, seed_articles) -> None:
    """Prohibited in May, unchanged in June and August, permitted in November: one track,
    readable propositions, one id per proposition."""
    claims = build_claims("s", with_sentences(seed_articles, nlp), Settings())
    assert len({c.id for c in claims}) == len(claims)
    assert all(len(c.proposition.split()) >= 5 for c in claims)
    assert not any(c.proposition.startswith("permitted:") for c in claims)
    (atacms,) = [
        c
        for c in claims
        if "ATACMS" in c.proposition and any(s.step == "changed" for s in c.statements)
    ]
    stepped = [s for s in atacms.statements if s.step]
    may = [s for s in stepped if s.date.startswith("2024-05")]
    assert {s.article_id for s in may} <= {"002", "003"}
    assert all((s.stance, s.step) == ("refutes", "new") for s in may)
    middle = [s for s in stepped if "2024-06" <= s.date < "2024-09"]
    assert {s.article_id for s in middle} == {"001", "004"}
    assert all((s.stance, s.step) == ("refutes", "unchanged") for s in middle)
    november = [s for s in stepped if s.date.startswith("2024-11")]
    assert {s.article_id for s in november} == {"000"}
    assert all((s.stance, s.step) == ("supports", "changed") for s in november)
    assert atacms.conflicts and all(c.kind == "update" for c in atacms.conflicts)


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
        ("The government has lifted its ban on exports of the rockets.", "supports", None),
        ("The curbs on rocket exports were scrapped on Friday.", "supports", None),
        ("The blockade of rocket deliveries has ended.", "supports", None),
        ("The ban on rocket exports remains in force.", "refutes", None),
        ("The regime has cut off deliveries of the rockets.", "refutes", None),
        ("The council decided to stop selling rockets to the neighbours.", "refutes", None),
        ("The ministry ruled out any easing of the export ban.", "refutes", "refused (ruled)"),
        ("The cabinet refused to lift the embargo on rocket sales.", "refutes", "refused"),
        ('"This is not a lifting of the ban," the minister said.', "refutes", "negated"),
        ("The ministry will allow limited exports of the rockets.", "unclear", "partial"),
        ("Calls have grown for the army to be allowed to use the rockets.", "unclear", "wished"),
        (
            "The embargo, imposed in March, had cut rocket sales by half.",
            "refutes",
            "earlier-state",
        ),
    ],
)
def test_stance_rules(nlp, sentence: str, stance: str, reason: str | None) -> None:
    units = analyse_units(next(nlp(sentence).sents))
    assert len(units) == 1, [(u.theme, u.stance) for u in units]
    assert units[0].stance == stance
    if reason:
        assert any(r.startswith(reason) for r in units[0].reasons), units[0].reasons


@pytest.mark.parametrize(
    "sentence",
    [
        "Rocket sales fell sharply before the ban.",
        "Rocket sales have fallen since the embargo began.",
        "The minister acted to ease the shortage of rockets.",
        "The minister spoke to reporters after the meeting.",
    ],
)
def test_no_statement_about_a_prohibition(nlp, sentence: str) -> None:
    """A ban named only as a point in time, or an easing of something that is no ban."""
    assert analyse_units(next(nlp(sentence).sents)) == []


def test_copies_carry_their_outlets_statement_dated_by_publication(nlp, seed_articles) -> None:
    by_id = {a.id: a for a in seed_articles}
    sputnik = by_id["002"]
    sputnik.dates = [date_mention(sputnik, "Thursday", "2024-05-30")]
    reprint = make_article("reprint", sputnik.text, "2024-05-31", "Reprints")
    articles = with_sentences([*seed_articles, reprint], nlp)
    claim = claim_for_query(
        ATACMS, analyse_claim_text(ATACMS, nlp), articles, Settings(), copies={"reprint": "002"}
    )
    own = [s for s in claim.statements if s.article_id == "002"]
    copied = [s for s in claim.statements if s.article_id == "reprint"]
    assert own and len(copied) == len(own)
    assert all("copy of 002" in s.reasons and s.outlet == "Reprints" for s in copied)
    assert [(s.stance, s.step) for s in copied] == [(s.stance, s.step) for s in own]
    # publication date for the step; the day the statement speaks of stays in the reasons
    dated = next(s for s in own if "said on Thursday" in s.text)
    assert dated.date == "2024-05-31" and "about 2024-05-30" in dated.reasons
    copy_ids = {i for i, s in enumerate(claim.statements) if s.article_id == "reprint"}
    assert all(c.earlier not in copy_ids and c.later not in copy_ids for c in claim.conflicts)
