"""Claims through the API with the real spaCy pipeline (slow: loads the model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(corpus_db: Path, nlp: Any) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(corpus_db)), nlp=lambda: nlp)
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
