"""What the quote finders hand to speaker resolution: a content span, its cue, and the
token where the source is named (or the earlier quote whose speaker it continues)."""

from __future__ import annotations

from dataclasses import dataclass

from storyline.models import QuoteKind


@dataclass
class QuoteCandidate:
    """One attribution found in the text, before its speaker is resolved.

    ``start``/``end`` span the content (for direct and partial quotes: inside the marks,
    without a trailing comma); ``outer_start``/``outer_end`` include the marks. ``source``
    is the index of the token heading the source phrase; ``follows`` the index (in the
    candidate list) of the quote this one continues; ``via`` says how the cue was found.
    """

    start: int
    end: int
    kind: QuoteKind
    via: str
    cue: tuple[int, int] | None = None  # token indices [first, last]
    source: int | None = None
    follows: int | None = None
    outer_start: int | None = None
    outer_end: int | None = None

    @property
    def outer(self) -> tuple[int, int]:
        return (
            self.start if self.outer_start is None else self.outer_start,
            self.end if self.outer_end is None else self.outer_end,
        )
