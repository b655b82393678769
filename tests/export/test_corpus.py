from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from storyline.export import (
    CSV_COLUMNS,
    export_corpus,
    validate_export,
    validation_errors,
    write_export,
)
from storyline.models import Article, Story
from storyline.store import Store, open_store


def test_export_validates_and_keeps_every_fact(
    corpus_store: Store, corpus_articles: list[Article]
) -> None:
    corpus = export_corpus(corpus_store, sections={})
    validate_export(corpus)
    assert corpus["schema_version"] == "1.0"
    assert [a["id"] for a in corpus["articles"]] == ["kyiv-1", "kiev-2"]
    first = corpus["articles"][0]
    assert first["outlet"] == "Wire One"
    assert first["published"] == "2024-11-25T09:00:00Z" and first["published_from"] == "feed"
    assert first["title"] == "Kyiv may strike Russia, US says"
    assert first["removed"] == [
        {"text": "Skip to content", "start": 0, "end": 15, "reason": "navigation"}
    ]
    assert first["source"] == {"file": "feed.xml", "record": "entry kyiv-1"}
    assert first["metadata"]["language"]["evidence"] == "fasttext 0.98"
    assert (first["story_id"], first["event_id"], first["copy_of"]) == ("story-1", "event-1", None)
    assert {q["speaker"] for q in corpus["quotes"]} == {"John Kirby", "a U.S. official"}
    assert [d["value"] for d in corpus["dates"]] == ["2024-11-25", "2024-W47"]
    assert [m["text"] for m in corpus["mentions"]] == ["Kyiv", "Kiev"]
    for fact in corpus["quotes"] + corpus["dates"] + corpus["mentions"]:
        article = next(a for a in corpus["articles"] if a["id"] == fact["article_id"])
        assert article["text"][fact["start"] : fact["end"]] == fact["text"]


def test_link_sections_are_added_and_validated(corpus_store: Store) -> None:
    story = Story("story-1", "US eases limits", ["kyiv-1", "kiev-2"], "2024-11-25", "2024-11-26")
    corpus = export_corpus(corpus_store, sections={"stories": [story]})
    validate_export(corpus)
    assert corpus["stories"][0]["article_ids"] == ["kyiv-1", "kiev-2"]
    with pytest.raises(ValueError, match="'gossip' is not in the export schema"):
        export_corpus(corpus_store, sections={"gossip": []})


def test_an_empty_store_exports_a_valid_document() -> None:
    with open_store(":memory:") as empty:
        corpus = export_corpus(empty, sections={})
    validate_export(corpus)
    assert corpus["articles"] == []


def test_json_writer_output_validates(corpus_store: Store) -> None:
    out = io.StringIO()
    assert write_export(corpus_store, "json", out, sections={}) == 2
    validate_export(json.loads(out.getvalue()))


def test_every_jsonl_line_is_an_article(corpus_store: Store) -> None:
    out = io.StringIO()
    assert write_export(corpus_store, "jsonl", out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    for line in lines:
        assert validation_errors(json.loads(line), "article") == []
    assert json.loads(lines[1])["text"].startswith("Washington eases limits")


def test_csv_has_one_row_per_article_with_flat_fields(corpus_store: Store) -> None:
    out = io.StringIO()
    assert write_export(corpus_store, "csv", out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert [r["id"] for r in rows] == ["kyiv-1", "kiev-2"]
    assert rows[0]["quotes"] == "1" and rows[0]["dates"] == "1" and rows[0]["mentions"] == "1"
    assert rows[0]["source_record"] == "entry kyiv-1"
    assert rows[1]["text"] == corpus_store.get_article("kiev-2").text  # newline kept inside


@pytest.mark.parametrize(
    "change,problem",
    [
        (lambda a: a.update(published="31/05/2024"), "published"),
        (lambda a: a.update(published_from="guess"), "published_from"),
        (lambda a: a.pop("text"), "text"),
        (lambda a: a.update(colour="red"), "colour"),
    ],
)
def test_a_broken_article_record_is_rejected(
    corpus_store: Store, change: Callable[[dict[str, Any]], object], problem: str
) -> None:
    corpus = export_corpus(corpus_store, sections={})
    change(corpus["articles"][0])
    with pytest.raises(ValueError, match=problem):
        validate_export(corpus)


def test_unknown_format_is_refused(corpus_store: Store) -> None:
    with pytest.raises(ValueError, match="unknown export format 'xml'"):
        write_export(corpus_store, "xml", io.StringIO())  # type: ignore[arg-type]


def test_quote_speakers_keep_their_entity_after_linking(corpus_articles: list[Article]) -> None:
    from storyline.config import Settings
    from storyline.link import relink_all
    from storyline.models import EntityMention

    first = corpus_articles[0]
    start = first.text.index("John Kirby")
    first.mentions.append(
        EntityMention("John Kirby", start, start + 10, "PERSON", "person", "John Kirby")
    )
    with open_store(":memory:") as store:
        store.add_articles(corpus_articles)
        relink_all(store, Settings(), claims=False)
        corpus = export_corpus(store, sections={})
        validate_export(corpus)
        kirby = next(m for m in corpus["mentions"] if m["text"] == "John Kirby")
        quotes = {q["speaker"]: q["speaker_entity_id"] for q in corpus["quotes"]}
        # the named speaker is the entity of his mention; the anonymous source is no entity
        assert kirby["entity_id"] and quotes["John Kirby"] == kirby["entity_id"]
        assert quotes["a U.S. official"] is None
        assert store.get_article("kyiv-1").quotes[0].speaker_entity_id == kirby["entity_id"]
