"""A real kiosk sync server on 127.0.0.1 with real TLS, and a laptop store, for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.laptop.store import CHOICES, LaptopStore
from kiosk.laptop.sync import pair_with_kiosk
from kiosk.pi.setup_stamps import kiosk_stamper
from kiosk.pi.storage import KioskStorage
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.pi.sync.server import ConnectionLimits, KioskSyncServer
from kiosk.shared.clock import ManualClock
from kiosk.shared.files.journal_format import decode_line
from kiosk.shared.sync.identity import load_or_create_identity
from kiosk.shared.sync.storage_thread import QueuedStorageThread

from .events import event

SEGMENT = 100  # choices per day file on the test kiosks: a lines page (page_bytes=1) holds one


class Mono:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


CENTER = {"id": "lego", "name": "Lego Stories", "purpose": "build a story", "picture": "lego.png",
          "colour": "#ff0000", "seats": 4, "open_today": True}
KEEP_UNTIL = "2099-07-31"
CHILD = {"id": "ann", "first_name": "Ann", "picture": "cat.png", "badges": []}


@dataclass
class Kiosk:
    kiosk_id: str
    storage_thread: QueuedStorageThread
    storage: KioskStorage
    backend: KioskSyncBackend
    server: KioskSyncServer
    mono: Mono
    clock: ManualClock

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.address[1]}"

    def add_events(self, count: int) -> None:
        def add() -> None:
            start = self.storage.events.last_seq()
            for seq in range(start + 1, start + count + 1):
                self.storage.events.append(event(self.kiosk_id, seq, child=f"c{seq % 7}", event_id=f"{self.kiosk_id}-{seq}"))
        self.storage_thread(add)

    def meta(self, key: str) -> Any:
        return self.storage_thread(lambda: self.storage.config.get_meta(key))

    def children(self) -> list[dict[str, Any]]:
        return self.storage_thread(self.storage.config.get_children)

    def centers(self) -> list[dict[str, Any]]:
        return self.storage_thread(self.storage.config.get_centers)

    def config_file(self) -> bytes:
        return self.storage.config.path.read_bytes()

    def restart_server(self) -> None:
        self.server.stop()
        self.server = KioskSyncServer(self.backend, self.storage_thread, self.server.identity, host="127.0.0.1", port=0,
                                      monotonic=self.mono, timeout=5)
        self.server.start()

    def stop(self) -> None:
        self.server.stop()
        self.storage_thread(self.storage.close)
        self.storage_thread.stop()


def ids_in_file(laptop: LaptopStore, kiosk_id: str) -> list[str]:
    """Every event id written in the laptop's file of ``kiosk_id``, as often as it is written."""
    path = laptop.directory / "events" / f"{kiosk_id}{CHOICES}"
    ids = []
    for line in path.read_bytes().splitlines()[1:]:
        entry = decode_line(line)
        if "id" in entry:  # an event, not a checkpoint mark
            ids.append(entry["id"])
    return ids


def start_kiosk(
    directory: Path, kiosk_id: str = "kioskA", limits: ConnectionLimits | None = None, host: str = "127.0.0.1",
    port: int = 0,
) -> Kiosk:
    storage_thread = QueuedStorageThread()
    storage = storage_thread(lambda: KioskStorage.open(directory, segment_limit=SEGMENT))
    settings = {"retention_until": KEEP_UNTIL}  # fixed test dates must not age out (tests/sync/test_privacy_sync.py)
    storage_thread(lambda: storage.config.seed([CENTER], [CHILD], settings, {"kiosk_id": kiosk_id, "classroom_name": f"Room {kiosk_id}"}))
    clock = ManualClock(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    storage.config.stamper = kiosk_stamper(clock, storage.config)  # as build_kiosk does
    backend = KioskSyncBackend(storage, clock)
    identity = load_or_create_identity(directory / "sync", "choice-kiosk " + kiosk_id)
    mono = Mono()
    server = KioskSyncServer(backend, storage_thread, identity, host=host, port=port, monotonic=mono, timeout=5,
                             limits=limits)
    server.start()
    return Kiosk(kiosk_id, storage_thread, storage, backend, server, mono, clock)


def pair(kiosk: Kiosk, laptop: LaptopStore) -> None:
    window = kiosk.server.open_pairing()
    pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
