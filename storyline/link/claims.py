"""Claims over time: statements about one proposition across articles, ordered by date.

The pipeline reads, once per article, the statements that may hold a permission or
prohibition (:mod:`storyline.pipeline.sentence_claims`): each deontic predicate is stored
as a unit with a stance (:mod:`storyline.pipeline.stance`), a *theme* (what is permitted or
forbidden) and a *scope* (the theme with the predicate and who it applies to), beside the
sentence's words and lemmas. Here those stored facts are compared across articles; nothing
is parsed.

* :func:`claim_for_query` checks a proposition the user words: a sentence speaks about it
  when its units' scopes are close to the proposition in TF-IDF over lemmas, where entity
  mentions count as their entity (spelling variants and demonyms alike) and paraphrases as
  one class ("ban", "blockade", "curbs"; "exports", "deliveries", "shipments"). One
  statement per sentence: its clearest, most relevant unit.
* :func:`build_claims` finds the story's own claims: units whose themes and clauses agree
  (TF-IDF over theme terms, entities and clause words, average link) are one claim; its
  proposition is the clause of its most typical permitting unit ("Velmora has lifted its
  ban on ..."), or its most typical theme read as "... is permitted".

A statement is dated by its article's publication (the day it was made or reported; an
inferred publication date gives no step); the date its predicate is tied to ("said on
Monday", "lifted ... in March") stays in the reasons as ``about <date>``, and a predicate
tied to a date well before publication is a look back (``earlier-state``, no step). Copies
carry their outlet's statement, marked ``copy of <original>``, without adding support.
Steps and conflicts: :mod:`storyline.link.claim_steps`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from storyline.config import Settings
from storyline.link._text import (
    STOP_WORDS,
    Sentence,
    fold_term,
    parse_date,
    stable_id,
    terms,
    unique,
)
from storyline.link.claim_steps import COPY_REASON, INFERRED_REASON, label_steps
from storyline.link.features import cosine, idf, normalized
from storyline.link.timeline import date_range, display_date, precision_rank
from storyline.models import (
    Article,
    Claim,
    ClaimStatement,
    DateMention,
    DeonticUnit,
    SentenceFacts,
    Stance,
)
from storyline.pipeline.sentence_claims import NOT_A_TERM, STOP, Word
from storyline.pipeline.stance import combine
from storyline.pipeline.stance_lexicon import PROHIBIT_PHRASAL, STATE_WORDS, concept

SAME_CLAIM = 0.3
#: Cosine between a proposition and a unit's scope for the unit to speak about it.
QUERY_MATCH = 0.3
#: Weight of the rest of the sentence next to the predicate's own words.
CONTEXT_WEIGHT = 0.5
#: Every proposition checked for a stance is about a permission or prohibition.
POLICY = concept("ban")
_PLACE_KINDS = frozenset(["place"])
_WORD = re.compile(r"[\w'\u2019-]+")


@dataclass
class _Unit:
    article: Article
    sentence: Sentence
    unit: DeonticUnit
    theme_text: str
    scope: Counter[str]
    context: Counter[str]  # the rest of the sentence
    theme: Counter[str]  # lemma classes of the theme (story claims group by them)
    quoted: bool
    about: str | None = None
    lookback: bool = False
    copy_of: str | None = None
    vector: dict[str, float] = field(default_factory=dict)
    clause: str = ""  # the predicate with who acts and what it is about, as written

    @property
    def clear(self) -> bool:
        return self.unit.stance != "unclear" and not self.lookback


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").casefold().strip()
    return re.sub(r"'s$", "", text)


def _demonyms(name: str) -> set[str]:
    """Adjectives a place's name usually takes ("Dravania" -> "dravanian", "Ukraine" ->
    "ukrainian"), so "Dravanian smelters" speaks of Dravania."""
    base = name.rstrip("aeiouy")
    return {name + "n", name + "an", name + "ian", base + "ian", base + "an", base + "ese"}


def entity_lookup(articles: Sequence[Article]) -> dict[str, str]:
    """Folded surface forms of every mention -> the key its entity counts as.

    A place's demonym counts as the place, even where it was tagged as a group of its own.
    """
    lookup: dict[str, str] = {}
    for article in articles:
        for m in article.mentions:
            if m.kind in _PLACE_KINDS and " " not in m.canonical.strip():
                key = _mention_key(m.entity_id, m.canonical)
                for form in _demonyms(_fold(m.canonical)):
                    lookup.setdefault(form, key)
    for article in articles:
        for m in article.mentions:
            key = _mention_key(m.entity_id, m.canonical)
            for form in (m.text, m.canonical):
                lookup.setdefault(_fold(form), key)
    return lookup


def _mention_key(entity_id: str | None, canonical: str) -> str:
    return f"@{entity_id}" if entity_id else f"@{_fold(canonical)}"


def _lemma_term(word: Word) -> str | None:
    _, _, lemma, particle, flags = word
    if flags & NOT_A_TERM:
        return None
    lemma = lemma.lower()
    if (lemma, particle) in PROHIBIT_PHRASAL:
        return POLICY
    if flags & STOP or lemma in STATE_WORDS or lemma in STOP_WORDS:
        return None
    folded = concept(fold_term(lemma) if lemma.isalpha() else lemma)
    return folded if len(folded) > 1 else None


def bag_of_words(
    words: Iterable[Word],
    lookup: Mapping[str, str],
    mentions: Sequence[tuple[int, int, str]] = (),
) -> Counter[str]:
    """The comparable terms of some stored words: entities as their keys, words as lemma
    classes. ``mentions`` are ``(start, end, key)`` spans in the words' article."""
    bag: Counter[str] = Counter()
    used: set[int] = set()
    for word in words:
        char = word[0]
        hit = next((n for n, (s, e, _) in enumerate(mentions) if s <= char < e), None)
        if hit is not None:
            if hit not in used:
                used.add(hit)
                bag[mentions[hit][2]] += 1
            continue
        key = lookup.get(_fold(word[1]))
        term = key if key and not word[4] & STOP else _lemma_term(word)
        if term:
            bag[term] += 1
    return bag


