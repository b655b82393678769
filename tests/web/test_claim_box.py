"""The claim box of the story and search pages on the example corpus: the statements the API
finds for a proposition, with their stances, steps and cited sentences, all escaped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings
from tests.web.test_pages import assert_inert, fetch

pytestmark = pytest.mark.slow

CLAIM = "Velmora's ban on tungsten ore exports to Dravania is in force."


@pytest.fixture(scope="module")
def client(examples_db: Path, nlp: Any) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(examples_db)), nlp=lambda: nlp)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _story(examples_db: Path) -> str:
    """The Velmora ore story, the example corpus's largest."""
    from storyline.link import list_stories
    from storyline.store import open_store

    with open_store(examples_db, readonly=True) as store:
        return max(list_stories(store), key=lambda s: len(s.article_ids)).id


def _statements(page: Any) -> list[dict[str, str]]:
    return [a for a in page.tags("li") if "claim-statement" in a.get("class", "")]


@pytest.mark.parametrize("where", ["story", "search"])
def test_claim_box_shows_the_statements_the_api_finds(
    client: TestClient, examples_db: Path, where: str
) -> None:
    sid = _story(examples_db)
    url = f"/stories/{sid}" if where == "story" else "/search"
    params: dict[str, Any] = {"query": CLAIM}
    if where == "story":
        params["story"] = sid
    api = client.get("/api/claims", params=params).json()["items"][0]
    assert api["statements"], "the example corpus states the ban"

    page = fetch(client, f"{url}?claim={CLAIM}")
    assert_inert(page)
    rows = _statements(page)
    assert len(rows) == len(api["statements"])
    # the same stances in the same order as the API gives them
    assert [r["class"].split()[2] for r in rows] == [f"is-{s['stance']}" for s in api["statements"]]
    stances = {s["stance"] for s in api["statements"]}
    assert {"supports", "refutes"} <= stances  # the ban, then its lifting
    text = " ".join(page.text)
    for s in api["statements"][:5]:
        assert f"/articles/{s['article_id']}?cite={s['start']}-{s['end']}#cited" in page.links()
        assert s["outlet"] in text
    assert "update" in text  # the lifting supersedes the ban
    # the form keeps the claim for the next question
    (box,) = [i for i in page.tags("input") if i.get("name") == "claim"]
    assert box["value"] == CLAIM


def test_claim_box_escapes_the_claim(client: TestClient) -> None:
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
    response = client.get("/search", params={"claim": hostile})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert_inert(fetch(client, "/search?claim=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"))


def test_empty_claim_asks_for_a_sentence(client: TestClient) -> None:
    page = fetch(client, "/search?claim=+")
    assert "Write a claim to check" in " ".join(page.text)
