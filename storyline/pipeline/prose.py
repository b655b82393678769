"""Is it an article at all? Refuse text that is too short, unspaced or endlessly repetitive.

Decoding accepts any bytes that decode cleanly, so random printable characters, text read
in the wrong encoding (mojibake) and machine output reach the pipeline as "text". Three
measures, each with a wide margin from real news text, tell them apart:

- length: fewer than ``min_article_chars`` visible characters is no article (a 1-byte
  file, or a 10 MB page whose extraction left the word "Long");
- spacing: in scripts that put spaces between words, words average 4-8 characters; random
  printable ASCII averages about 90 between spaces, mojibake hundreds;
- repetition: a real text of thousands of words uses hundreds of different words (a
  million-character transcript still about 10 %); "said said said ..." uses one.

>>> not_prose_reason("The minister said on Monday that talks would resume.", 12) is None
True
>>> not_prose_reason("Long", 12)
'only 4 characters of text (min_article_chars is 12); too short to be an article'
"""

from __future__ import annotations

import re

from storyline.errors import Errors

#: Above this mean word length (in scripts that space their words) text is not prose.
MAX_MEAN_WORD = 25.0
#: Texts of at least this many words are checked for repetition.
REPETITION_WORDS = 1_000
#: Below this share of distinct words among all words a long text is not prose.
MIN_DISTINCT_SHARE = 0.02
_UNSPACED_SCRIPTS = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u0e00-\u0e7f]"
)


def not_prose_reason(text: str, min_chars: int, raw_length: int | None = None) -> str | None:
    """Why ``text`` is not an article, or None when it reads as prose."""
    visible = sum(len(word) for word in text.split())
    if visible < min_chars:
        where = (
            f" out of an input of {raw_length:,} characters"
            if raw_length and raw_length > 100 * max(visible, 1)
            else ""
        )
        return Errors.E225(visible=visible, where=where, min_chars=min_chars)
    words = text.split()
    sample = text[:20_000]
    unspaced = len(_UNSPACED_SCRIPTS.findall(sample)) > 0.3 * len(sample)
    mean = visible / len(words)
    if not unspaced and visible >= 200 and mean > MAX_MEAN_WORD:
        return Errors.E226(mean=mean)
    if len(words) >= REPETITION_WORDS:
        distinct = len(set(words)) / len(words)
        if distinct < MIN_DISTINCT_SHARE:
            return Errors.E227(n_words=len(words), n_distinct=len(set(words)))
    return None
