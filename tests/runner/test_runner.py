"""The one runner: batches bounded by characters, long texts in sections, a time budget per
step, and one article's fault (in analysis or in the store) failing only that article."""

from __future__ import annotations

import dataclasses
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from storyline._analyze import analyze_into_store
from storyline.config import Settings
from storyline.models import Article, IngestFailure, RawDocument, SourceRef
from storyline.pipeline import (
    ANALYSIS_STEPS,
    Step,
    StepTimeout,
    analyze_articles,
    parse_texts,
    text_sections,
)
from storyline.runner import alarm_budget, analyze_stream, batches, local_outcomes
from storyline.runner._budget import thread_budget
from storyline.store import open_store

BODY = (
    "The harbour authority said on Monday that the northern quay would reopen to container "
    'traffic. "We expect the first ships on Thursday," the director, Tomas Ek, told reporters.\n'
)


def _raw(name: str, body: str, **given: str) -> RawDocument:
    return RawDocument(SourceRef(name), body, given=dict(given))


def test_batches_are_cut_by_count_and_by_characters() -> None:
    raws = [_raw(f"{i}.txt", "x" * size) for i, size in enumerate([40, 40, 40, 200, 10, 10])]
    cut = [[r.source.file for r in batch] for batch in batches(raws, 10, max_chars=100)]
    assert cut == [["0.txt", "1.txt"], ["2.txt"], ["3.txt"], ["4.txt", "5.txt"]]
    assert [len(b) for b in batches(raws, 4)] == [4, 2]


@pytest.mark.parametrize("size", [5, 12, 40, 1000])
def test_text_sections_join_back_and_respect_the_size(size: int) -> None:
    text = "One.\n\nTwo words here. Three\nfour five six seven eight.\n" * 7 + "tail" * 9
    pieces = text_sections(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)


