"""Paging and search inputs are bounded, and ``serve`` checks its database before serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import main


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles?offset=99999999999999999999",
        "/api/quotes?offset=99999999999999999999",
        "/api/search?q=ore&offset=99999999999999999999",
    ],
)
def test_a_huge_offset_is_a_400(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "offset" in response.text


def test_a_query_with_too_many_words_is_a_400(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": " ".join(["ore"] * 3000), "plain": True})
    assert response.status_code == 400
    assert "max_query" in response.json()["detail"]


def test_a_query_too_long_is_a_400(client: TestClient) -> None:
    response = client.get("/api/search", params={"q": "x" * 5000})
    assert response.status_code == 400
    assert "max_query_chars" in response.json()["detail"]


def test_serve_refuses_a_file_that_is_not_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(a))
    bogus = tmp_path / "news.db"
    bogus.write_text("not a database\n" * 100)
    result = CliRunner().invoke(main, ["serve", "--db", str(bogus)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: [E317]")
    assert "not an SQLite database" in result.stderr
    assert not started
