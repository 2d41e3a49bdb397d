"""A kiosk and a laptop as real processes, so the sync tests can SIGKILL either one.

Run as a script (``PYTHONPATH`` = the repository), one role per process:

``sync_actors.py kiosk DATA_DIR KIOSK_ID``
    Opens the kiosk's storage on an storage thread, serves sync on 127.0.0.1 (port
    0) and prints ``ready <port> <last_seq>``. Then it obeys one command per
    stdin line and answers one line each: ``pair`` → ``code <6 digits>``;
    ``add N`` → ``added <last_seq>`` (N choices recorded, each fsynced);
    ``now N`` → ``added <last_seq>`` (N choices stamped by this process's own clocks,
    wall, boot id and monotonic, as the kiosk records them: run it under
    ``faketime`` for a Pi whose clock is wrong);
    ``record`` → ``recording`` (a thread keeps recording a choice every few ms
    through the storage thread, as the UI would while a sync runs); ``stop`` →
    ``stopped <last_seq>``; ``dump PATH`` → ``dumped`` (every event, the receipts
    and the last seq as JSON in PATH). End of input ends the process.

``sync_actors.py laptop LAPTOP_DIR KIOSK_ID ADDRESS PAGE_SIZE``
    Opens the laptop's store, points the kiosk at ADDRESS (a restarted kiosk
    has a new port) and runs one ``sync_kiosk``, printing ``start`` before the
    hello, ``page <done> <total>`` after each page was saved, and at the end
    ``done <sent> <received> <new>`` (exit 0) or ``error <message>`` (exit 3).

Every line is flushed at once, so the test can kill right after a given line.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.storage import KioskStorage
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.pi.sync.server import KioskSyncServer
from kiosk.shared.clock import SystemClock
from kiosk.shared.sync.client import SyncError
from kiosk.shared.sync.identity import load_or_create_identity
from kiosk.shared.sync.storage_thread import QueuedStorageThread

CENTER = {"id": "lego", "name": "Lego Stories", "purpose": "build a story", "picture": "lego.png",
          "colour": "#ff0000", "seats": 4, "open_today": True}
CHILD = {"id": "ann", "first_name": "Ann", "picture": "cat.png", "badges": []}
BOOT = uuid.uuid4().hex


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def school_year_start(today: date) -> date:
    """1 August of the school year holding ``today``: choices of an ended year are purged at sync."""
    return date(today.year if today.month >= 8 else today.year - 1, 8, 1)


def choice(kiosk_id: str, seq: int, *, per_day: int = 150) -> dict[str, Any]:
    """One valid choice event; the day moves every ``per_day`` seqs through this school year."""
    day = (school_year_start(date.today()) + timedelta(days=seq // per_day)).isoformat()
    return {
        "id": uuid.uuid4().hex, "kiosk_id": kiosk_id, "seq": seq,
        "child_id": f"child-{seq % 24:02d}", "center_id": f"center-{seq % 9}",
        "kind": "chose", "method": "tap", "wall": f"{day}T09:{seq % 60:02d}:00+00:00",
        "day": day, "boot_id": BOOT, "mono": float(seq), "ref": None,
    }


class KioskActor:
    """A kiosk's storage, storage thread and sync server, driven by stdin commands."""

    def __init__(self, data_dir: Path, kiosk_id: str) -> None:
        self.kiosk_id = kiosk_id
        self.storage_thread = QueuedStorageThread()
        # Day files of at most 50 choices: a page of lines holds one, so a sync has several pages to cut between.
        self.storage = self.storage_thread(lambda: KioskStorage.open(data_dir, segment_limit=50))
        if self.storage_thread(lambda: self.storage.config.get_meta("kiosk_id")) is None:
            self.storage_thread(lambda: self.storage.config.seed(
                [CENTER], [CHILD], {}, {"kiosk_id": kiosk_id, "classroom_name": f"Room {kiosk_id}"}))
        self.backend = KioskSyncBackend(self.storage, SystemClock())
        identity = load_or_create_identity(data_dir / "sync", "choice-kiosk " + kiosk_id)
        self.server = KioskSyncServer(self.backend, self.storage_thread, identity, host="127.0.0.1", port=0, timeout=10)
        self._recording = threading.Event()
        self._recorder: threading.Thread | None = None

    def last_seq(self) -> int:
        return int(self.storage_thread(self.storage.events.last_seq))

    def add(self, count: int) -> int:
        def work() -> int:
            log = self.storage.events
            for _ in range(count):
                log.append(choice(self.kiosk_id, log.last_seq() + 1))
            return log.last_seq()

        return int(self.storage_thread(work))

    def add_now(self, count: int) -> int:
        clock = SystemClock()

        def work() -> int:
            log = self.storage.events
            for _ in range(count):
                seq = log.last_seq() + 1
                now = clock.now()
                log.append({**choice(self.kiosk_id, seq), "wall": now.isoformat(), "day": now.date().isoformat(),
                            "boot_id": clock.boot_id, "mono": round(clock.monotonic(), 3)})
            return log.last_seq()

        return int(self.storage_thread(work))

    def _record(self) -> None:
        while self._recording.is_set():
            self.add(1)
            time.sleep(0.002)

    def record(self) -> None:
        self._recording.set()
        self._recorder = threading.Thread(target=self._record, name="recorder", daemon=True)
        self._recorder.start()

    def stop(self) -> int:
        self._recording.clear()
        if self._recorder is not None:
            self._recorder.join()
            self._recorder = None
        return self.last_seq()

    def dump(self, path: Path) -> None:
        def work() -> dict[str, Any]:
            return {
                "events": list(self.storage.events.since(0)),
                "receipts": self.backend.receipts(),
                "last_seq": self.storage.events.last_seq(),
            }

        path.write_text(json.dumps(self.storage_thread(work)), encoding="utf-8")

    def serve(self, commands: Any) -> None:
        self.server.start()
        say(f"ready {self.server.address[1]} {self.last_seq()}")
        handlers: dict[str, Callable[[list[str]], str]] = {
            "pair": lambda _: f"code {self.server.open_pairing().code}",
            "add": lambda a: f"added {self.add(int(a[0]))}",
            "now": lambda a: f"added {self.add_now(int(a[0]))}",
            "record": lambda _: (self.record(), "recording")[1],
            "stop": lambda _: f"stopped {self.stop()}",
            "dump": lambda a: (self.dump(Path(a[0])), "dumped")[1],
        }
        for line in commands:
            word, *rest = line.split()
            say(handlers[word](rest))
        self.stop()
        self.server.stop()
        self.storage_thread(self.storage.close)
        self.storage_thread.stop()


def run_laptop(laptop_dir: Path, kiosk_id: str, address: str, page_bytes: int) -> int:
    """One sync of one kiosk, reporting each saved page on stdout."""
    with LaptopStore(laptop_dir) as store:
        store.paired.set_address(kiosk_id, address)
        say("start")
        try:
            receipt = sync_kiosk(store, kiosk_id, page_bytes=page_bytes, timeout=10,
                                 progress=lambda done, total: say(f"page {done} {total}"))
        except SyncError as exc:
            say("error " + str(exc).replace("\n", " "))
            return 3
        say(f"done {receipt.sent} {receipt.received} {receipt.new}")
        return 0


def main(argv: list[str]) -> int:
    role = argv[1]
    if role == "kiosk":
        KioskActor(Path(argv[2]), argv[3]).serve(sys.stdin)
        return 0
    if role == "laptop":
        return run_laptop(Path(argv[2]), argv[3], argv[4], int(argv[5]))
    raise SystemExit(f"unknown role {role!r}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
