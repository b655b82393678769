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
from collections.abc import Iterable
from datetime import date, timedelta

from storyline.models import DateMention
from storyline.pipeline.dates.step import parse_dct
from storyline.pipeline.languages.profile import LanguageProfile, profile_for

__all__ = ["find_language_dates", "is_timestamp", "resolve_weekday"]


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` (longest first); one that matches nothing if empty."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or r"(?!x)x"


def _patterns(profile: LanguageProfile) -> list[tuple[str, re.Pattern[str]]]:
    return _compiled(profile.code)


@functools.lru_cache(maxsize=16)
def _compiled(code: str) -> list[tuple[str, re.Pattern[str]]]:
    profile = profile_for(code)
    months = _alternation(profile.months)
    weekdays = _alternation(profile.weekdays)
    relative = _alternation(profile.relative)
    years = _alternation(profile.year_words)
    join = rf"(?:(?:{_alternation(profile.joiners)})\s+)?"
    ordinal = rf"(?:{_alternation(profile.ordinals)})?"
    side = _alternation(profile.next_words + profile.last_words)
    this = _alternation(profile.this_words)
    b, e = r"(?<!\w)", r"(?!\w)"
    # "jeudi 12 novembre", "el pasado martes 4 de junio", "sabato scorso, 23 aprile": the
    # weekday belongs to the date that follows it
    weekday_of_date = (
        rf"(?:(?:(?P<side1>{side})\s+)?(?P<weekday>{weekdays})(?:\s+(?P<side2>{side}))?"
        rf"\s*[,•]?\s+)?"
    )
    year = rf"(?:\s*,?\s+{join}(?P<year>\d{{4}}){e}(?:\s+(?:{years}))?)?"
    return [
        ("not_date", re.compile(rf"{b}(?:{_alternation(profile.not_dates)}){e}")),
        ("numeric", re.compile(rf"{b}(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}}){e}")),
        ("iso", re.compile(rf"{b}(\d{{4}})-(\d\d)-(\d\d){e}")),
        (
            "day_month",
            re.compile(
                rf"{b}{weekday_of_date}(?:(?P<side3>{side})\s+)?(?P<day>\d{{1,2}}){ordinal}\s+"
                rf"{join}(?P<month>{months}){e}(?:\s+(?P<side4>{side}){e}|{year})"
            ),
        ),
        ("month_year", re.compile(rf"{b}({months})\s+{join}(\d{{4}}){e}(?:\s+(?:{years}))?")),
        ("relative", re.compile(rf"{b}({relative}){e}")),
        (
            "weekday",
            re.compile(
                rf"{b}(?:(?P<side1>{side})\s+|(?P<this>{this})\s+)?(?P<weekday>{weekdays}){e}"
                rf"(?:\s+(?P<side2>{side}){e})?"
            ),
        ),
        (
            "month",
            re.compile(rf"{b}(?:в|у|en|in)\s+(?P<month>{months}){e}(?:\s+(?P<side2>{side}){e})?"),
        ),
        ("year", re.compile(rf"{b}(\d{{4}})\s+(?:{years})(?!\w)")),
    ]


def resolve_weekday(weekday: int, dct: date, future: bool = False, strict: bool = False) -> date:
    """The last day with ``weekday`` (0 = Monday) on or before ``dct``, or with ``future``
    the next one on or after it; ``strict``: never ``dct`` itself ("lundi prochain" in a
    Monday paper is a week later, "el pasado martes" in a Tuesday one a week earlier).

    >>> resolve_weekday(4, date(2024, 5, 29)), resolve_weekday(4, date(2024, 5, 29), True)
    (datetime.date(2024, 5, 24), datetime.date(2024, 5, 31))
    >>> resolve_weekday(2, date(2024, 5, 29), strict=True)
    datetime.date(2024, 5, 22)
    """
    shift = 1 if strict else 0
    if future:
        return dct + timedelta(days=(weekday - dct.weekday() - shift) % 7 + shift)
    return dct - timedelta(days=(dct.weekday() - weekday - shift) % 7 + shift)


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


def _year_for(month: int, day: int, dct: date, side: int = 0, weekday: int | None = None) -> int:
    """The year that puts day/month nearest the publication date (news looks back); with
    ``side`` +1 (-1) the nearest on or after (before) it; with ``weekday`` ("jeudi 12
    novembre") a year in which the day falls on that weekday, when one is near."""
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if side:
        candidates = [d for d in candidates if (d - dct).days * side >= 0] or candidates
    if weekday is not None:
        candidates = [d for d in candidates if d.weekday() == weekday] or candidates
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
    ``morphology`` names the pymorphy3 dictionary that tells a weekday's tense.

    Left out: phrases that name no day ("hoy en día"), a capitalised weekday or relative
    word inside a sentence in a language that writes them in lower case (a name: "Le
    Journal du Dimanche"), and the page's own timestamps (:func:`is_timestamp`)."""
    dct = parse_dct(published)
    lower = _fold(text)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _patterns(profile):
        for m in pattern.finditer(lower):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            found = None
            if kind != "not_date" and not _names_something(kind, text, m.start(), profile):
                side = _side(kind, m, profile, lower)
                future = kind == "weekday" and side == 0
                future = future and _future_tense_near(lower, m.start(), m.end(), morphology)
                found = _value(kind, m, profile, dct, side, future)
            if found is None:
                if kind == "not_date" or _names_something(kind, text, m.start(), profile):
                    taken.append((m.start(), m.end()))
                continue
            taken.append((m.start(), m.end()))
            value, precision, inferred, anchor = found
            if precision == "day" and _page_furniture(lower, m, value, anchor, dct, profile):
                continue
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


def _fold(text: str) -> str:
    """``text`` case-folded character by character, so offsets stay those of ``text``
    ("ß" would otherwise become "ss" and move every later span)."""
    return "".join(c if len(f := c.casefold()) != 1 else f for c in text)


def _names_something(kind: str, text: str, start: int, profile: LanguageProfile) -> bool:
    """A capitalised weekday or "today" after a word of the same sentence is part of a name
    in a language that writes them in lower case ("La Crónica de Hoy")."""
    if not profile.lower_case or kind not in ("relative", "weekday") or not text[start].isupper():
        return False
    before = text[:start].rstrip(" \t")
    return bool(before) and (before[-1].isalnum() or before[-1] == ",")


def _side(kind: str, m: re.Match[str], profile: LanguageProfile, lower: str) -> int:
    """+1 when a word puts the date after the publication day ("lundi prochain"), -1 when
    one puts it before ("el pasado martes") or when a day without a year opens a line (a
    chronology's entry, "- 11 fév : EGYPTE - Moubarak démissionne", looks back), else 0."""
    words = {m.groupdict().get(g) for g in ("side1", "side2", "side3", "side4")} - {None}
    if words & set(profile.next_words):
        return 1
    if words & set(profile.last_words):
        return -1
    if kind == "day_month" and not m["year"]:
        before, _after = _line_around(lower, m.start(), m.end())
        return -1 if re.fullmatch(r"[\s\d().:•·*–—\-]*", before) else 0
    return 0


_CLOCK = r"\d{1,2}[:h.]\d\d(?!\d)"
_SEPARATOR = r"[\s,|•·–—\-/()\[\]]*"


#: A day with a written year this long after the publication date is no news the article
#: reports: it comes from the crawled page around it (later articles, comments).
FURNITURE_AFTER = timedelta(days=366)


def _page_furniture(
    lower: str,
    m: re.Match[str],
    value: str,
    anchor: str | None,
    dct: date | None,
    profile: LanguageProfile,
) -> bool:
    """A day with a written year that is a timestamp, or that lies after the publication
    date on a line of its own or more than :data:`FURNITURE_AFTER` after it ("hier à
    10h30", "le 4 mars à 10h30" report the news)."""
    if anchor is not None:
        return False
    if is_timestamp(lower, m.start(), m.end(), profile):
        return True
    if dct is None or value <= dct.isoformat():
        return False
    return value > (dct + FURNITURE_AFTER).isoformat() or _alone(lower, m.start(), m.end(), profile)


def is_timestamp(lower: str, start: int, end: int, profile: LanguageProfile) -> bool:
    """Whether the day mention at ``start:end`` of case-folded ``lower`` is a page's or a
    comment's own timestamp rather than a date the text reports: a clock time right next to
    it ("4 août 2013 10h02", "13 novembre 2014 alle 11:15", "alle 21:20 del 04 maggio
    2011", "Giovedì • 10 Settembre 2015 • Aggiornato alle 14:54") or a time-stamp word
    before it ("Publié le")."""
    before, after = _line_around(lower, start, end)
    clock_after, clock_before, stamp_before, _ = _furniture(profile.code)
    return bool(
        clock_after.match(after) or clock_before.search(before) or stamp_before.search(before)
    )


@functools.lru_cache(maxsize=16)
def _furniture(code: str) -> tuple[re.Pattern[str], ...]:
    """The language's patterns of page furniture, compiled once: a clock time (or a stamp
    word and a clock time) after a date, a clock time before it, a stamp word before it, and
    its weekdays (see :func:`is_timestamp`, :func:`_alone`), as :func:`_compiled` does for
    the dates themselves."""
    profile = profile_for(code)
    clock = rf"(?:(?:{_alternation(profile.clock_words)})\s*)?{_CLOCK}"
    joiners = _alternation(profile.joiners)
    stamp = rf"(?:{_alternation(profile.stamp_words)})"
    return (
        re.compile(rf"{_SEPARATOR}(?:{stamp}\s*)?{clock}"),
        re.compile(rf"{_CLOCK}{_SEPARATOR}(?:(?:{joiners})\s+)?$"),
        re.compile(rf"(?<!\w){stamp}{_SEPARATOR}$"),
        re.compile(rf"(?<!\w)(?:{_alternation(profile.weekdays)})(?!\w)"),
    )


def _line_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the line before ``start`` and after ``end``."""
    line_end = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : start], text[
        end : None if line_end < 0 else line_end
    ]


def _alone(lower: str, start: int, end: int, profile: LanguageProfile) -> bool:
    """Nothing but a weekday and separators shares the mention's line ("[11 novembre
    2020]"): with a written year later than the publication date, such a line is the
    crawled page's furniture, not the story (a chronology's earlier dates stay)."""
    before, after = _line_around(lower, start, end)
    rest = _furniture(profile.code)[3].sub("", f"{before} {after}")
    return not re.sub(_SEPARATOR, "", rest)


def _value(
    kind: str,
    m: re.Match[str],
    profile: LanguageProfile,
    dct: date | None,
    side: int,
    future: bool = False,
) -> tuple[str, str, bool, str | None] | None:
    """The value, precision, whether the year was inferred, and the anchor of a match;
    ``side``: a word put it after (+1) or before (-1) the publication day; ``future``: a
    weekday in a future-tense clause (on or after the publication day)."""
    try:
        if kind == "numeric":
            return date(int(m[3]), int(m[2]), int(m[1])).isoformat(), "day", False, None
        if kind == "iso":
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat(), "day", False, None
        if kind == "day_month":
            month, day = profile.months[m["month"]], int(m["day"])
            if m["year"]:
                return date(int(m["year"]), month, day).isoformat(), "day", False, None
            if dct is None:
                return f"XXXX-{month:02d}-{day:02d}", "day", False, None
            weekday = profile.weekdays[m["weekday"]] if m["weekday"] else None
            year = _year_for(month, day, dct, side, weekday)
            return date(year, month, day).isoformat(), "day", True, "dct"
        if kind == "month_year":
            return f"{int(m[2])}-{profile.months[m[1]]:02d}", "month", False, None
        if kind == "month" and dct is not None:
            month = profile.months[m["month"]]
            if side > 0:
                year = dct.year if month >= dct.month else dct.year + 1
            else:
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
        weekday = profile.weekdays[m["weekday"]]
        if m["this"]:  # "este viernes", "ce samedi": that day of the publication's week
            return (dct + timedelta(days=weekday - dct.weekday())).isoformat(), "day", False, "dct"
        resolved = resolve_weekday(weekday, dct, future=side > 0 or future, strict=side != 0)
        return resolved.isoformat(), "day", False, "dct"
    return None
