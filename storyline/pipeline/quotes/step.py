"""Who said what: direct, partial and indirect quotes with their cues and speakers.

The step runs after the entities step and reads the parse only:

1. :mod:`.marks` pairs quotation marks; :mod:`.direct` decides which quoted
   passages are quotations and finds their cues (cue first, cue after, inverted cue,
   continuation, or a governing speech verb for partial quotes);
2. :mod:`.indirect` finds reported clauses ("X said that ...", "according to X");
3. :mod:`.speaker` resolves each source in text order: names to the in-article full
   name, pronouns and definite roles to earlier speakers, documents to their issuers,
   anonymous and role sources kept as written.

The cue words are data (``cues.toml``). Spans index ``Article.text``; a direct or
partial quote's span excludes the quotation marks and a trailing comma.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> find_quotes("No quotes here.", nlp("No quotes here."))
[]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from storyline.config import Settings
from storyline.models import Article, EntityMention, Quote
from storyline.pipeline.quotes.candidates import QuoteCandidate
from storyline.pipeline.quotes.cues import load_cue_lexicon
from storyline.pipeline.quotes.direct import find_quotation_candidates
from storyline.pipeline.quotes.indirect import find_indirect_candidates
from storyline.pipeline.quotes.screen import screen_quotes
from storyline.pipeline.quotes.speaker import Speaker, SpeakerResolver, mentions_from_doc
from storyline.pipeline.quotes.speaker_model import choose_sources, load_speaker_model
from storyline.pipeline.quotes.syntax import doc_text
from storyline.pipeline.steps import Step

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["find_quotes", "quotes_step"]

_NO_SPEAKER = Speaker(None, None, None, None)
_INHERITED_VIA = {"continuation"}


def quotes_step(article: Article, doc: Doc, settings: Settings) -> Article:
    """Pipeline step: set ``article.quotes`` from the parsed text and the entity mentions."""
    del settings  # nothing tunable yet; the lexicon is packaged data
    quotes = find_quotes(article.text, doc, article.mentions, article.id)
    return dataclasses.replace(article, quotes=quotes)


def find_quotes(
    text: str,
    doc: Doc,
    mentions: Sequence[EntityMention] = (),
    article_id: str = "",
    *,
    screen: bool = True,
    learned: bool = True,
    speaker_model: dict[str, Any] | None = None,
    trace: list[Any] | None = None,
) -> list[Quote]:
    """Every attribution in ``text`` (parsed as ``doc``), ordered by position.

    ``mentions`` are the article's entity mentions (their ``canonical`` is the in-article
    full name); without them spaCy's entities are used. Quote ids are
    ``f"{article_id}:q{n}"`` numbered from 1 in text order, so they are stable for a text.
    With ``screen`` (the default) quoted passages that the learned model of
    :mod:`.screen` takes for titles, names or scare quotes are left out. With
    ``learned`` (the default) the models of :mod:`.speaker_model` (the packaged ones,
    or ``speaker_model``: a dict with a ``source`` and/or an ``antecedent`` model) choose
    the word naming each source and the antecedent of each "he"/"she"; without, the
    syntactic rules do. ``trace``, when given, collects the antecedent evidence of every
    pronoun (for training).
    """
    if doc_text(doc) != text:
        raise ValueError("doc must be the parse of text (their characters differ)")
    if not text.strip() or not doc.has_annotation("DEP"):
        return []
    lexicon = load_cue_lexicon()
    quotations = find_quotation_candidates(doc, lexicon)
    candidates = quotations + find_indirect_candidates(doc, lexicon, quotations)
    models = (speaker_model or load_speaker_model()) if learned else {}
    if "source" in models:
        choose_sources(doc, candidates, lexicon, models["source"])
    resolver = SpeakerResolver(
        doc,
        list(mentions) or mentions_from_doc(doc),
        lexicon,
        quoted=[c.outer for c in quotations],
        antecedent_model=models.get("antecedent"),
        trace=trace,
    )
    speakers = _resolve_all(doc, candidates, resolver)
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].start, candidates[i].end))
    quotes = [_quote(doc, article_id, 0, candidates[i], speakers[i]) for i in order]
    if screen:
        quotes = screen_quotes(quotes, doc)
    return [dataclasses.replace(q, id=f"{article_id}:q{n}") for n, q in enumerate(quotes, start=1)]


def _resolve_all(
    doc: Doc, candidates: list[QuoteCandidate], resolver: SpeakerResolver
) -> list[Speaker]:
    """Resolve sources in the order they are named, then give continuations the speaker
    of the quote they continue."""
    speakers: list[Speaker | None] = [None] * len(candidates)

    def position(i: int) -> int:
        c = candidates[i]
        return doc[c.source].idx if c.source is not None else c.start

    by_source: dict[int, Speaker] = {}  # a partial and an indirect quote can share a cue
    for i in sorted(range(len(candidates)), key=position):
        c = candidates[i]
        if c.follows is not None:
            continue
        if c.source is None:
            speakers[i] = _NO_SPEAKER
            continue
        if c.source not in by_source:
            by_source[c.source] = resolver.resolve(doc[c.source])
        speakers[i] = by_source[c.source]
    for i, c in enumerate(candidates):
        seen = {i}
        target = c.follows
        while target is not None and speakers[target] is None and target not in seen:
            seen.add(target)
            target = candidates[target].follows
        if target is not None:
            speakers[i] = speakers[i] or speakers[target]
            c.cue = c.cue or candidates[target].cue
    return [s or _NO_SPEAKER for s in speakers]


def _quote(doc: Doc, article_id: str, n: int, c: QuoteCandidate, speaker: Speaker) -> Quote:
    text = doc_text(doc)
    cue_start = cue_end = None
    cue = None
    if c.cue is not None:
        cue_start = doc[c.cue[0]].idx
        cue_end = doc[c.cue[1]].idx + len(doc[c.cue[1]].text)
        cue = text[cue_start:cue_end]
    inherited = c.via in _INHERITED_VIA
    return Quote(
        id=f"{article_id}:q{n}",
        article_id=article_id,
        text=text[c.start : c.end],
        start=c.start,
        end=c.end,
        kind=c.kind,
        speaker=speaker.name,
        speaker_kind=speaker.kind,
        cue=cue,
        cue_start=cue_start,
        cue_end=cue_end,
        speaker_start=None if inherited else speaker.start,
        speaker_end=None if inherited else speaker.end,
        speaker_title=speaker.title,
        speaker_canonical=speaker.canonical,
        resolved_via=c.via if inherited else speaker.via,
    )


#: Speakers are resolved to the article's entity mentions, so the entities step goes first.
QUOTES = Step("quotes", quotes_step, needs=("id", "text", "mentions"), provides=("quotes",))
