"""The one interface the app sees: a badge reader that calls back with badge ids.

Every reader (serial, simulated, and whatever comes next) has ``start(on_scan,
on_status)`` and ``stop()``. Callbacks may run on a reader thread: they must not touch
the UI or the storage, only hand the value over (the Kivy app schedules it on the main
thread). Badge ids are normalised strings: upper-case hex for RDM6300 and ID-12
readers, the characters as sent for line readers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from kiosk.shared.text.i18n import N_

__all__ = ["BadgeReader", "ReaderStatus", "ScanCallback", "StatusCallback"]


@dataclass(frozen=True)
class ReaderStatus:
    """Whether a reader works now; ``message`` is for the teacher, ``detail`` for a technician.

    ``code`` (``reader_online`` / ``reader_offline``) and ``params`` let the app
    translate the message.
    """

    online: bool
    message: str
    code: str
    params: Mapping[str, str] = field(default_factory=dict)
    detail: str = ""

    @classmethod
    def ready(cls, name: str) -> ReaderStatus:
        """The reader called ``name`` is listening."""
        return cls(True, N_("Badge reader ready."), "reader_online", {"name": name}, name)

    @classmethod
    def offline(cls, name: str, detail: str, reason: str = "") -> ReaderStatus:
        """The reader called ``name`` cannot be used now; ``detail`` says why, ``reason`` is its code."""
        return cls(
            False,
            N_("The badge reader is offline: children can tap their picture. "
               "Check the reader's cable; the kiosk reconnects by itself."),
            "reader_offline",
            {"name": name, "reason": reason},
            detail,
        )


ScanCallback = Callable[[str], None]
StatusCallback = Callable[[ReaderStatus], None]


@runtime_checkable
class BadgeReader(Protocol):
    """A source of badge scans."""

    def start(self, on_scan: ScanCallback, on_status: StatusCallback) -> None:
        """Begin reading: ``on_scan(badge_id)`` per scan, ``on_status`` on every change."""

    def stop(self) -> None:
        """Stop reading and release the device; no callback runs after this returns."""
