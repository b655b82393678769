"""``/openapi.json`` says what the server does: every operation's answers are typed, and each
real answer -- status and body -- is one the document declares for that operation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft202012Validator

from storyline.api import create_app
from storyline.config import Settings

BAN, LIFTED = "lumen-0203", "coastal-0422"
TOKEN = "s3cret"


def _schema_of(doc: dict[str, Any], path: str, method: str, status: int, kind: str) -> Any:
    operation = doc["paths"][path][method]
    responses = operation["responses"]
    assert str(status) in responses, f"{method.upper()} {path} answered {status}, undeclared"
    content = responses[str(status)].get("content", {})
    assert kind in content, f"{method.upper()} {path} {status}: {kind} not declared"
    return content[kind]["schema"]


def check(doc: dict[str, Any], path: str, method: str, response: Any) -> Any:
    """Assert that ``response`` is declared for the operation, and return its JSON."""
    kind = response.headers["content-type"].split(";")[0]
    schema = _schema_of(doc, path, method, response.status_code, kind)
    if kind != "application/json":
        return response.text
    body = response.json()
    validator = Draft202012Validator({**schema, "components": doc["components"]})
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(body)]
    assert not errors, f"{method.upper()} {path} {response.status_code}: {errors[:5]}"
    return body


@pytest.fixture(scope="module")
def doc(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return dict(response.json())


def test_every_operation_declares_a_typed_answer(doc: dict[str, Any]) -> None:
    untyped = []
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            success = {c: r for c, r in operation["responses"].items() if c.startswith("2")}
            assert success, f"{method} {path}"
            for code, response in success.items():
                for kind, media in response.get("content", {}).items():
                    schema = media.get("schema", {})
                    if kind == "application/json" and "$ref" not in schema:
                        untyped.append(f"{method.upper()} {path} {code}: {schema}")
    assert not untyped, untyped
    schemas = doc["components"]["schemas"]
    detail = schemas["ArticleDetail"]["properties"]
    assert {"text", "quotes", "mentions", "dates", "links"} <= set(detail)
    assert {"events", "article_ids", "copies"} <= set(schemas["StoryDetail"]["properties"])
    assert "aliases_by_outlet" in schemas["EntityDetail"]["properties"]
    atom = doc["paths"]["/alerts.atom"]["get"]["responses"]["200"]["content"]
    assert list(atom) == ["application/atom+xml"]


def test_every_write_declares_the_bearer_scheme(doc: dict[str, Any]) -> None:
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "The token given to `storyline serve --token`.",
    }
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            writes = method in {"post", "put", "patch", "delete"}
            assert (operation.get("security") == [{"bearerAuth": []}]) == writes, (method, path)
            if writes:
                assert {"401", "403"} <= set(operation["responses"]), (method, path)


def test_read_answers_are_what_the_document_says(client: TestClient, doc: dict[str, Any]) -> None:
    article = check(doc, "/api/articles/{article_id}", "get", client.get(f"/api/articles/{BAN}"))
    assert article["id"] == BAN and article["quotes"] and "raw" not in article
    raw = client.get(f"/api/articles/{BAN}?raw=true")
    assert check(doc, "/api/articles/{article_id}", "get", raw)["raw"]
    undated = check(doc, "/api/articles/{article_id}", "get", client.get(f"/api/articles/{LIFTED}"))
    assert undated["links"]["inferred_published"]["value"]
    story = article["links"]["story_id"]
    entity = client.get("/api/entities?limit=1").json()["items"][0]["id"]
    reads = [
        ("/api/articles", "/api/articles?outlet=lumen%20daily", 200),
        ("/api/articles", "/api/articles?limit=abc", 400),
        ("/api/articles/{article_id}", "/api/articles/nope", 404),
        ("/api/stories", "/api/stories", 200),
        ("/api/stories/{story_id}", f"/api/stories/{story}", 200),
        ("/api/stories/{story_id}", "/api/stories/story-nope", 404),
        ("/api/stories/{story_id}/events", f"/api/stories/{story}/events", 200),
        ("/api/stories/{story_id}/timeline", f"/api/stories/{story}/timeline", 200),
        ("/api/stories/{story_id}/outlets", f"/api/stories/{story}/outlets", 200),
        ("/api/stories/{story_id}/claims", f"/api/stories/{story}/claims", 503),  # no model
        ("/api/claims", "/api/claims", 400),
        ("/api/quotes", f"/api/quotes?story={story}", 200),
        ("/api/quotes", "/api/quotes?kind=bogus", 400),
        ("/api/entities", "/api/entities?type=place", 200),
        ("/api/entities/{entity_id}", f"/api/entities/{entity}", 200),
        ("/api/search", "/api/search?q=cruise%20ships&facets=true", 200),
        ("/api/search", "/api/search?since=2024-13-45", 400),
        ("/api/summary", "/api/summary", 200),
        ("/api/sources", "/api/sources", 200),
        ("/api/watches", "/api/watches", 200),
        ("/api/alerts", "/api/alerts", 200),
        ("/alerts.atom", "/alerts.atom", 200),
    ]
    for path, url, status in reads:
        response = client.get(url)
        assert response.status_code == status, (url, response.text)
        body = check(doc, path, "get", response)
        if status == 200 and isinstance(body, dict) and "items" in body:
            assert body["items"] or path in {"/api/sources", "/api/watches", "/api/alerts"}, url


@pytest.fixture()
def writer(writable_db: Path) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(writable_db), write_token=TOKEN), nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_write_answers_are_what_the_document_says(
    writer: TestClient, client: TestClient, doc: dict[str, Any]
) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    # the read-only server refuses with 403, a wrong token is a 401
    check(doc, "/api/watches", "post", client.post("/api/watches", json={}))
    assert client.post("/api/watches", json={}).status_code == 403
    wrong = writer.post("/api/watches", json={}, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and check(doc, "/api/watches", "post", wrong)
    missing = writer.post("/api/watches", json={"kind": "story"}, headers=auth)
    assert (
        missing.status_code == 400
        and "value" in check(doc, "/api/watches", "post", missing)["detail"]
    )
    story = writer.get(f"/api/articles/{BAN}").json()["links"]["story_id"]
    watch = writer.post("/api/watches", json={"kind": "story", "value": story}, headers=auth)
    assert watch.status_code == 201
    watch_id = check(doc, "/api/watches", "post", watch)["id"]
    again = writer.post("/api/watches", json={"kind": "story", "value": story}, headers=auth)
    assert again.status_code == 200 and check(doc, "/api/watches", "post", again)["id"] == watch_id
    gone = writer.delete(f"/api/watches/{watch_id}", headers=auth)
    assert check(doc, "/api/watches/{watch_id}", "delete", gone) == {"removed": watch_id}
    nothing = writer.delete(f"/api/watches/{watch_id}", headers=auth)
    assert nothing.status_code == 404 and check(doc, "/api/watches/{watch_id}", "delete", nothing)
    source = writer.post(
        "/api/sources", json={"url": "https://example.org/feed.xml", "interval": "2h"}, headers=auth
    )
    assert check(doc, "/api/sources", "post", source)["interval_s"] == 7200
    bad = writer.post("/api/sources", json={"url": "ftp://example.org/f"}, headers=auth)
    assert bad.status_code == 400 and check(doc, "/api/sources", "post", bad)
    upload = writer.post(
        "/api/ingest/file?filename=a.txt",
        content=b"Brisa harbour\n\nBrisa council met on Monday to discuss cruise ships.",
        headers=auth,
    )
    assert upload.status_code == 201, upload.text
    added = check(doc, "/api/ingest/file", "post", upload)["added"]
    patch = writer.patch(
        f"/api/articles/{added[0]}/metadata", json={"outlet": "Brisa Times"}, headers=auth
    )
    assert patch.status_code == 200, patch.text
    changed = check(doc, "/api/articles/{article_id}/metadata", "patch", patch)["changed"]
    assert changed["outlet"][1] == "Brisa Times"
    bad_date = writer.patch(
        f"/api/articles/{added[0]}/metadata", json={"published": "26/11/2024"}, headers=auth
    )
    assert bad_date.status_code == 400
    assert check(doc, "/api/articles/{article_id}/metadata", "patch", bad_date)
