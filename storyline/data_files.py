"""Reading data files: the word lists, lexicons, tables and models Storyline ships, and the
tables a user adds.

Word lists and rules are data (TOML, JSON) kept beside the module that uses them; every
one is read here: a packaged file through :mod:`importlib.resources` (so it is found
inside an installed wheel too), a user's file by its path. A file that does not parse
raises :class:`~storyline.errors.ConfigError` naming it; callers cache what they build
from the data, so each file is read once per process.

>>> packaged_toml("storyline.pipeline", "clean_rules.toml")["ui_words"][:2]
['ads', 'advertisement']
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.errors import ConfigError, Errors

__all__ = [
    "packaged_json",
    "packaged_model",
    "packaged_text",
    "packaged_toml",
    "parse_toml",
    "read_toml",
    "write_packaged_json",
]


def packaged_text(package: str, name: str) -> str:
    """The text of the data file ``name`` shipped in ``package`` (``storyline.data``, ...)."""
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """``text`` parsed as TOML; :class:`ConfigError` naming ``origin`` when it is not valid."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Errors.E114(origin=origin, exc=exc)) from exc


def packaged_toml(package: str, name: str, origin: str | None = None) -> dict[str, Any]:
    """The TOML data file ``name`` shipped in ``package``."""
    return parse_toml(packaged_text(package, name), origin or f"{package.replace('.', '/')}/{name}")


def read_toml(path: str | Path, origin: str | None = None) -> dict[str, Any]:
    """The TOML file at ``path`` (a packaged folder or a file a setting names)."""
    path = Path(path)
    return parse_toml(path.read_text(encoding="utf-8"), origin or path.name)


def packaged_json(package: str, name: str) -> Any:
    """The JSON data file ``name`` shipped in ``package`` (a trained model's weights, ...)."""
    return json.loads(packaged_text(package, name))


def packaged_model(package: str, name: str, what: str, trainer: str) -> dict[str, Any]:
    """The trained model ``name`` shipped in ``package`` (its weights as JSON);
    :class:`ConfigError` naming ``what`` it is and the ``trainer`` script that makes it when
    the package lacks the file."""
    try:
        model: dict[str, Any] = packaged_json(package, name)
    except FileNotFoundError as exc:
        folder = package.replace(".", "/")
        raise ConfigError(
            Errors.E115(what=what, name=name, folder=folder, trainer=trainer)
        ) from exc
    return model


def write_packaged_json(package: str, name: str, data: Any, path: Path | None = None) -> Path:
    """Write ``data`` as the JSON data file ``name`` of ``package`` in this source tree (or
    at ``path``), where :func:`packaged_json` finds it: how a training script ships the
    weights it fitted."""
    target = path or Path(str(resources.files(package).joinpath(name)))
    target.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return target
