"""The pages over a small hand-built corpus: content, links, escaping, headers, errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings

HOSTILE_ID = "hostile-0001"


class Page(HTMLParser):
    """What a browser would build from the HTML: elements, attributes, visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == name]

    def links(self) -> list[str]:
        return [a["href"] for a in self.tags("a") if "href" in a]


@pytest.fixture(scope="module")
def client(small_db: Path) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(small_db)), nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def fetch(client: TestClient, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src" not in response.headers["content-security-policy"]
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    return Page(response.text)


def story_id(client: TestClient, article_id: str) -> str:
    return str(client.get(f"/api/articles/{article_id}").json()["links"]["story_id"])


def assert_inert(page: Page) -> None:
    """No element a hostile article could have smuggled in, no script URL anywhere."""
    assert page.tags("script") == []
    assert page.tags("img") == []
    assert page.tags("iframe") == []
    assert not [h for h in page.links() if not h.startswith(("/", "#", "http://", "https://"))]
    for _, attrs in page.elements:
        assert not any(k.startswith("on") for k in attrs), attrs
        assert not any("javascript:" in v.lower() for k, v in attrs.items() if k != "title")


def test_home_lists_stories_with_sparklines(client: TestClient) -> None:
    page = fetch(client, "/")
    stories = [h for h in page.links() if h.startswith("/stories/")]
    assert f"/stories/{story_id(client, 'ferry-1')}" in stories
    assert len(page.tags("svg")) >= 2  # a sparkline per story
    assert any(a.get("class") == "sparkline" for a in page.tags("svg"))
    text = " ".join(page.text)
    assert "Sorvik ferry cuts winter crossings" in text
    assert_inert(page)


def test_story_page_has_timeline_chart_and_outlets(client: TestClient) -> None:
    sid = story_id(client, "ferry-1")
    page = fetch(client, f"/stories/{sid}")
    coverage = [a for a in page.tags("svg") if "coverage" in a.get("class", "")]
    assert coverage and coverage[0]["aria-label"] == "Coverage by outlet over time"
    assert "/articles/ferry-2" in page.links()
    assert page.tags("ol") and any(a.get("class") == "timeline" for a in page.tags("ol"))
    text = " ".join(page.text)
    for heading in ("Timeline", "Claims over time", "Who said what", "How the outlets compare"):
        assert heading in text
    assert "Word choice, sourcing and omissions by outlet" in text
    assert any(d.get("class", "").startswith("outlet-language") for d in page.tags("details"))
    assert "Claims were not computed" in text  # linked without the language model
    for section in ("timeline", "coverage", "claims", "quotes", "outlets", "articles"):
        assert any(a.get("id") == section for a in page.tags("section"))


def test_article_page_cites_and_links(client: TestClient) -> None:
    page = fetch(client, "/articles/ferry-1?cite=4-16#cited")
    marks = page.tags("mark")
    assert any(m.get("id") == "cited" for m in marks)
    assert any(h.startswith("/entities/ent_") for h in page.links())
    assert f"/stories/{story_id(client, 'ferry-1')}" in page.links()
    text = "".join(page.text)
    assert "Sorvik ferry company cut its winter timetable" in text
    # a cite outside the text is ignored, not an error
    assert not [m for m in fetch(client, "/articles/ferry-1?cite=5-99999").tags("mark") if m]


def test_copy_and_provenance_on_the_article_page(client: TestClient) -> None:
    page = fetch(client, "/articles/ferry-2")
    text = " ".join(page.text)
    assert "given on input" in text  # where the outlet came from
    assert re.search(r"A (near-|wire )?copy", text)
    assert "/articles/ferry-1" in page.links()
    added = [t for t in page.text if "Islanders said" in t]
    assert added and page.tags("ins")  # what the copy added, marked as an insertion
    original = fetch(client, "/articles/ferry-1")
    assert "Republished by" in " ".join(original.text)
    assert "/articles/ferry-2" in original.links()


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/articles/{HOSTILE_ID}",
        f"/articles/{HOSTILE_ID}?cite=0-40",
        "/search?q=pier",
        "/search?speaker=Mara",
        "/entities",
        "/entities?q=Mara",
    ],
)
def test_hostile_article_renders_inert(client: TestClient, url: str) -> None:
    page = fetch(client, url)
    assert_inert(page)


def test_hostile_story_and_entity_pages_render_inert(client: TestClient) -> None:
    assert_inert(fetch(client, f"/stories/{story_id(client, HOSTILE_ID)}"))
    entities = client.get("/api/entities?q=Mara").json()["items"]
    assert entities, "the hostile name is an entity"
    page = fetch(client, f"/entities/{entities[0]['id']}")
    assert_inert(page)
    assert any("<img src=x onerror=alert(1)>" in t for t in page.text)  # shown as text


