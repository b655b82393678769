"""The claim box in a real browser (Debian's Chromium through Playwright): a reader types a
claim on a story page, submits the form and reads the statements, with no script running."""

from __future__ import annotations

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


@pytest.fixture()
def page(browser: Any, live_server: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    yield tab, Watch(tab, live_server)
    context.close()


def test_type_a_claim_on_a_story_page(page: tuple[Any, Watch], live_server: str) -> None:
    tab, watch = page
    tab.goto(live_server + "/")
    tab.locator(".story-card h2 a").filter(has_text="Velmora").first.click()
    tab.wait_for_url("**/stories/*")
    story_url = tab.url.split("?")[0].split("#")[0]

    tab.get_by_label("A claim, as a sentence").fill("Velmora has lifted its ore export ban")
    tab.get_by_role("button", name="Check").click()
    tab.wait_for_url("**/stories/*?claim=*")
    assert tab.url.startswith(story_url + "?claim=")

    statements = tab.locator("#claim-box li.claim-statement")
    assert statements.count() >= 3
    stances = tab.locator("#claim-box .step-stance").all_inner_texts()
    assert {"supports", "refutes"} & set(stances)
    assert tab.locator("#claim").input_value() == "Velmora has lifted its ore export ban"
    # a statement's sentence opens its article at the cited span
    statements.first.locator(".step-text a").click()
    tab.wait_for_url("**/articles/*?cite=*")
    assert tab.locator("#cited").count() == 1
    watch.assert_clean()
