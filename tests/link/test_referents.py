from __future__ import annotations

from collections import Counter

from storyline.link.referents import spelling_contrasts, term_contrasts
from storyline.models import Citation, DistinctiveTerm


def test_spellings_of_one_entity_pair_up_with_counts_per_outlet() -> None:
    spellings = {
        "Sputnik": {"Kharkiv": Counter({"Kharkov": 4, "Kharkiv": 1}), "Joe Biden": Counter({"Biden": 2})},
        "AP": {"Kharkiv": Counter({"Kharkiv": 5}), "Joe Biden": Counter({"Joe Biden": 1})},
    }  # fmt: skip
    cited = {("Sputnik", "Kharkiv", "Kharkov"): Citation("s", 10, 17, "Sputnik")}
    found = spelling_contrasts(spellings, cited)
    [sputnik] = found["Sputnik"]
    assert (sputnik.referent, sputnik.term, sputnik.alternative) == (
        "Kharkiv",
        "Kharkov",
        "Kharkiv",
    )
    assert sputnik.counts == {"AP": [0, 5], "Sputnik": [4, 1]}
    assert sputnik.examples == [Citation("s", 10, 17, "Sputnik")]
    # a surname for the full name is not a different spelling
    assert [c.referent for c in found["AP"]] == ["Kharkiv"]


def _term(term: str, count: int) -> DistinctiveTerm:
    return DistinctiveTerm(term, count, 2, examples=[Citation(term, 0, len(term))])


def test_terms_differing_in_one_word_pair_up_when_each_outlet_prefers_its_own() -> None:
    distinctive = {
        "fox": [_term("illegal immigrant", 9), _term("tax hike", 5)],
        "hpo": [_term("undocumented immigrant", 8), _term("tax hike rate", 3)],
    }
    totals = {
        "fox": Counter({"illegal immigrant": 9, "undocumented immigrant": 1, "tax hike": 5}),
        "hpo": Counter({"undocumented immigrant": 8, "illegal immigrant": 2}),
    }
    found = term_contrasts(distinctive, totals)
    [fox] = found["fox"]
    assert (fox.referent, fox.term, fox.alternative) == (
        "_ immigrant",
        "illegal immigrant",
        "undocumented immigrant",
    )
    assert fox.counts == {"fox": [9, 1], "hpo": [2, 8]}
    assert [c.term for c in found["hpo"]] == ["undocumented immigrant"]


def test_no_pair_when_both_outlets_prefer_the_same_word() -> None:
    distinctive = {"a": [_term("tax hike", 5)], "b": [_term("tax increase", 4)]}
    totals = {"a": Counter({"tax hike": 5, "tax increase": 6}), "b": Counter({"tax increase": 4})}
    assert term_contrasts(distinctive, totals) == {"a": [], "b": []}
