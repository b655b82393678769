"""Shared fixtures: the example corpus, the real seed articles beside the project, spaCy."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from storyline.store import Store

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip(f"seed articles not available at {path}")
    return path


@pytest.fixture(scope="session")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    """Seed articles keyed by their file-name prefix ("000" ... "004")."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    path = SHARED / "eval"
    if not path.is_dir():
        pytest.skip(f"evaluation data not available at {path}")
    return path


@pytest.fixture(scope="session")
def nlp():
    from storyline.config import Settings
    from storyline.pipeline.nlp import load_nlp

    # The same cache key as the CLI's, so one session loads spaCy once.
    return load_nlp(Settings().spacy_model)


def store_sql(store: Store) -> sqlite3.Connection:
    """The store's own connection, for the tests that check its schema, pragmas and query
    plans or set up rows no store method writes. Code outside the store never holds it
    (``tests/test_sql_owners.py``)."""
    return store._conn
