"""A story's products computed from its articles (pure)."""

from __future__ import annotations

from storyline.config import Settings
from storyline.link import build_story_products, build_timeline
from storyline.link._products import story_entities
from storyline.models import Article, EntityMention
from tests.link.conftest import date_mention, make_article

TEXTS = {
    "a": (
        "Harbour Post",
        "Brisa's council banned cruise ships from the old harbour of Brisa on Monday, saying the "
        "crowds had become too much for the historic quarter of Brisa.",
    ),
    "b": (
        "Coast Times",
        "BRISA lifted the ban on cruise ships on Tuesday after the council and the cruise "
        "operators agreed to limit arrivals to two ships a day.",
    ),
}


def story() -> list[Article]:
    """Two reports naming one town three ways; mentions carry the town's entity id."""
    out = []
    for article_id, (outlet, text) in TEXTS.items():
        article = make_article(article_id, text, "2025-02-04", outlet)
        for surface in ("Brisa's", "Brisa", "BRISA"):
            start = 0
            while (start := text.find(surface, start)) >= 0:
                taken = any(m.start <= start < m.end for m in article.mentions)
                if not taken:
                    article.mentions.append(
                        EntityMention(surface, start, start + len(surface), "GPE", "place",
                                      "Brisa", entity_id="ent_brisa")
                    )  # fmt: skip
                start += len(surface)
        article.mentions.sort(key=lambda m: m.start)
        day = "on Monday" if "Monday" in text else "on Tuesday"
        article.dates.append(date_mention(article, day, "2025-02-03"))
        out.append(article)
    return out


def test_story_entities_keep_the_story_spellings() -> None:
    (town,) = story_entities(story(), {"ent_brisa": "Brisa"})
    assert town.id == "ent_brisa" and town.name == "Brisa"
    spellings = {a.text: (a.count, a.outlets) for a in town.aliases}
    # the possessive is one spelling with the bare name, as in the entity's aliases
    assert spellings == {"Brisa": (3, ["Harbour Post"]), "BRISA": (1, ["Coast Times"])}


def test_products_without_claims_have_none() -> None:
    articles = story()
    products = build_story_products(
        "s1", articles, {}, {"ent_brisa": "Brisa"}, Settings(), claims=False
    )
    assert products.claims is None
    assert products.timeline == build_timeline("s1", articles, Settings())
    outlets = {p.outlet: p for p in products.outlets}
    assert sorted(outlets) == ["Coast Times", "Harbour Post"]
    # "BRISA" (a dateline's capitals) is a case-only variant, not a different spelling
    assert outlets["Coast Times"].name_variants == {}
    assert outlets["Harbour Post"].name_variants == {}


def test_a_copy_counts_for_no_outlet_variant() -> None:
    articles = story()
    products = build_story_products(
        "s1", articles, {"b": "a"}, {"ent_brisa": "Brisa"}, Settings(), claims=False
    )
    outlets = {p.outlet: p for p in products.outlets}
    assert outlets["Coast Times"].name_variants == {}  # its only article is a copy
