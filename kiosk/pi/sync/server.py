"""The kiosk's sync service: the transport and the route table, started and stopped.

It answers paired laptops (TLS client certificate pinned by fingerprint, plus a
request MAC and counter, see :mod:`.protocol`) and, while the teacher has a
pairing window open, the two pairing requests. What each request does is
:mod:`.routes` (no sockets); sockets, TLS, connection bounds and deadlines are
:mod:`.transport` and :mod:`.connections`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from kiosk.pi.sync.connections import ConnectionLimits
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.pi.sync.routes import LinesAnswer, SyncRoutes
from kiosk.pi.sync.transport import SyncTransport
from kiosk.shared.sync.identity import Identity
from kiosk.shared.sync.pairing import PairingWindow
from kiosk.shared.sync.storage_thread import StorageThread
from kiosk.shared.sync.tls_contexts import server_context

__all__ = ["DEFAULT_PORT", "ConnectionLimits", "KioskSyncServer", "LinesAnswer"]

DEFAULT_PORT = 8765


class KioskSyncServer:
    """The sync service of one kiosk; ``start()`` it, ``stop()`` it."""

    def __init__(
        self,
        backend: KioskSyncBackend,
        storage_thread: StorageThread,
        identity: Identity,
        *,
        host: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        monotonic: Callable[[], float] = time.monotonic,
        timeout: float = 15.0,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self.backend = backend
        self.storage_thread = storage_thread
        self.identity = identity
        self.timeout = timeout
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self.routes = SyncRoutes(backend, storage_thread, identity, monotonic, self._reload_trust)
        self._context = self._build_context()
        self.limits = limits or ConnectionLimits(idle_timeout=timeout)
        self._transport = SyncTransport((host, port), self.routes, self.tls_context, self.limits)
        self._thread: threading.Thread | None = None

    # -- life cycle -----------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        host, port = self._transport.server_address[:2]
        return str(host), int(port)

    @property
    def connections(self) -> int:
        """Connections held now (each with its worker thread)."""
        return len(self._transport.table)

    @property
    def max_connections(self) -> int:
        return self._transport.table.max_total

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._transport.serve_forever, args=(0.05,), name="kiosk-sync", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._transport.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._transport.server_close()
        self._transport.close_all()  # a kept-open connection would otherwise still be answered

    # -- TLS --------------------------------------------------------------------
    def _build_context(self) -> Any:
        certs = [laptop["cert"] for laptop in self.storage_thread(self.backend.paired.all).values()]
        return server_context(self.identity, certs)

    def tls_context(self) -> Any:
        with self._lock:
            return self._context

    def _reload_trust(self) -> None:
        context = self._build_context()
        with self._lock:
            self._context = context

    # -- what the teacher does at the kiosk --------------------------------------
    def open_pairing(self) -> PairingWindow:
        """Open a pairing window; show ``window.code`` for ``window.seconds``."""
        return self.routes.open_pairing()

    def close_pairing(self) -> None:
        self.routes.close_pairing()

    def pairing_window(self) -> PairingWindow | None:
        return self.routes.pairing_window()

    def pairing_code(self) -> tuple[str, float] | None:
        """The code to show and its seconds left, on the server's own clock; None when closed."""
        window = self.routes.pairing_window()
        now = self._monotonic()
        if window is None or not window.is_open(now):
            return None
        return window.code, window.seconds_left(now)

    def pairing_closed_reason(self) -> str | None:
        """Why the last pairing window closed without pairing (wrong codes, expired), for teacher mode."""
        window = self.routes.pairing_window()
        if window is None or window.used:  # a pairing that worked shows as the paired laptop
            return None
        return window.why_closed(self._monotonic())

    def unpair(self, laptop_id: str) -> bool:
        """Forget a laptop; its certificate is refused from the next connection on."""
        removed = self.storage_thread(lambda: self.backend.paired.remove(laptop_id))
        self._reload_trust()
        return removed
