"""A kiosk's sync service and zeroconf announcement, run inside a network namespace by a test.

``python -m tests.sync.netns_kiosk DIR`` serves on 0.0.0.0:8765, announces every
address the namespace has (following them as they change), opens a pairing
window, prints one JSON line ``{"code", "kiosk_id"}`` and runs until stdin closes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kiosk.shared.sync.discovery import KioskAdvertiser

from .net_helpers import start_kiosk


def main() -> None:
    kiosk = start_kiosk(Path(sys.argv[1]), "kioskNS", host="0.0.0.0", port=8765)
    kiosk.add_events(12)
    advertiser = KioskAdvertiser(kiosk.kiosk_id, kiosk.backend.kiosk_name, 8765, follow_seconds=0.5)
    advertiser.start()
    window = kiosk.server.open_pairing()
    print(json.dumps({"code": window.code, "kiosk_id": kiosk.kiosk_id}), flush=True)
    sys.stdin.read()
    advertiser.stop()
    kiosk.stop()


if __name__ == "__main__":
    main()
