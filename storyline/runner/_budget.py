"""A time budget for one analysis step, enforced with a timer signal where one is available.

The pipeline keeps no clock; it asks the runner for a budget around each step. A signal can
only interrupt the main thread, so elsewhere (a Dask worker's task thread, the web server's
thread pool) the budget is not enforced and every step still runs to its end; the steps are
linear in the text, which keeps that end near.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from storyline.pipeline import StepTimeout


@contextmanager
def alarm_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`StepTimeout` inside the block once ``seconds`` have passed."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0  # someone else's timer is running
    ):
        yield
        return

    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise StepTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