def test_hostile_text_is_shown_as_text(client: TestClient) -> None:
    response = client.get(f"/articles/{HOSTILE_ID}")
    html = response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    page = Page(html)
    text = "".join(page.text)
    assert "<script>alert(1)</script>" in text and "javascript:alert(1)" in text
    # the javascript: URL of the article is printed, not linked
    assert not [h for h in page.links() if "alert(" in h]


def test_search_page_marks_matches_and_explains_errors(client: TestClient) -> None:
    page = fetch(client, "/search?q=ferry")
    assert "/articles/ferry-1" in page.links()
    assert page.tags("mark")
    assert fetch(client, "/search?q=%22unbalanced").tags("mark") == []  # plain words: no error
    bad = fetch(client, "/search?q=%22unbalanced&syntax=fts", 400)
    assert any(a.get("role") == "alert" for a in bad.tags("div"))
    assert "unterminated string" in " ".join(bad.text)
    assert any(a.get("aria-invalid") == "true" for a in bad.tags("input"))


def test_search_page_lists_facets_that_narrow_the_results(client: TestClient) -> None:
    page = fetch(client, "/search?q=ferry")
    narrow = [h for h in page.links() if h.startswith("/search?") and "outlet=" in h]
    assert narrow, page.links()
    narrowed = fetch(client, narrow[0])
    assert "/articles/ferry-1" in narrowed.links() or narrowed.tags("mark")


def test_forms_and_landmarks_are_labelled(client: TestClient) -> None:
    page = fetch(client, "/search")
    ids = {a["id"] for a in page.tags("input") + page.tags("select") if "id" in a}
    labelled = {a["for"] for a in page.tags("label") if "for" in a}
    assert ids <= labelled
    for landmark in ("header", "nav", "main", "footer"):
        assert page.tags(landmark), landmark
    assert page.tags("a")[0] == {"class": "skip-link", "href": "#main"}
    html = client.get("/").text
    assert re.search(r'<html lang="en">', html)


@pytest.mark.parametrize(
    "url", ["/stories/story-nope", "/articles/nope", "/entities/ent_nope", "/no/such/page"]
)
def test_unknown_pages_are_friendly_404s(client: TestClient, url: str) -> None:
    page = fetch(client, url, 404)
    assert "Not found" in " ".join(page.text)
    assert "/" in page.links()


def test_pages_need_no_external_asset(client: TestClient) -> None:
    for url in ("/", f"/stories/{story_id(client, 'ferry-1')}", "/articles/ferry-1", "/docs"):
        page = fetch(client, url)
        sources = [a.get("href", "") for a in page.tags("link")] + [
            a.get("src", "") for t, a in page.elements if "src" in a
        ]
        assert all(s.startswith("/") for s in sources), sources
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "url(http" not in css.text and "@import" not in css.text


def _no_model() -> Any:
    raise AssertionError("pages read stored products; they must not load the language model")


@pytest.mark.slow
def test_story_page_shows_the_stored_claims_without_a_model(examples_db: Path) -> None:
    from storyline.link import list_stories, story_products
    from storyline.store import open_store

    with open_store(examples_db, readonly=True) as store:
        story = max(list_stories(store), key=lambda s: len(s.article_ids))
        claims = story_products(store, story.id).claims
    assert claims, "the link stage stored the example story's claims"
    app = create_app(Settings(db=str(examples_db)), nlp=_no_model)
    with TestClient(app, raise_server_exceptions=False) as c:
        page = fetch(c, f"/stories/{story.id}")
        text = " ".join(page.text)
        assert claims[0].proposition.removeprefix("permitted: ") in text
        assert len([a for a in page.tags("article") if a.get("class") == "claim"]) == len(claims)
        api = c.get(f"/api/stories/{story.id}/claims").json()
        assert [c["proposition"] for c in api["items"]] == [c.proposition for c in claims]


def test_entity_pages_and_search_read_the_unified_entities(client: TestClient) -> None:
    listed = client.get("/api/entities?q=Sorvik").json()["items"]
    (sorvik,) = [e for e in listed if e["name"] == "Sorvik"]
    assert sorvik["mentions"] == 3  # ferry-1, ferry-2 and the hostile article
    page = fetch(client, f"/entities/{sorvik['id']}")
    assert {"/articles/ferry-1", "/articles/ferry-2", f"/articles/{HOSTILE_ID}"} <= set(
        page.links()
    )
    found = fetch(client, f"/search?entity={sorvik['id']}")
    hits = {h for h in found.links() if h.startswith("/articles/")}
    assert hits == {"/articles/ferry-1", "/articles/ferry-2", f"/articles/{HOSTILE_ID}"}
    article = fetch(client, "/articles/ferry-1")
    assert f"/entities/{sorvik['id']}" in article.links()
