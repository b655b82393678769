"""The example corpus is consistent with its ground truth (``examples/truth.json``).

Colleagues write golden tests from ``truth.json``; these tests make sure that file tells
the truth about the inputs: every snippet occurs verbatim in its record, dates follow from
the publication dates, the WARC/feeds/JSON Lines are readable by the libraries Storyline
uses, and the claim steps follow the rule the file states.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sys
from collections import Counter
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import feedparser
import pytest
from warcio.archiveiterator import ArchiveIterator

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FORMAT_DIRS = {"text": "text", "html": "html", "rss": "feeds", "atom": "feeds", "warc": "warc"}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@cache
def truth() -> dict[str, Any]:
    return json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def articles() -> list[dict[str, Any]]:
    return truth()["articles"]  # type: ignore[no-any-return]


def by_key() -> dict[str, dict[str, Any]]:
    return {a["key"]: a for a in articles()}


def unique_articles() -> list[dict[str, Any]]:
    """Articles without the second copy of an exact duplicate."""
    return [a for a in articles() if not a.get("same_as")]


@cache
def _feed(path: str) -> Any:
    return feedparser.parse(str(EXAMPLES / path))


@cache
def _warc_records(path: str) -> tuple[tuple[str, str | None, str, str | None, bytes], ...]:
    """(type, target URI, WARC-Date, HTTP content type, payload) for every record."""
    out = []
    with (EXAMPLES / path).open("rb") as stream:
        for record in ArchiveIterator(stream):
            headers = record.rec_headers
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            out.append(
                (
                    record.rec_type,
                    headers.get_header("WARC-Target-URI"),
                    headers.get_header("WARC-Date"),
                    ctype,
                    record.content_stream().read(),
                )
            )
    return tuple(out)


@cache
def _jsonl_lines(path: str) -> tuple[dict[str, Any], ...]:
    lines = (EXAMPLES / path).read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def _feed_entry(article: dict[str, Any]) -> Any:
    entries = [e for e in _feed(article["file"]).entries if e.id == article["record"]]
    assert len(entries) == 1, f"{article['key']}: no single feed entry {article['record']}"
    return entries[0]


def content(article: dict[str, Any]) -> str:
    """The text of one record, as ``truth.json``'s ``record_content`` describes it."""
    fmt, path = article["format"], article["file"]
    if fmt in ("text", "html"):
        return (EXAMPLES / path).read_text(encoding="utf-8")
    if fmt in ("rss", "atom"):
        entry = _feed_entry(article)
        return f"{entry.title}\n{entry.content[0].value}"
    if fmt == "warc":
        payloads = [
            payload.decode("utf-8")
            for kind, uri, _date, _ctype, payload in _warc_records(path)
            if kind == "response" and uri == article["record"]
        ]
        assert len(payloads) == 1, f"{article['key']}: no single response for {article['record']}"
        return payloads[0]
    if fmt == "jsonl":
        record = _jsonl_lines(path)[article["line"] - 1]
        return str(record.get("text") or record.get("html"))
    raise AssertionError(f"unknown format {fmt!r}")


