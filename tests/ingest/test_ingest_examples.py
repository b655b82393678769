"""The shipped example corpus reads cleanly, one format folder at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.config import Settings
from storyline.ingest import read_path
from storyline.ingest._sniff import is_project_file
from storyline.models import IngestFailure, RawDocument

#: Example folder -> the document format and metadata source its files must produce.
FOLDERS = {
    "text": ("text", "input"),
    "html": ("html", "input"),
    "feeds": (None, "feed"),
    "warc": ("html", "input"),
    "jsonl": (None, "input"),
    "multilingual": (None, "input"),  # JSON Lines: the seeds' story in Russian and Ukrainian
}


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_every_example_file_yields_documents_and_no_failures(
    examples_dir: Path, folder: str
) -> None:
    path = examples_dir / folder
    files = sorted(
        p
        for p in path.glob("*")
        if p.is_file() and not p.name.startswith(".") and not is_project_file(p.name)
    )
    if not files:
        pytest.skip(f"no example files in {path} yet")
    items = list(read_path(path, Settings()))
    failures = [str(i) for i in items if isinstance(i, IngestFailure)]
    assert failures == []
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert {Path(d.source.file) for d in docs} == set(files), "every file yields a document"
    fmt, given_source = FOLDERS[folder]
    for doc in docs:
        assert doc.body.strip()
        assert doc.given_source == given_source
        if fmt is not None:
            assert doc.format == fmt
        if folder == "warc":
            assert doc.given["url"].startswith("http") and doc.crawl_date
        if folder == "feeds":
            assert doc.given.get("title") and doc.given.get("outlet")
            assert doc.source.record and doc.source.record.startswith("entry ")


def test_the_whole_example_folder_reads_without_failures(examples_dir: Path) -> None:
    if not any(examples_dir.glob("*/*")):
        pytest.skip(f"no example files in {examples_dir} yet")
    items = list(read_path(examples_dir, Settings()))
    assert [str(i) for i in items if isinstance(i, IngestFailure)] == []
    folders = {Path(i.source.file).parent.name for i in items}
    assert folders <= set(FOLDERS), "only article folders yield documents"
