"""Naming the outlet: a small editable table of domains and names, and markers in text.

The table (``outlets.toml``, extendable with a file of the same shape named by
the ``outlet_file`` setting) maps registered domains to readable names and
lists other spellings. Markers are read only from the page furniture and the dateline,
where the outlet speaks about itself; in the reporting, an outlet named ("told Newsweek",
"the New York Times reported") is a source, not the publisher.

>>> table = load_outlet_table()
>>> outlet_from_url("https://edition.cnn.com/2024/05/31/politics/x", table)
('CNN', 'cnn.com')
>>> canonical_outlet("News week", table)
'Newsweek'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from courlan import extract_domain

from storyline.data_files import packaged_text, parse_toml
from storyline.errors import ConfigError, Errors
from storyline.pipeline.metadata.lines import dateline_agency, match_dateline

__all__ = [
    "OutletMarker",
    "OutletTable",
    "canonical_outlet",
    "feed_outlet",
    "initials",
    "load_outlet_table",
    "name_fits_domain",
    "outlet_for_domain",
    "outlet_from_url",
    "outlet_names_for_domains",
    "outlet_markers",
    "readable_domain",
    "registered_domain",
    "squash",
]

_NAME = r"[A-Z][\w&'’.-]*(?:[ -][A-Z][\w&'’.-]*){0,4}?"

#: Marker patterns by the furniture class they are read from (a removal reason).
_MARKERS: dict[str, re.Pattern[str]] = {
    # The outlet's name alone on a line above the headline.
    "site-name": re.compile(r"^(?P<outlet>.+?)\s*$"),
    # "© 2024 The Outlet", "Copyright 2024 Outlet. All rights reserved."
    "copyright": re.compile(
        r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
        r"(?P<outlet>(?:The\s+)?[A-Z][\w&'’-]*(?:[ -](?!All\b)[A-Z][\w&'’-]*){0,5})",
        re.IGNORECASE,
    ),
    # "The text has not been edited by Northline News staff."
    "notice": re.compile(rf"\bby\s+(?:the\s+)?(?P<outlet>{_NAME})\s+(?:staff|editors?|newsroom)\b"),
    # "Associated Press writers Tara Copp and ... contributed to this report."
    "credit": re.compile(
        rf"^(?:The\s+)?(?P<outlet>{_NAME})\s+(?:staff\s+)?"
        r"(?:writers?|reporters?|correspondents?|journalists?|staff)\b"
    ),
    # "Read more about this in the material by RBC-Ukraine." / "... materials of Outlet."
    "cross-reference": re.compile(rf"\b(?:by|of)\s+(?P<outlet>{_NAME})\s*[.!]?\s*$"),
    # "Do you have a tip on a news story that Newsweek should be covering?", or the
    # domain of the address it gives ("Write to tips@outlet.example").
    "solicitation": re.compile(
        r"\bstory\s+that\s+(?P<outlet>[A-Z][\w&'’.-]*(?:\s+[\w&'’.-]+){0,2}?)\s+should\b"
        r"|\b[\w.+-]+@(?P<domain>[\w-]+(?:\.[\w-]+)+)"
    ),
}

#: Marker kinds from the most to the least telling. The page naming itself comes first; a
#: wire credited in the dateline comes after the publisher's own notices, because
#: republished agency copy keeps the agency's dateline.
_RANK = (
    "site-name",
    "copyright",
    "notice",
    "dateline",
    "credit",
    "cross-reference",
    "solicitation",
)


def squash(name: str) -> str:
    """Comparison key of an outlet name: letters and digits only, casefolded."""
    return re.sub(r"[\W_]+", "", name.casefold())


@dataclass(frozen=True)
class OutletTable:
    """Readable outlet names by registered domain and by squashed spelling."""

    by_domain: dict[str, str]
    by_spelling: dict[str, str]


@dataclass(frozen=True)
class OutletMarker:
    """An outlet named in the text, with the span of the name and the line it is in."""

    name: str
    start: int
    end: int
    evidence: str


def _read_table(text: str, origin: str, table: OutletTable) -> None:
    data = parse_toml(text, f"outlet table {origin}")
    for entry in data.get("outlet", []):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(Errors.E129(origin=origin))
        for domain in entry.get("domains", []):
            table.by_domain[domain.casefold().removeprefix("www.")] = name
        for spelling in [name, *entry.get("aliases", [])]:
            table.by_spelling[squash(spelling)] = name


@functools.lru_cache(maxsize=8)
def load_outlet_table(extra_file: str | None = None) -> OutletTable:
    """The packaged outlet table, extended (and overridden) by ``extra_file`` if given."""
    table = OutletTable({}, {})
    _read_table(packaged_text("storyline.pipeline.metadata", "outlets.toml"), "outlets.toml", table)
    if extra_file:
        try:
            _read_table(Path(extra_file).read_text(encoding="utf-8"), extra_file, table)
        except OSError as exc:
            raise ConfigError(Errors.E130(extra_file=extra_file, exc=exc)) from exc
    return table


def registered_domain(url: str) -> str | None:
    """The registered domain of ``url`` ("edition.cnn.com" -> "cnn.com"), if it has one."""
    if "://" not in url:
        url = f"https://{url}"
    domain = extract_domain(url)
    if not domain:
        # A suffix outside the public list (".example", an intranet): its last two labels.
        host = urlsplit(url).hostname
        domain = ".".join(host.split(".")[-2:]) if host and "." in host else None
    return domain.casefold() if domain else None


def outlet_from_url(url: str, table: OutletTable) -> tuple[str, str] | None:
    """``(name, domain)`` for ``url``: the table's name, else the domain itself."""
    domain = registered_domain(url)
    if domain is None:
        return None
    return table.by_domain.get(domain, domain), domain


