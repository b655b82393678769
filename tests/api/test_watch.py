"""``/api/sources``, ``/api/watches``, ``/api/alerts`` (writes behind the token), the Atom feed
``/alerts.atom`` and the page ``/alerts``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.api import create_app
from storyline.config import Settings
from storyline.models import Alert, Citation
from storyline.store import WatchTables, open_store
from tests.api.conftest import make_db

TOKEN = "s3cret"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return make_db(tmp_path / "corpus.db")


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(Settings(db=str(db), write_token=TOKEN), nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_watches_are_written_only_with_the_token(client: TestClient) -> None:
    body = {"kind": "speaker", "value": "Ines Carvalho"}
    assert client.post("/api/watches", json=body).status_code == 401
    assert (
        client.post("/api/watches", json=body, headers={"Authorization": "Bearer nope"}).status_code
        == 401
    )
    created = client.post("/api/watches", json=body, headers=AUTH)
    assert created.status_code == 201
    watch = created.json()
    assert (watch["kind"], watch["value"]) == ("speaker", "Ines Carvalho")
    assert client.post("/api/watches", json=body, headers=AUTH).status_code == 200  # already
    assert client.get("/api/watches").json()["items"] == [watch]
    assert (
        client.post("/api/watches", json={"kind": "mood", "value": "x"}, headers=AUTH).status_code
        == 400
    )
    assert client.delete(f"/api/watches/{watch['id']}").status_code == 401
    assert client.delete(f"/api/watches/{watch['id']}", headers=AUTH).json() == {
        "removed": watch["id"]
    }
    assert client.delete(f"/api/watches/{watch['id']}", headers=AUTH).status_code == 404


def test_sources_are_added_with_an_interval(client: TestClient) -> None:
    bad = client.post(
        "/api/sources", json={"url": "https://n.example/feed", "interval": "soon"}, headers=AUTH
    )
    assert bad.status_code == 400 and "15m" in bad.json()["detail"]
    assert (
        client.post("/api/sources", json={"url": "file:///etc/passwd"}, headers=AUTH).status_code
        == 400
    )
    made = client.post(
        "/api/sources",
        json={"url": "https://n.example/feed", "outlet": "N", "interval": "30m"},
        headers=AUTH,
    )
    assert made.status_code == 201
    assert made.json()["interval_s"] == 1800
    listed = client.get("/api/sources").json()
    assert listed["total"] == 1 and listed["items"][0]["url"] == "https://n.example/feed"
    assert client.delete(f"/api/sources/{made.json()['id']}", headers=AUTH).status_code == 200


def test_alerts_as_json_atom_and_a_page(client: TestClient, db: Path) -> None:
    with open_store(db) as store:
        tables = WatchTables(store)
        watch, _ = tables.add_watch("claim", "Brisa bans cruise ships")
        tables.record_observations(
            watch.id,
            [
                (
                    f"fp{n}",
                    Alert(
                        f"al-{n}",
                        watch.id,
                        "claim-changed",
                        f"Ban <b>lifted</b> {n}",
                        f"2025-04-2{n}T10:00:00+00:00",
                        None,
                        "Coastal Wire: Brisa lifted its ban",
                        [Citation("coastal-0422", 0, 40, "Coastal Wire")],
                    ),
                )
                for n in range(3)
            ],
        )
    page = client.get("/api/alerts", params={"limit": 2}).json()
    assert page["total"] == 3 and [a["id"] for a in page["items"]] == ["al-2", "al-1"]
    assert page["items"][0]["evidence"][0]["article_id"] == "coastal-0422"
    since = client.get("/api/alerts", params={"since": "2025-04-21T00:00:00+00:00"}).json()
    assert [a["id"] for a in since["items"]] == ["al-2", "al-1"]

    feed = client.get("/alerts.atom")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in root.iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert titles == [f"Claim changed: Ban <b>lifted</b> {n}" for n in (2, 1, 0)]

    html = client.get("/alerts")
    assert html.status_code == 200
    assert "Ban &lt;b&gt;lifted&lt;/b&gt; 2" in html.text and "<b>lifted</b>" not in html.text
    assert 'href="/articles/coastal-0422?cite=0-40"' in html.text
    assert 'href="/alerts.atom"' in html.text
