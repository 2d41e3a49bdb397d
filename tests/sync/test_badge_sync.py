"""One badge enrolled on two kiosks of a class counts once, on both kiosks and the laptop.

Real kiosks (storage, sync server on 127.0.0.1) with the real KioskService on each
storage thread, and a real laptop store syncing both.
"""

from __future__ import annotations

from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.service import KioskService
from kiosk.shared.badges import new_badge_secret

from .net_helpers import Kiosk, pair


def _service(kiosk: Kiosk) -> KioskService:
    def make() -> KioskService:
        kiosk.storage.config.put_meta("badge_secret", new_badge_secret())
        service = KioskService(kiosk.storage, kiosk.clock, kiosk.kiosk_id, kiosk.storage.config.get_meta("badge_secret"))
        kiosk.backend._on_config_changed = service.reload_config  # as the app wires it
        return service
    return kiosk.storage_thread(make)


def _badges_of_ann(records) -> list[str]:
    return next(c for c in records if c["id"] == "ann")["badges"]


def _sync_both(laptop, kiosks) -> None:
    for k in kiosks:
        sync_kiosk(laptop, k.kiosk_id, timeout=10)


def test_a_badge_enrolled_on_two_kiosks_before_a_sync_counts_once_after_its_next_scan(kiosk, kiosk_b, laptop):
    services = {k.kiosk_id: _service(k) for k in (kiosk, kiosk_b)}
    for k in (kiosk, kiosk_b):
        pair(k, laptop)
        assert k.storage_thread(lambda k=k: services[k.kiosk_id].badges.enrol("ann", "0A1B2C3D4E")) is None
    _sync_both(laptop, (kiosk, kiosk_b))
    _sync_both(laptop, (kiosk, kiosk_b))
    assert len(_badges_of_ann(laptop.setup.records("children"))) == 2  # two secrets, two keys: not yet known as one
    owner = kiosk.storage_thread(lambda: services["kioskA"].badges.owner("0a1b2c3d4e"))  # a child taps on kiosk A
    assert owner.child.id == "ann"
    _sync_both(laptop, (kiosk, kiosk_b))
    _sync_both(laptop, (kiosk, kiosk_b))
    assert len(_badges_of_ann(laptop.setup.records("children"))) == 1  # the laptop's Class tab: 1 badge
    for k in (kiosk, kiosk_b):
        assert len(k.storage_thread(lambda k=k: services[k.kiosk_id].child("ann").badges)) == 1
        assert k.storage_thread(lambda k=k: services[k.kiosk_id].badges.owner("0A1B2C3D4E")).child.id == "ann"


def test_after_a_sync_two_kiosks_enrol_a_new_badge_as_one_key(kiosk, kiosk_b, laptop):
    services = {k.kiosk_id: _service(k) for k in (kiosk, kiosk_b)}
    for k in (kiosk, kiosk_b):
        pair(k, laptop)
    _sync_both(laptop, (kiosk, kiosk_b))
    _sync_both(laptop, (kiosk, kiosk_b))  # now both know both secrets
    for k in (kiosk, kiosk_b):
        assert k.storage_thread(lambda k=k: services[k.kiosk_id].badges.enrol("ann", "5566778899")) is None
    _sync_both(laptop, (kiosk, kiosk_b))
    assert len(_badges_of_ann(laptop.setup.records("children"))) == 1
