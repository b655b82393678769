from __future__ import annotations

import pytest

from storyline.link.loaded_language import (
    load_lexicon,
    loaded_phrase_spans,
    loaded_word_spans,
    story_only_terms,
)
from storyline.models import Article, SourceRef, Tokens


def test_the_lexicon_comes_from_the_installed_packages_and_the_data_file() -> None:
    lexicon = load_lexicon()
    assert {"outrageous", "heartless", "terrible"} <= lexicon.words  # TextBlob / VADER words
    assert "said" not in lexicon.words and "war" not in lexicon.words  # ignored news words
    assert "Kiev regime" in lexicon.phrases  # the editable list on top
    assert "special military operation" in lexicon.phrases


def test_extra_phrases_from_the_settings_are_added() -> None:
    assert "death tax" in load_lexicon(("death tax",)).phrases


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Kiev regime's losses", ["Kiev regime"]),
        ("a regime change and the Kiev regime", ["regime", "Kiev regime"]),
        ("nothing loaded here", []),
    ],
)
def test_a_longer_phrase_hides_the_shorter_inside_it(text: str, expected: list[str]) -> None:
    found = loaded_phrase_spans(text, ["Kiev regime", "regime"])
    assert [t for t, _, _ in found] == expected
    assert all(text[s:e].lower() == t.lower() for t, s, e in found)


def test_loaded_words_are_matched_on_lemmas_with_their_spans() -> None:
    text = "Critics called the heartless plan outrageous."
    article = Article("a", SourceRef("a.txt"), text, text)
    article.tokens = Tokens(
        ["critic", "call", "the", "heartless", "plan", "outrageous", "."],
        ["NOUN", "VERB", "DET", "ADJ", "NOUN", "ADJ", "PUNCT"],
        [0, 8, 15, 19, 29, 34, 44],
        [7, 14, 18, 28, 33, 44, 45],
        [0],
    )
    found = loaded_word_spans(article, load_lexicon())
    assert found == [("heartless", 19, 28), ("outrageous", 34, 44)]


def test_story_only_terms_are_the_ones_no_other_outlet_uses() -> None:
    uses = {
        "fox": {"f": [("phony", 0, 5), ("slam", 9, 13)]},
        "nyt": {"n": [("slam", 0, 4)]},
    }
    assert story_only_terms(uses) == {"fox": {"phony"}, "nyt": set()}
