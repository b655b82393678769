"""Stable article ids: a content hash of the normalised URL and text.

Re-reading the same input gives the same id, whatever its line endings, spacing, letter
case, quote or dash style; a different text or URL gives a different id.

>>> article_id("https://Example.com/a#top", "He said: “Yes.”") == article_id(
...     "https://example.com/a", 'he said:  "yes."\\r\\n')
True
>>> len(article_id(None, "text"))
16
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from courlan import normalize_url

__all__ = ["article_id", "normalize_text", "normalize_url_for_id"]

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'", "`": "'"}
)
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """Text folded for identity: NFKC, casefolded, one quote and dash style, single spaces."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).casefold()
    text = _DASHES.sub("-", text.translate(_QUOTES))
    return " ".join(text.split())


def normalize_url_for_id(url: str | None) -> str:
    """URL folded for identity: no scheme, host lowercased, tracking query and fragment
    dropped, no ``www.`` and no trailing slash; empty when there is no URL."""
    if not url or not url.strip():
        return ""
    url = url.strip()
    if "://" not in url:
        url = f"https://{url}"
    try:
        url = normalize_url(url, strict=True, trailing_slash=False)
    except (ValueError, AttributeError):
        url = url.casefold()
    return re.sub(r"^[a-z][a-z0-9+.-]*://(?:www\.)?", "", url).rstrip("/")


def article_id(url: str | None, text: str) -> str:
    """A 16-hex-digit id: sha256 of the normalised URL and normalised text."""
    key = f"{normalize_url_for_id(url)}\n{normalize_text(text)}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
