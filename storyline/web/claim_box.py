"""The claim box of the story and search pages: a reader's proposition checked against the store.

The answer comes from :func:`storyline.link.query_claim`, the function behind ``storyline claims
--query`` and ``/api/claims?query=``; this module only arranges it for the page: each statement
with its outlet, date, stance, step and reasons and a link to the cited sentence, and the
claim's updates and contradictions naming both sides. Everything shown is plain text for the
template to escape.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storyline._claim_check import check_propositions
from storyline.models import Claim, ClaimStatement
from storyline.web.corpus import CorpusView
from storyline.web.story_view import Links, format_when, site_links

#: The longest proposition the box accepts (characters).
MAX_PROPOSITION = 300
#: Statements shown on the page; the rest are counted.
MAX_SHOWN = 60


@dataclass
class BoxStatement:
    statement: ClaimStatement
    when: str
    href: str | None
    outlet_class: str
    conflict: str | None = None  # "update" / "contradiction" when this statement raised one

    @property
    def stance(self) -> str:
        return self.statement.stance


@dataclass
class BoxConflict:
    kind: str
    note: str
    earlier: BoxStatement
    later: BoxStatement


@dataclass
class ClaimBox:
    proposition: str
    statements: list[BoxStatement] = field(default_factory=list)
    conflicts: list[BoxConflict] = field(default_factory=list)
    hidden: int = 0  # statements found but not shown
    error: str | None = None

    def count(self, kind: str) -> int:
        return sum(1 for c in self.conflicts if c.kind == kind)


def proposition_text(proposition: str) -> str:
    """The proposition as the box checks it: spaces collapsed, at most ``MAX_PROPOSITION``."""
    return " ".join(proposition.split())[:MAX_PROPOSITION]


def claim_box(corpus: CorpusView, proposition: str, story_id: str | None = None) -> ClaimBox:
    """The statements of ``proposition`` in the store (or in one story), computed once per
    database state for each proposition and story."""
    text = proposition_text(proposition)
    if not text:
        return ClaimBox(proposition="", error="Write a claim to check, as a sentence.")
    return corpus.cached(("claim-box", text, story_id), lambda: _check(corpus, text, story_id))


def _check(corpus: CorpusView, proposition: str, story_id: str | None) -> ClaimBox:
    [claim] = check_propositions(  # without a model the learned reader alone answers
        corpus.store(),
        corpus.settings,
        [proposition],
        corpus.nlp(),
        story_id,
        nlp_lock=corpus.nlp_lock,
    )
    return box_view(claim, corpus, site_links())


def box_view(claim: Claim, corpus: CorpusView, links: Links) -> ClaimBox:
    """``claim`` arranged for the page."""
    palette = corpus.palette()
    raised = {c.later: c.kind for c in claim.conflicts}
    rows = [
        BoxStatement(
            statement=s,
            when=format_when(s.date),
            href=links.article(s.article_id, (s.start, s.end)),
            outlet_class=palette.css_class(s.outlet),
            conflict=raised.get(i),
        )
        for i, s in enumerate(claim.statements)
    ]
    conflicts = [
        BoxConflict(c.kind, c.note, rows[c.earlier], rows[c.later])
        for c in claim.conflicts
        if c.earlier < len(rows) and c.later < len(rows)
    ]
    return ClaimBox(
        proposition=claim.proposition,
        statements=rows[:MAX_SHOWN],
        conflicts=conflicts,
        hidden=max(0, len(rows) - MAX_SHOWN),
    )
