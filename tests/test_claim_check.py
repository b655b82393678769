"""``check_propositions``: a reader's propositions checked against a store built from the
example corpus (``examples/text``), read with the real spaCy model.

The store is analysed without sentence embeddings (``embed_sentences=0``), so no e5 encoder
is loaded: the claim search then finds statements by words and names only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest

import storyline._claim_check as claim_check
from storyline._claim_check import check_propositions
from storyline.config import Settings
from storyline.link._stage import query_claim
from storyline.link.claim_search import ClaimSearch, Found
from storyline.models import ClaimStatement
from storyline.pipeline.embed import Vector
from storyline.store import Store, open_store

SETTINGS = Settings(embed_sentences=0)
BANNED = "Velmora banned tungsten ore exports to Dravania"
LIFTED = "The ore export ban was lifted"


@pytest.fixture(scope="module")
def store(examples_dir: Path, nlp: Any) -> Store:
    from storyline import analyze_paths
    from storyline.link import link_store

    store = open_store(":memory:")
    report = analyze_paths([examples_dir / "text"], store, settings=SETTINGS)
    assert report.ok and len(report.added) == 8, report.failures
    link_store(store, SETTINGS)
    return store


def _article_id(store: Store, file_name: str) -> str:
    ids = [
        i
        for i in store.links.link_rows()
        if Path(store.get_article(i).source.file).name == file_name
    ]
    assert len(ids) == 1
    return ids[0]


class RecordingLock:
    """A context manager that notes each acquire and release and whether it is held."""

    def __init__(self) -> None:
        self.held = False
        self.events: list[str] = []

    def __enter__(self) -> RecordingLock:
        assert not self.held, "the lock is not re-entered"
        self.held = True
        self.events.append("acquire")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.held = False
        self.events.append("release")


class WatchedNlp:
    """The real language model, noting each text it reads and whether the lock was held."""

    def __init__(self, nlp: Any, lock: RecordingLock) -> None:
        self.nlp = nlp
        self.lock = lock
        self.reads: list[tuple[str, bool]] = []

    def __call__(self, text: str) -> Any:
        self.reads.append((text, self.lock.held))
        return self.nlp(text)


class WatchedSearch(ClaimSearch):
    """The real claim search, noting each search (and whether ``lock`` was held during it);
    ``planted`` statements are added to what it finds for a proposition."""

    def __init__(
        self,
        store: Store,
        lock: RecordingLock | None = None,
        planted: dict[str, list[Found]] | None = None,
    ) -> None:
        super().__init__(store, SETTINGS, None)
        self.lock = lock
        self.planted = planted or {}
        self.searches: list[tuple[str, list[str] | None, bool]] = []

    def find(
        self,
        text: str,
        within: Sequence[str] | None = None,
        every_article: bool = False,
        vector: Vector | None = None,
    ) -> list[Found]:
        held = self.lock.held if self.lock is not None else False
        self.searches.append((text, None if within is None else list(within), held))
        return [*super().find(text, within, every_article, vector), *self.planted.get(text, [])]


def _stances(statements: Sequence[ClaimStatement], article_id: str) -> set[str]:
    return {s.stance for s in statements if s.article_id == article_id}


def test_results_keep_the_order_of_the_propositions(store: Store, nlp: Any) -> None:
    propositions = [BANNED, f"  {LIFTED} ", "Velmora eased the ore ban"]
    claims = check_propositions(store, SETTINGS, propositions, nlp)
    assert [c.proposition for c in claims] == [p.strip() for p in propositions]
    backwards = check_propositions(store, SETTINGS, propositions[::-1], nlp)
    assert [c.id for c in backwards] == [c.id for c in claims][::-1]
    assert len({c.id for c in claims}) == 3
    # each result answers its own proposition: the article reporting the ban's end
    # refutes the ban being in force and supports its lifting
    lifted = _article_id(store, "kestrel-2025-06-26-ban-lifted.txt")
    first = _article_id(store, "vpa-2025-03-04-ore-export-ban.txt")
    assert "refutes" in _stances(claims[0].statements, lifted)
    assert "supports" in _stances(claims[1].statements, lifted)
    assert _stances(claims[0].statements, first) == {"supports"}
    assert "supports" not in _stances(claims[1].statements, first)


def test_the_lock_is_held_while_reading_and_not_while_searching(store: Store, nlp: Any) -> None:
    lock = RecordingLock()
    watched = WatchedNlp(nlp, lock)
    search = WatchedSearch(store, lock)
    propositions = [BANNED, LIFTED]
    claims = check_propositions(
        store, SETTINGS, propositions, watched, nlp_lock=lock, search=search
    )  # type: ignore[arg-type]
    assert lock.events == ["acquire", "release"]  # once for the whole batch
    assert watched.reads == [(BANNED, True), (LIFTED, True)]
    assert search.searches == [(BANNED, None, False), (LIFTED, None, False)]
    assert not lock.held
    assert [c.proposition for c in claims] == propositions


def test_the_lock_is_released_when_reading_fails(store: Store) -> None:
    lock = RecordingLock()

    def broken(text: str) -> Any:
        raise RuntimeError("model failed")

    search = WatchedSearch(store, lock)
    with pytest.raises(RuntimeError, match="model failed"):
        check_propositions(store, SETTINGS, [BANNED], broken, nlp_lock=lock, search=search)  # type: ignore[arg-type]
    assert lock.events == ["acquire", "release"] and not lock.held
    assert search.searches == []  # nothing is searched for a proposition that was not read


def test_a_search_passed_in_is_reused_and_none_is_built(
    store: Store, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_new_search(*args: Any) -> ClaimSearch:
        raise AssertionError("a new claim search was built")

    search = WatchedSearch(store)
    monkeypatch.setattr(claim_check, "claim_search", no_new_search)
    check_propositions(store, SETTINGS, [BANNED], nlp, search=search)
    stats = search.stats  # loaded by the first call
    check_propositions(store, SETTINGS, [LIFTED, BANNED], None, search=search)
    assert [text for text, _, _ in search.searches] == [BANNED, LIFTED, BANNED]
    assert search.stats is stats


def test_without_a_search_one_is_built_per_call_for_all_propositions(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[WatchedSearch] = []

    def recording_search(given: Store, settings: Settings) -> ClaimSearch:
        assert given is store and settings is SETTINGS
        built.append(WatchedSearch(given))
        return built[-1]

    monkeypatch.setattr(claim_check, "claim_search", recording_search)
    check_propositions(store, SETTINGS, [BANNED, LIFTED, "Velmora eased the ore ban"], None)
    assert len(built) == 1
    assert len(built[0].searches) == 3


def test_the_search_is_built_without_an_encoder_when_embeddings_are_off(store: Store) -> None:
    assert claim_check.claim_search(store, SETTINGS).encoder is None


def test_without_a_model_the_learned_reader_alone_answers(store: Store, nlp: Any) -> None:
    first = _article_id(store, "vpa-2025-03-04-ore-export-ban.txt")
    article = store.get_article(first)
    sentence = article.sentences[0]
    planted = ClaimStatement(
        first,
        sentence.start,
        sentence.end,
        article.text[sentence.start : sentence.end],
        "supports",
        "2025-03-04",
        "Velmora Press Agency",
    )
    search = WatchedSearch(store, planted={BANNED: [Found(planted, "supports")]})
    plain = ClaimSearch(store, SETTINGS, None)
    claims = check_propositions(store, SETTINGS, [BANNED, LIFTED], None, search=search)
    # no permission rules: exactly what the learned search found, nothing else
    assert [(s.article_id, s.start, s.stance) for s in claims[0].statements] == [
        (first, sentence.start, "supports")
    ]
    assert claims[1] == query_claim(store, LIFTED, None, SETTINGS, None, plain)
    # with the model, the rules also read the stored units and find many more statements
    with_model = check_propositions(store, SETTINGS, [BANNED], nlp, search=search)
    assert len({s.article_id for s in with_model[0].statements}) > 1


def test_a_story_limits_the_search_to_its_articles(store: Store, nlp: Any) -> None:
    rows = store.links.link_rows()
    first = _article_id(store, "vpa-2025-03-04-ore-export-ban.txt")
    story_id = rows[first]["story_id"]
    members = {i for i, row in rows.items() if row["story_id"] == story_id}
    search = WatchedSearch(store)
    claims = check_propositions(store, SETTINGS, [BANNED], nlp, story_id, search=search)
    assert claims[0].statements
    assert {s.article_id for s in claims[0].statements} <= members
    [(text, within, _)] = search.searches
    assert text == BANNED and within is not None and set(within) == members


def test_an_empty_proposition_gives_a_claim_without_statements(store: Store, nlp: Any) -> None:
    # the module has no error code for an empty proposition: it is checked like any other
    claims = check_propositions(store, SETTINGS, [BANNED, "", "   "], nlp)
    assert [c.proposition for c in claims] == [BANNED, "", ""]
    assert claims[0].statements
    assert claims[1].statements == [] and claims[2].statements == []
    assert claims[1].id == claims[2].id  # the same (stripped, lowered) proposition
