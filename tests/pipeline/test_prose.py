"""Text that is no article is refused with a reason; real news text never is."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.errors import InputError
from storyline.models import RawDocument, SourceRef
from storyline.pipeline import prepare_article
from storyline.pipeline.prose import not_prose_reason

_rng = random.Random(7)
JUNK = {
    "one byte": "x",
    "random printable": "".join(chr(_rng.randint(32, 126)) for _ in range(5_000)),
    "unspaced mojibake": "햽젖젯젱젼졉점핣햷졉젖졌졌핣햨젝젖져젓졸핅햴젖" * 40,
    "said x 5000": "said " * 5_000,
    "A. x 5000": "A. " * 5_000,
    "1 per line": "1\n" * 5_000,
}


@pytest.mark.parametrize("name", list(JUNK))
def test_junk_is_refused_with_a_reason(name: str) -> None:
    with pytest.raises(InputError) as caught:
        prepare_article(RawDocument(SourceRef(f"{name}.txt"), JUNK[name]), Settings())
    assert "too short" in caught.value.reason or "not read as prose" in caught.value.reason


def test_a_huge_page_that_leaves_a_word_says_how_little_was_left() -> None:
    page = "<html><body><h1>Long</h1><div>" + "<span></span>" * 100_000 + "</div></body></html>"
    with pytest.raises(InputError, match="out of an input of 1,300,0"):
        prepare_article(RawDocument(SourceRef("page.html"), page, format="html"), Settings())


def test_real_texts_read_as_prose(examples_dir: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((examples_dir / "text").glob("*.txt"))]
    assert texts
    for text in texts:
        assert not_prose_reason(text, Settings().min_article_chars) is None
    chinese = "乌克兰总统周五表示，谈判将于下周在日内瓦恢复，双方代表已经抵达。" * 30
    assert not_prose_reason(chinese, 12) is None
