"""The list pages (articles, outlets, one outlet, quotes), their CSV and JSON downloads, and
how undated articles and unknown outlets are shown."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import BAN, EASED, LIFTED, OTHER


def html(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    return response.text


def links(page: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', page)]


def test_articles_page_lists_and_filters(client: TestClient) -> None:
    page = html(client, "/articles")
    for spec in (BAN, EASED, LIFTED, OTHER):
        assert f"/articles/{spec.id}" in links(page)
    assert "5 articles" in page
    harbour = html(client, "/articles?outlet=Harbour%20Post")
    assert f"/articles/{EASED.id}" in links(harbour) and f"/articles/{BAN.id}" not in links(harbour)
    undated = html(client, "/articles?undated=true")
    assert f"/articles/{LIFTED.id}" in links(undated)
    assert f"/articles/{BAN.id}" not in links(undated)
    assert html(client, "/articles?since=2024-13-45", 400)


def test_outlet_pages(client: TestClient) -> None:
    page = html(client, "/outlets")
    assert "/outlets/Harbour%20Post" in links(page)
    one = html(client, "/outlets/Harbour%20Post")
    assert "Harbour Post" in one and "2 articles" in one
    assert f"/articles/{EASED.id}" in links(one)
    assert any(h.startswith("/quotes?speaker=") for h in links(one))
    assert html(client, "/outlets/No%20Such%20Paper", 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 5),
        ("?kind=indirect", 2),
        ("?outlet=Harbour%20Post", 2),
        ("?since=2025-03-01", 1),  # the undated article is left out of a date range
    ],
)
def test_quotes_page_filters(client: TestClient, query: str, expected: int) -> None:
    page = html(client, f"/quotes{query}")
    assert f"{expected} quote" in page


def test_quotes_page_by_speaker(client: TestClient) -> None:
    page = html(client, "/quotes?speaker=Ines%20Carvalho")
    assert "The old harbour cannot take more ships" in page
    assert "Tram line" not in page


def test_most_quoted_leads_to_quotes(client: TestClient) -> None:
    home = html(client, "/")
    quoted = [h for h in links(home) if h.startswith("/quotes?speaker=")]
    assert quoted
    assert "<blockquote" in html(client, quoted[0])


@pytest.mark.parametrize("base", ["/articles", "/outlets", "/quotes", "/entities", "/search"])
def test_every_list_page_offers_csv_and_json(client: TestClient, base: str) -> None:
    query = "?q=ban" if base == "/search" else ""
    page = html(client, base + query)
    assert f"{base}.csv{query}" in links(page) and f"{base}.json{query}" in links(page)
    as_csv = client.get(f"{base}.csv{query}")
    assert as_csv.status_code == 200 and as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    as_json = client.get(f"{base}.json{query}").json()
    assert rows and len(rows) == as_json["total"] == len(as_json["items"])


def test_downloads_keep_the_filters(client: TestClient) -> None:
    page = html(client, "/search?q=ban&outlet=Harbour%20Post&syntax=fts")
    assert "/search.csv?q=ban&syntax=fts&outlet=Harbour+Post" in links(page)
    assert "/entities.json?q=brisa&type=place" in links(
        html(client, "/entities?q=brisa&type=place")
    )
    rows = list(csv.DictReader(io.StringIO(client.get("/quotes.csv?kind=indirect").text)))
    assert {r["kind"] for r in rows} == {"indirect"} and len(rows) == 2
    items = client.get("/articles.json?outlet=Harbour%20Post").json()["items"]
    assert {i["outlet"] for i in items} == {"Harbour Post"}
    assert all(i["story_title"] for i in items)
    assert client.get("/articles.xml").status_code in (400, 404)


def test_undated_articles_are_flagged_and_never_shown_as_published(client: TestClient) -> None:
    home = html(client, "/")
    assert 'class="undated-banner"' in home and "/articles?undated=true" in links(home)
    article = html(client, f"/articles/{LIFTED.id}")
    assert "undated" in article and "date inferred" not in article
    story = html(
        client, f"/stories/{client.get(f'/api/articles/{LIFTED.id}').json()['links']['story_id']}"
    )
    assert "undated" in story and "date inferred" not in story


def test_story_timeline_has_a_legend_of_its_entry_kinds(client: TestClient) -> None:
    from storyline.link.timeline import ENTRY_KINDS

    story = client.get(f"/api/articles/{BAN.id}").json()["links"]["story_id"]
    page = html(client, f"/stories/{story}")
    legend = re.search(r'<p class="tl-legend">(.*?)</p>', page, re.S)
    assert legend, "the timeline has no legend"
    shown = dict(re.findall(r'<span class="tl-kind tl-kind-([a-z]+)" title="([^"]+)">', legend[1]))
    used = set(re.findall(r'<li class="tl-item tl-([a-z]+)', page))
    assert used and set(shown) == used  # every kind on the timeline, and only those
    assert all(shown[kind] == ENTRY_KINDS[kind] for kind in shown)