def test_a_long_text_is_parsed_in_sections_with_the_same_offsets(nlp: Any) -> None:
    text = BODY * 40  # about 7,000 characters, 5 sections of at most 1,500
    settings = Settings(section_chars=1_500)
    (doc,) = parse_texts([text], nlp, settings)
    assert doc.text == text
    whole = nlp(text)
    assert [t.idx for t in doc] == [t.idx for t in whole]
    article = Article("a", SourceRef("long.txt"), text, text)
    (analysed,) = analyze_articles([article], nlp, settings)
    (at_once,) = analyze_articles([article], nlp, Settings())
    assert len(analysed.quotes) == len(at_once.quotes) == 80  # a direct and an indirect each
    for quote in analysed.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_a_step_over_its_time_budget_is_stopped_and_the_article_kept(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stuck(article: Article, doc: Any, settings: Settings) -> Article:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # an endless step, as a pathological text makes
            pass
        return article

    steps = (ANALYSIS_STEPS[0], Step("stuck", stuck), *ANALYSIS_STEPS[1:])
    monkeypatch.setattr("storyline.pipeline.ANALYSIS_STEPS", steps)
    article = Article("a", SourceRef("slow.txt"), BODY, BODY)
    started = time.monotonic()
    (analysed,) = analyze_articles(
        [article], nlp, Settings(step_time_limit=0.5), step_budget=alarm_budget
    )
    assert time.monotonic() - started < 10
    assert any("stuck step ran over step_time_limit" in w for w in analysed.warnings)
    assert analysed.mentions and analysed.quotes  # the steps before and after it ran


class _TextsAsDocs:
    """A stand-in language model: the "doc" of a text is the text."""

    def pipe(self, texts: list[str], batch_size: int = 1) -> list[str]:
        return list(texts)


def _busy(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


def test_the_time_budget_holds_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(article: Article, doc: Any, settings: Settings) -> Article:
        _busy(30)  # an endless step, as a pathological text makes
        return article

    def after(article: Article, doc: Any, settings: Settings) -> Article:
        return dataclasses.replace(article, warnings=[*article.warnings, "after ran"])

    monkeypatch.setattr(
        "storyline.pipeline.ANALYSIS_STEPS", (Step("stuck", stuck), Step("after", after))
    )
    article = Article("a", SourceRef("slow.txt"), BODY, BODY)
    nlp: Any = _TextsAsDocs()
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:  # as a Dask worker or the web server runs it
        job = pool.submit(
            analyze_articles,
            [article],
            nlp,
            Settings(step_time_limit=0.3),
            step_budget=alarm_budget,
        )
        (analysed,) = job.result(timeout=20)
    assert time.monotonic() - started < 10
    assert any("stuck step ran over step_time_limit" in w for w in analysed.warnings)
    assert "after ran" in analysed.warnings  # the next step still ran


def test_a_thread_budget_raises_nothing_after_its_block() -> None:
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            for n in range(200):  # blocks that end about when their budget does, and
                # every tenth well past it (so some are surely stopped, even on a busy machine)
                try:
                    with thread_budget(0.002):
                        _busy(0.2 if n % 10 == 0 else 0.002)
                    outcomes.append("done")
                except StepTimeout:
                    outcomes.append("stopped")
                _busy(0.004)  # past the budget: a late exception would land here
        except StepTimeout as late:
            errors.append(late)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=30)
    assert not errors
    assert len(outcomes) == 200
    assert "stopped" in outcomes  # the budget did interrupt some blocks


def test_a_step_that_raises_fails_only_its_article(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(article: Article, doc: Any, settings: Settings) -> Article:
        if "BOOM" in article.text:
            raise RecursionError("maximum recursion depth exceeded")
        return article

    monkeypatch.setattr("storyline.pipeline.ANALYSIS_STEPS", (Step("explode", explode),))

    class FakeNlp:
        def pipe(self, texts: list[str], batch_size: int = 1) -> list[str]:
            return list(texts)

    raws = [_raw("a.txt", "Title\n\n" + BODY), _raw("b.txt", "Title\n\nBOOM " + BODY)]
    results = list(local_outcomes(raws, Settings(), FakeNlp()))  # type: ignore[arg-type]
    kinds = {str(r.source): type(r) for _, r in results}
    assert kinds == {"a.txt": Article, "b.txt": IngestFailure}
    failure = next(r for _, r in results if isinstance(r, IngestFailure))
    assert "RecursionError" in failure.reason


def test_an_article_the_store_refuses_fails_alone(tmp_path: Path) -> None:
    raws = [
        _raw("good.txt", "Title\n\n" + BODY),
        _raw("bad.txt", "Other title\n\nA different body of text, long enough to keep."),
        _raw("later.txt", "Third\n\nAnd a third article body that is stored as well."),
    ]
    results = [r for r in analyze_stream(raws, Settings()) if isinstance(r, Article)]
    results[1].meta.outlet.value = "Out\ud83d"  # a lone surrogate SQLite cannot encode
    failures: list[IngestFailure] = []
    with open_store(tmp_path / "s.db") as store:
        report = analyze_into_store(
            [], store, Settings(), documents=raws, link=False, on_failure=failures.append
        )
        assert len(report.added) == 3  # prepared again from the raws: all fine
    # and directly through the store writer
    from storyline._analyze import AnalyzeReport, _Run

    with open_store(tmp_path / "t.db") as store:
        report = AnalyzeReport()
        run = _Run(store, Settings(), report, failures.append, None)
        for raw, article in zip(raws, results, strict=True):
            run.take(raw, article)
        run.write()
        assert sorted(report.added) == sorted([results[0].id, results[2].id])
        assert [str(f.source) for f in failures] == ["bad.txt"]
        assert "refused" in failures[0].reason


def test_a_repeated_id_with_another_text_is_a_warning(tmp_path: Path) -> None:
    raws = [
        _raw("one.jsonl", "First\n\n" + BODY, id="same"),
        _raw("two.jsonl", "Second\n\nA wholly different article that reuses the id.", id="same"),
        _raw("three.jsonl", "First\n\n" + BODY, id="same"),
    ]
    with open_store(tmp_path / "s.db") as store:
        report = analyze_into_store([], store, Settings(), documents=raws, link=False)
    assert report.added == ["same"]
    assert report.present == ["same", "same"]
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("two.jsonl: the id 'same' is already used")
