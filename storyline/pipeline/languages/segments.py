"""Sentences and named-entity spans of one text, from the language's own tools.

Russian and Ukrainian: razdel sentences and natasha's news NER (slovnet with navec
embeddings, both bundled in the packages). French and Spanish: the language's spaCy model.
Languages without a model: a blank spaCy pipeline's sentencizer and no entity spans.
Models load once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from storyline.pipeline.languages.support import LanguageSupport
from storyline.pipeline.nlp import load_nlp

__all__ = ["Segments", "segment"]

#: NER labels mapped to the English pipeline's labels.
_LABELS = {
    "PER": "PERSON",
    "PERSON": "PERSON",
    "ORG": "ORG",
    "LOC": "GPE",
    "GPE": "GPE",
    "MISC": "MISC",
}


@dataclass
class Segments:
    """Character spans: ``sentences`` as (start, end), ``entities`` as (start, end, label)."""

    sentences: list[tuple[int, int]] = field(default_factory=list)
    entities: list[tuple[int, int, str]] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _natasha() -> tuple[Any, Any]:
    from natasha import NewsEmbedding, NewsNERTagger, Segmenter

    return Segmenter(), NewsNERTagger(NewsEmbedding())


@functools.lru_cache(maxsize=4)
def _spacy(package: str | None, code: str) -> Any:
    import spacy

    if package is None:
        nlp = spacy.blank(code)
        nlp.add_pipe("sentencizer")
        return nlp
    return load_nlp(package, exclude=("lemmatizer",))


def _by_line(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences cut at line breaks: a paragraph never ends inside a sentence, whatever
    the splitter thought of the « opening the next one. A cut inside a line after a word,
    a comma or a hyphen (French models cut "démettre Omar el-Béchir" at its non-breaking
    space and hyphen) is undone:

    >>> text = "Il veut démettre\u00a0Omar el Béchir. Il part."
    >>> [text[a:b] for a, b in _by_line(text, [(0, 17), (17, 32), (33, 41)])]
    ['Il veut démettre\xa0Omar el Béchir.', 'Il part.']
    """
    out: list[tuple[int, int]] = []
    for start, end in sentences:
        pos = start
        for part in text[start:end].split("\n"):
            lead = len(part) - len(part.lstrip())
            body = part.strip()
            if body:
                begin = pos + lead
                if out and _cut_mid_sentence(text, out[-1][1], begin):
                    begin = out.pop()[0]
                out.append((begin, pos + lead + len(body)))
            pos += len(part) + 1
    return out


def _cut_mid_sentence(text: str, end: int, start: int) -> bool:
    """Whether a sentence ending at ``end`` was cut in the middle: the next one starts on
    the same line and the cut follows a letter, a digit, a comma, a hyphen or an
    apostrophe (no sentence ends there)."""
    return (
        0 < end <= start
        and "\n" not in text[end:start]
        and (text[end - 1].isalnum() or text[end - 1] in _NO_END)
    )


#: Characters a sentence never ends with.
_NO_END = frozenset(",-\u2010\u2011'\u2019(")


def segment(text: str, support: LanguageSupport) -> Segments:
    """Sentences and entity spans of ``text`` in the language ``support`` describes."""
    with_ner = support.ner_available()
    if support.ner == "natasha" or support.sentences == "natasha":
        from natasha import Doc

        segmenter, tagger = _natasha()
        doc = Doc(text)
        doc.segment(segmenter)
        if with_ner:
            doc.tag_ner(tagger)
        return Segments(
            sentences=_by_line(text, [(s.start, s.stop) for s in doc.sents]),
            entities=[(s.start, s.stop, _LABELS.get(s.type, s.type)) for s in doc.spans or []],
        )
    nlp = _spacy(support.spacy_package if with_ner else None, support.code)
    sdoc = nlp(text)
    return Segments(
        sentences=_by_line(text, [(s.start_char, s.end_char) for s in sdoc.sents]),
        entities=[(e.start_char, e.end_char, _LABELS.get(e.label_, e.label_)) for e in sdoc.ents],
    )
