"""Article metadata with provenance: every value says where it came from and where it is.

Each field is a :class:`~storyline.models.MetaValue`: the value, its source (``input``,
``feed``, ``html``, ``text``, ``url``, ``inferred``, ``none``), an evidence string, and for
values read from the text their span ``[start, end)`` in the raw text. Sources are tried
from the most to the least explicit; the first that gives a value wins:

=========  ==================================================================================
field      order
=========  ==================================================================================
url        given -> HTML -> a URL in a header line of the text
title      given -> HTML -> the headline line above the body
author     given -> HTML -> a byline ("Author: ...", "By ...")
published  given -> HTML -> header line date -> stamp line -> URL path -> ``default_published``
outlet     given -> HTML site name -> URL domain (named by the outlet table) -> a marker in
           the page furniture or dateline credit -> ``default_outlet``
dateline   the place opening the lead ("WASHINGTON (Sputnik) –") or a lone place line above it
=========  ==================================================================================

The crawl date is never a publication date, and a date not after it is required of every
source but the user's. Metadata lines (header, stamps, byline, lone dateline) are already
removed by :func:`storyline.pipeline.clean.clean_text` with reason ``metadata:<kind>``; this
step reads them from the raw text with the same recognisers, so the body is returned as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from storyline.config import Settings
from storyline.models import Metadata, MetaValue, RawDocument
from storyline.pipeline.clean import Layout, Line, layout_lines
from storyline.pipeline.metadata.dates import (
    date_from_url,
    find_date_in_line,
    parse_date,
    plausible,
)
from storyline.pipeline.metadata.lines import (
    URL,
    byline_people,
    dateline_place,
    match_byline,
    match_dateline,
    match_lone_dateline,
)
from storyline.pipeline.metadata.outlets import (
    OutletTable,
    canonical_outlet,
    feed_outlet,
    load_outlet_table,
    outlet_for_domain,
    outlet_from_url,
    outlet_markers,
    registered_domain,
    squash,
)

__all__ = ["extract_metadata"]

_URL_TRAILING = ".,;:)]}>'\"”’"


def _given(raw: RawDocument, key: str) -> MetaValue | None:
    value = (raw.given.get(key) or "").strip()
    if not value:
        return None
    return MetaValue(value, raw.given_source, evidence=f"{raw.given_source} field {key!r}")


def _html(html_meta: dict[str, Any], key: str) -> MetaValue | None:
    value = html_meta.get(key)
    if not isinstance(value, str) or not value.strip():
        return None
    return MetaValue(value.strip(), "html", evidence=f"HTML metadata {key!r}")


def _first(*candidates: Callable[[], MetaValue | None]) -> MetaValue:
    """The first candidate that yields a value; candidates are lazy so work stops early."""
    for candidate in candidates:
        found = candidate()
        if found is not None and found.value:
            return found
    return MetaValue(None, "none")


def _lines_with(layout: Layout, reason: str, above_body: bool = False) -> Iterator[Line]:
    """Lines removed for ``reason``; with ``above_body``, only those above the reporting
    (a stamp or link below it is a correction date or a reference, not the page's own)."""
    end = layout.first_body if above_body and layout.first_body is not None else None
    for i, line in enumerate(layout.lines[:end]):
        if layout.reasons[i] == reason:
            yield line


class _TextReader:
    """Metadata read from the raw text through its line layout."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.layout = layout_lines(text)

    def url(self) -> MetaValue | None:
        for line in _lines_with(self.layout, "metadata:header", above_body=True):
            raw_line = self.text[line.start : line.end]
            found = URL.search(raw_line)
            if found is None:
                continue
            value = found.group().rstrip(_URL_TRAILING)
            start = line.start + found.start()
            return MetaValue(value, "text", raw_line.strip(), start, start + len(value))
        return None

    def title(self) -> MetaValue | None:
        if self.layout.title is None:
            return None
        line = self.layout.lines[self.layout.title]
        evidence = f"headline above the body: {line.text}"
        return MetaValue(line.text, "text", evidence, line.start, line.end)

    def author(self, table: OutletTable) -> MetaValue | None:
        for line in _lines_with(self.layout, "metadata:byline"):
            raw_line = self.text[line.start : line.end]
            match = match_byline(raw_line)
            people = byline_people(match) if match else None
            if people is None:
                continue
            value = raw_line[people[0] : people[1]]
            if squash(value) in table.by_spelling:  # "By Reuters": a wire, not a person
                continue
            return MetaValue(
                value, "text", raw_line, line.start + people[0], line.start + people[1]
            )
        return None

    def _dated(self, reason: str, crawl_date: str | None) -> MetaValue | None:
        for line in _lines_with(self.layout, reason, above_body=True):
            raw_line = self.text[line.start : line.end]
            found = find_date_in_line(raw_line)
            if found is None or not plausible(found[0], crawl_date):
                continue
            value, start, end = found
            return MetaValue(value, "text", raw_line, line.start + start, line.start + end)
        return None

    def header_date(self, crawl_date: str | None) -> MetaValue | None:
        return self._dated("metadata:header", crawl_date)

    def stamp_date(self, crawl_date: str | None) -> MetaValue | None:
        return self._dated("metadata:timestamp", crawl_date)

    def lead(self) -> Line | None:
        first = self.layout.first_body
        return self.layout.lines[first] if first is not None else None

    def dateline(self) -> MetaValue | None:
        lead = self.lead()
        if lead is not None:
            raw_lead = self.text[lead.start : lead.end]
            match = match_dateline(raw_lead)
            if match is not None:
                place, start, end = dateline_place(match)
                evidence = raw_lead[: match.end()].strip()
                return MetaValue(place, "text", evidence, lead.start + start, lead.start + end)
        for line in _lines_with(self.layout, "metadata:dateline"):
            raw_line = self.text[line.start : line.end]
            lone = match_lone_dateline(raw_line)
            if lone is not None:
                start, end = line.start + lone.start("place"), line.start + lone.end("place")
                return MetaValue(
                    lone.group("place"),
                    "text",
                    f"place line above the lead: {raw_line}",
                    start,
                    end,
                )
        return None

    def outlet(self, table: OutletTable) -> MetaValue | None:
        furniture = [
            (reason, line.start, line.end)
            for line, reason in zip(self.layout.lines, self.layout.reasons, strict=True)
            if reason is not None
        ]
        furniture += [("cross-reference", cut, line_end) for cut, line_end in self._cuts()]
        lead = self.lead()
        markers = outlet_markers(self.text, furniture, (lead.start, lead.end) if lead else None)
        if not markers:
            return None
        best = markers[0]
        name = canonical_outlet(best.name, table)
        if " " not in best.name and "." in best.name:  # a domain, from an e-mail address
            domain = registered_domain(best.name) or best.name
            name = outlet_for_domain(domain, table, self.furniture(), self.words())[0]
        return MetaValue(name, "text", best.evidence, best.start, best.end)

    def furniture(self) -> list[str]:
        """The removed lines: a masthead may name the outlet its domain spells."""
        return [
            self.text[line.start : line.end]
            for line, reason in zip(self.layout.lines, self.layout.reasons, strict=True)
            if reason is not None
        ]

    def words(self) -> list[str]:
        return re.findall(r"[^\W\d_]+", self.text)

    def _cuts(self) -> list[tuple[int, int]]:
        return [(cut, self.layout.lines[i].end) for i, cut in self.layout.cuts.items()]


def _url_outlet(url: str | None, table: OutletTable, reader: _TextReader) -> MetaValue | None:
    if not url:
        return None
    found = outlet_from_url(url, table)
    if found is None:
        return None
    name, domain = found
    if name != domain:
        return MetaValue(name, "url", evidence=f"registered domain {domain}")
    name, how = outlet_for_domain(domain, table, reader.furniture(), reader.words())
    return MetaValue(name, "url", evidence=f"registered domain {domain} ({how})")


def _url_date(url: str | None, crawl_date: str | None) -> MetaValue | None:
    if not url:
        return None
    value = date_from_url(url)
    if value is None or not plausible(value, crawl_date):
        return None
    return MetaValue(value, "url", evidence=url)


def _dated(candidate: MetaValue | None, crawl_date: str | None) -> MetaValue | None:
    """A given or HTML date as an ISO date, dropped when it is not a full plausible date."""
    if candidate is None or candidate.value is None:
        return None
    value = parse_date(candidate.value)
    if value is None:
        return None
    if candidate.source not in ("input", "feed") and not plausible(value, crawl_date):
        return None
    evidence = f"{candidate.evidence}: {candidate.value}"
    return MetaValue(value, candidate.source, evidence, candidate.start, candidate.end)


def _setting(value: str | None, name: str) -> MetaValue | None:
    return MetaValue(value, "input", evidence=f"setting {name}") if value else None


def extract_metadata(
    raw: RawDocument, text: str, cleaned: str, html_meta: dict[str, Any], settings: Settings
) -> tuple[Metadata, str]:
    """Read url, title, author, published date, outlet and dateline with their provenance.

    ``text`` is the raw article text (spans index it), ``cleaned`` the body from
    :func:`~storyline.pipeline.clean.clean_text`, ``html_meta`` the dict from
    :func:`~storyline.pipeline.extract.extract_html` (empty for plain text). Language is
    left to :func:`~storyline.pipeline.language.detect_language`. Returns the metadata and
    the body, unchanged: metadata lines were already removed by cleaning.
    """
    reader = _TextReader(text)
    table = load_outlet_table(settings.outlet_file)
    crawl = raw.crawl_date

    url = _first(
        lambda: _given(raw, "url"),
        lambda: _html(html_meta, "url"),
        reader.url,
    )
    published = _first(
        lambda: _dated(_given(raw, "published"), crawl),
        lambda: _dated(_html(html_meta, "date"), crawl),
        lambda: reader.header_date(crawl),
        lambda: reader.stamp_date(crawl),
        lambda: _url_date(url.value, crawl),
        lambda: _dated(_setting(settings.default_published, "default_published"), None),
    )
    outlet = _first(
        lambda: _given_outlet(raw, table),
        lambda: _sitename(html_meta, table),
        lambda: _url_outlet(url.value or html_meta.get("hostname"), table, reader),
        lambda: reader.outlet(table),
        lambda: _setting(settings.default_outlet, "default_outlet"),
    )
    meta = Metadata(
        url=url,
        outlet=outlet,
        title=_first(lambda: _given(raw, "title"), lambda: _html(html_meta, "title"), reader.title),
        author=_first(
            lambda: _given(raw, "author"),
            lambda: _html(html_meta, "author"),
            lambda: reader.author(table),
        ),
        published=published,
        dateline=_first(reader.dateline),
    )
    return meta, cleaned


def _sitename(html_meta: dict[str, Any], table: OutletTable) -> MetaValue | None:
    found = _html(html_meta, "sitename")
    if found is None or found.value is None:
        return None
    found.value = canonical_outlet(found.value, table)
    return found


def _given_outlet(raw: RawDocument, table: OutletTable) -> MetaValue | None:
    """The given outlet; a feed's title loses its section suffix ("Outlet – Metals")."""
    found = _given(raw, "outlet")
    if found is None or found.value is None or raw.given_source != "feed":
        return found
    name = feed_outlet(found.value, table)
    if name != found.value:
        found.evidence = f"{found.evidence}: {found.value}"
        found.value = name
    return found
