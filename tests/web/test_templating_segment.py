"""Ids put into link paths are percent-encoded: an id holding ``?``, ``#``, ``%`` or ``/``
(JSON Lines inputs choose their own ids) cannot change where a link goes."""

from __future__ import annotations

import pytest

from storyline.web.paths import path_segment
from storyline.web.templating import make_environment


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3f2a9c0d1e7b4a55", "3f2a9c0d1e7b4a55"),
        ("jsonl-1?x=#2", "jsonl-1%3Fx%3D%232"),
        ("a/b%20c", "a%2Fb%2520c"),
        ('"><script>', "%22%3E%3Cscript%3E"),
    ],
)
def test_path_segment_encodes_everything_but_unreserved_characters(
    value: str, expected: str
) -> None:
    assert path_segment(value) == expected


def test_templates_use_the_segment_filter_for_ids_in_paths() -> None:
    env = make_environment()
    html = env.from_string('<a href="/articles/{{ i|segment }}">x</a>').render(i="a?b#c")
    assert html == '<a href="/articles/a%3Fb%23c">x</a>'