def _quoted(article: Article, sentence: Sentence) -> bool:
    if any(
        q.start < sentence.end and sentence.start < q.end
        for q in article.quotes
        if q.kind != "indirect"
    ):
        return True
    return sentence.text.lstrip()[:1] in {'"', "\u201c", "'", "\u2018"}


def _publication(article: Article) -> tuple[str | None, str | None]:
    """(publication day, None), or (None, inferred day) when the date was only inferred."""
    value = article.published
    if not value:
        return None, None
    if article.meta.published.source == "inferred":
        return None, value[:10]
    return value[:10], None


def predicate_date(article: Article, unit: DeonticUnit) -> DateMention | None:
    """The most precise date the unit's predicate, or the verb reporting it, is tied to (the
    pipeline stored which of the article's date mentions are)."""
    best: DateMention | None = None
    for mention in article.dates:
        if mention.start not in unit.dates or mention.type not in ("DATE", "TIME"):
            continue
        if date_range(mention.value, mention.precision) is None:
            continue
        if best is None or precision_rank(mention.precision) < precision_rank(best.precision):
            best = mention
    return best


def extract_units(
    articles: Sequence[Article],
    settings: Settings,
    copies: Mapping[str, str] | None = None,
    keep: Callable[[str], bool] | None = None,
) -> list[_Unit]:
    """Every stored deontic unit of the articles (copies included, marked), with scope and
    theme. ``keep`` narrows the sentences worth reading (a cheap test on the text)."""
    copies = copies or {}
    lookup = entity_lookup(articles)
    units: list[_Unit] = []
    for article in articles:
        spans: list[tuple[int, int, str]] | None = None
        for facts in article.sentences:
            if not facts.units:
                continue
            sentence = Sentence(article.text[facts.start : facts.end], facts.start, facts.end)
            if keep is not None and not keep(sentence.text):
                continue
            if spans is None:
                spans = [
                    (
                        m.start,
                        m.end,
                        lookup.get(_fold(m.text)) or _mention_key(m.entity_id, m.canonical),
                    )
                    for m in article.mentions
                ]
            for stored in facts.units:
                unit = DeonticUnit.from_dict(stored.to_dict())  # reasons grow below
                end = max(unit.scope_end, unit.scope_start + 1)
                inside = [w for w in facts.words if unit.scope_start <= w[0] < end]
                outside = [w for w in facts.words if not unit.scope_start <= w[0] < end]
                scope = bag_of_words(inside, lookup, spans)
                scope[POLICY] = max(scope[POLICY], 1)  # "cut off" is a policy word here
                theme = article.text[unit.theme_start : unit.theme_end]
                u = _Unit(
                    article,
                    sentence,
                    unit,
                    theme,
                    scope,
                    bag_of_words(outside, lookup, spans),
                    Counter(concept(t) for t in terms(theme)),
                    _quoted(article, sentence),
                    copy_of=copies.get(article.id),
                )
                _date_unit(u, settings)
                u.clause = article.text[unit.scope_start : unit.scope_end].strip(" ,;:-\u2014")
                units.append(u)
    return units


