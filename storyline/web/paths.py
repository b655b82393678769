"""Values placed into link paths."""

from __future__ import annotations

from urllib.parse import quote


def path_segment(value: object) -> str:
    """``value`` as one URL path segment: every character that is not unreserved is
    percent-encoded, so an id holding ``?``, ``#``, ``%`` or ``/`` cannot change the link.

    >>> path_segment("jsonl-1?x=#2")
    'jsonl-1%3Fx%3D%232'
    """
    return quote(str(value), safe="")