class _HtmlFacts(HTMLParser):
    """Collects meta tags, the first <h1> and paragraph texts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.h1: str | None = None
        self.paragraphs: list[str] = []
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name")
            if key and values.get("content") is not None:
                self.meta[key] = values["content"] or ""
        elif tag in ("h1", "p") and self._in is None:
            self._in, self._buffer = tag, []

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = "".join(self._buffer).strip()
            if tag == "h1" and self.h1 is None:
                self.h1 = text
            elif tag == "p":
                self.paragraphs.append(text)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)


def html_facts(markup: str) -> _HtmlFacts:
    parser = _HtmlFacts()
    parser.feed(markup)
    return parser


def occurs_as_word(needle: str, haystack: str) -> bool:
    """Case-sensitive occurrence not glued to letters (so 'zelvohrad' misses URLs)."""
    pattern = rf"(?<![\w/.-]){re.escape(needle)}(?![\w/-])"
    return re.search(pattern, haystack) is not None


def _ids(items: list[dict[str, Any]], name: str = "key") -> list[str]:
    return [str(item[name]) for item in items]


# --------------------------------------------------------------------------- corpus shape


def test_size_outlets_and_formats() -> None:
    unique = unique_articles()
    assert len(unique) >= 18
    outlets = {a["outlet"] for a in unique}
    assert len(outlets) >= 5
    assert outlets == {o["name"] for o in truth()["outlets"]}
    assert {a["format"] for a in articles()} == {"text", "html", "rss", "atom", "warc", "jsonl"}
    keys = _ids(articles())
    assert len(keys) == len(set(keys))
    assert truth()["story"]["articles"] == keys


def test_every_input_file_is_described(examples_dir: Path) -> None:
    described = {a["file"] for a in articles()}
    for folder in ("text", "html", "feeds", "warc", "jsonl"):
        files = {p.relative_to(examples_dir).as_posix() for p in (examples_dir / folder).iterdir()}
        assert files, f"no inputs in examples/{folder}"
        assert files <= described, f"files missing from truth.json: {files - described}"
    for path in described:
        assert (examples_dir / path).is_file()


def test_story_spans_at_least_three_months() -> None:
    dates = sorted(dt.date.fromisoformat(a["published"]) for a in articles() if a["published"])
    first, last = dates[0], dates[-1]
    assert (last.year * 12 + last.month) - (first.year * 12 + first.month) >= 3
    assert (last - first).days >= 90
    story = truth()["story"]
    assert (story["first_date"], story["last_date"]) == (first.isoformat(), last.isoformat())


# --------------------------------------------------------------------------- per article


@pytest.mark.parametrize("article", articles(), ids=_ids(articles()))
def test_title_author_and_body_bounds_occur(article: dict[str, Any]) -> None:
    text = content(article)
    if article["format"] in ("text", "html", "warc"):  # feeds and JSON Lines: see below
        assert article["title"] in text
        if article["author"]:
            assert article["author"] in text
    assert article["body_first"] in text
    assert article["body_last"] in text
    if article["dateline_text"]:
        assert article["dateline_text"] in text


@pytest.mark.parametrize("article", articles(), ids=_ids(articles()))
def test_junk_lines_occur(article: dict[str, Any]) -> None:
    text = content(article)
    if article["format"] == "text":
        lines = text.splitlines()
        for junk in article["junk_lines"]:
            assert junk["text"] in lines, f"not a whole line: {junk['text']!r}"
        assert article["title"] in lines
    else:
        flat = re.sub(r"<[^>]+>", " ", text)  # tags between words (nav links) -> spaces
        flat = re.sub(r"\s+", " ", flat)
        for junk in article["junk_lines"]:
            assert junk["text"] in text or junk["text"] in flat, junk["text"]


@pytest.mark.parametrize("article", articles(), ids=_ids(articles()))
def test_published_matches_the_record(article: dict[str, Any]) -> None:
    published = article["published"]
    fmt = article["format"]
    if fmt in ("html", "warc"):
        facts = html_facts(content(article))
        assert facts.meta["article:published_time"] == article["published_datetime"]
        assert facts.meta["og:site_name"] == article["outlet"]
        assert facts.meta["author"] == article["author"]
        assert facts.h1 == article["title"]
    elif fmt in ("rss", "atom"):
        entry = _feed_entry(article)
        assert dt.date(*entry.published_parsed[:3]).isoformat() == published
        assert entry.author == article["author"]
        assert entry.title == article["title"]
    elif fmt == "jsonl":
        record = _jsonl_lines(article["file"])[article["line"] - 1]
        assert record["published"] == article["published_datetime"]
        assert (record["outlet"], record["title"], record["url"], record["author"]) == (
            article["outlet"],
            article["title"],
            article["url"],
            article["author"],
        )
    elif published is None:
        assert article["published_evidence"] is None
        assert not re.search(r"\d\d\.\d\d\.\d{4}|\d{4}-\d\d-\d\d", content(article))
    else:
        evidence = article["published_evidence"]
        assert evidence in content(article).splitlines()
        match = re.search(r"(\d\d)\.(\d\d)\.(\d{4})|(\d{4}-\d\d-\d\d)", evidence)
        assert match is not None
        found = match.group(4) or f"{match.group(3)}-{match.group(2)}-{match.group(1)}"
        assert found == published


def _quote_cases() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(a, q) for a in articles() for q in a["quotes"] or []]


@pytest.mark.parametrize(
    ("article", "quote"),
    _quote_cases(),
    ids=[f"{a['key']}:{q['text'][:30]}" for a, q in _quote_cases()],
)
def test_quote_snippet_and_speaker_occur(article: dict[str, Any], quote: dict[str, Any]) -> None:
    text = content(article)
    assert quote["text"] in text
    assert quote["speaker_text"] in text
    assert quote["kind"] in {"direct", "partial", "indirect"}
    assert quote["speaker_kind"] in {"person", "organization", "role", "anonymous"}
    if quote["kind"] in ("direct", "partial"):
        start = text.index(quote["text"])
        assert text[start - 1] in '"“', f"{quote['text']!r} does not open a quotation"
    if quote["entity"]:
        entities = {e["id"]: e for e in truth()["entities"]}
        variants = {v["text"] for v in entities[quote["entity"]]["variants"]}
        named = any(v in quote["speaker_text"] for v in variants)
        assert named or quote["resolved_via"] in {"pronoun", "role", "continuation"}


def test_quotes_cover_the_required_phenomena() -> None:
    quotes = [q for a in articles() for q in a["quotes"] or []]
    via = Counter(q["resolved_via"] for q in quotes)
    for needed in ("name", "pronoun", "role", "cue-first", "continuation", "according-to"):
        assert via[needed] >= 1, needed
    kinds = Counter(q["kind"] for q in quotes)
    assert min(kinds["direct"], kinds["partial"], kinds["indirect"]) >= 3
    assert {q["speaker_kind"] for q in quotes} >= {"person", "organization", "anonymous"}
    for phrase in ("the official", "the minister", "the former envoy", "he"):
        assert any(q["speaker_text"] == phrase for q in quotes), phrase


def _date_cases() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(a, d) for a in articles() for d in a["dates"] or []]


@pytest.mark.parametrize(
    ("article", "mention"),
    _date_cases(),
    ids=[f"{a['key']}:{d['text']}" for a, d in _date_cases()],
)
def test_date_mention_occurs_and_value_follows(
    article: dict[str, Any], mention: dict[str, Any]
) -> None:
    assert occurs_as_word(mention["text"], content(article))
    value = mention["value"]
    if mention["anchor"] is None or value is None:
        assert value is None or not value[:4].isdigit() or mention["anchor"] is None
        if value is None:
            assert article["published"] is None
        return
    dct = dt.date.fromisoformat(article["published"])
    weekday = next((w for w in WEEKDAYS if w in mention["text"]), None)
    if weekday and mention["precision"] == "day":
        day = dt.date.fromisoformat(value)
        assert WEEKDAYS[day.weekday()] == weekday
        assert abs((day - dct).days) <= 7
        if mention["text"].startswith("last"):
            assert day < dct
    month = next((i + 1 for i, m in enumerate(MONTHS) if m in mention["text"]), None)
    if month:
        assert int(value[5:7]) == month
        if mention["year_inferred"]:
            assert int(value[:4]) == dct.year
    if mention["text"] == "last week":
        year, week, _ = dct.isocalendar()
        assert value == f"{year}-W{week - 1:02d}"
    if mention["text"] == "next month":
        assert value == f"{dct.year}-{dct.month + 1:02d}"


def test_date_mentions_cover_the_required_expressions() -> None:
    texts = {d["text"] for a in articles() for d in a["dates"] or []}
    needed = {"on Monday", "last Tuesday", "last week", "in May", "since August", "June 3"}
    assert needed <= texts
    assert "the next day" in texts
    assert "three-year" in texts
    anchors = {d["anchor"] for a in articles() for d in a["dates"] or []}
    assert {"dct", "previous", None} <= anchors


# --------------------------------------------------------------------------- inputs


def test_warc_is_readable_and_crawled_after_publication() -> None:
    info = truth()["warc"]
    records = _warc_records(info["file"])
    assert [r[0] for r in records] == info["record_types"]
    responses = [r for r in records if r[0] == "response"]
    assert [r[1] for r in responses] == info["target_uris"]
    requests = {r[1] for r in records if r[0] == "request"}
    assert requests == set(info["article_uris"])
    published = {a["record"]: a["published"] for a in articles() if a["format"] == "warc"}
    assert set(published) == set(info["article_uris"])
    for _kind, uri, warc_date, ctype, payload in responses:
        assert warc_date is not None and warc_date.startswith(info["crawl_date"])
        if uri in published:
            assert ctype is not None and ctype.startswith("text/html")
            assert warc_date[:10] > published[uri]
            assert b"article:published_time" in payload


def test_warc_generator_reproduces_the_committed_file(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_warc", EXAMPLES / "make_warc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    committed = EXAMPLES / truth()["warc"]["file"]
    rebuilt = tmp_path / committed.name
    assert module.write_warc(rebuilt) == truth()["warc"]["target_uris"]
    assert rebuilt.read_bytes() == committed.read_bytes()


def test_jsonl_lines_parse_with_body_and_fields(examples_dir: Path) -> None:
    for path in sorted((examples_dir / "jsonl").glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(lines) >= 3
        for line in lines:
            record = json.loads(line)
            assert {"url", "outlet", "title", "author", "published"} <= set(record)
            assert "id" not in record
            assert (record.get("text") or record.get("html") or "").strip()


@pytest.mark.parametrize(
    ("name", "version"),
    [("meridian-business-review.rss.xml", "rss20"), ("zelvohrad-courier.atom.xml", "atom10")],
)
def test_feeds_parse_with_full_content(name: str, version: str) -> None:
    feed = _feed(f"feeds/{name}")
    assert not feed.bozo
    assert feed.version == version
    assert 2 <= len(feed.entries) <= 3
    for entry in feed.entries:
        assert len(entry.content[0].value) > 300
    described = {a["record"] for a in articles() if a["file"] == f"feeds/{name}"}
    assert described == {e.id for e in feed.entries}


# --------------------------------------------------------------------------- cross-article


def test_wire_copies_differ_as_described() -> None:
    wire = truth()["wire"]
    original = by_key()[wire["original"]]
    source = content(original)
    for copy in wire["copies"]:
        article = by_key()[copy["article"]]
        text = content(article)
        assert (article["title"] != original["title"]) is copy["headline_changed"]
        for sentence in copy["sentences_cut"]:
            assert sentence in source and sentence not in text
        for sentence in copy["sentences_added"]:
            assert sentence in text and sentence not in source
        assert original["body_first"] in text


def test_exact_duplicate_has_the_same_paragraphs() -> None:
    for pair in truth()["exact_duplicates"]:
        first, second = (by_key()[k] for k in pair["articles"])
        assert second["same_as"] == first["key"]
        assert (first["url"], first["title"], first["published"]) == (
            second["url"],
            second["title"],
            second["published"],
        )
        paragraphs = html_facts(content(first)).paragraphs
        lines = content(second).splitlines()
        start = paragraphs.index(lines[0])
        assert paragraphs[start : start + len(lines)] == lines


@pytest.mark.parametrize("entity", truth()["entities"], ids=_ids(truth()["entities"], "id"))
def test_entity_variants_occur(entity: dict[str, Any]) -> None:
    for variant in entity["variants"]:
        outlets = {a["outlet"] for a in articles() if occurs_as_word(variant["text"], content(a))}
        assert outlets, f"{variant['text']!r} occurs nowhere"
        if variant["kind"].startswith("transliteration"):
            assert outlets == {"Dravania Today"}, variant["text"]


def test_loaded_terms_belong_to_their_outlet() -> None:
    for term in truth()["loaded_terms"]:
        for phrase in term["phrases"]:
            users = {a["outlet"] for a in articles() if phrase in content(a)}
            assert users == {term["outlet"]}, phrase


def test_events_partition_the_story_within_three_days() -> None:
    events = truth()["events"]
    members = [k for e in events for k in e["articles"]]
    assert sorted(members) == sorted(truth()["story"]["articles"])
    for event in events:
        start = dt.date.fromisoformat(event["date"])
        for key in event["articles"]:
            assert by_key()[key]["event"] == event["id"]
            if by_key()[key]["published"]:
                lag = (dt.date.fromisoformat(by_key()[key]["published"]) - start).days
                assert 0 <= lag <= 3, key


def _expected_steps(statements: list[dict[str, Any]]) -> dict[str, str | None]:
    """The step rule stated in truth.json, recomputed from dates and stances."""
    dated = sorted({s["date"] for s in statements if s["date"]})
    out: dict[str, str | None] = {}
    for s in statements:
        if s["date"] is None:
            out[s["article"]] = None
            continue
        position = dated.index(s["date"])
        if position == 0:
            out[s["article"]] = "new"
            continue
        earlier = [
            t["stance"]
            for t in statements
            if t["date"] == dated[position - 1] and not by_key()[t["article"]].get("same_as")
        ]
        established = Counter(earlier).most_common(1)[0][0]
        out[s["article"]] = "unchanged" if s["stance"] == established else "changed"
    return out


def test_claim_statements_follow_the_step_rule() -> None:
    (claim,) = truth()["claims"]
    statements = claim["statements"]
    assert {s["article"] for s in statements} == set(truth()["story"]["articles"])
    expected = _expected_steps(statements)
    for s in statements:
        assert s["step"] == expected[s["article"]], s["article"]
        assert s["text"] in content(by_key()[s["article"]])
        assert s["date"] == by_key()[s["article"]]["published"]
    states = [h["state"] for h in claim["policy_history"]]
    assert states == ["imposed", "unchanged", "eased", "lifted"]


def test_claim_conflicts_are_updates_or_contradictions() -> None:
    (claim,) = truth()["claims"]
    stance = {s["article"]: s for s in claim["statements"]}
    kinds = Counter(c["kind"] for c in claim["conflicts"])
    assert kinds["update"] >= 1 and kinds["contradiction"] >= 1
    for conflict in claim["conflicts"]:
        earlier, later = stance[conflict["earlier"]], stance[conflict["later"]]
        assert earlier["stance"] != later["stance"]
        if conflict["kind"] == "contradiction":
            assert earlier["date"] == later["date"] and earlier["outlet"] != later["outlet"]
        else:
            assert earlier["date"] < later["date"]


def test_timeline_cites_known_articles() -> None:
    keys = set(truth()["story"]["articles"])
    for item in truth()["timeline"]:
        assert set(item["articles"]) <= keys
        assert re.fullmatch(r"\d{4}-\d\d(-\d\d)?", item["date"])
