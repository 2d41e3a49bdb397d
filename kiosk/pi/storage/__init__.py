"""Crash-safe storage for the kiosk: a journal of checksummed lines, and TinyDB on an atomic file.

``KioskStorage.open(data_dir)`` gives the choice log (:class:`EventLog`) and the
setup (:class:`ConfigStore`). A choice is on the card before ``append`` returns,
recording costs the same on day 180 as on day 1, damaged files are set aside and
reported (never read as empty), and only one thread writes. See docs/STORAGE.md.
``interfaces`` says, as Protocols, what the kiosk's service needs of all this.
"""

from __future__ import annotations

from kiosk.pi.storage.config_store import ConfigStore
from kiosk.pi.storage.event_log import DEFAULT_SEGMENT_LIMIT, EventLog
from kiosk.pi.storage.interfaces import ChoiceLog, ServiceStorage, SetupStore
from kiosk.pi.storage.kiosk_storage import KioskStorage, default_data_dir
from kiosk.shared.files.atomic_storage import AtomicJSONStorage
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.errors import (
    CorruptFileError,
    DiskFullError,
    StorageError,
    StorageLockedError,
    StorageProblem,
    WrongThreadError,
)

__all__ = [
    "DEFAULT_SEGMENT_LIMIT",
    "AtomicJSONStorage",
    "ChoiceLog",
    "ConfigStore",
    "CorruptFileError",
    "DiskFullError",
    "EventLog",
    "FileOps",
    "KioskStorage",
    "ServiceStorage",
    "SetupStore",
    "StorageError",
    "StorageLockedError",
    "StorageProblem",
    "WrongThreadError",
    "default_data_dir",
]
