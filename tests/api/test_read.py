"""Every read endpoint on the hand-built Brisa corpus: content, paging, filters and errors."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storyline.link.timeline import chronological_key
from storyline.models import Development

# the ids of the corpus in conftest.py (checked by test_corpus_ids)
BAN, COPY, EASED, LIFTED, OTHER = (
    "lumen-0203",
    "harbour-0204",
    "harbour-0310",
    "coastal-0422",
    "lumen-0301",
)
BAN_TITLE = "Brisa bans cruise ships from its old harbour"


def test_corpus_ids(corpus_specs: dict[str, str]) -> None:
    assert corpus_specs == {
        "BAN": BAN,
        "COPY": COPY,
        "EASED": EASED,
        "LIFTED": LIFTED,
        "OTHER": OTHER,
    }


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def story_of(client: TestClient, article_id: str) -> str:
    return str(get(client, f"/api/articles/{article_id}")["links"]["story_id"])


# ------------------------------------------------------------------------- articles


def test_articles_list_newest_first_with_total(client: TestClient) -> None:
    page = get(client, "/api/articles")
    assert page["total"] == 5
    dated = [a["published"] for a in page["items"] if a["published"]]
    assert dated == sorted(dated, reverse=True)
    assert page["items"][-1]["id"] == LIFTED  # undated last


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("outlet=harbour%20post", {COPY, EASED}),
        ("since=2025-03-01", {EASED, OTHER}),
        ("until=2025-02", {BAN, COPY}),
        ("since=2025-02-05&until=2025-03-01", {COPY, OTHER}),
    ],
)
def test_articles_filters(client: TestClient, query: str, expected: set[str]) -> None:
    page = get(client, f"/api/articles?{query}")
    assert {a["id"] for a in page["items"]} == expected
    assert page["total"] == len(expected)


def test_articles_paging_walks_the_whole_list(client: TestClient) -> None:
    seen: list[str] = []
    for offset in range(0, 6, 2):
        page = get(client, f"/api/articles?limit=2&offset={offset}")
        assert page["total"] == 5 and page["limit"] == 2 and page["offset"] == offset
        seen.extend(a["id"] for a in page["items"])
    assert len(seen) == len(set(seen)) == 5
    assert get(client, "/api/articles?limit=2&offset=10")["items"] == []


def test_one_article_has_facts_with_spans_and_links(client: TestClient) -> None:
    data = get(client, f"/api/articles/{COPY}")
    text = data["text"]
    assert "raw" not in data
    quote = data["quotes"][0]
    assert text[quote["start"] : quote["end"]] == quote["text"]
    assert quote["speaker"] == "Ines Carvalho"
    assert {m["text"] for m in data["mentions"]} == {"Brisa", "Ines Carvalho"}
    assert data["dates"][0]["value"] == "2025-02-03"
    links = data["links"]
    assert links["copy_of"] == BAN
    assert links["copy"]["kind"] in {"near", "wire"}
    assert [s["text"] for s in links["copy"]["added"]] == [
        "The Harbour Post has asked the port authority for comment."
    ]
    assert get(client, f"/api/articles/{BAN}")["links"]["copies"] == [COPY]
    assert "raw" in get(client, f"/api/articles/{BAN}?raw=true")


def test_undated_article_shows_the_inferred_date(client: TestClient) -> None:
    inferred = get(client, f"/api/articles/{LIFTED}")["links"]["inferred_published"]
    assert inferred["value"] == "2025-04-22"
    assert "on Tuesday" in inferred["evidence"]


# ------------------------------------------------------------------------- stories


def test_stories_latest_first_with_sizes(client: TestClient) -> None:
    page = get(client, "/api/stories")
    assert page["total"] == 2
    brisa, tram = page["items"]
    assert brisa["title"] == BAN_TITLE
    assert (brisa["articles"], brisa["copies"]) == (3, 1)
    assert brisa["outlets"] == {"Harbour Post": 2, "Lumen Daily": 1, "Coastal Wire": 1}
    assert (brisa["first_date"], brisa["last_date"]) == ("2025-02-04", "2025-04-22")
    assert tram["title"] == "Tram line to the airport opens in Varna Bay"


def test_story_events_timeline_and_outlets(client: TestClient) -> None:
    sid = story_of(client, BAN)
    story = get(client, f"/api/stories/{sid}")
    assert set(story["article_ids"]) == {BAN, COPY, EASED, LIFTED}
    assert story["copies"] == {COPY: BAN}
    events = get(client, f"/api/stories/{sid}/events")
    assert events["total"] == len(story["events"]) >= 1
    assert {a for e in events["items"] for a in e["article_ids"]} <= set(story["article_ids"])

    timeline = get(client, f"/api/stories/{sid}/timeline")
    assert timeline["total"] >= 2
    entries = [Development.from_dict(d) for d in timeline["items"]]
    assert entries == sorted(entries, key=chronological_key)  # a week by its first day
    for development in timeline["items"]:
        for citation in development["sources"]:
            article = get(client, f"/api/articles/{citation['article_id']}")
            cited = article["text"][citation["start"] : citation["end"]]
            assert cited.strip() and cited in article["text"]

    outlets = get(client, f"/api/stories/{sid}/outlets")
    names = [p["outlet"] for p in outlets["items"]]
    assert names == sorted(["Lumen Daily", "Harbour Post", "Coastal Wire"])
    for profile in outlets["items"]:
        reported = set(profile["developments_reported"]) | set(profile["developments_omitted"])
        assert reported == set(range(outlets["timeline_size"]))
    harbour = next(p for p in outlets["items"] if p["outlet"] == "Harbour Post")
    assert harbour["sourcing"].get("person", 0) >= 1
    for key in ("distinctive", "contrasts", "loaded", "sources", "omissions", "headlines"):
        assert isinstance(harbour[key], list)
    assert harbour["sourcing"]["own reporting"] + harbour["sourcing"]["wire"] == len(
        harbour["article_ids"]
    )


def test_claims_not_computed_are_503(client: TestClient) -> None:
    sid = story_of(client, BAN)  # the corpus was linked with claims left out
    body = get(client, f"/api/stories/{sid}/claims", 503)
    assert body["status"] == 503 and "not computed" in body["detail"]
    assert "storyline reanalyze" in body["detail"]
    assert get(client, "/api/claims", 400)["detail"] == "give story=ID, query=TEXT or both"


# ------------------------------------------------------------------------- quotes


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # any spelling of the speaker, or the surname alone, finds all her quotes
        ("speaker=ines%20carvalho", [f"{BAN}:q0", f"{COPY}:q0", f"{LIFTED}:q0", f"{EASED}:q0"]),
        (
            "speaker=In%C3%AAs%20Carvalho",
            [f"{BAN}:q0", f"{COPY}:q0", f"{LIFTED}:q0", f"{EASED}:q0"],
        ),
        ("speaker=Carvalho", [f"{BAN}:q0", f"{COPY}:q0", f"{LIFTED}:q0", f"{EASED}:q0"]),
        ("speaker=Mayor%20Carvalho", [f"{BAN}:q0", f"{COPY}:q0", f"{LIFTED}:q0", f"{EASED}:q0"]),
        ("speaker=Maria%20Carvalho", []),
        (f"article={LIFTED}", [f"{LIFTED}:q0", f"{LIFTED}:q1"]),
        ("kind=indirect", [f"{LIFTED}:q0", f"{LIFTED}:q1"]),
    ],
)
def test_quotes_filters(client: TestClient, query: str, expected: list[str]) -> None:
    page = get(client, f"/api/quotes?{query}")
    assert sorted(q["id"] for q in page["items"]) == sorted(expected)
    assert page["total"] == len(expected)


def test_quotes_by_story_and_entity(client: TestClient) -> None:
    sid = story_of(client, BAN)
    assert get(client, f"/api/quotes?story={sid}")["total"] == 5
    people = get(client, "/api/entities?type=person")["items"]
    ines = next(e for e in people if e["name"] in {"Ines Carvalho", "Inês Carvalho"})
    by_entity = get(client, f"/api/quotes?entity={ines['id']}")
    assert by_entity["total"] == 4  # both spellings are one person
    assert get(client, "/api/quotes?kind=sarcastic", 400)["detail"].startswith("kind must be")


# ------------------------------------------------------------------------- entities


def test_entities_unify_spellings_and_say_who_used_which(client: TestClient) -> None:
    page = get(client, "/api/entities")
    assert page["total"] == 3  # Brisa, Ines/Inês Carvalho, Varna Bay
    top = page["items"][0]
    assert top["name"] == "Brisa" and top["mentions"] >= 4
    person = next(e for e in page["items"] if e["type"] == "person")
    assert set(person["variants"]) == {"Ines Carvalho", "Inês Carvalho"}
    detail = get(client, f"/api/entities/{person['id']}")
    assert detail["aliases_by_outlet"] == {
        "Coastal Wire": {"Ines Carvalho": 1},
        "Harbour Post": {"Ines Carvalho": 1, "Inês Carvalho": 1},
        "Lumen Daily": {"Ines Carvalho": 1},
    }
    assert set(detail["speaker_names"]) == {"Ines Carvalho", "Inês Carvalho"}
    months = {m["month"]: m["count"] for m in detail["mentions_by_month"]}
    assert months["2025-02"] == 2 and months["2025-03"] == 1
    assert get(client, "/api/entities?q=varna")["items"][0]["name"] == "Varna Bay"


# ------------------------------------------------------------------------- search


def test_search_finds_and_marks_words(client: TestClient) -> None:
    page = get(client, "/api/search?q=cruise%20ships")
    assert page["total"] == 4
    for hit in page["items"]:
        assert hit["matches"]
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end].lower().startswith(("cruise", "ship"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ban&outlet=Harbour%20Post", {COPY, EASED}),
        ("q=ban&since=2025-03-01", {EASED}),
        ("q=ban&until=2025-02-04", {BAN}),
        ("q=ban&speaker=In%C3%AAs%20Carvalho", {BAN, COPY, EASED, LIFTED}),  # any spelling
        ("q=ban&speaker=Carvalho", {BAN, COPY, EASED, LIFTED}),  # a surname finds the person
        ("q=tram&entity=Varna%20Bay", {OTHER}),
        ("q=%22old%20harbour%22%20NOT%20lifted&syntax=fts", {BAN, COPY, EASED}),
        ("q=title:eases&syntax=fts", {EASED}),
        ("q=title:eases", set()),  # plain words by default: no column syntax
        ("q=U.S.%20ban&plain=true", set()),
        ("q=long-range", set()),  # plain words by default: these were 400s
        ("q=Kirby's", set()),
        ("q=U.S.%20weapons", set()),
        ("q=cruise-ships", {BAN, COPY, EASED, LIFTED}),
        ("q=Brisa's%20harbour", {BAN, COPY, EASED, LIFTED}),
        ("outlet=Coastal%20Wire", {LIFTED}),
    ],
)
def test_search_filters(client: TestClient, query: str, expected: set[str]) -> None:
    page = get(client, f"/api/search?{query}")
    assert {h["article_id"] for h in page["items"]} == expected
    assert page["total"] == len(expected)


def test_search_story_filter_and_paging(client: TestClient) -> None:
    sid = story_of(client, BAN)
    first = get(client, f"/api/search?q=brisa&story={sid}&limit=1")
    second = get(client, f"/api/search?q=brisa&story={sid}&limit=1&offset=1")
    assert first["total"] == second["total"] == 4
    assert first["items"][0]["article_id"] != second["items"][0]["article_id"]


@pytest.mark.parametrize(
    ("query", "explains"),
    [
        ("q=%22unbalanced&syntax=fts", "unterminated string"),
        ("q=AND%20OR&syntax=fts", "syntax error"),
        ("q=ban%20NEAR(&syntax=fts", "malformed"),
        ("q=ban&syntax=regex", "syntax"),
        ("q=ban&since=last%20week", "is not a date"),
        ("q=ban&since=2025-05-01&until=2025-01-01", "swap them"),
        ("q=ban&limit=101", "less than or equal to 100"),
        ("q=ban&offset=-1", "greater than or equal to 0"),
        ("q=ban&limit=abc", "valid integer"),
    ],
)
def test_malformed_requests_are_400_with_an_explanation(
    client: TestClient, query: str, explains: str
) -> None:
    body = get(client, f"/api/search?{query}", 400)
    assert body["status"] == 400 and body["error"] == "Bad Request"
    assert explains in body["detail"]


# ------------------------------------------------------------------------- errors


#: The code of each unknown id's message (docs/errors.md), and of an unknown route's.
UNKNOWN = {
    "/api/articles/no-such-article": "E441",
    "/api/stories/story-nope": "E442",
    "/api/stories/story-nope/timeline": "E442",
    "/api/stories/story-nope/events": "E442",
    "/api/stories/story-nope/outlets": "E442",
    "/api/stories/story-nope/claims": "E442",
    "/api/entities/ent_nope": "E446",
    "/api/no-such-endpoint": "E713",
}


@pytest.mark.parametrize("url", UNKNOWN)
def test_unknown_ids_are_404(client: TestClient, url: str) -> None:
    body = get(client, url, 404)
    assert body == {
        "status": 404,
        "error": "Not Found",
        "detail": body["detail"],
        "code": UNKNOWN[url],
    }
    assert body["detail"] and "/tmp" not in body["detail"]  # no server paths


def test_summary_and_openapi(client: TestClient) -> None:
    summary = get(client, "/api/summary")
    assert summary["articles"] == 5 and summary["stories"] == 2
    schema = get(client, "/openapi.json")
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/stories/{story_id}/timeline",
        "/api/quotes",
        "/api/entities/{entity_id}",
        "/api/claims",
        "/api/search",
        "/api/ingest/url",
    ):
        assert path in schema["paths"]


def test_docs_are_served_offline(client: TestClient) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.text
    assert "/api/search" in html and "<script" not in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/api/articles", "/api/articles/nope", "/", "/static/style.css"):
        headers = client.get(url).headers
        assert "default-src 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_reads_use_a_read_only_connection(app: FastAPI) -> None:
    store = app.state.corpus.store()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.delete_article(store.article_ids()[0])


def test_derived_views_are_cached_until_the_database_changes(
    client: TestClient, app: FastAPI
) -> None:
    sid = story_of(client, BAN)
    corpus = app.state.corpus
    assert corpus.story(sid) is corpus.story(sid)
    generation = corpus.generation()
    assert corpus.generation() == generation


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("/api/search?since=2024-13-45", "since"),
        ("/api/articles?until=2024-02-30", "until"),
        ("/api/entities?type=bogus", "type"),
        ("/api/quotes?kind=bogus", "kind"),
        ("/api/search?q=x&syntax=regex", "syntax"),
    ],
)
def test_dates_and_enums_are_validated_naming_the_field(
    client: TestClient, query: str, field: str
) -> None:
    body = get(client, query, 400)
    assert body["detail"].startswith(f"{field}") or f"{field}=" in body["detail"]


def test_entity_types_of_the_api_are_the_pipeline_kinds() -> None:
    from typing import get_args

    from storyline.api._facts import EntityKind
    from storyline.pipeline.entities.aliases import KINDS

    assert set(get_args(EntityKind)) == set(KINDS)


def test_openapi_matches_the_server(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    text = str(schema)
    assert "HTTPValidationError" not in text
    search = schema["paths"]["/api/search"]["get"]
    assert "422" not in search["responses"] and "400" in search["responses"]
    assert get(client, "/api/search?limit=abc", 400)["status"] == 400  # as the document says
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    upload = schema["paths"]["/api/ingest/file"]["post"]
    assert upload["security"] == [{"bearerAuth": []}]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    for path in ("/api/search", "/api/articles", "/api/quotes", "/api/entities", "/api/stories"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        ref = ok["schema"]["$ref"].rsplit("/", 1)[-1]
        assert "items" in schema["components"]["schemas"][ref]["properties"], path


def test_story_page_links_every_named_speaker_to_its_entity(client: TestClient) -> None:
    html = client.get(f"/stories/{story_of(client, BAN)}").text
    names = re.findall(r'<span class="speaker-name">(.*?)</span>', html)
    assert names and all('<a href="/entities/' in n for n in names), names
