"""``storyline serve``: argument checks and the app it hands to uvicorn (uvicorn not started)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner

from storyline.cli import main


@pytest.fixture()
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    calls: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        calls["app"] = app
        calls.update(kwargs)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("STORYLINE_WRITE_TOKEN", raising=False)
    return calls


def test_serve_builds_a_read_only_app(corpus_db: Path, served: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(corpus_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    assert served["app"].state.settings.write_token is None
    assert "read-only" in result.output


def test_serve_with_a_token_allows_writes(corpus_db: Path, served: dict[str, Any]) -> None:
    token = "a-long-enough-token-123"
    result = CliRunner().invoke(
        main, ["serve", "--db", str(corpus_db), "--token", token, "--host", "0.0.0.0"]
    )
    assert result.exit_code == 0, result.output
    assert served["app"].state.settings.write_token == token
    assert "TLS proxy" in result.output  # a token over plain HTTP on a public interface


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--db", "no/such.db"], "does not exist"),
        (["--token", "short"], "at least 16 characters"),
        (["--port", "70000"], "70000"),
    ],
)
def test_serve_refuses_bad_arguments(
    corpus_db: Path, served: dict[str, Any], args: list[str], message: str
) -> None:
    if "--db" not in args:
        args = ["--db", str(corpus_db), *args]
    result = CliRunner().invoke(main, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "app" not in served