#: A line that can be an outlet's name: a short run of words, no addresses, dates or
#: sentence punctuation.
_NAME_LINE = re.compile(r"^[^\W\d_][\w&'’ -]{0,60}$")


def _label(domain: str) -> str:
    """The name part of a registered domain: "dravaniatoday.example" -> "dravaniatoday"."""
    return squash(domain.split(".")[0])


def name_fits_domain(name: str, domain: str) -> bool:
    """Whether ``domain`` spells ``name``: its words in order, each whole, by its initial or
    left out ("Kestrel Daily Monitor" ~ kestrelmonitor.example, "The New York Times" ~
    nytimes.com, "Dravania Today" ~ dravaniatoday.example).

    At least one word must be spelled whole, or every letter be an initial of two or more
    words, so "Daily" alone does not fit "dailymonitor".

    >>> name_fits_domain("Kestrel Daily Monitor", "kestrelmonitor.example")
    True
    >>> name_fits_domain("Northline News", "kestrelmonitor.example")
    False
    """
    label = _label(domain)
    parts = re.findall(r"[^\W_]+", name.casefold())
    if not label or not parts:
        return False
    if squash(name) == label or squash(name).removeprefix("the") == label:
        return True

    @functools.cache
    def fits(word: int, at: int, whole: bool, letters: int) -> bool:
        if at == len(label):
            return whole or letters >= 2
        if word == len(parts):
            return False
        part = parts[word]
        return (
            (label.startswith(part, at) and fits(word + 1, at + len(part), True, letters))
            or (label[at] == part[0] and fits(word + 1, at + 1, whole, letters + 1))
            or fits(word + 1, at, whole, letters)
        )

    return fits(0, 0, False, 0)


def readable_domain(domain: str, words: Iterable[str]) -> str | None:
    """The name an unknown domain spells, split where the article writes one of its words
    with a capital: "dravaniatoday.example" in an article naming Dravania reads "Dravania
    Today". None when no such word is part of it (the domain is then the best name).

    >>> readable_domain("dravaniatoday.example", ["Dravania", "Tarnsk"])
    'Dravania Today'
    """
    label = _label(domain)
    known = {w.casefold() for w in words if len(w) >= 4 and w[:1].isupper()}
    best: tuple[int, list[str]] | None = None
    for word in known:
        at = label.find(word)
        if at < 0:
            continue
        pieces = [p for p in (label[:at], word, label[at + len(word) :]) if p]
        if any(len(p) < 2 for p in pieces):
            continue
        unknown = len(label) - len(word)
        if best is None or unknown < best[0]:
            best = (unknown, pieces)
    return " ".join(p.capitalize() for p in best[1]) if best else None


