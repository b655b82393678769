"""Write endpoints: token required, uploads analysed and stored, URLs fetched only from public hosts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings

TOKEN = "s3cret-token-for-tests-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
PAGE = (
    "<html><head><title>Brisa opens a ferry line to the islands</title>"
    '<meta property="og:site_name" content="Island Gazette"></head><body><article>'
    "<h1>Brisa opens a ferry line to the islands</h1>"
    "<p>A new ferry line between Brisa and the outer islands started on Friday, with four "
    "crossings a day in summer and two in winter, the port authority said.</p>"
    "<p>Islanders had asked for a direct connection for years, and the first boats were "
    "full, a port spokeswoman said on Friday evening.</p></article></body></html>"
)
DNS = {
    "gazette.example": ["93.184.216.34"],
    "internal.example": ["127.0.0.1"],
    "rebind.example": ["93.184.216.34", "10.0.0.7"],
    "v6local.example": ["::1"],
}


def resolver(host: str, port: int) -> list[str]:
    return DNS.get(host, [])


def handler(request: httpx.Request) -> httpx.Response:
    if request.headers["host"] == "gazette.example" and request.url.path == "/ferry":
        return httpx.Response(200, html=PAGE)
    if request.url.path == "/moved":
        return httpx.Response(302, headers={"location": "http://internal.example/admin"})
    if request.url.path == "/huge":
        return httpx.Response(200, content=b"<p>" + b"x" * 20_000 + b"</p>")
    return httpx.Response(404)


@pytest.fixture()
def writer(writable_db: Path) -> Iterator[TestClient]:
    settings = Settings(db=str(writable_db), write_token=TOKEN, fetch_max_bytes=10_000)
    app = create_app(
        settings, nlp=lambda: None, resolver=resolver, transport=httpx.MockTransport(handler)
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture()
def reader(writable_db: Path) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(writable_db)), nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


TEXT = (
    "Brisa harbour pilots strike over night shifts\n\n"
    "Harbour pilots in Brisa stopped work on Thursday over new night shifts, leaving three "
    "cargo ships waiting outside the breakwater, the pilots' union said.\n"
)


def upload(client: TestClient, headers: dict[str, str] | None = None) -> httpx.Response:
    return client.post(
        "/api/ingest/file?filename=pilots.txt&outlet=Lumen%20Daily&published=2025-05-02",
        content=TEXT.encode(),
        headers=headers or {},
    )


def test_read_only_server_refuses_writes(reader: TestClient) -> None:
    response = upload(reader, AUTH)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


@pytest.mark.parametrize(
    ("headers", "detail"),
    [
        ({}, "Authorization: Bearer"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "Authorization: Bearer"),
        ({"Authorization": "Bearer wrong-token"}, "not valid"),
        ({"Authorization": f"Bearer {TOKEN}x"}, "not valid"),
    ],
)
def test_writes_need_the_token(writer: TestClient, headers: dict[str, str], detail: str) -> None:
    response = upload(writer, headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert detail in response.json()["detail"]
    assert writer.get("/api/articles").json()["total"] == 5  # nothing stored


def test_upload_is_analysed_stored_and_linked(writer: TestClient) -> None:
    response = upload(writer, AUTH)
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["added"]) == 1 and body["failures"] == [] and body["linked"] is True
    article = writer.get(f"/api/articles/{body['added'][0]}").json()
    assert article["meta"]["title"]["value"] == "Brisa harbour pilots strike over night shifts"
    assert article["meta"]["outlet"]["value"] == "Lumen Daily"
    assert article["source"]["file"] == "upload:pilots.txt"
    assert article["links"]["story_id"]
    assert writer.get("/api/articles").json()["total"] == 6
    assert writer.get("/api/search?q=pilots").json()["total"] == 1
    again = upload(writer, AUTH)  # the same file again adds nothing
    assert again.status_code == 200 and again.json()["present"] == body["added"]


def test_empty_upload_is_refused_with_the_reason(writer: TestClient) -> None:
    response = writer.post("/api/ingest/file?filename=x.txt", content=b"", headers=AUTH)
    assert response.status_code == 422
    assert "empty" in response.json()["detail"]


def test_ingest_by_public_url(writer: TestClient) -> None:
    response = writer.post(
        "/api/ingest/url", json={"url": "http://gazette.example/ferry"}, headers=AUTH
    )
    assert response.status_code == 201, response.text
    article = writer.get(f"/api/articles/{response.json()['added'][0]}").json()
    assert article["meta"]["url"]["value"] == "http://gazette.example/ferry"
    assert "ferry line" in article["text"]


@pytest.mark.parametrize(
    ("url", "status", "detail"),
    [
        ("http://internal.example/", 400, "127.0.0.1, a loopback address"),
        ("http://rebind.example/", 400, "10.0.0.7, a private address"),
        ("http://v6local.example/", 400, "::1, a loopback address"),
        ("http://127.0.0.1:8000/api/articles", 400, "loopback"),
        ("http://169.254.169.254/latest/meta-data", 400, "link-local"),
        ("http://gazette.example/moved", 400, "internal.example"),
        ("file:///etc/passwd", 400, "only http and https"),
        ("http://gazette.example/huge", 413, "fetch_max_bytes"),
        ("http://gazette.example/missing", 502, "HTTP 404"),
        ("http://unknown.example/", 502, "resolves to no address"),
    ],
)
def test_ingest_by_url_refusals(writer: TestClient, url: str, status: int, detail: str) -> None:
    response = writer.post("/api/ingest/url", json={"url": url}, headers=AUTH)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == status and detail in body["detail"]
    assert writer.get("/api/articles").json()["total"] == 5


def test_ingest_by_url_needs_the_token_before_fetching(writer: TestClient) -> None:
    response = writer.post("/api/ingest/url", json={"url": "http://gazette.example/ferry"})
    assert response.status_code == 401


def test_bad_body_is_400(writer: TestClient) -> None:
    response = writer.post("/api/ingest/url", json={"link": "x"}, headers=AUTH)
    assert response.status_code == 400
    assert "url" in response.json()["detail"]


def test_upload_size_limit(writable_db: Path) -> None:
    settings = Settings(db=str(writable_db), write_token=TOKEN, max_input_bytes=1000)
    app = create_app(settings, nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.post("/api/ingest/file", content=b"x" * 5000, headers=AUTH)
    assert response.status_code == 413
    assert "max_input_bytes" in response.json()["detail"]


def test_multipart_upload_keeps_the_file_name_and_text(writer: TestClient) -> None:
    response = writer.post(
        "/api/ingest/file",
        files={"file": ("pilots.txt", TEXT.encode(), "text/plain")},
        data={"outlet": "Lumen Daily", "published": "2025-05-02"},
        headers=AUTH,
    )
    assert response.status_code == 201, response.text
    article = writer.get(f"/api/articles/{response.json()['added'][0]}").json()
    assert article["meta"]["title"]["value"] == "Brisa harbour pilots strike over night shifts"
    assert article["source"]["file"] == "upload:pilots.txt"
    assert article["meta"]["outlet"]["value"] == "Lumen Daily"
    assert article["meta"]["published"]["value"].startswith("2025-05-02")
    assert "boundary" not in article["text"] and "Content-Disposition" not in article["text"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/ingest/file?filename=a.txt&published=26/11/2024", "published"),
        ("/api/ingest/file?filename=a.txt&published=2024-13-45", "published"),
    ],
)
def test_upload_dates_are_validated(writer: TestClient, url: str, field: str) -> None:
    response = writer.post(url, content=TEXT.encode(), headers=AUTH)
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{field}:")
    form = writer.post(
        "/api/ingest/file",
        files={"file": ("a.txt", TEXT.encode(), "text/plain")},
        data={"published": "26/11/2024"},
        headers=AUTH,
    )
    assert form.status_code == 400 and "published" in form.json()["detail"]


def test_multipart_without_a_file_field_says_so(writer: TestClient) -> None:
    response = writer.post(
        "/api/ingest/file", files={"other": ("a.txt", b"x", "text/plain")}, headers=AUTH
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("file:")


def test_metadata_can_be_corrected_with_the_token(writer: TestClient, reader: TestClient) -> None:
    lifted = "coastal-0422"  # stored without a publication date
    before = writer.get(f"/api/articles/{lifted}").json()
    assert before["meta"]["published"]["value"] is None
    change = {"published": "2025-04-23", "outlet": "Coastal Wire Daily"}
    assert reader.patch(f"/api/articles/{lifted}/metadata", json=change).status_code == 403
    assert writer.patch(f"/api/articles/{lifted}/metadata", json=change).status_code == 401
    bad = writer.patch(
        f"/api/articles/{lifted}/metadata", json={"published": "26/11/2024"}, headers=AUTH
    )
    assert bad.status_code == 400 and bad.json()["detail"].startswith("published:")
    response = writer.patch(f"/api/articles/{lifted}/metadata", json=change, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changed"]["published"] == [None, "2025-04-23"] and body["linked"] is True
    after = writer.get(f"/api/articles/{lifted}").json()
    assert after["meta"]["published"]["value"].startswith("2025-04-23")
    assert after["meta"]["outlet"]["value"] == "Coastal Wire Daily"
    missing = writer.patch("/api/articles/nope/metadata", json=change, headers=AUTH)
    assert missing.status_code == 404
