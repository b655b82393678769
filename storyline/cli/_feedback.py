"""What a long command tells the person waiting: stage messages and progress.

On a terminal: a tqdm bar (with a total when it is known) and stage lines such as
"loading the language model". On a pipe or a file: the same stage lines and, instead of a
bar, one progress line every :data:`PIPE_INTERVAL` seconds, as spaCy's and tqdm's own
non-interactive modes do, so a log shows the run is alive.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from storyline.cli._common import stderr_is_terminal

#: Seconds between progress lines when stderr is not a terminal.
PIPE_INTERVAL = 10.0

_bar: list[object] = []  # the open tqdm bar, so messages do not tear it


def say(message: str) -> None:
    """One line on stderr, printed above the progress bar when there is one."""
    if _bar:
        from tqdm import tqdm

        tqdm.write(message, file=sys.stderr)
    else:
        click.echo(message, err=True)


def stage(message: str) -> None:
    """Announce a stage that takes a while ("loading the language model")."""
    say(f"{message} ...")


@contextmanager
def progress_bar(
    label: str, total: int | None, clock: Callable[[], float] = time.monotonic
) -> Iterator[Callable[[int], None]]:
    """A callback counting documents done: a bar on a terminal, periodic lines elsewhere."""
    if stderr_is_terminal():
        from tqdm import tqdm

        with tqdm(desc=label, total=total, unit="doc", file=sys.stderr, dynamic_ncols=True) as bar:
            _bar.append(bar)
            try:
                yield bar.update
            finally:
                _bar.remove(bar)
        return

    started = last = clock()
    done = 0
    of = f" of {total:,}" if total else ""

    def update(count: int) -> None:
        nonlocal done, last
        done += count
        now = clock()
        if now - last >= PIPE_INTERVAL:
            last = now
            rate = done / max(now - started, 1e-9)
            click.echo(f"{label}: {done:,}{of} documents, {rate:.1f}/s", err=True)

    yield update
    if done and clock() - started >= PIPE_INTERVAL:
        click.echo(f"{label}: {done:,}{of} documents done", err=True)
