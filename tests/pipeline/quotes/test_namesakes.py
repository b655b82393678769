"""Relatives and namesakes in one article: a bare surname is the principal's, a Jr. is his
own person, and partial quotes belong to the speaker their sentence names."""

from __future__ import annotations

import pytest

from storyline._one_text import analyze_text
from storyline.config import Settings
from storyline.models import Article

pytestmark = pytest.mark.slow

FAMILY = (
    "Donald Trump held a rally in Ohio on Monday. Donald Trump Jr. and Melania Trump sat in "
    "the front row.\n\n"
    'Trump said Russia "can\'t stand" the sanctions. "We will win," Trump promised.\n\n'
    'Melania Trump told reporters she was proud of her husband. "He works hard," she said.\n\n'
    'Trump called it "a great night." Donald Trump Jr. said the campaign was "stronger than '
    'ever."\n\n'
    'Joe Biden spoke in Delaware. Hunter Biden did not attend. "We are ready," Biden said.'
)


@pytest.fixture(scope="module")
def family(nlp) -> Article:
    return analyze_text(FAMILY, nlp, Settings(), name="family.txt")


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("can't stand", "Donald Trump"),  # the bare surname: the Trump named first
        ("We will win", "Donald Trump"),
        ("she was proud of her husband", "Melania Trump"),
        ("He works hard", "Melania Trump"),  # "she", not the nearer Donald Trump Jr.
        ("a great night", "Donald Trump"),  # not the next sentence's Donald Trump Jr.
        ("stronger than ever", "Donald Trump Jr."),
        ("We are ready", "Joe Biden"),  # not Hunter
    ],
)
def test_each_quote_has_the_right_family_member(family: Article, words: str, speaker: str) -> None:
    found = [q for q in family.quotes if words in q.text]
    assert found, f"no quote with {words!r}"
    assert {q.speaker_canonical for q in found} == {speaker}


def test_junior_is_not_an_alias_of_his_father(family: Article) -> None:
    canonicals = {m.text: m.canonical for m in family.mentions if m.kind == "person"}
    assert canonicals["Donald Trump Jr."] == "Donald Trump Jr."
    assert canonicals["Donald Trump"] == "Donald Trump"


QUESTIONS = (
    "Shutdown enters its third week\n\n"
    "Donald Trump met reporters on Friday. Asked how long the shutdown would last, Trump "
    'said: "As long as it takes."\n\n'
    "Trump was asked if he would veto the bill. The minister told reporters that talks "
    "would resume."
)


def test_questions_put_to_a_person_are_not_their_statements(nlp) -> None:
    article = analyze_text(QUESTIONS, nlp, Settings(), name="questions.txt")
    said = {q.text: q.speaker_canonical or q.speaker for q in article.quotes}
    assert said["As long as it takes."] == "Donald Trump"
    assert not any("shutdown would last" in t or "veto" in t for t in said)
    assert said["talks would resume"] == "The minister"  # telling others is still saying


def test_a_headline_quote_is_not_the_next_speakers(nlp) -> None:
    text = (
        '"A total disaster": the shutdown enters its third week\n\n'
        "Donald Trump said on Monday that the shutdown would end soon."
    )
    article = analyze_text(text, nlp, Settings(), name="headline.txt")
    assert [q.text for q in article.quotes] == ["the shutdown would end soon"]


MELANIA_FIRST = (
    "Melania Trump wore a white coat as she arrived at the Capitol with Donald Trump on "
    "Tuesday.\n\n"
    "Donald Trump spoke for an hour. Donald Trump told the crowd that taxes would fall. "
    'Trump said Russia "can\'t stand" the sanctions.\n\n'
    '"We will win," Trump promised.'
)

SENATOR = (
    "Rafael Cruz, a pastor, campaigned in Iowa for his son. Sen. Ted Cruz spoke later.\n\n"
    'Sen. Ted Cruz told voters that the border was open. "We need a wall," Sen. Cruz said.'
)

NAMESAKES = (
    "Libertarian candidate Gary Johnson campaigned in New Mexico on Thursday.\n\n"
    "Homeland Security Secretary Jeh Johnson urged states to protect their voting systems. "
    "Johnson said local officials should ask the federal government for help."
)

FIRST_LADY = (
    "Donald Trump and Melania Trump visited a hospital in El Paso. Mrs. Trump met nurses and "
    'Mrs. Trump thanked them. "You are heroes," Mrs. Trump said.'
)


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # the wife named first, the husband named more often: "Trump" is the husband
        (MELANIA_FIRST, "can't stand", "Donald Trump"),
        (MELANIA_FIRST, "We will win", "Donald Trump"),
        (MELANIA_FIRST, "taxes would fall", "Donald Trump"),
        # the title tells the senator from his father, who is named first
        (SENATOR, "We need a wall", "Ted Cruz"),
        # a namesake named in full in this paragraph, not the one the article named first
        (NAMESAKES, "local officials should ask", "Jeh Johnson"),
        # an honorific of her gender gives a bare surname to the wife
        (FIRST_LADY, "You are heroes", "Melania Trump"),
    ],
)
def test_a_bare_surname_goes_to_the_salient_bearer(
    nlp, text: str, words: str, speaker: str
) -> None:
    article = analyze_text(text, nlp, Settings(), name="bearers.txt")
    found = [q for q in article.quotes if words in q.text]
    assert found, f"no quote with {words!r}"
    assert {q.speaker_canonical for q in found} == {speaker}
