"""An article's sentences in the link stage: the pipeline's stored spans, the regex splitter
only for an article stored without them."""

from __future__ import annotations

from storyline.link._text import article_sentences, split_sentences
from storyline.link.duplicates import copy_link
from storyline.link.features import article_features
from storyline.models import SentenceFacts
from tests.link.conftest import make_article

TEXT = (
    "The agreement, brokered by Aldermere's special envoy Marcus J. Whitcombe Jr., ends "
    "the export ban imposed in March. Customs posts will reopen. Plan B. Then it rained."
)


def test_a_middle_initial_does_not_end_a_sentence_of_the_regex_splitter() -> None:
    sentences = [s.text for s in split_sentences(TEXT)]
    assert sentences[0].endswith("ends the export ban imposed in March.")
    assert sentences[1:] == ["Customs posts will reopen.", "Plan B.", "Then it rained."]
    assert all(TEXT[s.start : s.end] == s.text for s in split_sentences(TEXT))


def test_stored_spans_are_the_sentences_and_the_regex_is_only_a_fallback() -> None:
    article = make_article("a1", TEXT, "2025-03-04")
    assert article_sentences(article) == split_sentences(TEXT)  # stored without sentences
    # the pipeline (spaCy) found two sentences: its spans win over the regex's four
    cut = TEXT.index(" Customs") + 1
    article.sentences = [SentenceFacts(0, cut - 1, True), SentenceFacts(cut, len(TEXT), False)]
    found = article_sentences(article)
    assert [(s.start, s.end) for s in found] == [(0, cut - 1), (cut, len(TEXT))]
    assert found[1].text == "Customs posts will reopen. Plan B. Then it rained."
    assert all(TEXT[s.start : s.end] == s.text for s in found)


def test_features_and_copy_links_read_the_stored_sentences() -> None:
    original = make_article("a1", TEXT, "2025-03-04")
    copy = make_article("a2", TEXT + "\nA line the copy added.", "2025-03-05")
    for article in (original, copy):
        cut = TEXT.index(" Customs") + 1
        article.sentences = [SentenceFacts(0, cut - 1, True), SentenceFacts(cut, len(TEXT), True)]
    copy.sentences.append(SentenceFacts(len(TEXT) + 1, len(copy.text), True))
    link = copy_link(copy, original, "wire", 0.9)
    assert [s.text for s in link.added] == ["A line the copy added."]
    assert link.cut == []


def test_the_lead_of_an_article_is_its_stored_first_sentences() -> None:
    text = " ".join(f"Officials met again in round {n}." for n in range(10)) + " Then it rained."
    article = make_article("a1", text, "2025-03-04")
    assert article_features(article).lead_counts["rained"] == 0  # the regex's 11th sentence
    cut = text.index(" Officials met again in round 5") + 1
    article.sentences = [SentenceFacts(0, cut - 1), SentenceFacts(cut, len(text))]
    assert article_features(article).lead_counts["rained"] == 1  # the pipeline's 2nd
