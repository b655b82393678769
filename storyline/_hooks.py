"""Optional stage hooks: call a later stage when it is installed, skip it cleanly when not.

The store and the interfaces do not import the cross-article ``link`` stage directly; they
ask for a named function in it. A missing module or function means "no such stage here";
an error raised while importing an existing module is a real bug and propagates.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def optional_hook(module: str, name: str) -> Callable[..., Any] | None:
    """``module.name`` when the module exists and defines it as a callable, else ``None``.

    >>> optional_hook("storyline.no_such_stage", "run") is None
    True
    """
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (module == exc.name or module.startswith(exc.name + ".")):
            return None
        raise
    hook = getattr(loaded, name, None)
    return hook if callable(hook) else None
