"""A kiosk of a class run inside a network namespace by a test: sync server, zeroconf, and its peer watcher.

``python -m tests.sync.netns_class_kiosk DIR KIOSK_ID PORT`` serves on 0.0.0.0:PORT,
announces every address the namespace has (looking again every half second), records
12 choices, and answers one JSON line per command read on stdin:

``pair``    open a pairing window → ``{"code"}``
``peers``   ask every peer of the class once, as the app's watcher does (its addresses
            found by zeroconf first) → ``{"answered": {peer: address}, "errors": {peer: text}, "introduced": {peer: address}}``

It stops when stdin closes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.pi.peers import PeerToday
from kiosk.pi.sync.peer_watch import PeerWatcher
from kiosk.shared.sync.announced import AnnouncedKiosks
from kiosk.shared.sync.discovery import KioskAdvertiser

from .net_helpers import start_kiosk


def main() -> None:
    directory, kiosk_id, port = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    kiosk = start_kiosk(directory, kiosk_id, host="0.0.0.0", port=port)
    kiosk.add_events(12)
    advertiser = KioskAdvertiser(kiosk.kiosk_id, kiosk.backend.kiosk_name, port, follow_seconds=0.5)
    advertiser.start()
    heard: list[PeerToday] = []
    watcher = PeerWatcher(kiosk.server.identity, kiosk_id, heard.append, timeout=3, announced=AnnouncedKiosks())
    try:
        for line in sys.stdin:
            command = line.strip()
            if command == "pair":
                answer: dict[str, object] = {"code": kiosk.server.open_pairing().code}
            elif command == "peers":
                peers = kiosk.storage_thread(kiosk.backend.class_peers)
                watcher.set_peers(peers)
                watcher.poll_once()
                known = peers.kiosks if peers is not None else ()
                answer = {
                    "answered": {p.kiosk_id: watcher.address_of(p.kiosk_id) for p in known
                                 if watcher.last_error.get(p.kiosk_id) is None},
                    "errors": {k: v for k, v in watcher.last_error.items() if v},
                    "introduced": {p.kiosk_id: p.address for p in known},
                }
            else:
                answer = {"error": f"unknown command {command!r}"}
            print(json.dumps(answer), flush=True)
    finally:
        watcher.stop()
        advertiser.stop()
        kiosk.stop()


if __name__ == "__main__":
    main()
