from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.outlets import add_claim_omissions, compare_outlets, loaded_terms_in
from storyline.link.timeline import build_timeline
from storyline.models import (
    Alias,
    Article,
    Citation,
    Claim,
    ClaimStatement,
    Development,
    Entity,
    EntityMention,
    MetaValue,
    Quote,
    SourceRef,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Kiev regime's losses", {"Kiev regime": 1}),
        ("a regime change and the Kiev regime", {"Kiev regime": 1, "regime": 1}),
        ("nothing loaded here", {}),
    ],
)
def test_loaded_terms(text: str, expected: dict[str, int]) -> None:
    assert dict(loaded_terms_in(text, ["Kiev regime", "regime"])) == expected


def _mention(article, surface: str, entity_id: str) -> EntityMention:
    start = article.text.index(surface)
    return EntityMention(surface, start, start + len(surface), "GPE", "place", surface, entity_id)


def test_outlet_profiles_of_the_seed_story(seed_articles) -> None:
    by_id = {a.id: a for a in seed_articles}
    by_id["000"].mentions = [_mention(by_id["000"], "Kyiv", "kyiv")]
    by_id["002"].mentions = [_mention(by_id["002"], "Kiev", "kyiv")]
    quote = by_id["002"].text.index("The President recently")
    by_id["002"].quotes = [
        Quote("q1", "002", "The President recently", quote, quote + 22, "direct",
              "a State Department spokesperson", "role"),
    ]  # fmt: skip
    entities = [Entity("kyiv", "Kyiv", "place", [Alias("Kyiv", 1), Alias("Kiev", 1)])]
    timeline = build_timeline("s", seed_articles, Settings())
    profiles = {p.outlet: p for p in compare_outlets("s", seed_articles, timeline, entities)}
    assert profiles["Sputnik"].name_variants == {"Kyiv": "Kiev"}
    assert profiles["Anadolu Agency"].name_variants == {"Kyiv": "Kyiv"}
    assert profiles["Sputnik"].loaded_terms.get("Kiev regime") == 1
    assert profiles["Sputnik"].sourcing == {
        "officials": 1, "role": 1, "own reporting": 1, "wire": 0,
    }  # fmt: skip
    [use] = profiles["Sputnik"].sources
    assert (use.kind, use.official, use.text) == ("role", True, "a State Department spokesperson")
    assert profiles["Sputnik"].quote_ids == ["q1"]
    # every spelling of the entity, and the pair Kiev/Kyiv with its counts per outlet
    assert profiles["Sputnik"].name_spellings == {"Kyiv": {"Kiev": 1}}
    [contrast] = profiles["Sputnik"].contrasts
    assert (contrast.term, contrast.alternative) == ("Kiev", "Kyiv")
    assert contrast.counts == {"Anadolu Agency": [0, 1], "Sputnik": [1, 0]}
    kiev_regime = next(t for t in profiles["Sputnik"].loaded if t.term == "Kiev regime")
    start = kiev_regime.examples[0].start
    assert by_id["002"].text[start : kiev_regime.examples[0].end] == "Kiev regime"
    for p in profiles.values():
        assert sorted(p.developments_reported + p.developments_omitted) == list(
            range(len(timeline))
        )
        assert p.developments_reported


def test_an_outlets_spelling_folds_dateline_capitals_into_its_prose_form() -> None:
    from collections import Counter

    from storyline.link.outlets import _spelling

    assert _spelling(Counter({"ZELVOHRAD": 3, "Zelvohrad": 2, "Zelvograd": 1})) == "Zelvohrad"
    assert _spelling(Counter({"Kiev": 4, "kyiv": 1, "Kyiv": 1})) == "Kiev"


def _dated(article_id: str, outlet: str, published: str) -> Article:
    text = f"{outlet} reports."
    article = Article(article_id, SourceRef(f"{article_id}.txt"), text, text)
    article.meta.outlet = MetaValue(outlet, "input")
    article.meta.published = MetaValue(published, "input")
    article.meta.title = MetaValue(f"{outlet} headline", "input")
    return article


def test_an_omission_needs_two_other_outlets_within_the_outlets_period() -> None:
    articles = [
        _dated("a", "A", "2025-03-01"),
        _dated("b", "B", "2025-03-01"),
        _dated("c", "C", "2025-03-02"),
        _dated("late", "A", "2025-03-02"),
    ]
    timeline = [
        Development("s", "2025-03-01", "day", "Port closes",
                    [Citation("b", 0, 1, "B"), Citation("c", 0, 1, "C")]),
        Development("s", "2025-03-01", "day", "Mayor resigns", [Citation("b", 0, 1, "B")]),
        Development("s", "2025-06-01", "day", "Port reopens",
                    [Citation("b", 0, 1, "B"), Citation("c", 0, 1, "C")]),
    ]  # fmt: skip
    profiles = {
        p.outlet: p
        for p in compare_outlets("s", articles, timeline, events={"a": "ev1", "b": "ev1"})
    }
    [omission] = profiles["A"].omissions
    assert (omission.kind, omission.text, omission.index) == ("development", "Port closes", 0)
    assert [c.article_id for c in omission.reported_by] == ["b", "c"]
    assert profiles["B"].omissions == [] and profiles["C"].omissions == []
    assert [(h.article_id, h.event_id) for h in profiles["A"].headlines] == [
        ("a", "ev1"),
        ("late", None),
    ]


def test_claim_omissions_are_added_after_the_claims() -> None:
    articles = [_dated(i, o, "2025-03-01") for i, o in (("a", "A"), ("b", "B"), ("c", "C"))]
    profiles = compare_outlets("s", articles, [])
    statement = lambda i, o: ClaimStatement(i, 0, 3, "ban", "refutes", "2025-03-01", o)  # noqa: E731
    claim = Claim("c1", "s", "exports are allowed", [statement("b", "B"), statement("c", "C")])
    add_claim_omissions(profiles, [claim], articles)
    by_outlet = {p.outlet: p for p in profiles}
    [omission] = by_outlet["A"].omissions
    assert (omission.kind, omission.text) == ("claim", "exports are allowed")
    assert {c.article_id for c in omission.reported_by} == {"b", "c"}
    assert by_outlet["B"].omissions == []
