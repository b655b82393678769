"""Error codes: one per message, unique, used by every raise, shown by the CLI and the API."""

from __future__ import annotations

import ast
import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline import errors
from storyline.errors import (
    ConfigError,
    Errors,
    InputError,
    NotFound,
    QueryError,
    StorylineError,
    Template,
    error_codes,
    error_table,
    messages,
)
from storyline.models import IngestFailure, SourceRef

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "errors.md"
PACKAGE = ROOT / "storyline"

#: Exceptions raised with a message of Errors, and which argument is the message.
RAISED = {
    **{name: 0 for _, name, _ in error_codes()},
    "InputError": 1,
    "ApiError": 1,
    "FetchRefused": 0,
    "FetchFailed": 0,
    "FetchTooLarge": 0,
    "click.UsageError": 0,
    "click.BadParameter": 0,
    "click.ClickException": 0,
}

ARTICLE = (
    "The harbour pilots of Brisa went on strike on Monday night over the new rota of night "
    "shifts, and six container ships waited outside the port until the morning, the port "
    "authority said. The union said the pilots had asked for a second crew at night for a year."
)


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"))


def _is_text(node: ast.expr) -> bool:
    """A message written at the raise site: a literal, an f-string, or text glued to them."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def _raised(call: ast.Call) -> str | None:
    """``InputError`` for ``raise InputError(...)``, ``click.UsageError`` for click's."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute) and isinstance(call.func.value, ast.Name):
        return f"{call.func.value.id}.{call.func.attr}"
    return None


def _listed(node: ast.expr, unwrap: bool = True) -> Template | None:
    """The template of an ``Errors.Ennn(...)`` call (or of one inside ``with_code(...)``)."""
    if (
        unwrap
        and isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "with_code"
        and node.args
    ):
        return _listed(node.args[0])
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "Errors"
    ):
        found = getattr(Errors, node.func.attr, None)
        assert isinstance(found, Template), f"Errors.{node.func.attr} is not a listed message"
        return found
    return None


def test_every_code_is_unique() -> None:
    class_codes = [code for code, _, _ in error_codes()]
    message_codes = [template.code for template in messages()]
    assert len(class_codes) == len(set(class_codes))
    assert len(message_codes) == len(set(message_codes))
    assert not set(class_codes) & set(message_codes), "a message reuses a class's code"
    assert {name for _, name, _ in error_codes()} >= {"ConfigError", "NotFound", "PipelineError"}
    assert len(message_codes) > 150


def test_every_error_class_has_its_own_code() -> None:
    for _, name, _ in error_codes():
        cls = getattr(errors, name)
        assert "code" in vars(cls), f"{name} inherits its code; give it its own"


def test_each_message_belongs_to_the_class_of_its_range() -> None:
    assert Errors.E111.error_class is ConfigError
    assert Errors.E204.error_class is InputError
    assert Errors.E414.error_class is QueryError
    assert Errors.E442.error_class is NotFound
    assert Errors.E001.error_class is StorylineError
    for template in messages():
        assert template.code[0] == "E" and len(template.code) == 4
        assert template.text.strip(), template.code


def test_every_raise_site_uses_a_listed_message_of_its_class() -> None:
    defects, checked = [], 0
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            call = node.exc
            name = _raised(call)
            if name not in RAISED or len(call.args) <= RAISED[name]:
                continue
            message = call.args[RAISED[name]]
            checked += 1
            if _is_text(message):
                defects.append(f"{path}:{node.lineno}: raise {name} with its own text")
                continue
            template = _listed(message)
            error_class = (
                errors.UsageError if name.startswith("click.") else getattr(errors, name, None)
            )
            if template is not None and error_class is not None:
                assert template.error_class is error_class, (
                    f"{path}:{node.lineno}: {template.code} is a "
                    f"{template.error_class.__name__} message, raised as {name}"
                )
    assert not defects, "write these messages in storyline/errors.py:\n" + "\n".join(defects)
    assert checked > 150


def test_every_input_failure_uses_a_listed_message() -> None:
    defects = [
        f"{path}:{node.lineno}"
        for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "IngestFailure"
        and len(node.args) > 1
        and _is_text(node.args[1])
    ]
    assert not defects, "IngestFailure with its own text: " + ", ".join(defects)


def test_every_use_fills_exactly_the_fields_of_its_message_and_every_message_is_used() -> None:
    used = set()
    for path, tree in _modules():
        for node in ast.walk(tree):
            template = _listed(node, unwrap=False) if isinstance(node, ast.Call) else None
            if template is None:
                continue
            assert isinstance(node, ast.Call)
            used.add(template.code)
            given = sorted(k.arg or "**" for k in node.keywords)
            assert given == sorted(template.fields), f"{path}:{node.lineno}: {template.code}"
    assert used == {t.code for t in messages()}, "listed but never used: " + ", ".join(
        sorted({t.code for t in messages()} - used)
    )


def test_the_docs_list_every_code_as_generated() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert text == error_table(), "regenerate with: python -m storyline.errors > docs/errors.md"
    for code, name, _ in error_codes():
        assert f"| {code} | `{name}` |" in text
    for template in messages():
        assert f"| {template.code} | `{template.error_class.__name__}` |" in text


