"""One sync runs down and back once: each step's answer is handed to the store, or the backend, in one call.

Following the kiosk id through a real sync over TLS (tests/sync/trip.py): the laptop's
orchestration (kiosk/laptop/sync.py) hands the store one call per step — the hello, the
setup, each page, the receipt — and never asks it anything between; on the kiosk every
signed request is answered by the backend in one call on the storage thread, the routes
never running there.
"""

from __future__ import annotations

from kiosk.laptop.sync import sync_kiosk

from .net_helpers import pair
from .trip import following

LAPTOP_LAYERS = {
    "kiosk/laptop/": "store",
    "kiosk/laptop/sync.py": "sync",
    "kiosk/laptop/kiosk_link.py": "link",
    "kiosk/shared/sync/client.py": "link",
}
KIOSK_LAYERS = {
    "kiosk/pi/sync/": "backend",
    "kiosk/pi/sync/routes.py": "routes",
    "kiosk/pi/sync/transport.py": "routes",
    "kiosk/pi/sync/server.py": "routes",
    "kiosk/pi/storage/": "storage",
}


def test_the_laptop_hands_the_store_one_call_per_step(kiosk, laptop):
    kiosk.add_events(250)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)  # the setup settles
    kiosk.add_events(300)  # pages of one day file each: the rest of the one half held, then three
    pages: list[int] = []
    with following("kiosk_id") as trip:
        receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5, progress=lambda done, _total: pages.append(done))
    print(trip.summary(LAPTOP_LAYERS))
    assert receipt.received == 300 and receipt.agree and len(pages) == 4
    (runs,) = trip.layered(LAPTOP_LAYERS)
    steps = runs[runs.index("sync", 1):]  # once connected
    assert steps == ["sync", "store"] * (1 + 1 + len(pages) + 1) + ["sync"]  # hello, setup, each page, receipt


def test_the_kiosk_answers_each_request_in_one_call_of_its_backend(tmp_path, laptop):
    from .net_helpers import start_kiosk

    with following("laptop_id", threads=True) as trip:
        kiosk = start_kiosk(tmp_path / "kiosk-traced")  # its storage thread starts traced
        try:
            kiosk.add_events(150)
            pair(kiosk, laptop)
            trip.by_thread.clear()
            receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5)
        finally:
            kiosk.stop()
    print(trip.summary(KIOSK_LAYERS))
    assert receipt.received == 150 and receipt.agree
    layered = trip.layered(KIOSK_LAYERS)
    on_storage_thread = [runs for runs in layered if "backend" in runs]
    assert on_storage_thread == [["backend"]], layered
