"""Exact duplicates, near-duplicates and wire copies, with what each copy added and cut.

Word 5-shingles of the normalised text are hashed into MinHash signatures (datasketch);
LSH finds candidate pairs, the estimated Jaccard similarity and containment classify them:

* ``exact`` -- the same normalised body (the text without a leading headline line, so an
  HTML page and a JSON Lines record of one article compare equal), or the same canonical
  URL with near-identical text;
* ``near`` -- Jaccard >= ``duplicate_threshold``: the same text with small edits, from the
  same outlet (or where an outlet is unknown);
* ``wire`` -- another outlet's republication: most of the shorter text is inside the longer
  one (an agency story with a paragraph added or the tail cut, or near-identical text under
  a different outlet's name).

Each group of copies points at one original (:func:`original_rank`): the article published
by the agency the copies credit in their datelines and bylines, else a known wire, else the
earliest published, then the longest. Every copy records the sentences it added and cut
compared with that original (difflib over normalised sentences). Copies stay stored;
callers leave them out of counts.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from datasketch import LeanMinHash, MinHash, MinHashLSH

from storyline.config import Settings
from storyline.link._text import article_sentences, normalize_text, parse_date, text_hash
from storyline.link.agencies import credits_in, is_known_wire, outlet_matches_credit
from storyline.models import Article, Model

CopyKind = Literal["exact", "near", "wire"]
SHINGLE_WORDS = 5
NUM_PERM = 128
#: LSH recall floor: pairs less similar than this are never compared.
CANDIDATE_JACCARD = 0.3
#: Query parameters that only track a click and never change the page.
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_", "ref", "cmpid", "ocid")


@dataclass
class Span(Model):
    start: int
    end: int
    text: str


@dataclass
class CopyLink(Model):
    """``article_id`` is a copy of ``copy_of``; spans index each side's own text."""

    article_id: str
    copy_of: str
    kind: CopyKind
    similarity: float
    added: list[Span] = field(default_factory=list)  # in the copy
    cut: list[Span] = field(default_factory=list)  # in the original


@dataclass(frozen=True)
class Fingerprint:
    """What duplicate detection keeps per article (storable: hash, signature, set size)."""

    article_id: str
    text_hash: str
    signature: LeanMinHash
    shingles: int
    published: str | None
    length: int
    outlet: str | None = None
    url: str | None = None  # canonical form, see canonical_url


def wire_containment(settings: Settings) -> float:
    return settings.wire_containment


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = normalize_text(text).split()
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def body_text(article: Article) -> str:
    """The text without a first line that only repeats the headline.

    Some inputs carry the headline as the first line of the text (plain text, HTML pages),
    others only in a title field (feeds, JSON Lines): the body is what both share.
    """
    text = article.text.lstrip()
    title = normalize_text(article.meta.title.value or "")
    first, _, rest = text.partition("\n")
    if title and normalize_text(first) == title:
        return rest
    return text


def canonical_url(url: str | None) -> str | None:
    """A URL with the parts that do not change the page folded away.

    >>> canonical_url("HTTPS://www.Example.org/a/b/?utm_source=x&id=3#top")
    'example.org/a/b?id=3'
    """
    if not url or "://" not in url:
        return None
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PARAMS)
    ]
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("", host, path, urlencode(sorted(query)), "")).lstrip("/")


