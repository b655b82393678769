"""Storyline's exceptions: one small hierarchy, each message naming the input and what to do.

Every class carries a stable ``code`` that the CLI prints with the message (``[E100] ...``)
and the API returns beside it (``"code": "E404"``). This module is the one list of codes:
:func:`error_codes` reads them from the classes below and ``docs/errors.md`` is generated from
it (``python -m storyline.errors > docs/errors.md``); a test keeps the two in step.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base class. ``code`` is stable and can be searched for in the docs."""

    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class ConfigError(StorylineError):
    """A setting is missing or has a wrong value."""

    code = "E100"


class InputError(StorylineError):
    """An input could not be read or is not an article. The message names the input."""

    code = "E200"

    def __init__(self, source: object, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class StoreError(StorylineError):
    """The database could not be opened, migrated or written."""

    code = "E300"


class QueryError(StorylineError):
    """A search or filter was malformed (an API answers this with 400)."""

    code = "E400"


class NotFound(StorylineError):
    """An id asked for does not exist (an API answers this with 404)."""

    code = "E404"


class OutputError(StorylineError):
    """An output file cannot be written where asked (its folder is missing, ...)."""

    code = "E500"


class PipelineError(StorylineError):
    """The analysis steps are put together wrongly (a step reads what no earlier step sets)."""

    code = "E600"


def error_codes() -> list[tuple[str, str, str]]:
    """``(code, class name, what it means)`` for every error class, in code order.

    >>> error_codes()[0]
    ('E000', 'StorylineError', 'Base class. ``code`` is stable and can be searched for in the docs.')
    """
    classes: list[type[StorylineError]] = [StorylineError]
    rows = []
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        doc = " ".join((cls.__doc__ or "").split())
        rows.append((cls.code, cls.__name__, doc))
    return sorted(rows)


def error_table() -> str:
    """The codes as the Markdown page ``docs/errors.md``."""
    lines = [
        "# Error codes",
        "",
        "Generated from `storyline/errors.py` (`python -m storyline.errors > docs/errors.md`).",
        "The CLI prints the code before the message (`Error: [E100] ...`); the API returns it",
        'in the error JSON (`{"status": 404, "error": "Not Found", "detail": ..., "code": "E404"}`).',
        "",
        "| code | exception | meaning |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {code} | `{name}` | {doc} |" for code, name, doc in error_codes()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(error_table(), end="")
