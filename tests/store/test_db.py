from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from storyline.errors import StoreError
from storyline.store import apply_migrations, discover_migrations, open_store
from storyline.store._db import connect, transaction
from storyline.store._migrations import default_migrations_dir
from tests.conftest import store_sql


@pytest.fixture
def migrations_copy(tmp_path: Path) -> Path:
    """The shipped migrations in a folder a test may add files to."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for entry in default_migrations_dir().iterdir():
        if entry.name.endswith(".sql"):
            (folder / entry.name).write_text(entry.read_text(encoding="utf-8"))
    return folder


def test_file_database_uses_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    with open_store(tmp_path / "s.db") as store:
        conn = store_sql(store)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_fresh_database_records_every_shipped_migration(tmp_path: Path) -> None:
    shipped = [m.version for m in discover_migrations()]
    assert shipped[0] == 1
    with open_store(tmp_path / "s.db") as store:
        rows = store_sql(store).execute("SELECT version, name FROM schema_migrations").fetchall()
        tables = {
            r[0]
            for r in store_sql(store).execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    assert [r[0] for r in rows] == shipped
    assert rows[0][1] == "init"
    assert {"articles", "raw_documents", "removed_lines", "mentions", "quotes", "dates"} <= tables
    assert "articles_fts" in tables


def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    open_store(tmp_path / "s.db").close()
    conn = connect(tmp_path / "s.db")
    assert apply_migrations(conn) == []
    conn.close()


def test_a_new_numbered_file_is_picked_up_in_order(tmp_path: Path, migrations_copy: Path) -> None:
    db = tmp_path / "s.db"
    open_store(db, migrations_dir=migrations_copy).close()
    (migrations_copy / "9099_story_notes.sql").write_text(
        "CREATE TABLE story_notes (story_id TEXT PRIMARY KEY, note TEXT NOT NULL);\n"
    )
    (migrations_copy / "9098_extra.sql").write_text("CREATE TABLE extra (x INTEGER);\n")
    (migrations_copy / "README.txt").write_text("not a migration")
    conn = connect(db)
    assert apply_migrations(conn, migrations_copy) == [9098, 9099]
    conn.execute("INSERT INTO story_notes VALUES ('s1', 'first')")
    assert conn.execute("SELECT note FROM story_notes").fetchone()[0] == "first"
    conn.close()


def test_a_failing_migration_leaves_the_database_unchanged(
    tmp_path: Path, migrations_copy: Path
) -> None:
    db = tmp_path / "s.db"
    open_store(db, migrations_dir=migrations_copy).close()
    (migrations_copy / "9002_broken.sql").write_text(
        "CREATE TABLE half_done (x INTEGER);\nCREATE TABLE articles (x INTEGER);\n"
    )
    with pytest.raises(StoreError, match="9002_broken.sql failed.*left unchanged"):
        open_store(db, migrations_dir=migrations_copy)
    conn = connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in names
    shipped = [m.version for m in discover_migrations()]
    assert [r[0] for r in conn.execute("SELECT version FROM schema_migrations")] == shipped
    conn.close()


def test_duplicate_migration_numbers_are_refused(migrations_copy: Path) -> None:
    (migrations_copy / "0001_again.sql").write_text("SELECT 1;")
    with pytest.raises(StoreError, match="two migrations are numbered 0001"):
        discover_migrations(migrations_copy)


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path, migrations_copy: Path) -> None:
    db = tmp_path / "s.db"
    (migrations_copy / "9002_newer.sql").write_text("CREATE TABLE newer (x INTEGER);")
    open_store(db, migrations_dir=migrations_copy).close()
    (migrations_copy / "9002_newer.sql").unlink()
    with pytest.raises(StoreError, match="upgrade Storyline"):
        open_store(db, migrations_dir=migrations_copy)


def test_readonly_store_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing.db", readonly=True)
    open_store(tmp_path / "s.db").close()
    with open_store(tmp_path / "s.db", readonly=True) as store:
        assert store.count_articles() == 0
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store_sql(store).execute("DELETE FROM articles")


def test_readonly_store_refuses_a_database_behind_the_code(
    tmp_path: Path, migrations_copy: Path
) -> None:
    db = tmp_path / "s.db"
    open_store(db, migrations_dir=migrations_copy).close()
    (migrations_copy / "9002_more.sql").write_text("CREATE TABLE more (x INTEGER);")
    with pytest.raises(StoreError, match=r"needs schema migrations \[9002\]"):
        open_store(db, readonly=True, migrations_dir=migrations_copy)


def test_a_file_that_is_not_sqlite_is_reported(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        open_store(bogus)


@pytest.mark.parametrize("fail", [False, True])
def test_nested_transactions_are_savepoints(fail: bool) -> None:
    conn = connect(":memory:")
    conn.execute("CREATE TABLE t (x INTEGER)")
    with transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        try:
            with transaction(conn):
                conn.execute("INSERT INTO t VALUES (2)")
                if fail:
                    raise ValueError("inner failure")
        except ValueError:
            pass
    values = [r[0] for r in conn.execute("SELECT x FROM t ORDER BY x")]
    assert values == ([1] if fail else [1, 2])


def test_packaged_migrations_are_shipped_as_package_data() -> None:
    names = [e.name for e in default_migrations_dir().iterdir()]
    assert "0001_init.sql" in names


def test_processes_opening_a_fresh_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    db = tmp_path / "race.db"
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def opener() -> None:
        try:
            start.wait()
            open_store(db).close()
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    conn = connect(db)
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
    assert versions == [m.version for m in discover_migrations()]
    conn.close()


def test_a_database_linked_before_the_products_migration_computes_them_next(
    tmp_path: Path, migrations_copy: Path
) -> None:
    """Migration 0003 marks every linked article and story for the next link run."""
    products = migrations_copy / "0003_link_products.sql"
    sql = products.read_text(encoding="utf-8")
    products.unlink()
    # a database from before 0003 has none of the later migrations either
    later = {
        p: p.read_text(encoding="utf-8")
        for p in migrations_copy.glob("*.sql")
        if p.name > products.name
    }
    for path in later:
        path.unlink()
    db = tmp_path / "old.db"
    with open_store(db, migrations_dir=migrations_copy) as old:
        store_sql(old).execute(
            "INSERT INTO articles (id, text, source_file, data, added_at) "
            "VALUES ('a1', 'x', 'a.txt', '{}', 'now')"
        )
        store_sql(old).execute(
            "INSERT INTO link_articles (article_id, story_id, event_id, text_hash, signature, "
            "shingles, length, vector, lead_vector, entities) "
            "VALUES ('a1', 's1', 'e1', 'h', x'00', 1, 1, '{}', '{}', '[]')"
        )
        store_sql(old).execute(
            "INSERT INTO link_clusters (id, kind, founder, centroid, size, entities) "
            "VALUES ('s1', 'story', 'a1', '{}', 1, '{}')"
        )
    products.write_text(sql, encoding="utf-8")
    for path, text in later.items():
        path.write_text(text, encoding="utf-8")
    with open_store(db, migrations_dir=migrations_copy) as store:
        pending = store_sql(store).execute("SELECT kind, id FROM link_pending ORDER BY kind")
        assert [tuple(r) for r in pending] == [("entities", "a1"), ("story", "s1")]
