"""Learned speaker choice: which word names the source, and whom a pronoun stands for.

Two small logistic regressions, trained on the PolNeAR training split by
``evals/train_speaker_model.py`` and packaged as weights (``speaker_model.json``;
inference is a dot product):

* the **source model** scores the candidate words that could name an attribution's source:
  the people, organisations, pronouns and noun phrases of the cue's sentence and the one
  before it. Its features are the word's relation to the cue (subject of the cue verb,
  object of "according to", agent of a passive, inverted subject), distance and side,
  the kind of word, how often the article names it, whether it is in the headline, and
  whether the syntactic rules of :mod:`quotes_direct` / :mod:`quotes_indirect` chose it.
  It is trained on every attribution whose gold source the candidates contain (label:
  the candidate heads the gold source span), and the highest-scoring candidate becomes
  the source;
* the **antecedent model** scores the earlier people a "he" or "she" could refer to
  (those whose gender does not contradict the pronoun): recency among people named,
  speakers and sentence subjects, distance in sentences, how often each was named,
  gender evidence. A pronoun is left unresolved when the best candidate's probability
  does not beat the runner-up's by the packaged margin, or falls below the packaged floor:
  a wrong speaker is worse than none.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storyline.data_files import packaged_model
from storyline.pipeline.logistic import bucket, probability
from storyline.pipeline.quotes.syntax import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline.pipeline.quotes.candidates import QuoteCandidate
    from storyline.pipeline.quotes.cues import CueLexicon

MODEL_FILE = "speaker_model.json"
_SOURCE_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_CHUNK_DEPS = frozenset({"nsubj", "nsubjpass", "pobj", "dobj", "appos", "attr", "ROOT", "conj"})
_INVERTED = frozenset({"nsubj", "dobj", "attr", "npadvmod", "oprd", "dative", "appos"})
_FIRST_PERSON = frozenset({"i", "we"})
_DISTANCES = (0, 1, 2, 3, 5, 8, 13, 21)


@functools.lru_cache(maxsize=1)
def load_speaker_model() -> dict[str, Any]:
    """The packaged models: ``source`` and ``antecedent``, each with ``weights`` and
    ``intercept`` (scored with :func:`storyline.pipeline.logistic.probability`); the
    antecedent model also has ``margin`` and ``floor``."""
    return packaged_model(
        "storyline.pipeline.quotes", MODEL_FILE, "speaker model", "evals/train_speaker_model.py"
    )


# --------------------------------------------------------------------------- source words


def _anchor(doc: Doc, candidate: QuoteCandidate) -> Token:
    """The cue's first word, or without a cue the first word of the quoted content."""
    if candidate.cue is not None:
        return doc[candidate.cue[0]]
    span = doc.char_span(candidate.start, candidate.end, alignment_mode="expand")
    return span[0] if span is not None and len(span) else doc[0]


def source_candidates(doc: Doc, candidate: QuoteCandidate, lexicon: CueLexicon) -> list[Token]:
    """The words that could name ``candidate``'s source: entity heads, pronouns and noun
    phrase heads in the cue's sentence and the sentence before it, outside the quoted
    words, plus the word the syntactic rules chose."""
    sentence = _anchor(doc, candidate).sent
    first = sentence.start
    if first > 0:
        first = doc[first - 1].sent.start
    outer_start, outer_end = candidate.outer
    heads = {e.root.i for e in doc.ents[:] if sentence.end > e.start}
    found: dict[int, Token] = {}
    for token in doc[first : sentence.end]:
        if outer_start <= token.idx < outer_end:
            continue
        if candidate.kind == "indirect" and candidate.start <= token.idx < candidate.end:
            continue
        if token.ent_type_ in _SOURCE_LABELS:
            if token.i in heads:
                found[token.i] = token
        elif (
            lexicon.is_pronoun(token)
            or token.lower_ in _FIRST_PERSON
            or (
                token.pos_ in {"NOUN", "PROPN"}
                and token.dep_ in _CHUNK_DEPS
                and token.sent.start == sentence.start
            )
        ):
            found[token.i] = token
    if candidate.source is not None:
        found[candidate.source] = doc[candidate.source]
    return [found[i] for i in sorted(found)]