def _date_unit(u: _Unit, settings: Settings) -> None:
    """Set the date the unit's predicate speaks about, and whether that is a look back."""
    u.lookback = "earlier-state" in u.unit.reasons
    mention = predicate_date(u.article, u.unit)
    if mention is None:
        return
    u.about = display_date(mention.value, mention.precision)
    published = parse_date(u.article.published)
    span = date_range(mention.value, mention.precision)
    window = dt.timedelta(days=settings.event_window_days)
    if published and span and span[1] < published - window and not u.lookback:
        u.lookback = True
        u.unit.reasons.append("earlier-state")


def _statement(u: _Unit, stance: Stance) -> ClaimStatement:
    date, inferred = _publication(u.article)
    reasons = unique([*u.unit.reasons, "quoted" if u.quoted else "reported"])
    if u.about and u.about != date:
        reasons.append(f"about {u.about}")
    if u.copy_of:
        reasons.append(f"{COPY_REASON}{u.copy_of}")
    if inferred:
        reasons.append(INFERRED_REASON.format(date=inferred))
    return ClaimStatement(
        article_id=u.article.id,
        start=u.sentence.start,
        end=u.sentence.end,
        text=u.sentence.text,
        stance=stance,
        date=date,
        outlet=u.article.outlet,
        reasons=reasons,
    )


def _in_context(u: _Unit) -> dict[str, float]:
    bag = {t: float(c) for t, c in u.scope.items()}
    for term, count in u.context.items():
        bag[term] = bag.get(term, 0.0) + CONTEXT_WEIGHT * count
    return bag


def _one_per_sentence(units: Iterable[_Unit], score: Callable[[_Unit], float]) -> list[_Unit]:
    """The unit that speaks for each sentence: a clear one before an unclear one, then the
    one closest to the proposition ("will allow limited exports, but the ban ... remains in
    force" speaks through the ban)."""
    best: dict[tuple[str, int], _Unit] = {}
    for u in units:
        key = (u.article.id, u.sentence.start)
        other = best.get(key)
        if other is None or (u.clear, score(u)) > (other.clear, score(other)):
            best[key] = u
    return list(best.values())


def _closeness_to(centre: Mapping[str, float]) -> Callable[[_Unit], float]:
    return lambda u: cosine(u.vector, centre)


def theme_vectors(units: Sequence[_Unit]) -> None:
    """TF-IDF vectors over what a unit is about: its theme's lemma classes and the entities
    and words of its clause (the policy word itself left out: every unit has one)."""
    bags: list[Counter[str]] = []
    for u in units:
        bag = Counter(u.theme)
        bag.update({t: c for t, c in u.scope.items() if t != POLICY})
        bags.append(bag)
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    for u, bag in zip(units, bags, strict=True):
        u.vector = normalized(
            {t: (1 + math.log(n)) * idf(df[t], len(units)) for t, n in bag.items()}
        )


#: A theme needs this many content terms to be a claim ("reopens", "the government" are not).
MIN_THEME_TERMS = 2
#: A proposition read from a clause needs this many words; shorter ones read as a theme.
MIN_CLAUSE_WORDS = 5


#: Longer clauses carry a reporting frame ("Putin, in a televised address, said ...").
MAX_CLAUSE_WORDS = 18


def _proposition(group: Sequence[_Unit], medoid: _Unit) -> str:
    """A readable sentence for the claim: the clause of its most typical permitting unit
    ("President Joe Biden has authorized Ukraine to use ... in Russia") when one is short
    enough to be the claim alone, else its most typical theme read as permitted ("The use
    of ATACMS or long-range strikes inside Russia is permitted")."""
    permitting = [
        u
        for u in group
        if u.unit.stance == "supports"
        and u.clear
        and MIN_CLAUSE_WORDS <= len(u.clause.split()) <= MAX_CLAUSE_WORDS
        and not u.clause[:1].islower()  # a clause that opens mid-sentence lacks its actor
        and "," not in " ".join(u.clause.split()[:4])  # nor one that opens in an apposition
    ]
    if permitting:
        best = max(permitting, key=lambda u: sum(cosine(u.vector, o.vector) for o in group))
        return best.clause
    theme = medoid.theme_text.strip(" ,;:")
    return f"{theme[0].upper()}{theme[1:]} is permitted"