def test_the_exception_carries_its_message_code_and_keeps_its_class_code() -> None:
    with pytest.raises(ConfigError) as raised:
        raise ConfigError(Errors.E102())
    assert raised.value.code == "E102" and ConfigError.code == "E100"
    assert str(raised.value) == "[E102] batch_size must be at least 1"
    unlisted = QueryError("bad")
    assert unlisted.code == QueryError.code and str(unlisted) == "[E400] bad"
    failed = InputError("a.txt", Errors.E204())
    assert failed.code == "E204" and failed.reason.startswith("empty file (0 bytes)")
    assert str(failed) == "[E204] a.txt: empty file (0 bytes); there is no article to read"


def test_an_input_failure_keeps_its_code_through_copies_and_processes() -> None:
    failure = IngestFailure(SourceRef("a.jsonl", "line 2"), Errors.E241())
    assert failure.code == "E241"
    assert str(failure).startswith("[E241] a.jsonl [line 2]: the line nests")
    again = pickle.loads(pickle.dumps(failure))
    assert again.code == "E241" and getattr(again.reason, "code", None) == "E241"
    assert IngestFailure.from_dict(json.loads(json.dumps(failure.to_dict()))).code == "E241"
    raised = pickle.loads(pickle.dumps(InputError("a.txt", Errors.E204())))
    assert (raised.source, raised.code) == ("a.txt", "E204")
    assert str(raised).startswith("[E204] a.txt: empty file")


# ------------------------------------------------------------------ shown where they happen


def _bad_inputs(folder: Path) -> Path:
    folder.mkdir()
    (folder / "broken.jsonl").write_text(
        json.dumps({"text": ARTICLE}) + "\n" + '{"text": "cut off\n', encoding="utf-8"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "README.md").write_text("# notes\n", encoding="utf-8")
    return folder


def test_the_cli_prints_the_code_of_each_bad_input(tmp_path: Path) -> None:
    from storyline.cli import main

    inputs = _bad_inputs(tmp_path / "in")
    db = tmp_path / "news.db"
    result = CliRunner().invoke(
        main, ["analyze", str(inputs), "--db", str(db), "--no-nlp", "--no-link"]
    )
    assert result.exit_code == 1, result.output
    err = result.stderr
    assert f"failed: [E240] {inputs / 'broken.jsonl'} [line 2]: not valid JSON" in err
    assert f"failed: [E204] {inputs / 'empty.txt'}: empty file (0 bytes)" in err
    assert f"skipped: [E257] {inputs / 'README.md'} (not an article" in err
    assert "2 input(s) failed:" in err and f"  [E240] {inputs / 'broken.jsonl'}" in err


def test_the_cli_prints_the_code_of_a_bad_setting(tmp_path: Path) -> None:
    from storyline.cli import main

    config = tmp_path / "storyline.toml"
    config.write_text("[storyline]\nbatch_size = 0\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["summary", "--db", str(tmp_path / "x.db"), "--config", str(config)]
    )
    assert result.exit_code == 2
    assert result.stderr == "Error: [E102] batch_size must be at least 1\n"
    usage = CliRunner().invoke(main, ["export", "--format", "parquet"])
    assert usage.exit_code == 2
    assert "Error: [E805] --format parquet needs --out FILE" in usage.stderr


TOKEN = "a-token-for-the-error-code-tests-0123"


@pytest.fixture()
def api(tmp_path: Path) -> Iterator[object]:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storyline.api import create_app
    from storyline.config import Settings
    from storyline.store import open_store

    db = tmp_path / "news.db"
    with open_store(db):
        pass
    app = create_app(Settings(db=str(db), write_token=TOKEN), nlp=lambda: None)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_the_api_returns_the_code_of_each_bad_input(api: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(api, TestClient)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    data = (json.dumps({"text": ARTICLE}) + "\n" + "[1, 2]\n").encode()
    stored = api.post("/api/ingest/file?filename=mixed.jsonl", content=data, headers=auth)
    assert stored.status_code == 201, stored.text
    (failure,) = stored.json()["failures"]
    assert failure["code"] == "E238" and failure["source"] == "upload:mixed.jsonl [line 2]"

    refused = api.post("/api/ingest/file?filename=x.txt", content=b"", headers=auth)
    assert refused.status_code == 422
    assert refused.json()["code"] == "E711" and "[E204]" in refused.json()["detail"]

    unauthorised = api.post("/api/ingest/file?filename=x.txt", content=b"x")
    assert unauthorised.status_code == 401 and unauthorised.json()["code"] == "E702"


def test_the_api_error_json_carries_the_message_code(api: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(api, TestClient)
    body = api.get("/api/stories/story-nope").json()
    assert body == {
        "status": 404,
        "error": "Not Found",
        "detail": "no story with id 'story-nope'",
        "code": "E442",
    }
    bad_date = api.get("/api/articles?since=nope")
    assert bad_date.status_code == 400 and bad_date.json()["code"] == "E409"
    invalid = api.get("/api/articles?limit=0")  # refused by the request's declared bounds
    assert invalid.status_code == 400 and invalid.json()["code"] == "E712"
    assert invalid.json()["detail"] == "limit: Input should be greater than or equal to 1"
    assert api.get("/api/nowhere").json()["code"] == "E713"
    page = api.get("/stories/story-nope")  # the web page names the code too
    assert page.status_code == 404 and "[E442] no story with id" in page.text
