"""``storyline watch ...``, ``alerts`` and ``digest`` through the command line, and a
long-running ``watch run`` stopped by SIGTERM in the middle of a run (a subprocess)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.store import WatchTables, open_store
from tests.watch.conftest import FeedServer, synthetic_item

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_sources_and_watches_are_added_listed_and_removed(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    out = _run(
        "watch",
        "add",
        "https://news.example/feed.xml",
        "--outlet",
        "News",
        "--interval",
        "15m",
        "--db",
        db,
    )
    source_id = out.split()[0]
    assert source_id.startswith("src-") and "every 900s" in out
    watch_id = _run("watch", "entity", "Hollin Dam", "--db", db).split()[0]
    assert watch_id.startswith("w-")
    assert "(already)" in _run("watch", "entity", "hollin dam", "--db", db)
    listed = json.loads(_run("watch", "list", "--json", "--db", db))
    assert [s["url"] for s in listed["sources"]] == ["https://news.example/feed.xml"]
    assert listed["sources"][0]["outlet"] == "News"
    assert [(w["kind"], w["value"]) for w in listed["watches"]] == [("entity", "Hollin Dam")]
    _run("watch", "remove", source_id, watch_id, "--db", db)
    assert "nothing is watched" in _run("watch", "list", "--db", db)
    bad = CliRunner().invoke(main, ["watch", "remove", "src-nope", "--db", db])
    assert bad.exit_code == 1 and "no source or watch src-nope" in bad.output


@pytest.mark.parametrize("interval", ["soon", "0"])
def test_a_bad_interval_is_refused(tmp_path: Path, interval: str) -> None:
    result = CliRunner().invoke(
        main,
        [
            "watch",
            "add",
            "https://n.example/f",
            "--interval",
            interval,
            "--db",
            str(tmp_path / "d.db"),
        ],
    )
    assert result.exit_code != 0


def test_run_once_then_alerts_and_digest(feed_server: FeedServer, tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(3)))
    _run("watch", "add", feed_server.feed_url("north"), "--outlet", "North Post", "--db", db)
    _run("watch", "entity", "North Post", "--db", db)  # matches no mention: no alert
    out = _run("watch", "run", "--once", "--no-nlp", "--allow-host", "127.0.0.1", "--db", db)
    assert "3 new items, 3 articles stored" in out
    again = _run("watch", "run", "--once", "--no-nlp", "--allow-host", "127.0.0.1", "--db", db)
    assert "0 new items, 0 articles stored" in again
    listed = json.loads(_run("watch", "list", "--json", "--db", db))
    assert (listed["sources"][0]["items"], listed["sources"][0]["stored"]) == (3, 3)
    assert json.loads(_run("alerts", "--json", "--db", db)) == {"total": 0, "alerts": []}
    html = _run("digest", "--since", "24h", "--format", "html", "--db", db)
    assert html.startswith("<!doctype html>") and "Nothing new in the watched stories." in html


def test_without_the_allow_list_a_loopback_feed_is_refused(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "news.db")
    feed_server.publish("north", synthetic_item("north", 0))
    _run("watch", "add", feed_server.feed_url("north"), "--db", db)
    result = CliRunner().invoke(main, ["watch", "run", "--once", "--no-nlp", "--db", db])
    assert "1 failed" in result.output and "loopback" in result.output
    assert sum(feed_server.hits.values()) == 0


def _done(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(
                conn.execute("SELECT count(*) FROM watch_items WHERE status = 'done'").fetchone()[0]
            )
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_sigterm_mid_run_loses_nothing_and_the_next_run_resumes(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    items = 30
    feed_server.publish("north", *(synthetic_item("north", n) for n in range(items)))
    feed_server.delay = 0.2  # each page takes a while: the signal lands mid-run
    with open_store(db) as store:
        WatchTables(store).add_source(feed_server.feed_url("north"), interval_s=3600)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "storyline", "watch", "run", "--no-nlp",
               "--allow-host", "127.0.0.1", "--db", str(db)]  # fmt: skip
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        while _done(db) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _done(db) >= 3, "the poller never got going"
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert "stopped" in out.splitlines()[-2]  # the cycle's report says it was cut short

    with open_store(db) as store:
        tables = WatchTables(store)
        states = [i.status for i in tables.items(tables.list_sources()[0].id)]
        done_before = states.count("done")
        assert 3 <= done_before < items and states.count("pending") == items - done_before
        assert store.count_articles() == done_before  # nothing half-stored

    feed_server.delay = 0.0
    subprocess.run([*command, "--once"], env=env, check=True, capture_output=True, timeout=120)
    with open_store(db) as store:
        tables = WatchTables(store)
        assert [i.status for i in tables.items(tables.list_sources()[0].id)] == ["done"] * items
        assert store.count_articles() == items
    pages = [n for p, n in feed_server.hits.items() if p.startswith("/articles/")]
    assert len(pages) == items and all(n == 1 for n in pages)  # no page fetched twice