def _cue_relation(token: Token, cue: range, lexicon: CueLexicon) -> str:
    """How ``token`` hangs on the cue: subject, inverted subject, "according to" object,
    agent of a passive, object, elsewhere under the cue, or not at all."""
    head = token.head
    if head.i in cue and token.dep_ in {"nsubj", "nsubjpass"}:
        return "inverted" if token.i > head.i else "subject"
    if head.i in cue and token.dep_ in _INVERTED and token.i > head.i:
        return "after"
    if token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return "according"
    if token.dep_ == "pobj" and head.dep_ == "agent" and head.head.i in cue:
        return "agent"
    if head.i in cue:
        return f"dep_{token.dep_}"
    if any(a.i in cue for a in token.ancestors):
        return "under"
    if head.dep_ in {"appos", "compound"} and head.head.i in cue:
        return "beside_subject"
    return "none"


def source_features(
    doc: Doc,
    candidate: QuoteCandidate,
    token: Token,
    lexicon: CueLexicon,
    rank: int,
    counts: dict[str, int],
) -> dict[str, Any]:
    """What the source model weighs for one candidate word (see the module docstring)."""
    cue = range(candidate.cue[0], candidate.cue[1] + 1) if candidate.cue is not None else range(0)
    anchor = _anchor(doc, candidate)
    if token.ent_type_:
        kind = token.ent_type_
    elif lexicon.is_pronoun(token):
        kind = "pron_" + lexicon.pronoun_gender[token.lower_]
    elif token.lower_ in _FIRST_PERSON:
        kind = "pron_first"
    else:
        kind = token.pos_
    relation = _cue_relation(token, cue, lexicon)
    rule = candidate.source == token.i
    first_line_end = doc_text(doc).find("\n")
    return {
        "rule": rule,
        "relation": relation,
        "via_relation": f"{candidate.via}|{relation}",
        "kind_relation": f"{kind}|{relation}",
        "kind": kind,
        "quote_kind": candidate.kind,
        "side": "before" if token.i < anchor.i else "after",
        "same_sentence": token.sent.start == anchor.sent.start,
        "distance": bucket(abs(token.i - anchor.i), _DISTANCES),
        "rank": bucket(rank, (0, 1, 2, 3)),
        "possessive": token.dep_ == "poss" or any(c.dep_ == "case" for c in token.children),
        "mentions": bucket(counts.get(token.lower_, 0), (1, 2, 3, 5, 8)),
        "headline": first_line_end >= 0 and token.idx < first_line_end,
        "no_cue": candidate.cue is None,
        "rule_missing": candidate.source is None,
        "main_subject": token.dep_ in {"nsubj", "nsubjpass"} and token.head.dep_ == "ROOT",
    }


@dataclass(frozen=True)
class ScoredWord:
    token: Token
    probability: float
    features: dict[str, Any]


def score_sources(
    doc: Doc,
    candidate: QuoteCandidate,
    lexicon: CueLexicon,
    counts: dict[str, int],
    model: dict[str, Any] | None,
) -> list[ScoredWord]:
    """Every candidate word of ``candidate`` with the source model's probability (0.0
    without a model), best first."""
    words = source_candidates(doc, candidate, lexicon)
    anchor = candidate.cue[0] if candidate.cue is not None else None
    order = sorted(words, key=lambda t: abs(t.i - anchor) if anchor is not None else 0)
    ranks = {t.i: n for n, t in enumerate(order)}
    scored = []
    for token in words:
        features = source_features(doc, candidate, token, lexicon, ranks[token.i], counts)
        p = probability(features, model) if model is not None else 0.0
        scored.append(ScoredWord(token, p, features))
    return sorted(scored, key=lambda s: -s.probability)


