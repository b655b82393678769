"""Story reports: standalone HTML (checked in Chromium offline) and Markdown, via API and CLI."""

from __future__ import annotations

import datetime as dt
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import NotFound
from storyline.report import render_report, write_report
from storyline.report._markdown import md_text
from storyline.store import open_store

CHROMIUM = "/usr/bin/chromium"
STAMP = dt.datetime(2025, 7, 1, 12, 0, tzinfo=dt.UTC)


class Doc(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))


def render(db: Path, story: str, fmt: str, claims: bool = True) -> str:
    with open_store(db, readonly=True) as store:
        return render_report(store, story, fmt, generated=STAMP, claims=claims)  # type: ignore[arg-type]


def test_html_report_is_standalone_and_inert(report_db: Path, story_id: str) -> None:
    html = render(report_db, story_id, "html")
    doc = Doc(html)
    tags = [t for t, _ in doc.elements]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert tags.count("style") == 1 and "svg" in tags
    for tag, attrs in doc.elements:
        assert not any(k.startswith("on") for k in attrs)
        for key in ("src", "href"):
            value = attrs.get(key, "")
            assert not value or value.startswith(("#", "https://")), (tag, value)
    external = [
        a["href"] for t, a in doc.elements if t == "a" and a.get("href", "").startswith("http")
    ]
    assert external == [
        "https://coast.example/2025/02/03/cod-ban",
        "https://coast.example/2025/06/02/cod-ban-lifted",
        "https://baywatch.example/cod",
    ]  # the javascript: URL of fish-2 is not a link
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    csp = [a for t, a in doc.elements if t == "meta" and a.get("http-equiv")]
    assert "default-src 'none'" in csp[0]["content"]
    ids = {a.get("id") for _, a in doc.elements}
    cited = {
        a["href"][1:] for t, a in doc.elements if t == "a" and a.get("href", "").startswith("#")
    }
    assert cited and cited <= ids  # every citation lands on a source entry
    assert "Claims are not part of this report" in html


def test_markdown_report_escapes_and_cites(report_db: Path, story_id: str) -> None:
    md = render(report_db, story_id, "md")
    assert md.startswith("# Sorvik bans cod fishing in the bay\n")
    for heading in (
        "## Timeline",
        "## Claims over time",
        "## How the outlets compare",
        "## Key quotes",
        "## Sources",
    ):
        assert f"\n{heading}\n" in md
    assert "<script>" not in md and "<img" not in md and "javascript:" not in md
    assert re.search(r"^### .+: word choice, sourcing, omissions$", md, re.M)
    assert re.search(r"^- sourcing: .*own reporting \d", md, re.M)
    assert "Sorvik &lt;script&gt;alert(1)&lt;/script&gt; cod ban over" in md
    sources = re.findall(r"^(\d+)\. (.+)$", md, re.M)
    assert [n for n, _ in sources] == ["1", "2", "3", "4"]
    assert "<https://coast.example/2025/02/03/cod-ban>" in md
    assert "> The bay needs two quiet years," in md
    # every [n] cited in the text has a source entry
    assert {int(n) for n in re.findall(r"\[(\d+)\]", md)} <= {1, 2, 3, 4}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a | b", "a \\| b"),
        ("[link](javascript:x)", "\\[link\\](javascript:x)"),
        ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("two\nlines", "two lines"),
        ("*bold* _it_ `code` # h", "\\*bold\\* \\_it\\_ \\`code\\` \\# h"),
    ],
)
def test_md_text(text: str, expected: str) -> None:
    assert md_text(text) == expected


@pytest.mark.slow
def test_claims_in_the_report(claims_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(claims_db, readonly=True) as store:
        story_id = store.article_links()["fish-1"].story_id
    assert story_id
    # the report reads the claims the link stage stored: no language model is loaded
    monkeypatch.setattr("storyline.pipeline.nlp.load_nlp", _no_model)
    md = render(claims_db, story_id, "md")
    claims = md.split("## Claims over time")[1].split("## How the outlets")[0]
    assert "| 3 Feb 2025 | Coast Times [1] | prohibited | new |" in claims
    assert "| 2 Jun 2025 | Coast Times [3] | permitted | changed (**update**) |" in claims
    html = render(claims_db, story_id, "html")
    assert (
        'class="claim-step is-refutes"' in html
        and 'class="claim-step is-supports has-update"' in html
    )
    left_out = render(claims_db, story_id, "md", claims=False)
    assert "Claims are not part of this report" in left_out
    assert "| 3 Feb 2025 |" not in left_out


def _no_model(*args: Any) -> Any:
    raise AssertionError("a report must not load the language model")


def test_claims_not_computed_are_said_so(report_db: Path, story_id: str) -> None:
    md = render(report_db, story_id, "md")
    assert "Claims are not part of this report" in md


def test_unknown_story(report_db: Path) -> None:
    with pytest.raises(NotFound):
        render(report_db, "story-nope", "md")


def test_cli_writes_the_report(report_db: Path, story_id: str, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "cod.html"
    out.parent.mkdir()  # the folder must exist: a mistyped --out is an error
    result = CliRunner().invoke(
        main,
        [
            "report",
            "--db",
            str(report_db),
            "--story",
            story_id,
            "--format",
            "html",
            "--out",
            str(out),
            "--no-claims",
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert f"wrote the report of {story_id}" in result.output
    md = CliRunner().invoke(
        main,
        ["report", "--db", str(report_db), "--story", story_id, "--format", "md", "--no-claims"],
    )
    assert md.exit_code == 0 and md.output.startswith("# Sorvik bans cod fishing")
    missing = CliRunner().invoke(
        main, ["report", "--db", str(report_db), "--story", "story-nope", "--no-claims"]
    )
    assert missing.exit_code == 1 and "story-nope" in missing.output


def test_write_report_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    write_report("first\n", target)
    write_report("second\n", target)
    assert target.read_text() == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}")
def test_html_report_in_chromium_offline(claims_db: Path, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with open_store(claims_db, readonly=True) as store:
        story_id = store.article_links()["fish-1"].story_id
    assert story_id
    path = tmp_path / "report.html"
    write_report(render(claims_db, story_id, "html"), path)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        context = browser.new_context(offline=True, viewport={"width": 1100, "height": 900})
        page = context.new_page()
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (problems.append(d.message), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(path.as_uri())
        assert page.title().startswith("Sorvik bans cod fishing in the bay")
        assert page.locator("svg.coverage circle").count() == 4
        # one entry per dated report: the lifting told on Monday and the one said on Tuesday
        # are different dates, so they are not merged
        assert page.locator("ol.timeline > li").count() == 4
        assert page.locator(".claim").count() >= 1
        assert page.locator("#src-fish-1").is_visible()
        page.locator("ol.timeline a.source").first.click()
        assert page.url.endswith("#src-fish-1")
        # styles applied from the inline sheet: the page is not unstyled
        weight = page.evaluate("getComputedStyle(document.querySelector('h1')).fontWeight")
        assert weight == "700"
        shots = Path(__file__).resolve().parent.parent / "_screenshots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=str(shots / "report-desktop.png"), full_page=True)
        assert requests == [path.as_uri()] and problems == []
        browser.close()
