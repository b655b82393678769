"""A timeline cites a sentence as a source only when it reports the development with the
entry's polarity; one that says the opposite is a conflict, with or without a negation word:
by the stored stances of both sentences, by opposite predicates, by the negation rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from storyline.config import Settings
from storyline.link._text import Sentence
from storyline.link.timeline import build_timeline, negated_terms, opposite
from storyline.link.timeline_polarity import Polarity, predicate_sides
from storyline.models import Article
from tests.link.conftest import date_mention, make_article, with_sentences

FRIDAY = dt.date(2025, 6, 20)


@dataclass
class Cited:
    article: Article
    sentence: Sentence
    start: dt.date
    end: dt.date


def _cited(article: Article, phrase: str, day: dt.date = FRIDAY) -> Cited:
    """The stored sentence of ``article`` that holds ``phrase``, dated ``day``."""
    facts = next(f for f in article.sentences if phrase in article.text[f.start : f.end])
    return Cited(article, Sentence(article.text[facts.start : facts.end], facts.start, facts.end), day, day)  # fmt: skip


def _plain(article_id: str, text: str) -> Cited:
    """A sentence without stored facts (no deontic units): only its words can tell."""
    return Cited(make_article(article_id, text, "2025-06-21"), Sentence(text, 0, len(text)), FRIDAY, FRIDAY)  # fmt: skip


def _judge() -> Polarity:
    return Polarity(Settings(), negated_terms, opposite)


def _sides(text: str) -> dict[str, set[str]]:
    return predicate_sides(text, negated_terms(text))


# ------------------------------------------------------------------------ stored stances


@pytest.mark.parametrize(
    ("first", "second", "contradicts"),
    [
        # no negation word, no predicate of the data file: the stances alone tell
        ("Velmora dropped its embargo on ore exports to Norland on Friday, the ministry said.",
         "Velmora's embargo on ore exports to Norland holds, the ministry said on Friday.", True),
        ("Velmora waived its embargo on ore exports to Norland on Friday, the ministry said.",
         "Velmora refused to waive its embargo on ore exports to Norland on Friday, the ministry said.", True),
        # the same prohibition in other words
        ("Velmora's ban on ore exports to Norland remains in force, the ministry said on Friday.",
         "Velmora has kept its ban on ore exports to Norland in place, the ministry said on Friday.", False),
    ],
)  # fmt: skip
def test_stored_stances_about_one_claim_decide(first: str, second: str, contradicts: bool, nlp: Any) -> None:  # fmt: skip
    a, b = with_sentences(
        [make_article("a", first, "2025-06-21"), make_article("b", second, "2025-06-21")], nlp
    )
    assert a.sentences[0].units and b.sentences[0].units
    assert _judge().opposite(_cited(a, "Velmora"), _cited(b, "Velmora")) is contradicts


def test_the_stances_decide_before_the_words(nlp: Any) -> None:
    """ "dropped its embargo" against "its embargo holds": neither a negation nor an opposite
    predicate, so only the stored stances find the conflict."""
    first = "Velmora dropped its embargo on ore exports to Norland on Friday, the ministry said."
    second = "Velmora's embargo on ore exports to Norland holds, the ministry said on Friday."
    assert not opposite(first, second) and not _sides(first) and not _sides(second)
    a, b = with_sentences(
        [make_article("a", first, "2025-06-21"), make_article("b", second, "2025-06-21")], nlp
    )
    assert _judge().opposite(_cited(a, "dropped"), _cited(b, "holds"))
    # the same words without stored units: nothing tells them apart
    assert not _judge().opposite(_plain("c", first), _plain("d", second))


# -------------------------------------------------------------------- opposite predicates


@pytest.mark.parametrize(
    ("first", "second", "contradicts"),
    [
        ("Velmora lifted its ban on ore exports to Norland on Friday, the ministry said.",
         "Velmora's ban on ore exports to Norland remains in force, officials said on Friday.", True),
        ("Norland suspended gas deliveries to Velmora on Friday, the energy ministry said.",
         "Norland resumed gas deliveries to Velmora on Friday, the energy ministry said.", True),
        ("Customs posts at Kalvy reopened to ore lorries on Friday, the customs service said.",
         "Customs posts at Kalvy were closed to ore lorries on Friday, the customs service said.", True),
        # a negated predicate stands on the other side: the same polarity in other words
        ("Velmora's ban on ore exports to Norland has not been lifted, officials said on Friday.",
         "Velmora's ban on ore exports to Norland remains in force, officials said on Friday.", False),
        ("The union rejected the new pay offer from Meridal on Friday, a spokeswoman said.",
         "The new pay offer from Meridal was turned down by the union on Friday, a spokeswoman said.", False),
        ("Velmora has kept its ban on ore exports to Norland in place, officials said on Friday.",
         "Velmora's ban on ore exports to Norland remains in force, officials said on Friday.", False),
        # what both report is shared; the rest of one sentence opposes nothing the other says
        ("Velmora will allow limited ore exports to Norland, but the ban on all other shipments remains in force.",
         "Velmora allowed limited ore exports to Norland on Friday, the ministry said.", False),
    ],
)  # fmt: skip
def test_opposite_predicates_decide_without_stored_units(first: str, second: str, contradicts: bool) -> None:  # fmt: skip
    assert _judge().opposite(_plain("a", first), _plain("b", second)) is contradicts
    assert _judge().opposite(_plain("b", second), _plain("a", first)) is contradicts


def test_a_negated_predicate_moves_to_the_other_side() -> None:
    assert _sides("The ban has not been lifted.") == {"restriction": {"in_force"}}
    assert _sides("The ministry refused to lift the ban.") == {"restriction": {"in_force"}}
    assert _sides("The ban remains in force.") == {"restriction": {"in_force"}}
    assert _sides("There has been no change to the guidance.") == {"change": {"unchanged"}}
    # a sentence on both sides of an axis takes no side on it
    assert _sides("Velmora lifted the curfew but kept its ban.") == {
        "restriction": {"lifted", "in_force"}
    }
    # an aim is no outcome, and a noun no predicate
    assert _sides("An African bid to halt the war collapsed on Monday.") == {}
    assert _sides("The dockers had agreed to end it by week's end.") == {}
    # "but not" qualifies rather than denies: the negation rule leaves it alone
    assert _sides("Velmora allowed exports but not to Norland.") == {"permission": {"allowed"}}


# ------------------------------------------------------------------------------ negation


def test_the_negation_rule_decides_when_nothing_else_does() -> None:
    heard = "The supreme court heard the appeal of the dockers' union on Friday, lawyers said."
    not_heard = "The supreme court has not heard the appeal of the dockers' union on Friday, lawyers said."  # fmt: skip
    assert not _sides(heard) and not _sides(not_heard)
    assert _judge().opposite(_plain("a", heard), _plain("b", not_heard))
    assert not _judge().opposite(_plain("a", heard), _plain("c", heard.replace("lawyers", "aides")))


@pytest.mark.parametrize(
    ("first", "second", "contradicts"),
    [
        # a refusal of a noun phrase denies nothing the other sentence states (T17, Libya)
        ("Libyan rebels swiftly rejected an African Union peace initiative on Monday, saying there could be no deal.",
         "An African Union bid to end the civil war collapsed on Monday after rebels said there could be no deal.", False),
        ("Reports emerged on Wednesday that Libyan pilots refuse to bomb the city of Benghazi.",
         "A Libyan aircraft crashed on Wednesday after the crew refused to bomb the city of Benghazi.", False),
        # a refusal of a verb does
        ("Police denied firing on the protesters in the main square on Friday, the ministry said.",
         "Police were firing on the protesters in the main square on Friday, witnesses said.", True),
    ],
)  # fmt: skip
def test_a_refusal_negates_the_verb_it_governs(first: str, second: str, contradicts: bool) -> None:
    assert _judge().opposite(_plain("a", first), _plain("b", second)) is contradicts


# ------------------------------------------------------------------------------ timeline


def _one_day(*reports: tuple[str, str]) -> list[Article]:
    articles = []
    for article_id, text in reports:
        article = make_article(article_id, text, "2025-06-21", f"Outlet {article_id}")
        article.dates = [date_mention(article, "on Friday", "2025-06-20")]
        articles.append(article)
    return articles


def test_a_timeline_lists_the_opposite_report_as_a_conflict() -> None:
    articles = _one_day(
        ("a", "Velmora's ban on ore exports to Norland remains in force, the trade ministry said on Friday."),
        ("b", "The trade ministry said on Friday that Velmora's ban on ore exports to Norland remains in force."),
        ("c", "Velmora's ban on ore exports to Norland stays in place, the trade ministry said on Friday."),
        ("d", "Velmora lifted its ban on ore exports to Norland on Friday, the trade ministry said."),
    )  # fmt: skip
    friday = next(d for d in build_timeline("s", articles, Settings()) if d.date == "2025-06-20")
    assert "in force" in friday.text or "in place" in friday.text
    assert {c.article_id for c in friday.sources} == {"a", "b", "c"}
    assert [c.article_id for c in friday.conflicts] == ["d"]


# ------------------------------------------------------------------------ example corpus


def test_the_example_entry_of_the_ban_in_force_shows_the_lifted_blockade_as_a_conflict(
    examples_dir: Path, nlp: Any
) -> None:
    """2025-05-20: the ban in force ("Velmora will allow limited exports ..., but the ban on
    all other ore shipments remains in force"; "... has not been lifted") against Dravania
    Today's "The Zelvograd regime has lifted its blockade" -- opposite without a negation
    word."""
    from storyline import analyze_paths
    from storyline.store import open_store

    settings = Settings(embed_sentences=0)
    files = [
        examples_dir / "text" / "vpa-2025-05-20-ban-eased.txt",
        examples_dir / "html" / "dravania-today-2025-05-20-zelvograd-lifts-blockade.html",
        examples_dir / "html" / "zelvohrad-courier-2025-05-20-ore-ban-stays.html",
    ]
    store = open_store(":memory:")
    report = analyze_paths(files, store, settings=settings, link=False)
    assert report.ok
    articles = [store.get_article(i) for i in report.added]
    timeline = build_timeline("s", articles, settings)
    entry = next(d for d in timeline if d.date == "2025-05-20")

    def names(citations: list[Any]) -> set[str]:
        return {Path(store.get_article(c.article_id).source.file).name for c in citations}

    # told by one of the two reports of the ban in force, whichever reads best
    assert "remains in force" in entry.text or "has not been lifted" in entry.text
    assert names(entry.conflicts) == {files[1].name}
    assert names(entry.sources) == {files[0].name, files[2].name}


# ----------------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds(seed_texts: dict[str, str], nlp: Any) -> dict[str, Article]:
    from tests.link.conftest import SEED_DATES, SEED_OUTLETS

    articles = [make_article(k, seed_texts[k], SEED_DATES[k], SEED_OUTLETS[k]) for k in seed_texts]
    return {a.id: a for a in with_sentences(articles, nlp)}


@pytest.mark.parametrize(
    ("first", "second", "contradicts"),
    [
        # May's "prohibiting ... has not changed" against November's change
        (("002", "has not changed"), ("000", "publicly acknowledged easing restrictions"), True),
        (("002", "has not changed"), ("000", "did change the guidance"), True),
        # August's "no change" against November's change
        (("001", "the restrictions remain unchanged"), ("000", "did change the guidance"), True),
        (("001", "no change to the guidance"), ("000", "did change the guidance"), True),
        (("001", "The US prohibits Ukraine"), ("000", "publicly acknowledged easing restrictions"), True),
        # the prohibition in other words, and the same "no change"
        (("002", "has not changed"), ("003", "is prohibited on Russian soil"), False),
        (("004", "does not change U.S. policy"), ("003", "has not changed"), False),
    ],
)  # fmt: skip
def test_seed_reports_of_no_change_and_of_the_change_are_opposite(
    seeds: dict[str, Article],
    first: tuple[str, str],
    second: tuple[str, str],
    contradicts: bool,
) -> None:
    a, b = _cited(seeds[first[0]], first[1]), _cited(seeds[second[0]], second[1])
    assert _judge().opposite(a, b) is contradicts
    assert _judge().opposite(b, a) is contradicts


def test_a_stored_timeline_is_rebuilt_when_the_units_it_compares_change(nlp: Any) -> None:
    from storyline.link._products import timeline_inputs

    text = "Velmora dropped its embargo on ore exports to Norland on Friday, the ministry said."
    [article] = with_sentences([make_article("a", text, "2025-06-21")], nlp)
    before = timeline_inputs([article], {}, Settings())
    article.sentences[0].units[0].stance = "refutes"
    assert timeline_inputs([article], {}, Settings()) != before
