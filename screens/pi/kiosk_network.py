"""The kiosk on the classroom network: the laptop's sync service, its announcement, the watch on its peers.

Built by the composition root's ``network`` step, which the App runs after its first
frame: these modules (TLS and pairing through ``cryptography`` and ``spake2``,
``http.server``, zeroconf) cost a Pi-class core about a third of a second to import,
and nothing on Welcome needs them before a child can see it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kiosk.pi.bootstrap import KioskServices
from kiosk.pi.peers import PeerToday
from kiosk.pi.sync.kiosk_side import KioskSyncBackend
from kiosk.pi.sync.peer_claims import PeerSettler
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.pi.sync.server import KioskSyncServer
from kiosk.shared.sync.announced import AnnouncedKiosks
from kiosk.shared.sync.discovery import KioskAdvertiser
from kiosk.shared.sync.identity import load_or_create_identity
from kiosk.shared.text.i18n import Sentence
from screens.pi.clock_storage_thread import ClockStorageThread

__all__ = ["KioskNetwork", "build_kiosk_network", "build_sync_server"]


@dataclass
class KioskNetwork:
    """What the App starts after its first frame and stops when it closes (all None when sync cannot run)."""

    sync_server: KioskSyncServer | None
    sync_problem: str | None
    advertiser: KioskAdvertiser | None
    peer_watcher: PeerWatcher | None


def build_sync_server(services: KioskServices, port: int) -> tuple[KioskSyncServer | None, str | None]:
    """The kiosk's sync service (not started), or why it cannot run."""
    backend = KioskSyncBackend(services.storage, services.clock, on_config_changed=services.service.reload_config,
                               class_desk=services.service.class_desk)
    identity = load_or_create_identity(services.data_dir / "sync", f"choice-kiosk {backend.kiosk_id}")
    try:
        return KioskSyncServer(backend, ClockStorageThread(), identity, port=port), None
    except OSError as error:
        return None, Sentence(
            "Laptop sync is off: port {port} could not be opened ({error}).", port=port, error=error.strerror
        )


def build_kiosk_network(
    services: KioskServices, port: int, advertise: bool, peer_answered: Callable[[PeerToday], None],
    interfaces: Sequence[str] | None = None,
) -> KioskNetwork:
    """Every network part, none started; choices are settled with the peers from now on (answers on the UI thread).

    ``interfaces`` (addresses) limits the announcement and the search for peers to them (tests: loopback).
    """
    server, problem = build_sync_server(services, port)
    if server is None:
        return KioskNetwork(None, problem, None, None)
    backend = server.backend
    port = server.address[1]
    advertiser = KioskAdvertiser(backend.kiosk_id, backend.kiosk_name, port, interfaces) if advertise else None
    announced = AnnouncedKiosks(interfaces) if advertise else None  # peers are asked where they announce themselves now
    watcher = PeerWatcher(server.identity, backend.kiosk_id, peer_answered, announced=announced)
    from kivy.clock import Clock

    services.service.class_desk.settler = PeerSettler(
        server.identity, backend.kiosk_id, watcher, lambda fn: Clock.schedule_once(lambda _dt: fn())
    )
    return KioskNetwork(server, None, advertiser, watcher)
