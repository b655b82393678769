"""The one ISO date check, and the callers that share it."""

from __future__ import annotations

import pytest

from storyline.iso_dates import is_iso_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-31", True),
        ("2024-05-31T14:05:00-04:00", True),
        ("2024-05-31 14:05", True),
        ("2024-02-29", True),
        ("2023-02-29", False),
        ("2024-13-01", False),
        ("31/05/2024", False),
        ("May 31, 2024", False),
        ("", False),
    ],
)
def test_is_iso_date(text: str, expected: bool) -> None:
    assert is_iso_date(text) is expected


def test_jsonl_inputs_and_the_cli_use_the_same_check() -> None:
    import storyline.cli._common as cli_common
    import storyline.ingest._jsonl as jsonl

    assert jsonl.is_iso_date is is_iso_date
    assert cli_common.is_iso_date is is_iso_date
