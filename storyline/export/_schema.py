"""The export contract: ``schema.json`` (JSON Schema 2020-12) shipped with the package."""

from __future__ import annotations

import functools
from typing import Any

from jsonschema import Draft202012Validator

from storyline.data_files import packaged_json

SCHEMA_VERSION = "1.0"


@functools.cache
def load_schema() -> dict[str, Any]:
    """The export schema as a dict (read once from the package data)."""
    schema: dict[str, Any] = packaged_json("storyline.export", "schema.json")
    return schema


@functools.cache
def _validator(definition: str | None) -> Draft202012Validator:
    schema = load_schema()
    if definition is not None:
        if definition not in schema["$defs"]:
            raise KeyError(f"the export schema has no $defs/{definition}")
        schema = {
            "$schema": schema["$schema"],
            "$defs": schema["$defs"],
            "$ref": f"#/$defs/{definition}",
        }
    return Draft202012Validator(schema)


def validation_errors(data: Any, definition: str | None = None) -> list[str]:
    """Every way ``data`` breaks the schema (or one of its ``$defs``), as readable lines."""
    errors = sorted(_validator(definition).iter_errors(data), key=lambda e: list(e.path))
    return [f"{'/'.join(str(p) for p in e.path) or '(top)'}: {e.message}" for e in errors]


def validate_export(data: Any, definition: str | None = None) -> None:
    """Raise ``ValueError`` listing the problems when ``data`` does not follow the schema.

    >>> validate_export({"schema_version": "1.0", "articles": []})
    """
    errors = validation_errors(data, definition)
    if errors:
        target = f"$defs/{definition}" if definition else "the export schema"
        raise ValueError(f"{len(errors)} problem(s) against {target}: " + "; ".join(errors[:10]))
