"""Errors and problem reports of the storage layer, in words a teacher can act on.

Every failure the kiosk can meet on its memory card has a type here, so the app can
decide what to show (a child never sees these; the teacher does). Each error and
problem carries a stable ``code`` and its ``params`` next to the English message, so
the screens can pass them through the app's translation function.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import Sentence, as_sentence

__all__ = [
    "CorruptFileError",
    "DiskFullError",
    "StorageError",
    "StorageLockedError",
    "StorageProblem",
    "WrongThreadError",
    "error_from_os",
]

_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class StorageError(KioskError):
    """Something could not be saved; nothing half-saved was left behind.

    ``str(error)`` is the teacher-facing message; ``detail`` says what the system
    reported, for the log.
    """

    code = "storage_failed"


class DiskFullError(StorageError):
    """The memory card is full (ENOSPC) or the user's quota is used up (EDQUOT)."""

    code = "disk_full"


class WrongThreadError(StorageError):
    """A write came from a thread other than the one that opened the storage."""

    code = "wrong_thread"


class StorageLockedError(StorageError):
    """Another kiosk program already has this data directory open."""

    code = "storage_locked"


class CorruptFileError(StorageError):
    """A file on the card is empty, cut short or unreadable; ``reason`` says how."""

    code = "file_damaged"

    def __init__(self, path: Path, reason: str) -> None:
        why = as_sentence(reason)  # marked N_ where it was written, so it is translated inside this sentence
        super().__init__(Sentence("The file {name} is damaged ({reason}).", name=path.name, reason=why),
                         detail=reason)
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class StorageProblem:
    """A damaged file found while opening or reading, and what was done about it.

    ``moved_to`` is where the file was set aside (``None`` while the move is still
    pending); ``reason`` is technical, ``message`` is for the teacher.
    """

    path: Path
    moved_to: Path | None
    reason: str
    message: str
    code: str = "file_set_aside"
    params: dict[str, Any] = field(default_factory=dict)


def error_from_os(exc: OSError, what: str) -> StorageError:
    """Turn an ``OSError`` met while saving ``what`` into a teacher-readable error."""
    detail = f"{type(exc).__name__}: {exc}"
    thing = Sentence(what)  # translated with the sentence where the caller marked it (N_)
    if exc.errno in _DISK_FULL_ERRNOS:
        return DiskFullError(Sentence(
            "The kiosk's memory card is full, so {what} was not saved. "
            "Please tell the teacher: export the data to the laptop and free some space.", what=thing),
            detail=detail,
        )
    if exc.errno == errno.EROFS:
        return StorageError(Sentence(
            "The kiosk's memory card has become read-only, so {what} was not saved. "
            "Please restart the kiosk; if it happens again the card may be wearing out.", what=thing),
            detail=detail,
        )
    return StorageError(Sentence(
        "The kiosk could not write to its memory card, so {what} was not saved. "
        "Please try again; if it keeps happening, restart the kiosk.", what=thing),
        detail=detail,
    )
