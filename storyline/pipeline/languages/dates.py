"""Dates in languages other than English, resolved against the publication date.

dateparser supplies the words (month names in every case form it knows, weekday names,
"вчера", "минулого тижня", "la semaine dernière"); the data file adds case forms after
prepositions and "накануне"; the resolution is the same as for English: a day without a
year takes the year that puts it nearest before the publication date, a weekday is the
nearest such day to it (past on a tie), "last week" is the ISO week before.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from storyline.models import DateMention
from storyline.pipeline.dates.step import parse_dct
from storyline.pipeline.languages.profile import LanguageProfile, profile_for

__all__ = ["find_language_dates", "resolve_weekday"]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _patterns(profile: LanguageProfile) -> list[tuple[str, re.Pattern[str]]]:
    return _compiled(profile.code)


@functools.lru_cache(maxsize=16)
def _compiled(code: str) -> list[tuple[str, re.Pattern[str]]]:
    profile = profile_for(code)
    months = _alternation(list(profile.months))
    weekdays = _alternation(list(profile.weekdays))
    relative = _alternation(list(profile.relative))
    years = _alternation(list(profile.year_words)) or r"(?!x)x"
    b, e = r"(?<!\w)", r"(?!\w)"
    return [
        ("numeric", re.compile(rf"{b}(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}}){e}")),
        ("iso", re.compile(rf"{b}(\d{{4}})-(\d\d)-(\d\d){e}")),
        (
            "day_month",
            re.compile(
                rf"{b}(\d{{1,2}})(?:er)?\s+(?:de\s+)?({months}){e}(?:\s+(?:de\s+)?(\d{{4}}){e}(?:\s+(?:{years}))?)?"
            ),
        ),
        ("month_year", re.compile(rf"{b}({months})\s+(?:de\s+)?(\d{{4}}){e}(?:\s+(?:{years}))?")),
        ("relative", re.compile(rf"{b}({relative}){e}")),
        ("weekday", re.compile(rf"{b}({weekdays}){e}")),
        ("month", re.compile(rf"{b}(?:в|у|en|in)\s+({months}){e}")),
        ("year", re.compile(rf"{b}(\d{{4}})\s+(?:{years})(?!\w)")),
    ]


def resolve_weekday(weekday: int, dct: date, future: bool = False) -> date:
    """The last day with ``weekday`` (0 = Monday) on or before ``dct``, or with ``future``
    the next one on or after it.

    >>> resolve_weekday(4, date(2024, 5, 29)), resolve_weekday(4, date(2024, 5, 29), True)
    (datetime.date(2024, 5, 24), datetime.date(2024, 5, 31))
    """
    if future:
        return dct + timedelta(days=(weekday - dct.weekday()) % 7)
    return dct - timedelta(days=(dct.weekday() - weekday) % 7)


def _future_tense_near(text: str, start: int, end: int, morphology: str) -> bool:
    """Whether the clause around a weekday speaks of the future ("пройдут в пятницу"),
    by the verbs' tense in the language's dictionary; without one, news looks back."""
    if not morphology:
        return False
    from storyline.pipeline.languages.morphology import analyzer

    left = max(text.rfind(c, 0, start) for c in ".,;!?\n")
    rights = [i for c in ".,;!?\n" if (i := text.find(c, end)) >= 0]
    clause = text[left + 1 : min(rights) if rights else len(text)]
    for word in re.findall(r"\w+", clause):
        # every reading: Ukrainian "ухвалить" is an infinitive first, a future second
        parses = analyzer(morphology).parse(word)
        tenses = {str(p.tag.tense) for p in parses if p.tag.POS == "VERB" and p.tag.tense}
        if tenses:
            return tenses == {"futr"}
    return False


def _year_for(month: int, day: int, dct: date) -> int:
    """The year that puts day/month nearest the publication date (news looks back)."""
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    best = min(candidates, key=lambda d: abs((d - dct).days) * (1 if d <= dct else 1.5))
    return best.year


def _relative_value(unit: str, amount: int, dct: date) -> tuple[str, str]:
    if unit == "day":
        return (dct + timedelta(days=amount)).isoformat(), "day"
    if unit == "week":
        year, week, _ = (dct + timedelta(weeks=amount)).isocalendar()
        return f"{year}-W{week:02d}", "week"
    if unit == "month":
        index = dct.year * 12 + dct.month - 1 + amount
        return f"{index // 12}-{index % 12 + 1:02d}", "month"
    return str(dct.year + amount), "year"


def find_language_dates(
    text: str,
    published: str | None,
    profile: LanguageProfile,
    article_id: str = "",
    morphology: str = "",
) -> list[DateMention]:
    """Every date expression in ``text`` with its value (relative ones need ``published``);
    ``morphology`` names the pymorphy3 dictionary that tells a weekday's tense."""
    dct = parse_dct(published)
    lower = text.casefold()
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _patterns(profile):
        for m in pattern.finditer(lower):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            future = kind == "weekday" and _future_tense_near(lower, m.start(), m.end(), morphology)
            found = _value(kind, m, profile, dct, future)
            if found is None:
                continue
            value, precision, inferred, anchor = found
            taken.append((m.start(), m.end()))
            out.append(
                DateMention(
                    article_id=article_id,
                    text=text[m.start() : m.end()],
                    start=m.start(),
                    end=m.end(),
                    type="DATE",
                    value=value,
                    precision=precision,  # type: ignore[arg-type]
                    year_inferred=inferred,
                    anchor=anchor,
                )
            )
    return sorted(out, key=lambda d: d.start)


def _value(
    kind: str, m: re.Match[str], profile: LanguageProfile, dct: date | None, future: bool
) -> tuple[str, str, bool, str | None] | None:
    try:
        if kind == "numeric":
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat(), "day", False, None
        if kind == "iso":
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day", False, None
        if kind == "day_month":
            month, day = profile.months[m[2]], int(m[1])
            if m[3]:
                return date(int(m[3]), month, day).isoformat(), "day", False, None
            if dct is None:
                return f"XXXX-{month:02d}-{day:02d}", "day", False, None
            return date(_year_for(month, day, dct), month, day).isoformat(), "day", True, "dct"
        if kind == "month_year":
            return f"{int(m[2])}-{profile.months[m[1]]:02d}", "month", False, None
        if kind == "month" and dct is not None:
            month = profile.months[m[1]]
            year = dct.year if month <= dct.month else dct.year - 1
            return f"{year}-{month:02d}", "month", True, "dct"
        if kind == "year":
            year = int(m[1])
            return (str(year), "year", False, None) if 1800 <= year <= 2100 else None
    except ValueError:
        return None
    if dct is None:
        return None
    if kind == "relative":
        unit, amount = profile.relative[m[1]]
        value, precision = _relative_value(unit, amount, dct)
        return value, precision, False, "dct"
    if kind == "weekday":
        return resolve_weekday(profile.weekdays[m[1]], dct, future).isoformat(), "day", False, "dct"
    return None
