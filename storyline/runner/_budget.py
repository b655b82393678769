"""A time budget for one analysis step, enforced in whichever thread the step runs.

The pipeline keeps no clock; it asks the runner for a budget around each step. In the main
thread a timer signal (``SIGALRM``) interrupts the step. A signal only reaches the main
thread, so in any other thread (a Dask worker's task thread, the web server's thread pool)
a watchdog timer asks the interpreter to raise :class:`StepTimeout` in the step's thread
(``PyThreadState_SetAsyncExc``). Both interrupt Python code between two bytecodes, which is
where the steps spend their time (loops over tokens, sentences and quotations); a single
long call into compiled code ends first.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from storyline.pipeline import StepTimeout


@contextmanager
def alarm_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`StepTimeout` inside the block once ``seconds`` have passed."""
    if seconds <= 0:
        yield
        return
    if (
        threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0  # someone else's timer is running
    ):
        with thread_budget(seconds):
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


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Ask the interpreter to raise ``exception`` in the thread (None withdraws a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


@contextmanager
def thread_budget(seconds: float) -> Iterator[None]:
    """Raise :class:`StepTimeout` in this thread once ``seconds`` have passed in the block.

    A watchdog timer thread raises it; leaving the block first cancels the timer, and an
    exception the timer had already asked for but the block had not met yet is withdrawn,
    so nothing is raised after the block.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def expire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _raise_in(target, StepTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:
                _raise_in(target, None)
        timer.cancel()