def word_counts(doc: Doc) -> dict[str, int]:
    """How often each (lower-cased) word occurs in the article: a name's salience."""
    counts: dict[str, int] = {}
    for token in doc:
        if token.is_alpha:
            counts[token.lower_] = counts.get(token.lower_, 0) + 1
    return counts


def choose_sources(
    doc: Doc, candidates: Sequence[QuoteCandidate], lexicon: CueLexicon, model: dict[str, Any]
) -> None:
    """Set each cued, non-continuing candidate's ``source`` to the source model's best
    word; a candidate the rules found no source for gets one only when the model is more
    sure than not."""
    counts = word_counts(doc)
    for candidate in candidates:
        if candidate.follows is not None or candidate.cue is None:
            continue
        scored = score_sources(doc, candidate, lexicon, counts, model)
        if not scored:
            continue
        best = scored[0]
        if candidate.source is None and best.probability < 0.5:
            continue
        candidate.source = best.token.i


# --------------------------------------------------------------------------- antecedents


@dataclass(frozen=True)
class AntecedentEvidence:
    """What the resolver knows about one earlier person when a pronoun comes up."""

    canonical: str
    last_position: int  # where they were last named, spoke or were a subject
    last_sentence_gap: int  # sentences between that and the pronoun
    mentions: int  # times named before the pronoun
    recency_rank: int  # 0 = the most recent person of all
    speaker_rank: int | None  # 0 = the most recent speaker; None = never spoke
    subject_rank: int | None  # 0 = the most recent main-clause subject
    gender: str  # "match" or "unknown" (people of the other gender are not candidates)
    first_named: bool
    same_paragraph: bool
    subject_here: bool = False  # the subject of a main clause in the pronoun's sentence


def antecedent_features(
    evidence: AntecedentEvidence, fitting: int, matching: int = 0
) -> dict[str, Any]:
    """What the antecedent model weighs for one earlier person; ``fitting`` is how many
    candidates there are, ``matching`` how many of them are known to have the pronoun's
    gender."""
    others = matching - (evidence.gender == "match")

    def rank(value: int | None) -> str:
        return "none" if value is None else bucket(value, (0, 1, 2))

    return {
        "recency": bucket(evidence.recency_rank, (0, 1, 2, 3)),
        "speaker": rank(evidence.speaker_rank),
        "subject": rank(evidence.subject_rank),
        "gap": bucket(evidence.last_sentence_gap, (0, 1, 2, 4, 8)),
        "mentions": bucket(evidence.mentions, (1, 2, 3, 5, 8)),
        "gender": evidence.gender,
        "gender_recency": f"{evidence.gender}|{bucket(evidence.recency_rank, (0, 1, 2))}",
        "speaker_gap": f"{rank(evidence.speaker_rank)}|{bucket(evidence.last_sentence_gap, (0, 1, 3))}",
        "first_named": evidence.first_named,
        "same_paragraph": evidence.same_paragraph,
        "fitting": bucket(fitting, (1, 2, 3)),
        "subject_here": evidence.subject_here,
        # an unknown gender beside someone known to fit is doubtful
        "gender_others": f"{evidence.gender}|{bucket(others, (0, 1))}",
    }


def choose_antecedent(
    evidence: Sequence[AntecedentEvidence], model: dict[str, Any]
) -> tuple[str | None, list[tuple[str, float]]]:
    """The person the antecedent model prefers, or None when its preference is not clear
    (see the module docstring); also every candidate's probability, best first."""
    matching = sum(e.gender == "match" for e in evidence)
    scored = sorted(
        (
            (e.canonical, probability(antecedent_features(e, len(evidence), matching), model))
            for e in evidence
        ),
        key=lambda pair: -pair[1],
    )
    if not scored:
        return None, scored
    best = scored[0][1]
    runner_up = scored[1][1] if len(scored) > 1 else 0.0
    if best < model.get("floor", 0.0) or best - runner_up < model.get("margin", 0.0):
        return None, scored
    return scored[0][0], scored
