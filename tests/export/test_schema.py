from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from storyline import models
from storyline.export import SCHEMA_VERSION, load_schema, validation_errors

#: Schema definitions that describe a dataclass of the data model field for field.
MODEL_DEFS: dict[str, tuple[type, set[str]]] = {
    "meta_value": (models.MetaValue, set()),
    "removed_line": (models.RemovedLine, set()),
    "source_ref": (models.SourceRef, set()),
    "mention": (models.EntityMention, {"article_id"}),
    "alias": (models.Alias, set()),
    "entity": (models.Entity, set()),
    "quote": (models.Quote, set()),
    "date": (models.DateMention, set()),
    "story": (models.Story, set()),
    "event": (models.Event, set()),
    "citation": (models.Citation, set()),
    "development": (models.Development, set()),
    "claim_statement": (models.ClaimStatement, set()),
    "claim_conflict": (models.ClaimConflict, set()),
    "claim": (models.Claim, set()),
    "outlet_profile": (models.OutletProfile, set()),
}


def test_schema_is_valid_draft_2020_12_and_ships_with_the_package() -> None:
    text = resources.files("storyline.export").joinpath("schema.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema == load_schema()
    assert schema["properties"]["schema_version"] == {"const": SCHEMA_VERSION}


@pytest.mark.parametrize("definition", sorted(MODEL_DEFS))
def test_each_definition_describes_its_dataclass_field_for_field(definition: str) -> None:
    model, extra = MODEL_DEFS[definition]
    fields = {f.name for f in dataclasses.fields(model)} | extra
    described = set(load_schema()["$defs"][definition]["properties"])
    assert described == fields, (
        f"$defs/{definition} in storyline/export/schema.json is out of step with "
        f"{model.__name__}: missing {sorted(fields - described)}, extra {sorted(described - fields)}"
    )


def test_the_article_definition_covers_every_metadata_field() -> None:
    meta_fields = {f.name for f in dataclasses.fields(models.Metadata)}
    article = load_schema()["$defs"]["article"]["properties"]
    assert set(article["metadata"]["properties"]) == meta_fields
    assert meta_fields - {"published"} <= set(article)


@pytest.mark.parametrize(
    "definition,instance",
    [
        ("story", models.Story("s1", "US eases limits", ["a1", "a2"], "2024-05-30", "2024-11")),
        ("event", models.Event("e1", "s1", "Kirby briefing", ["a1"], "2024-11-25")),
        (
            "development",
            models.Development(
                "s1",
                "2024-05-30",
                "day",
                "Biden allows strikes near Kharkiv",
                [models.Citation("a1", 10, 40, "Wire One")],
                0.8,
            ),
        ),
        (
            "claim",
            models.Claim(
                "c1",
                "s1",
                "Ukraine may use US weapons inside Russia",
                [
                    models.ClaimStatement("a1", 0, 9, "may not", "refutes", "2024-05-01"),
                    models.ClaimStatement(
                        "a2", 3, 9, "may", "supports", "2024-05-30", step="changed"
                    ),
                ],
                [models.ClaimConflict("update", 0, 1, "policy changed")],
            ),
        ),
        (
            "outlet_profile",
            models.OutletProfile(
                "s1", "Wire One", ["a1"], [0], [1], {"Kyiv": "Kiev"}, {"regime": 2}
            ),
        ),
        (
            "entity",
            models.Entity("ent-1", "Kyiv", "place", [models.Alias("Kiev", 2, ["Daily Two"])]),
        ),
    ],
)
def test_link_stage_objects_validate_as_their_definitions(
    definition: str, instance: models.Model
) -> None:
    assert validation_errors(instance.to_dict(), definition) == []


@pytest.mark.parametrize(
    "definition,instance,problem",
    [
        (
            "quote",
            {
                "id": "q",
                "article_id": "a",
                "text": "x",
                "start": 0,
                "end": 1,
                "kind": "shouted",
                "speaker": None,
                "speaker_kind": None,
            },
            "kind",
        ),
        (
            "date",
            {
                "article_id": "a",
                "text": "x",
                "start": -1,
                "end": 1,
                "type": "DATE",
                "value": "2024",
                "precision": "year",
            },
            "start",
        ),
        ("story", {"id": "s", "title": "t"}, "article_ids"),
        (
            "claim_statement",
            {"article_id": "a", "start": 0, "end": 1, "text": "x", "stance": "maybe", "date": None},
            "stance",
        ),
    ],
)
def test_wrong_values_are_named_in_the_errors(
    definition: str, instance: dict[str, object], problem: str
) -> None:
    errors = validation_errors(instance, definition)
    assert errors and any(problem in e for e in errors)
