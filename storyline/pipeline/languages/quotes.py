"""Quotes in languages other than English: each language's marks, dashes and cue words.

* Quoted passages in «...» (with „...“ nested), „...“, “...” or "..." that have a cue in
  their sentence: a speech verb ("«...», — сказал Песков", "Песков заявил: «...»"), an
  "according to" phrase ("По словам Пескова, «...»"), or a colon after a name; a passage
  of a whole sentence right after a quote of a known speaker continues that quote.
* Dash-introduced speech: a paragraph "— Мы не получали запросов, — сказал Песков."
* Reported speech: "Песков заявил, что ..." and "По словам Пескова, ...".

Speakers are the entity mentions nearest the cue, in their nominative in-article name
("Пескова" -> "Дмитрий Песков"); a pronoun ("он добавил") is the last speaker; without an
entity model, a capitalised word run next to the verb stands in ("ha detto Mario Rossi").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.models import EntityMention, Quote
from storyline.pipeline.languages.profile import LanguageProfile

__all__ = ["find_language_quotes", "quoted_passages"]

_OPEN_CLOSE = {"«": "»", "„": "“”", "“": "”", '"': '"', "‹": "›"}
_WORD = re.compile(r"\w+")
_DASH_LINE = re.compile(
    r"^[ \t]*[—–][ \t]*(?P<quote>[^\n]+?)(?P<punct>[,!?…]|\.\.\.)[ \t]*[—–][ \t]*(?P<cue>[^\n]+)$",
    re.MULTILINE,
)
_CAPITALISED = re.compile(r"(?:[A-ZА-ЯЁІЇЄҐ][\w'’-]+)(?:\s+[A-ZА-ЯЁІЇЄҐ][\w'’-]+)*")
#: Words of a quoted passage below which it is a name or a title ("«Укрэнерго»"), unless
#: a speech verb governs it.
MIN_QUOTE_WORDS = 3


def quoted_passages(text: str) -> list[tuple[int, int]]:
    """Top-level quoted passages as (start, end) of their content, marks excluded.

    >>> t = 'Он сказал: «Это „наш“ ответ». Потом "ещё".'
    >>> [t[s:e] for s, e in quoted_passages(t)]
    ['Это „наш“ ответ', 'ещё']
    """
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        opener = text[i]
        closers = _OPEN_CLOSE.get(opener)
        if closers is None:
            i += 1
            continue
        end = _closing(text, i, opener, closers)
        if end is None:
            i += 1
            continue
        inner = text[i + 1 : end]  # French sets « off with spaces: « Nous ... »
        lead, trail = len(inner) - len(inner.lstrip()), len(inner) - len(inner.rstrip())
        if inner.strip():
            spans.append((i + 1 + lead, end - trail))
        i = end + 1
    return spans


def _closing(text: str, start: int, opener: str, closers: str) -> int | None:
    depth = 0
    limit = text.find("\n\n", start)
    limit = len(text) if limit < 0 else limit
    for j in range(start + 1, limit):
        c = text[j]
        if c == opener and opener not in closers:
            depth += 1
        elif c in closers:
            if depth == 0:
                return j
            depth -= 1
    return None


@dataclass
class _Speaker:
    name: str | None
    kind: str | None
    start: int | None = None
    end: int | None = None
    via: str | None = None


def _sentence_of(sentences: Sequence[tuple[int, int]], pos: int) -> tuple[int, int]:
    for start, end in sentences:
        if start <= pos < end:
            return start, end
    return pos, pos


class _Finder:
    def __init__(
        self,
        text: str,
        sentences: Sequence[tuple[int, int]],
        mentions: Sequence[EntityMention],
        profile: LanguageProfile,
        article_id: str,
    ) -> None:
        self.text, self.sentences, self.profile, self.article_id = (
            text,
            sentences,
            profile,
            article_id,
        )
        self.speakers = [m for m in mentions if m.kind in ("person", "organization")]
        self.lower = text.casefold()
        self.quotes: list[Quote] = []
        self.last: _Speaker | None = None
        self.taken: list[tuple[int, int]] = []

    # --- cues -------------------------------------------------------------------------
    def verbs(self, start: int, end: int) -> list[tuple[int, int]]:
        found = []
        for m in _WORD.finditer(self.lower, start, end):
            rest = self.lower[m.start() : end]
            for verb in self.profile.speech_verbs:
                if rest.startswith(verb) and (" " in verb or m.group().startswith(verb)):
                    found.append((m.start(), m.start() + len(verb) if " " in verb else m.end()))
                    break
        return found

    def according(self, start: int, end: int) -> tuple[int, int] | None:
        for phrase in self.profile.according_to:
            pattern = r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
            m = re.compile(pattern).search(self.lower, start, end)
            if m:
                return m.start(), m.end()
        return None

    def mention_near(self, pos: int, start: int, end: int, after_first: bool) -> _Speaker | None:
        inside = [m for m in self.speakers if m.start >= start and m.end <= end]
        inside = [m for m in inside if not any(s <= m.start < e for s, e in self.taken)]
        if not inside:
            return None
        after = [m for m in inside if m.start >= pos]
        before = [m for m in inside if m.end <= pos]
        order = (after, before) if after_first else (before, after)
        for group in order:
            if group:
                m = min(group, key=lambda m: abs(m.start - pos))
                return _Speaker(m.canonical, m.kind, m.start, m.end, "name")
        return None

    def pronoun_at(self, start: int, end: int) -> bool:
        words = {w.group() for w in _WORD.finditer(self.lower, start, end)}
        return bool(words & set(self.profile.pronouns))

    def capitalised_near(self, cue: tuple[int, int], start: int, end: int) -> _Speaker | None:
        """A capitalised word run right after the verb, else right before it."""
        for m in _CAPITALISED.finditer(self.text, cue[1], end):
            if m.start() - cue[1] <= 3 and len(m.group()) > 2:
                return _Speaker(m.group(), "person", m.start(), m.end(), "capitalised")
        before = [
            m
            for m in _CAPITALISED.finditer(self.text, start, cue[0])
            if 0 <= cue[0] - m.end() <= 3 and len(m.group()) > 2
        ]
        if before and before[-1].start() > start:  # not the sentence's first word alone
            m = before[-1]
            return _Speaker(m.group(), "person", m.start(), m.end(), "capitalised")
        return None

    def speaker_for(
        self, cue: tuple[int, int], start: int, end: int, after_first: bool
    ) -> _Speaker | None:
        found = self.mention_near(cue[1] if after_first else cue[0], start, end, after_first)
        if found:
            return found
        if self.last and self.pronoun_at(start, end):
            return _Speaker(self.last.name, self.last.kind, None, None, "pronoun")
        if not self.speakers:
            return self.capitalised_near(cue, start, end)
        return self.role_after(cue[1], end)

    def role_after(self, pos: int, end: int) -> _Speaker | None:
        """A person named by role right after the verb ("— сказал чиновник")."""
        if self.profile.code not in ("ru", "uk"):
            return None
        from storyline.pipeline.languages.morphology import best_reading

        m = _WORD.search(self.text, pos, end)
        if m is None or m.start() - pos > 2:
            return None
        parse = best_reading(m.group(), self.profile.code)
        if parse.tag.POS == "NOUN" and parse.tag.animacy == "anim" and parse.tag.case == "nomn":
            return _Speaker(m.group(), "role", m.start(), m.end(), "role")
        return None

    # --- quotes -----------------------------------------------------------------------
    def add(
        self, start: int, end: int, kind: str, speaker: _Speaker | None, cue: tuple[int, int] | None
    ) -> None:
        while end > start and (self.text[end - 1] in " ,\u00a0\u202f"):
            end -= 1
        while start < end and self.text[start] in " \u00a0\u202f":
            start += 1
        body = self.text[start:end]
        digest = hashlib.sha1(f"{self.article_id}:{start}:{end}".encode()).hexdigest()[:16]
        sp = speaker or _Speaker(None, None)
        self.quotes.append(
            Quote(
                id=digest,
                article_id=self.article_id,
                text=body,
                start=start,
                end=end,
                kind=kind,  # type: ignore[arg-type]
                speaker=sp.name,
                speaker_kind=sp.kind,  # type: ignore[arg-type]
                cue=self.text[cue[0] : cue[1]] if cue else None,
                cue_start=cue[0] if cue else None,
                cue_end=cue[1] if cue else None,
                speaker_start=sp.start,
                speaker_end=sp.end,
                speaker_canonical=sp.name,
                resolved_via=sp.via,
            )
        )
        self.taken.append((start, end))
        if sp.name:
            self.last = sp

    def passage(self, start: int, end: int) -> None:
        opened = self.text.rindex(self.text[:start].rstrip()[-1], 0, start)  # the mark
        closed = end + len(self.text[end:]) - len(self.text[end:].lstrip())
        s_start, s_end = _sentence_of(self.sentences, start)
        s_start = min(s_start, opened)
        s_end = max(s_end, closed + 1)
        n_words = len(_WORD.findall(self.text[start:end]))
        before = self.text[s_start:opened]
        after = self.text[closed + 1 : s_end]
        outer_verbs = self.verbs(s_start, opened) + self.verbs(closed + 1, s_end)
        speaker: _Speaker | None = None
        cue: tuple[int, int] | None = None
        dash_after = re.match(r"\s*[,!?…]?\s*[—–]", after) is not None
        if outer_verbs:
            after_verbs = [v for v in outer_verbs if v[0] > end]
            cue = after_verbs[0] if after_verbs else outer_verbs[-1]
            if cue[0] > end:
                speaker = self.speaker_for(cue, closed + 1, s_end, after_first=True)
            else:
                speaker = self.speaker_for(cue, s_start, opened, after_first=False)
        elif (acc := self.according(s_start, s_end)) is not None:
            cue = acc
            speaker = self.speaker_for(acc, acc[0], s_end, after_first=True)
        elif before.rstrip().endswith(":"):
            found = self.mention_near(start, s_start, start, after_first=False)
            speaker = found
        elif (
            n_words >= MIN_QUOTE_WORDS
            and not before.strip()
            and self.last
            and self._follows_quote(s_start)
        ):
            speaker = _Speaker(self.last.name, self.last.kind, None, None, "continuation")
        if speaker is None and cue is None:
            return
        if n_words < MIN_QUOTE_WORDS and cue is None:
            return
        whole = not before.strip() or before.rstrip().endswith(":") or dash_after
        self.add(
            start,
            end,
            "direct" if whole and n_words >= MIN_QUOTE_WORDS else "partial",
            speaker,
            cue,
        )

    def _follows_quote(self, pos: int) -> bool:
        if not self.quotes:
            return False
        gap = self.text[self.quotes[-1].end : pos]
        return (
            len(gap) < 40 and "\n\n" not in gap.strip(' »“”"') or len(gap.strip(' »“”".\n,—–')) == 0
        )

    def dash_speech(self, m: re.Match[str]) -> None:
        """A paragraph of dash-introduced speech: "— Мы не меняли подход, — сказал Кирби."."""
        start, end = m.start("quote"), m.end("quote")
        if m.group("punct") in "!?…":
            end = m.end("punct")
        if any(s <= start < e for s, e in self.taken):
            return
        cue_start, cue_end = m.start("cue"), m.end("cue")
        sentence_end = self.text.find(".", cue_start, cue_end)
        cue_end = cue_end if sentence_end < 0 else sentence_end
        verbs = self.verbs(cue_start, cue_end)
        if verbs:
            speaker = self.speaker_for(verbs[0], cue_start, cue_end, after_first=True)
            self.add(start, end, "direct", speaker, verbs[0])

    def reported(self, s_start: int, s_end: int) -> None:
        """Reported speech in a sentence without a quote: "По словам X, ...", "X заявил, что"."""
        if any(s_start <= s < s_end or s_start < e <= s_end for s, e in self.taken):
            return
        acc = self.according(s_start, s_end)
        if acc is not None and acc[0] - s_start < 40:
            comma = self.text.find(",", acc[1], s_end)
            if comma > 0 and comma - acc[1] < 80:
                speaker = self.speaker_for(acc, acc[0], comma, after_first=True)
                if speaker is not None:
                    body = comma + 1 + _lead(self.text, comma + 1)
                    self.add(body, s_end, "indirect", speaker, acc)
                    return
        that = "|".join(re.escape(w) for w in self.profile.that)
        if not that:
            return
        for verb in self.verbs(s_start, s_end):
            m = re.compile(r"[^.!?]{0,40}?,?\s*(?:" + that + r")(?!\w)\s*").match(
                self.lower, verb[1], s_end
            )
            if not m:
                continue
            speaker = self.speaker_for(verb, s_start, verb[0], after_first=False)
            if speaker is not None:
                self.add(m.end(), s_end, "indirect", speaker, verb)
            return


def _lead(text: str, pos: int) -> int:
    return len(text[pos:]) - len(text[pos:].lstrip())


def find_language_quotes(
    text: str,
    sentences: Sequence[tuple[int, int]],
    mentions: Sequence[EntityMention],
    profile: LanguageProfile,
    article_id: str = "",
) -> list[Quote]:
    """Every attribution in ``text``, ordered by position (see the module docstring)."""
    finder = _Finder(text, sentences, mentions, profile, article_id)
    passages = quoted_passages(text)
    dashes = list(_DASH_LINE.finditer(text))
    # Sentence by sentence in text order, so that pronouns ("по его словам") and
    # continuations see the speakers named before them.
    for s_start, s_end in sentences:
        for start, end in passages:
            if s_start <= start < s_end:
                finder.passage(start, end)
        for m in dashes:
            if s_start <= m.start("quote") < s_end:
                finder.dash_speech(m)
        finder.reported(s_start, s_end)
    return sorted(finder.quotes, key=lambda q: q.start)
