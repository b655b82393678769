"""The part of a sentence a timeline shows: no page header, no readers' comments."""

from __future__ import annotations

import pytest

from storyline.config import Settings
from storyline.link.timeline import build_timeline, day_texts
from storyline.link.timeline_text import comments_start, shown_start
from tests.link.conftest import date_mention, make_article


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "Gadhafi's forces are well-paid Washington (CNN)--The Libyan military has been "
            "pounded by coalition airstrikes, U.S. officials said.",
            "The Libyan military has been pounded by coalition airstrikes, U.S. officials said.",
        ),
        (
            "Sun May 30, 2010 3:40 pm EDT (Reuters) - With the failure of the top kill, fears "
            "are growing over the spill.",
            "With the failure of the top kill, fears are growing over the spill.",
        ),
        (
            "TRIPOLI, Libya | Sun Sep 11, 2011 6:45 pm EDT TRIPOLI, Libya (Reuters) - - Libya's "
            "new rulers said on Sunday their fighters were holding back.",
            "Libya's new rulers said on Sunday their fighters were holding back.",
        ),
        (
            "MOUTH OF THE MISSISSIPPI RIVER--Oil from a massive spill oozed into Louisiana's "
            "wetlands Friday.",
            "Oil from a massive spill oozed into Louisiana's wetlands Friday.",
        ),
        (
            "ZELVOHRAD (VPA) \u2013 Velmora has banned all exports of tungsten ore to "
            "neighbouring Dravania.",
            "Velmora has banned all exports of tungsten ore to neighbouring Dravania.",
        ),
        (
            "MADRID, (EUROPA PRESS) - El Gobierno ha aprobado hoy la reforma laboral del pa\u00eds.",
            "El Gobierno ha aprobado hoy la reforma laboral del pa\u00eds.",
        ),
        (
            "By the CNN Wire Staff A still from an undated video shows protesters destroying a "
            "monument.",
            "A still from an undated video shows protesters destroying a monument.",
        ),
    ],
)
def test_a_leads_header_is_left_out(text: str, shown: str) -> None:
    assert text[shown_start(text) :] == shown


@pytest.mark.parametrize(
    "text",
    [
        "NATO said on Monday that it would extend its Libya mission by ninety days.",
        "U.S.-chartered ferry with about 338 passengers arrives in Malta on Friday evening.",
        "The Islamic State (IS) -- which holds the city -- said it had shot the pilot.",
        # what would remain is too short to stand alone
        "WASHINGTON -- The Senate voted.",
    ],
)
def test_a_sentence_without_a_header_is_shown_whole(text: str) -> None:
    assert shown_start(text) == 0


def test_readers_comments_start_at_the_first_comment_marker() -> None:
    text = (
        "BP capped the well on Thursday. Posted by: Brigade | May 27, 2010 7:51 PM | Report abuse"
    )
    assert comments_start(text) == text.index("Posted by:")
    assert comments_start("BP capped the well on Thursday, officials said.") is None


def test_a_days_entry_shows_the_lead_without_its_dateline_and_keeps_a_true_span() -> None:
    text = (
        "Ore ban stays in place TRIPOLI, Libya (CNN) -- Velmora lifted its ban on tungsten ore "
        "exports on Friday after the water deal.\nOther news followed."
    )
    article = make_article("a", text, "2025-06-21", "CNN")
    article.dates = [date_mention(article, "Friday", "2025-06-20")]
    other = make_article(
        "b",
        "Velmora lifted the tungsten ore export ban on Friday, its ministry said.",
        "2025-06-21",
    )
    other.dates = [date_mention(other, "Friday", "2025-06-20")]
    entry = next(
        d
        for d in build_timeline("s", [article, other], Settings(), top=1)
        if d.date == "2025-06-20"
    )
    for source in entry.sources:
        shown = {"a": article, "b": other}[source.article_id].text[source.start : source.end]
        assert not shown.startswith(("Ore ban", "TRIPOLI"))
        assert shown.startswith("Velmora")
    assert entry.text.startswith("Velmora")


def test_a_readers_comment_is_not_a_days_text() -> None:
    text = (
        "Velmora lifted its ban on ore exports on Friday, the trade ministry said.\n"
        "June 20, 2025 at 6:51 am | Report abuse | The ban was lifted on Friday because "
        "the ministry gave in to pressure from abroad and nothing else."
    )
    article = make_article("a", text, "2025-06-21")
    article.dates = [date_mention(article, "on Friday", "2025-06-20")]
    article.dates.append(date_mention(article, "June 20, 2025", "2025-06-20"))
    told = day_texts([article], ["2025-06-20"])["2025-06-20"]
    assert told == "Velmora lifted its ban on ore exports on Friday, the trade ministry said."
