"""Claims over time: statements about one proposition across articles, ordered by date.

Sentences that carry a permission or prohibition cue are parsed with spaCy; each deontic
predicate becomes a statement with a stance (:mod:`storyline.link.stance`) and a *theme*
(what is permitted or forbidden). Statements whose themes agree (TF-IDF over the themes,
average link) are one claim; its proposition is the most typical theme, read as "is
permitted". Statements are then ordered by the date they speak about (a date in the
sentence, else the publication date) and labelled:

* ``new`` -- the first clear stance; ``unchanged`` -- the same stance again, or a "no
  change" statement; ``changed`` -- the opposite stance;
* a change between dates further apart than ``event_window_days`` is an **update** (a later
  statement supersedes an earlier one); opposite stances from different outlets about the
  same time are a **contradiction**.

Look-backs ("had previously prevented") keep their stance but take no step: they describe an
earlier state, not the state at publication.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.config import Settings
from storyline.link._text import Sentence, parse_date, split_sentences, stable_id, term_counts
from storyline.link.features import cosine, idf, normalized
from storyline.link.stance import StanceUnit, analyse_units, combine
from storyline.link.timeline import _sentence_date, display_date
from storyline.models import Article, Claim, ClaimConflict, ClaimStatement, Stance

if TYPE_CHECKING:
    from spacy.language import Language

#: A cheap filter so only sentences that may hold a deontic predicate are parsed.
CUE = re.compile(
    r"\b(allow|authori[sz]|green-?light|permit|approv|eas(e|ed|es|ing)\b|loosen|lift|relax|"
    r"prohibit|ban(s|ned|ning)?\b|bar(s|red|ring)?\b|restrict|forbid|prevent|block|exclud|"
    r"limit|deny|veto|withh[oe]ld|able to|can |could |may |not to (use|strike|fire|hit))",
    re.IGNORECASE,
)
SAME_CLAIM = 0.3
QUERY_MATCH = 0.3


@dataclass
class _Unit:
    article: Article
    sentence: Sentence
    unit: StanceUnit
    date: str | None
    vector: dict[str, float]
    quoted: bool


def _quoted(article: Article, sentence: Sentence) -> bool:
    if any(
        q.start < sentence.end and sentence.start < q.end
        for q in article.quotes
        if q.kind != "indirect"
    ):
        return True
    return sentence.text.lstrip()[:1] in {'"', "\u201c", "'", "\u2018"}


def extract_units(
    articles: Sequence[Article], nlp: Language, copies: Mapping[str, str] | None = None
) -> list[_Unit]:
    """Every deontic statement in the (original) articles, with its date and theme vector."""
    found: list[tuple[Article, Sentence]] = []
    for article in articles:
        if article.id in (copies or {}):
            continue
        title = (article.meta.title.value or "").strip()
        found.extend(
            (article, s)
            for s in split_sentences(article.text)
            if CUE.search(s.text) and s.text.strip() != title
        )
    units: list[tuple[Article, Sentence, StanceUnit, str | None, Counter[str]]] = []
    for (article, sentence), doc in zip(found, nlp.pipe(s.text for _, s in found), strict=True):
        mention = _sentence_date(article, sentence)
        date = display_date(mention.value, mention.precision) if mention else article.published
        for sent in doc.sents:
            for unit in analyse_units(sent):
                offset = sent.start_char
                unit.theme_start += offset
                unit.theme_end += offset
                units.append((article, sentence, unit, date and date[:10], term_counts(unit.theme)))
    df: Counter[str] = Counter()
    for *_, counts in units:
        df.update(set(counts))
    out = []
    for article, sentence, unit, date, counts in units:
        vector = normalized(
            {t: (1 + math.log(n)) * idf(df[t], len(units)) for t, n in counts.items()}
        )
        if vector:
            out.append(_Unit(article, sentence, unit, date, vector, _quoted(article, sentence)))
    return out


def _statement(u: _Unit, stance: Stance) -> ClaimStatement:
    reasons = [*u.unit.reasons, "quoted" if u.quoted else "reported"]
    return ClaimStatement(
        article_id=u.article.id,
        start=u.sentence.start,
        end=u.sentence.end,
        text=u.sentence.text,
        stance=stance,
        date=u.date,
        outlet=u.article.outlet,
        reasons=reasons,
    )


def build_claims(
    story_id: str | None,
    articles: Sequence[Article],
    nlp: Language,
    settings: Settings,
    copies: Mapping[str, str] | None = None,
) -> list[Claim]:
    """The claims of one story reported by at least two articles, most reported first."""
    units = extract_units(articles, nlp, copies)
    groups: list[list[_Unit]] = []
    for u in sorted(units, key=lambda u: (u.date or "9999", u.article.id, u.sentence.start)):
        best, best_score = None, SAME_CLAIM
        for group in groups:
            score = sum(cosine(u.vector, m.vector) for m in group) / len(group)
            if score >= best_score:
                best, best_score = group, score
        if best is None:
            groups.append([u])
        else:
            best.append(u)
    claims = []
    for group in groups:
        if len({u.article.id for u in group}) < 2:
            continue
        medoid = max(
            group,
            key=lambda u: (sum(cosine(u.vector, o.vector) for o in group), -len(u.unit.theme)),
        )
        # the proposition is "<theme> is permitted": prohibitions refute it
        statements = [_statement(u, u.unit.stance) for u in group]
        claim = Claim(
            id=stable_id("claim", story_id or "", medoid.article.id, str(medoid.sentence.start)),
            story_id=story_id,
            proposition=f"permitted: {medoid.unit.theme}",
            statements=statements,
        )
        claims.append(label_steps(claim, settings))
    claims.sort(key=lambda c: (-len({s.article_id for s in c.statements}), c.id))
    return claims


def claim_for_query(
    query: str,
    articles: Sequence[Article],
    nlp: Language,
    settings: Settings,
    copies: Mapping[str, str] | None = None,
) -> Claim:
    """Statements about a proposition the user words ("Ukraine may use ATACMS in Russia").

    A query worded as a prohibition ("... is banned") flips every stance, so ``supports``
    always means "agrees with the query".
    """
    doc = nlp(query)
    query_units = [u for s in doc.sents for u in analyse_units(s)]
    polarity = -1 if any(u.stance == "refutes" for u in query_units) else 1
    units = extract_units(articles, nlp, copies)
    df: Counter[str] = Counter()
    for u in units:
        df.update(u.vector)
    # the query's things (nouns, names, adjectives) say which proposition it is about;
    # its verbs ("use", "strike") are shared by every permission statement in the story
    things = " ".join(t.text for t in doc if t.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"})
    counts = term_counts(things)
    qvec = normalized({t: (1 + math.log(n)) * idf(df[t], len(units)) for t, n in counts.items()})
    matched = [u for u in units if cosine(qvec, u.vector) >= QUERY_MATCH]
    claim = Claim(
        id=stable_id("claim", "query", query.strip().lower()),
        story_id=None,
        proposition=query.strip(),
        statements=[_statement(u, combine(u.unit.stance, polarity)) for u in matched],
    )
    return label_steps(claim, settings)


def label_steps(claim: Claim, settings: Settings) -> Claim:
    """Order statements by date and label each step; record updates and contradictions."""
    claim.statements.sort(key=lambda s: (s.date or "9999", s.article_id, s.start))
    claim.conflicts = []
    state: Stance | None = None
    last_clear: int | None = None
    for i, s in enumerate(claim.statements):
        if "earlier-state" in s.reasons:
            s.step = None
            continue
        if s.stance == "unclear":
            s.step = "unchanged" if state and "no-change" in s.reasons else None
            continue
        if state is None:
            s.step = "new"
        elif s.stance == state:
            s.step = "unchanged"
        else:
            s.step = "changed"
            assert last_clear is not None
            claim.conflicts.append(_conflict(claim.statements, last_clear, i, settings))
        state, last_clear = s.stance, i
    return claim


def _conflict(
    statements: Sequence[ClaimStatement], i: int, j: int, settings: Settings
) -> ClaimConflict:
    earlier, later = statements[i], statements[j]
    a, b = parse_date(earlier.date), parse_date(later.date)
    gap = abs((b - a).days) if a and b else None
    if gap is not None and gap <= settings.event_window_days and earlier.outlet != later.outlet:
        note = f"{earlier.outlet} and {later.outlet} disagree about the same days"
        return ClaimConflict("contradiction", i, j, note)
    note = f"{later.stance} from {later.date} supersedes {earlier.stance} from {earlier.date}"
    return ClaimConflict("update", i, j, note)
