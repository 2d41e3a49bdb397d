"""Waiting on a condition instead of a fixed sleep or a wall-clock limit.

A test waits for what it expects to happen (a log line, a closed connection, a count)
and fails only when it never happens: ``HANG_S`` is far beyond any real delay, so a
busy machine is never mistaken for a bug. How fast is fast enough is a benchmark's
question (``choice-kiosk bench ...``), not a test's.
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["HANG_S", "wait_until"]

HANG_S = 30.0


def wait_until(condition: Callable[[], bool], timeout: float = HANG_S, interval: float = 0.01) -> bool:
    """True as soon as ``condition()`` holds; False if it still does not after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)
    return True