def fingerprint(article: Article) -> Fingerprint:
    """The duplicate-detection fingerprint of one article."""
    grams = shingles(article.text)
    sketch = MinHash(num_perm=NUM_PERM, seed=1)
    sketch.update_batch([g.encode("utf-8") for g in grams])
    return Fingerprint(
        article.id,
        text_hash(body_text(article)),
        LeanMinHash(sketch),
        len(grams),
        article.published,
        len(article.text),
        article.outlet,
        canonical_url(article.meta.url.value),
    )


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, from Jaccard and the set sizes."""
    if not size_a or not size_b:
        return 0.0
    overlap = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, overlap / min(size_a, size_b))


def _other_outlet(a: Fingerprint, b: Fingerprint) -> bool:
    return bool(a.outlet and b.outlet and normalize_text(a.outlet) != normalize_text(b.outlet))


def classify(a: Fingerprint, b: Fingerprint, settings: Settings) -> tuple[CopyKind, float] | None:
    """How ``a`` and ``b`` relate as copies, with the similarity behind it; None if unrelated."""
    if a.text_hash == b.text_hash:
        return "exact", 1.0
    jaccard = float(a.signature.jaccard(b.signature))
    if jaccard >= settings.duplicate_threshold:
        if a.url and a.url == b.url:
            return "exact", jaccard
        if not _other_outlet(a, b):
            return "near", jaccard
    contained = containment(jaccard, a.shingles, b.shingles)
    if jaccard >= CANDIDATE_JACCARD and contained >= wire_containment(settings):
        return "wire", contained
    return None


def group_credits(articles: Iterable[Article]) -> set[str]:
    """Every agency the members of a copy group credit."""
    found: set[str] = set()
    for article in articles:
        found |= credits_in(article.text, (line.text for line in article.removed))
    return found


def original_rank(
    article: Article, credits: Iterable[str]
) -> tuple[bool, bool, bool, str, int, str]:
    """Sort key putting the original of a copy group first.

    The agency the copies credit, then any known wire, then the earliest published, then
    the longest text (the fullest version), then the id so the choice is stable.
    """
    credited = any(outlet_matches_credit(article.outlet, c) for c in credits)
    date = parse_date(article.published)
    return (
        not credited,
        not is_known_wire(article.outlet),
        date is None,
        date.isoformat() if date else "",
        -len(article.text),
        article.id,
    )


def choose_original(members: Sequence[Article]) -> Article:
    """The member of a copy group the others copy (see :func:`original_rank`)."""
    credits = group_credits(members)
    return min(members, key=lambda a: original_rank(a, credits))


def find_copies(articles: Sequence[Article], settings: Settings) -> dict[str, CopyLink]:
    """Copy links for a whole corpus, keyed by the copy's id (originals are not keys)."""
    prints = {a.id: fingerprint(a) for a in articles}
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    for fp in prints.values():
        lsh.insert(fp.article_id, fp.signature)
    parent = {aid: aid for aid in prints}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    relation: dict[tuple[str, str], tuple[CopyKind, float]] = {}
    by_hash: dict[str, str] = {}
    for aid in sorted(prints):
        fp = prints[aid]
        candidates = set(lsh.query(fp.signature))
        if fp.text_hash in by_hash:  # same body, whatever the headline did to the shingles
            candidates.add(by_hash[fp.text_hash])
        by_hash.setdefault(fp.text_hash, aid)
        for other in sorted(candidates):
            if other == aid:
                continue
            found = classify(fp, prints[other], settings)
            if found:
                relation[(aid, other)] = relation[(other, aid)] = found
                parent[root(other)] = root(aid)
    groups: dict[str, list[str]] = {}
    for aid in prints:
        groups.setdefault(root(aid), []).append(aid)

    by_id = {a.id: a for a in articles}
    links: dict[str, CopyLink] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        original = choose_original([by_id[m] for m in sorted(members)]).id
        for copy in sorted(members):
            if copy == original:
                continue
            kind, score = relation.get((copy, original)) or compare(
                prints[copy], prints[original], settings
            )
            links[copy] = copy_link(by_id[copy], by_id[original], kind, score)
    return links


def compare(a: Fingerprint, b: Fingerprint, settings: Settings) -> tuple[CopyKind, float]:
    """Relation of two members of one copy group, also when they were linked only through
    others (then the looser ``wire`` with their containment)."""
    found = classify(a, b, settings)
    if found:
        return found
    jaccard = float(a.signature.jaccard(b.signature))
    return "wire", containment(jaccard, a.shingles, b.shingles)


def copy_link(copy: Article, original: Article, kind: CopyKind, similarity: float) -> CopyLink:
    """The link from ``copy`` to ``original`` with the sentences added and cut (difflib)."""
    link = CopyLink(copy.id, original.id, kind, round(similarity, 4))
    if kind == "exact":
        return link
    mine = article_sentences(copy)
    theirs = article_sentences(original)
    matcher = difflib.SequenceMatcher(
        a=[normalize_text(s.text) for s in theirs],
        b=[normalize_text(s.text) for s in mine],
        autojunk=False,
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            link.cut.extend(Span(s.start, s.end, s.text) for s in theirs[i1:i2])
        if op in ("insert", "replace"):
            link.added.extend(Span(s.start, s.end, s.text) for s in mine[j1:j2])
    return link
