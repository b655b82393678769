"""The list pages, their downloads and the phone layout in a real browser (Debian's
Chromium through Playwright), on the analysed example corpus."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.test_browser import CHROMIUM, Watch, browser

__all__ = ["browser"]  # the shared browser fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
]

PHONE = 375


@pytest.fixture()
def desktop(browser: Any, live_server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab, Watch(tab, live_server)
    context.close()


@pytest.fixture()
def phone(browser: Any, live_server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(
        viewport={"width": PHONE, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab, Watch(tab, live_server)
    context.close()


def test_articles_outlets_and_quotes_pages(desktop: tuple[Any, Watch], live_server: str) -> None:
    tab, watch = desktop
    tab.goto(live_server + "/")
    tab.locator(".site-nav a", has_text="Articles").click()
    tab.wait_for_url("**/articles")
    rows = tab.locator("table.list-table tbody tr")
    assert rows.count() >= 10
    tab.locator(".site-nav a", has_text="Outlets").click()
    tab.wait_for_url("**/outlets")
    tab.locator("table.list-table tbody th a", has_text="Velmora Press Agency").click()
    tab.wait_for_url("**/outlets/*")
    assert tab.locator("h1").inner_text() == "Velmora Press Agency"
    tab.locator("a", has_text="All its quotes").click()
    tab.wait_for_url("**/quotes?outlet=*")
    sources = tab.locator(".quote-source a.source").all_inner_texts()
    assert sources and all("Velmora Press Agency" in s for s in sources)
    tab.select_option("#qt-kind", "direct")
    tab.locator(".filter-row button").click()
    tab.wait_for_url("**kind=direct**")
    assert tab.locator("blockquote.bq-direct").count() == tab.locator("blockquote").count() >= 1
    watch.assert_clean()


def test_most_quoted_speaker_opens_their_quotes(
    desktop: tuple[Any, Watch], live_server: str
) -> None:
    tab, watch = desktop
    tab.goto(live_server + "/")
    link = tab.locator("a[href^='/quotes?speaker=']").first
    name = link.inner_text()
    link.click()
    tab.wait_for_url("**/quotes?speaker=*")
    assert name in tab.locator("h1").inner_text()
    assert tab.locator("blockquote").count() >= 1
    watch.assert_clean()


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_list_downloads(desktop: tuple[Any, Watch], live_server: str, fmt: str) -> None:
    tab, watch = desktop
    tab.goto(live_server + "/quotes?kind=direct")
    with tab.expect_download() as info:
        tab.locator(f".downloads a[href^='/quotes.{fmt}']").click()
    download = info.value
    assert download.suggested_filename == f"quotes.{fmt}"
    text = Path(download.path()).read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert rows and {r["kind"] for r in rows} == {"direct"}
    else:
        body = json.loads(text)
        assert body["total"] == len(body["items"]) > 0
    watch.assert_clean()


@pytest.mark.parametrize(
    ("page", "name"),
    [
        ("/articles?outlet=Velmora%20Press%20Agency", "articles"),
        ("/outlets", "outlets"),
        ("/entities", "entities"),
        ("/search?q=ore", "search"),
    ],
)
def test_every_list_page_downloads_as_csv(
    desktop: tuple[Any, Watch], live_server: str, page: str, name: str
) -> None:
    tab, watch = desktop
    tab.goto(live_server + page)
    shown = tab.locator("main table tbody tr, main ol.result-list > li").count()
    with tab.expect_download() as info:
        tab.locator(f".downloads a[href^='/{name}.csv']").click()
    download = info.value
    assert download.suggested_filename == f"{name}.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert shown and len(rows) >= shown  # the whole list, not only the page shown
    if name == "articles":  # the page's filter goes with the download
        assert {r["outlet"] for r in rows} == {"Velmora Press Agency"}
    watch.assert_clean()


def test_story_page_legend_and_speakers_lead_to_their_entities(
    desktop: tuple[Any, Watch], live_server: str
) -> None:
    tab, watch = desktop
    tab.goto(live_server + "/")
    tab.locator(".story-card h2 a").filter(has_text="Velmora").first.click()
    tab.wait_for_url("**/stories/*")
    legend = tab.locator("#timeline .tl-legend")
    assert legend.is_visible()
    kinds = set(legend.locator(".tl-kind").all_inner_texts())
    assert kinds and all(": " in k for k in kinds)  # each kind with what it means
    speaker = tab.locator(".speaker-name a").first
    name = speaker.inner_text()
    speaker.evaluate("a => a.closest('details') && (a.closest('details').open = true)")
    speaker.click()
    tab.wait_for_url("**/entities/*")
    assert name.split()[-1] in tab.locator("h1").inner_text()
    watch.assert_clean()


@pytest.mark.parametrize("path", ["/", "/articles", "/outlets", "/quotes", "/search?q=ore"])
def test_phone_pages_do_not_overflow(phone: tuple[Any, Watch], live_server: str, path: str) -> None:
    tab, watch = phone
    tab.goto(live_server + path)
    overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than the screen"
    watch.assert_clean()


def test_story_chart_at_375px_scrolls_and_says_so(
    phone: tuple[Any, Watch], live_server: str
) -> None:
    tab, watch = phone
    tab.goto(live_server + "/")
    tab.locator(".story-card h2 a").filter(has_text="Velmora").first.click()
    tab.wait_for_url("**/stories/*")
    assert tab.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    frame = tab.locator("figure.chart-frame").first
    widths = frame.evaluate("f => [f.scrollWidth, f.clientWidth]")
    assert widths[0] > widths[1]  # the chart keeps a readable width and scrolls inside
    hint = tab.locator(".scroll-hint").first
    assert hint.is_visible() and "Swipe" in hint.inner_text()
    frame.focus()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_timeout(200)
    assert frame.evaluate("f => f.scrollLeft") > 0  # reachable by keyboard too
    tab.screenshot(path=str(_shots() / "story-375.png"), full_page=False)
    watch.assert_clean()


def _shots() -> Path:
    folder = Path(__file__).resolve().parent.parent / "_screenshots"
    folder.mkdir(exist_ok=True)
    return folder
