"""Small original article files in every shape ``analyze`` must cope with, good and bad."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ARTICLES = {
    "port.txt": (
        "Harbour authority reopens northern quay\n"
        "By Mara Ilves\n"
        "2024-03-04\n\n"
        "The harbour authority said on Monday that the northern quay would reopen to "
        "container traffic after three weeks of repairs.\n\n"
        '"We expect the first ships on Thursday," the authority\'s director, Tomas Ek, told '
        "reporters.\n"
    ),
    "rail.txt": (
        "Rail union calls off strike after pay offer\n"
        "By Ines Varga\n"
        "2024-03-06\n\n"
        "The rail union called off next week's strike late on Tuesday after the operator "
        "improved its pay offer, a union spokesperson said.\n\n"
        "Talks had stalled in February over overtime rules.\n"
    ),
    "bridge.html": (
        "<html><head><title>Bridge repairs finish early</title>"
        '<meta property="og:site_name" content="Valley Post"></head><body>'
        "<article><h1>Bridge repairs finish early</h1>"
        "<p>Repairs on the old river bridge finished two weeks ahead of schedule, the city "
        "engineer said on Friday, and the bridge will reopen to cars on Saturday morning.</p>"
        "<p>Cyclists had used a temporary ferry since January, when inspectors found cracks "
        "in two of the piers.</p></article></body></html>"
    ),
}


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_bad_inputs(folder: Path) -> dict[str, Path]:
    """One input for each way an input can be unusable, keyed by what is wrong with it."""
    folder.mkdir(parents=True, exist_ok=True)
    bad = {
        "empty": folder / "empty.txt",
        "binary": folder / "image.txt",
        "encoding": folder / "latin.txt",
        "no body": folder / "blank.html",
        "bad line": folder / "mixed.jsonl",
    }
    bad["empty"].write_bytes(b"")
    bad["binary"].write_bytes(bytes(range(256)) * 8)
    bad["encoding"].write_bytes(b"\xff\xfe\x00\xd8 broken \x81\x82\x83 " * 3 + b"\xc3\x28" * 40)
    bad["no body"].write_text("<html><head><title>Nothing</title></head><body></body></html>")
    good_line = json.dumps(
        {
            "id": "jsonl-ferry",
            "title": "Ferry timetable extended",
            "text": "The island ferry will run until midnight from June, the operator said "
            "on Wednesday, after a summer of record passenger numbers.",
            "outlet": "Island News",
            "published": "2024-05-08",
        }
    )
    bad["bad line"].write_text(good_line + "\n{not json at all\n", encoding="utf-8")
    return bad


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "articles")


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, Path]:
    return write_bad_inputs(tmp_path / "bad")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No storyline.toml or STORYLINE_* from the developer's shell leaks into a test."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("STORYLINE_"):
            monkeypatch.delenv(name)
