"""Kiosks of one class composed as the app composes them, in one test process, each behind a link the test can cut.

Each kiosk has its storage thread (the UI thread's stand-in), the real service
(``build_kiosk``), its real sync server on 127.0.0.1 with real TLS, the peer watcher
and the settler; the other kiosks reach it only through a :class:`Link`, a TCP relay
on 127.0.0.1 that the test takes down (every connection refused and the open ones
cut) and brings back. A laptop pairs with each kiosk through its link and introduces
them to each other, as in a classroom.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk
from kiosk.pi.bootstrap import KioskServices, build_kiosk
from kiosk.pi.peers import PeerToday
from kiosk.pi.rules import Outcome
from kiosk.pi.service import ChoiceResult
from kiosk.pi.speech import SilentSpeaker
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.pi.sync.peer_claims import PeerSettler
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.pi.sync.server import KioskSyncServer
from kiosk.shared.domain import Method
from kiosk.shared.sync.identity import load_or_create_identity
from kiosk.shared.sync.storage_thread import QueuedStorageThread
from tests.waiting import HANG_S


class Link:
    """A TCP relay to ``target``; ``down()`` refuses new connections and cuts the open ones."""

    def __init__(self, target: tuple[str, int]) -> None:
        self._target = target
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        self._up = True
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, name="link", daemon=True).start()

    def down(self) -> None:
        with self._lock:
            self._up = False
            cut, self._open = self._open, set()
        for sock in cut:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def up(self) -> None:
        with self._lock:
            self._up = True

    def close(self) -> None:
        self.down()
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                up = self._up
            if not up:
                client.close()
                continue
            try:
                server = socket.create_connection(self._target)
            except OSError:
                client.close()
                continue
            for sock in (client, server):  # relay each piece at once, as a switch would (no Nagle wait)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@dataclass
class ClassKiosk:
    name: str
    storage_thread: QueuedStorageThread
    services: KioskServices
    server: KioskSyncServer
    watcher: PeerWatcher
    settler: PeerSettler
    link: Link

    @property
    def kiosk_id(self) -> str:
        return self.services.service.kiosk_id

    def call(self, fn: Callable[[], Any]) -> Any:
        return self.storage_thread(fn)

    def choose(self, child: str, center: str) -> ChoiceResult:
        """A child's confirmed tap, as Choose makes it: settled with the peers, then its result."""
        done = threading.Event()
        found: list[ChoiceResult] = []

        def settled(result: ChoiceResult) -> None:
            found.append(result)
            done.set()

        def start() -> None:
            first = self.services.service.choose(child, center, Method.TAP, on_settled=settled)
            if first.decision.outcome is not Outcome.SETTLING:
                settled(first)

        self.storage_thread(start)
        assert done.wait(HANG_S), f"{self.name}: the choice was never settled"
        return found[0]

    def look(self) -> None:
        """The watcher asks every peer once now; the answers are taken in on the storage thread."""
        self.watcher.poll_once()
        self.storage_thread(lambda: None)

    def stop(self) -> None:
        self.settler.close()
        self.server.stop()
        self.link.close()
        self.storage_thread(self.services.close)
        self.storage_thread.stop()


def start_class_kiosk(directory: Path, name: str, bound: float) -> ClassKiosk:
    storage_thread = QueuedStorageThread(name=f"storage-{name}")
    services = storage_thread(lambda: build_kiosk(directory, speaker=SilentSpeaker()))
    service = services.service
    backend = storage_thread(lambda: KioskSyncBackend(services.storage, services.clock, on_config_changed=service.reload_config,
                                             class_desk=service.class_desk))
    identity = load_or_create_identity(directory / "sync", f"choice-kiosk {name}")
    server = KioskSyncServer(backend, storage_thread, identity, host="127.0.0.1", port=0, timeout=5)
    server.start()
    link = Link(server.address)

    def deliver(answer: PeerToday) -> None:
        storage_thread.submit(lambda: service.take_peer_day(answer))

    watcher = PeerWatcher(identity, service.kiosk_id, deliver, timeout=5)
    settler = PeerSettler(identity, service.kiosk_id, watcher, storage_thread.submit, bound=bound)
    service.class_desk.settler = settler
    return ClassKiosk(name, storage_thread, services, server, watcher, settler, link)


def introduce(kiosks: list[ClassKiosk], laptop: LaptopStore) -> None:
    """The laptop pairs with every kiosk through its link, then syncs each: they know each other."""
    for kiosk in kiosks:
        window = kiosk.server.open_pairing()
        pair_with_kiosk(laptop, kiosk.link.address, window.code, timeout=10)
    for kiosk in kiosks:
        sync_kiosk(laptop, kiosk.kiosk_id, timeout=10)
    for kiosk in kiosks:
        kiosk.watcher.set_peers(kiosk.storage_thread(kiosk.server.backend.class_peers))
