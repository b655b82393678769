"""The whole flow on the real seed articles: analyse with spaCy, link, search, export, redo."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storyline.cli import main
from storyline.export import validate_export
from storyline.store import open_store
from storyline.store._reads import fact_counts

pytestmark = pytest.mark.slow


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def seeded_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Path:
    """Analysed once for the module; the tests only read it (reanalyze keeps it equal)."""
    tmp_path = tmp_path_factory.mktemp("seeded")
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    db = tmp_path / "seeds.db"
    result = _run("analyze", str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "added 5, already present 0, failed 0" in result.stdout
    return db


def test_seed_articles_are_stored_with_quotes_entities_and_dates(seeded_db: Path) -> None:
    with open_store(seeded_db) as store:
        counts = fact_counts(store)
        for table in ("quotes", "mentions", "dates"):
            per_article = sum(1 for facts in counts.values() if facts[table])
            assert per_article == 5, f"every seed article has {table}"
        kirby = store.search("ATACMS", speaker="John Kirby")
        assert kirby, "John Kirby is quoted on ATACMS in the seeds"
        article = store.get_article(kirby[0].article_id)
        for quote in article.quotes:
            assert article.text[quote.start : quote.end] == quote.text
        assert store.search("Kursk", entity="Kursk")


def test_seed_export_validates_with_the_link_sections(seeded_db: Path) -> None:
    result = _run("export", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    corpus = json.loads(result.stdout)
    validate_export(corpus)
    assert len(corpus["articles"]) == 5
    assert len({q["article_id"] for q in corpus["quotes"]}) == 5
    if "stories" in corpus:  # the link stage is installed
        linked = {i for s in corpus["stories"] for i in s["article_ids"]}
        assert linked == {a["id"] for a in corpus["articles"]}


def test_reanalysing_the_seeds_keeps_ids_and_facts(seeded_db: Path) -> None:
    with open_store(seeded_db) as store:
        before = {a.id: (len(a.quotes), len(a.dates)) for a in store.iter_articles()}
    result = _run("reanalyze", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    assert "reanalysed 5: same id 5, new id 0, failed 0" in result.stdout
    with open_store(seeded_db) as store:
        after = {a.id: (len(a.quotes), len(a.dates)) for a in store.iter_articles()}
    assert after == before


def test_summary_of_the_seeds(seeded_db: Path) -> None:
    result = _run("summary", "--db", str(seeded_db))
    assert result.exit_code == 0, result.output
    assert ": 5 articles from" in result.stdout
    quotes_line = next(line for line in result.stdout.splitlines() if "quotes" in line)
    assert int(quotes_line.split()[1]) > 5
