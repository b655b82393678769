"""Claims through the API: the story's claims as the link stage stored them (linked with the
real spaCy pipeline, slow), and a proposition of one's own parsed on demand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings
from tests.api.conftest import make_db

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def claims_db(tmp_path_factory: pytest.TempPathFactory, nlp: Any) -> Path:
    return make_db(tmp_path_factory.mktemp("claims") / "claims.db", nlp)


@pytest.fixture(scope="module")
def client(claims_db: Path, nlp: Any) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(claims_db)), nlp=lambda: nlp)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_story_claims_cite_real_sentences(client: TestClient) -> None:
    sid = client.get("/api/articles/lumen-0203").json()["links"]["story_id"]
    body = client.get(f"/api/stories/{sid}/claims").json()
    assert body["total"] == len(body["items"]) >= 1
    statements = [s for c in body["items"] for s in c["statements"]]
    assert len({s["article_id"] for s in statements}) >= 2
    for s in statements:
        text = client.get(f"/api/articles/{s['article_id']}").json()["text"]
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["stance"] in {"supports", "refutes", "unclear"}
    dates = [s["date"] for c in body["items"] for s in c["statements"] if s["date"]]
    assert dates  # statements are placed in time
    assert client.get(f"/api/claims?story={sid}").json() == body


def test_own_proposition(client: TestClient) -> None:
    body = client.get(
        "/api/claims", params={"query": "cruise ships are banned from the old harbour"}
    )
    assert body.status_code == 200
    claim = body.json()["items"][0]
    assert claim["proposition"] == "cruise ships are banned from the old harbour"
    assert client.get("/api/claims?query=x&story=story-nope").status_code == 404


def test_several_propositions_in_one_request(client: TestClient) -> None:
    queries = ["cruise ships are banned from the old harbour", "the harbour is open to ferries"]
    body = client.get("/api/claims", params={"query": queries})
    assert body.status_code == 200
    assert [c["proposition"] for c in body.json()["items"]] == queries
