"""Storyline's exceptions: one small hierarchy, each message naming the input and what to do."""

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
