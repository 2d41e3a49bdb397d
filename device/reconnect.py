"""How long to wait between attempts to reopen a reader's port.

Short waits first (a cable wiggle comes back at once), then a cap, so a reader that
returns after minutes is back within ``max_delay`` while an absent one costs one
failed ``open`` per second.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from device.errors import ReaderSettingsError

__all__ = ["ReconnectPolicy"]


@dataclass(frozen=True)
class ReconnectPolicy:
    """Waits of ``first_delay`` seconds, multiplied by ``factor`` each time, capped at ``max_delay``."""

    first_delay: float = 0.1
    max_delay: float = 1.0
    factor: float = 2.0

    def __post_init__(self) -> None:
        if not (0 < self.first_delay <= self.max_delay and self.factor >= 1):
            raise ReaderSettingsError(
                "Reconnect delays need 0 < first_delay <= max_delay and factor >= 1."
            )

    def delays(self) -> Iterator[float]:
        """An endless series of waits for one outage."""
        delay = self.first_delay
        while True:
            yield delay
            delay = min(delay * self.factor, self.max_delay)
