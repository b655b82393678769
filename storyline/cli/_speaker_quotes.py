"""``storyline quotes --speaker NAME``: what one person said, from the database.

The speaker is matched as the API's ``/api/quotes?speaker=`` matches it (any spelling of
the speaker's entity, a full name that fits, or a surname alone), so "Kirby", "John Kirby"
and "Mr. Kirby" list the same quotes once the articles are linked.
"""

from __future__ import annotations

from storyline.config import Settings
from storyline.web.queries import MAX_PAGE, QuoteRow, list_quotes


def speaker_quotes(settings: Settings, speaker: str) -> list[QuoteRow]:
    """Every stored quote of ``speaker``, oldest first."""
    from storyline.cli._common import open_existing_store

    rows: list[QuoteRow] = []
    with open_existing_store(settings) as store:
        while True:
            page, total = list_quotes(store, speaker=speaker, limit=MAX_PAGE, offset=len(rows))
            rows.extend(page)
            if not page or len(rows) >= total:
                return rows


def render_speaker_quotes(speaker: str, rows: list[QuoteRow]) -> str:
    """The quotes as text lines: date, outlet, speaker, words, article and span."""
    if not rows:
        return f"no stored quotes by {speaker!r}"
    names = sorted({r.speaker_canonical or r.speaker or "" for r in rows} - {""})
    lines = [f"{len(rows)} quotes by {speaker!r} (named {', '.join(names)})"]
    for r in rows:
        when = (r.published or "undated")[:10]
        lines.append(
            f"{when}  {r.outlet or '-'}  {r.speaker_canonical or r.speaker} [{r.kind}]: "
            f"“{r.text}”  ({r.article_id} {r.start}-{r.end})"
        )
    return "\n".join(lines)