def outlet_for_domain(
    domain: str, table: OutletTable, names: Iterable[str] = (), words: Iterable[str] = ()
) -> tuple[str, str]:
    """``(name, how)`` for an outlet known by its domain only.

    The outlet table's name wins; else a name from ``names`` (the page's furniture lines,
    outlet markers) that :func:`name_fits_domain`; else :func:`readable_domain` with the
    article's ``words``; else the domain itself. ``how`` says which, for the evidence.
    """
    if domain in table.by_domain:
        return table.by_domain[domain], "outlet table"
    for name in names:
        clean = name.strip().rstrip(".")
        if _NAME_LINE.match(clean) and name_fits_domain(clean, domain):
            return canonical_outlet(clean, table), f"the page names it: {clean}"
    readable = readable_domain(domain, words)
    if readable is not None:
        return readable, "its words as the article writes them"
    return domain, "not in the outlet table"


def outlet_names_for_domains(outlets: Iterable[str]) -> dict[str, str]:
    """Readable names for the outlets of a corpus that are known only by a domain.

    One article of an outlet may carry nothing but a domain (a tip-line address,
    "kestrelmonitor.example") while another names the outlet ("Kestrel Daily Monitor"): a
    domain maps to the one name in ``outlets`` that :func:`name_fits_domain`. Meant for a
    pass over many articles, after the per-article metadata.

    >>> outlet_names_for_domains(["kestrelmonitor.example", "Kestrel Daily Monitor", "Reuters"])
    {'kestrelmonitor.example': 'Kestrel Daily Monitor'}
    """
    values = set(outlets)
    domains = {v for v in values if " " not in v and "." in v}
    names = values - domains
    found: dict[str, str] = {}
    for domain in sorted(domains):
        fits = [n for n in sorted(names) if name_fits_domain(n, domain)]
        if len(fits) == 1:
            found[domain] = fits[0]
    return found


def canonical_outlet(name: str, table: OutletTable) -> str:
    """The table's spelling of an outlet name found in text, else the name as found."""
    return table.by_spelling.get(squash(name), name)


def feed_outlet(title: str, table: OutletTable) -> str:
    """The outlet named by a feed title that adds a section ("Outlet – Metals").

    The part the outlet table knows wins; otherwise the first part, since feeds put the
    outlet before the section.
    """
    parts = [p for p in re.split(r"\s+[–—|:-]\s+", title.strip()) if p]
    for part in parts:
        if squash(part) in table.by_spelling:
            return table.by_spelling[squash(part)]
    return parts[0] if parts else title


def initials(name: str) -> str:
    """The initials of a name of several words ("Velmora Press Agency" -> "vpa")."""
    words = re.findall(r"[^\W\d_]+", name)
    return "".join(w[0] for w in words).casefold() if len(words) > 1 else ""


def outlet_markers(
    text: str, furniture: list[tuple[str, int, int]], lead: tuple[int, int] | None
) -> list[OutletMarker]:
    """Outlets named by the page furniture and the lead's dateline credit, best first.

    ``furniture`` lists ``(reason, start, end)`` of removed lines (and cut segments);
    ``lead`` is the span of the first reporting line, whose dateline may credit a wire
    ("WASHINGTON (Sputnik) –").
    """
    found: dict[str, list[OutletMarker]] = {kind: [] for kind in _RANK}
    if lead is not None:
        line = text[lead[0] : lead[1]]
        match = match_dateline(line)
        agency = dateline_agency(match) if match else None
        if agency is not None:
            name, start, end = agency
            found["dateline"].append(OutletMarker(name, lead[0] + start, lead[0] + end, line))
    for reason, start, end in furniture:
        pattern = _MARKERS.get(reason)
        line = text[start:end]
        match = pattern.search(line) if pattern else None
        if match is None:
            continue
        group = "outlet" if match.group("outlet") else "domain"
        name = match.group(group).rstrip(".").strip()
        begin = start + match.start(group)
        found[reason].append(OutletMarker(name, begin, begin + len(name), line.strip()))
    return [marker for kind in _RANK for marker in found[kind]]