def build_claims(
    story_id: str | None,
    articles: Sequence[Article],
    settings: Settings,
    copies: Mapping[str, str] | None = None,
) -> list[Claim]:
    """The claims of one story that at least two original articles take a clear stance on,
    most reported first. Themes compare by paraphrase class and entity, so "its blockade of
    ore deliveries" and "the ban on ore exports" are one claim; a unit joins the claim it is
    closest to on average. Fragments (a theme of one word) are no claims."""
    units = [
        u for u in extract_units(articles, settings, copies) if len(u.theme) >= MIN_THEME_TERMS
    ]
    theme_vectors(units)
    units = [u for u in units if u.vector]
    groups: list[list[_Unit]] = []
    for u in sorted(units, key=lambda u: (u.article.published or "9999", u.article.id)):
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
        if len({u.article.id for u in group if u.clear and not u.copy_of}) < 2:
            continue
        medoid = max(
            group,
            key=lambda u: (sum(cosine(u.vector, o.vector) for o in group), -len(u.theme_text)),
        )
        members = _one_per_sentence(group, _closeness_to(medoid.vector))
        # the proposition is a permission: prohibitions refute it
        claim = Claim(
            id=stable_id(
                "claim",
                story_id or "",
                medoid.article.id,
                str(medoid.sentence.start),
                str(medoid.unit.theme_start),
            ),
            story_id=story_id,
            proposition=_proposition(group, medoid),
            statements=[_statement(u, u.unit.stance) for u in members],
        )
        claims.append(label_steps(claim, settings))
    claims.sort(key=lambda c: (-len({s.article_id for s in c.statements}), c.id))
    return claims


def query_terms(query: str) -> list[str]:
    """The words of a proposition worth searching for (no stop words, no state words)."""
    return [t for t in terms(query) if t not in STATE_WORDS]


def claim_for_query(
    query: str,
    analysed: SentenceFacts,
    articles: Sequence[Article],
    settings: Settings,
    copies: Mapping[str, str] | None = None,
) -> Claim:
    """Statements about a proposition the user words ("Ukraine may use ATACMS in Russia").

    ``analysed`` is the proposition read by the pipeline
    (:func:`storyline.pipeline.sentence_claims.analyse_claim_text`). A proposition worded as
    a prohibition ("... is banned", "the ban ... is in force") flips every stance, so
    ``supports`` always means "agrees with the proposition".
    """
    polarity = -1 if any(u.stance == "refutes" for u in analysed.units) else 1
    lookup = entity_lookup(articles)
    query_bag = bag_of_words(analysed.words, lookup)
    wanted = set(query_terms(query)) | {k for k in query_bag if k.startswith("@")}

    def shares_a_word(text: str) -> bool:
        if set(terms(text)) & wanted:
            return True
        return any(lookup.get(_fold(w)) in wanted for w in _WORD.findall(text))

    units = extract_units(articles, settings, copies, keep=shares_a_word)
    query_bag[POLICY] = max(query_bag[POLICY], 1)
    df: Counter[str] = Counter(query_bag.keys())
    for u in units:
        df.update(set(u.scope) | set(u.context))
    n = len(units) + 1

    def vector(bag: Mapping[str, float]) -> dict[str, float]:
        return normalized({t: (1 + math.log(c)) * idf(df[t], n) for t, c in bag.items()})

    qvec = vector(query_bag)
    # the predicate's own words choose among the units of a sentence; the rest of the
    # sentence helps decide whether it speaks about the proposition at all ("because the
    # ban remains in force" in a sentence about Velmora's tungsten ore licences)
    own = {id(u): cosine(qvec, vector(u.scope)) for u in units}
    matched = [u for u in units if cosine(qvec, vector(_in_context(u))) >= QUERY_MATCH]
    chosen = _one_per_sentence(matched, lambda u: own[id(u)])
    claim = Claim(
        id=stable_id("claim", "query", query.strip().lower()),
        story_id=None,
        proposition=query.strip(),
        statements=[_statement(u, combine(u.unit.stance, polarity)) for u in chosen],
    )
    return label_steps(claim, settings)
