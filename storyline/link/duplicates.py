"""Exact duplicates, near-duplicates and wire copies, with what each copy added and cut.

Word 5-shingles of the normalised text are hashed into MinHash signatures (datasketch);
LSH finds candidate pairs, the estimated Jaccard similarity and containment classify them:

* ``exact`` -- same normalised text;
* ``near`` -- Jaccard >= ``duplicate_threshold`` (the same text with small edits);
* ``wire`` -- most of the shorter text is inside the longer one (an agency story
  republished with a paragraph added or the tail cut).

Each group of copies points at one original, the earliest published (then the longest,
then the smallest id), and every copy records the sentences it added and cut compared with
that original (difflib over normalised sentences). Copies stay stored; callers leave them
out of counts.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from datasketch import LeanMinHash, MinHash, MinHashLSH

from storyline.config import Settings
from storyline.link._text import normalize_text, parse_date, split_sentences, text_hash
from storyline.models import Article, Model

CopyKind = Literal["exact", "near", "wire"]
SHINGLE_WORDS = 5
NUM_PERM = 128
#: LSH recall floor: pairs less similar than this are never compared.
CANDIDATE_JACCARD = 0.3


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


def wire_containment(settings: Settings) -> float:
    return settings.wire_containment


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    words = normalize_text(text).split()
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def fingerprint(article: Article) -> Fingerprint:
    """The duplicate-detection fingerprint of one article."""
    grams = shingles(article.text)
    sketch = MinHash(num_perm=NUM_PERM, seed=1)
    sketch.update_batch([g.encode("utf-8") for g in grams])
    return Fingerprint(
        article.id,
        text_hash(article.text),
        LeanMinHash(sketch),
        len(grams),
        article.published,
        len(article.text),
    )


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set inside the larger, from Jaccard and the set sizes."""
    if not size_a or not size_b:
        return 0.0
    overlap = jaccard * (size_a + size_b) / (1.0 + jaccard)
    return min(1.0, overlap / min(size_a, size_b))


def classify(a: Fingerprint, b: Fingerprint, settings: Settings) -> tuple[CopyKind, float] | None:
    """How ``a`` and ``b`` relate as copies, with the similarity behind it; None if unrelated."""
    if a.text_hash == b.text_hash:
        return "exact", 1.0
    jaccard = float(a.signature.jaccard(b.signature))
    if jaccard >= settings.duplicate_threshold:
        return "near", jaccard
    contained = containment(jaccard, a.shingles, b.shingles)
    if jaccard >= CANDIDATE_JACCARD and contained >= wire_containment(settings):
        return "wire", contained
    return None


def original_key(fp: Fingerprint) -> tuple[bool, str, int, str]:
    """Sort key putting the original first: earliest date, then longest, then id."""
    date = parse_date(fp.published)
    return (date is None, date.isoformat() if date else "", -fp.length, fp.article_id)


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
    for aid in sorted(prints):
        fp = prints[aid]
        for other in sorted(lsh.query(fp.signature)):
            if other <= aid:
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
        members.sort(key=lambda m: original_key(prints[m]))
        original = members[0]
        for copy in members[1:]:
            kind, score = relation.get((copy, original)) or _compare(prints[copy], prints[original])
            links[copy] = copy_link(by_id[copy], by_id[original], kind, score)
    return links


def _compare(a: Fingerprint, b: Fingerprint) -> tuple[CopyKind, float]:
    """Relation of two members of one copy group that were linked only through others."""
    if a.text_hash == b.text_hash:
        return "exact", 1.0
    jaccard = float(a.signature.jaccard(b.signature))
    return "wire", containment(jaccard, a.shingles, b.shingles)


def copy_link(copy: Article, original: Article, kind: CopyKind, similarity: float) -> CopyLink:
    """The link from ``copy`` to ``original`` with the sentences added and cut (difflib)."""
    link = CopyLink(copy.id, original.id, kind, round(similarity, 4))
    if kind == "exact":
        return link
    mine = split_sentences(copy.text)
    theirs = split_sentences(original.text)
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


def best_original(
    fp: Fingerprint, candidates: Mapping[str, Fingerprint], settings: Settings
) -> tuple[str, CopyKind, float] | None:
    """The stored article ``fp`` copies (incremental path), or None."""
    best: tuple[str, CopyKind, float] | None = None
    for aid in sorted(candidates):
        found = classify(fp, candidates[aid], settings)
        if found and (best is None or found[1] > best[2]):
            best = (aid, found[0], found[1])
    return best
