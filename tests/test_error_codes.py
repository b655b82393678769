"""Error codes: one per error class, unique, listed in docs/errors.md, shown by CLI and API."""

from __future__ import annotations

from pathlib import Path

from storyline import errors
from storyline.errors import ConfigError, NotFound, QueryError, error_codes, error_table

DOCS = Path(__file__).resolve().parents[1] / "docs" / "errors.md"


def test_every_code_is_unique() -> None:
    codes = [code for code, _, _ in error_codes()]
    assert len(codes) == len(set(codes))
    assert {name for _, name, _ in error_codes()} >= {"ConfigError", "NotFound", "PipelineError"}


def test_every_error_class_has_its_own_code() -> None:
    for _, name, _ in error_codes():
        cls = getattr(errors, name)
        assert "code" in vars(cls), f"{name} inherits its code; give it its own"


def test_the_docs_list_every_code_as_generated() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert text == error_table(), "regenerate with: python -m storyline.errors > docs/errors.md"
    for code, name, _ in error_codes():
        assert f"| {code} | `{name}` |" in text


def test_the_message_starts_with_the_code() -> None:
    assert str(ConfigError("batch_size must be at least 1")) == (
        "[E100] batch_size must be at least 1"
    )
    assert str(QueryError("bad")).startswith(f"[{QueryError.code}] ")


def test_the_api_error_json_carries_the_code() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from storyline.api._errors import install_error_handlers

    app = FastAPI()
    install_error_handlers(app)

    @app.get("/api/missing")
    def missing() -> None:
        raise NotFound("no story with id 'x'")

    @app.get("/api/malformed")
    def malformed() -> None:
        raise QueryError("limit must be between 1 and 100, got 0")

    client = TestClient(app)
    body = client.get("/api/missing").json()
    assert body == {
        "status": 404,
        "error": "Not Found",
        "detail": "no story with id 'x'",
        "code": "E404",
    }
    answer = client.get("/api/malformed")
    assert answer.status_code == 400
    assert answer.json()["code"] == "E400"
