"""The laptops paired with this kiosk: who may sync, and the counters that refuse a replay.

Kept in the setup's meta values, so a pairing and an accepted counter are saved in the
same atomic batch as the rest of the request that carried them:

``sync_laptops``   paired laptops: name, certificate, fingerprint, pairing key
``sync_counters``  per laptop, the highest request counter accepted

Every method runs on the storage thread, as the rest of the sync backend.
"""

from __future__ import annotations

import base64
from typing import Any

from kiosk.pi.storage import SetupStore
from kiosk.shared.clock import Clock
from kiosk.shared.sync.laptop_name import names_told_apart

__all__ = ["PairedLaptops"]


class PairedLaptops:
    """The paired laptops of one kiosk, over its setup store."""

    def __init__(self, config: SetupStore, clock: Clock) -> None:
        self._config = config
        self._clock = clock

    def all(self) -> dict[str, dict[str, Any]]:
        return dict(self._config.get_meta("sync_laptops", {}) or {})

    def by_fingerprint(self, fingerprint: str) -> tuple[str, dict[str, Any]] | None:
        for laptop_id, laptop in self.all().items():
            if laptop["fingerprint"] == fingerprint:
                return laptop_id, laptop
        return None

    def add(self, laptop_id: str, name: str, cert_pem: str, fingerprint: str, key: bytes) -> None:
        laptops = self.all()
        laptops[laptop_id] = {
            "name": name,
            "cert": cert_pem,
            "fingerprint": fingerprint,
            "key": base64.b64encode(key).decode("ascii"),
            "paired_at": self._clock.now().isoformat(timespec="seconds"),
        }
        self._config.put_meta("sync_laptops", laptops)

    def rename(self, laptop_id: str, name: str) -> None:
        """The laptop's teacher named it (checked by the caller): the Laptop tab shows the new name."""
        laptops = self.all()
        if laptop_id in laptops and laptops[laptop_id].get("name") != name:
            laptops[laptop_id] = {**laptops[laptop_id], "name": name}
            self._config.put_meta("sync_laptops", laptops)

    def shown_names(self) -> dict[str, str]:
        """Laptop id → its name as the Laptop tab shows it: two laptops of one name get a part of their ids."""
        return names_told_apart({laptop_id: str(laptop.get("name") or laptop_id)
                                 for laptop_id, laptop in self.all().items()})

    def remove(self, laptop_id: str) -> bool:
        """Unpair a laptop (the teacher at the kiosk, or the laptop asking)."""
        laptops = self.all()
        if laptops.pop(laptop_id, None) is None:
            return False
        self._config.put_meta("sync_laptops", laptops)
        return True

    def last_counter(self, laptop_id: str) -> int:
        return int((self._config.get_meta("sync_counters", {}) or {}).get(laptop_id, 0))

    def accept_counter(self, laptop_id: str, counter: int) -> bool:
        """Record ``counter`` if it is above every one seen from this laptop."""
        if counter <= self.last_counter(laptop_id):
            return False
        counters = dict(self._config.get_meta("sync_counters", {}) or {})
        counters[laptop_id] = counter
        self._config.put_meta("sync_counters", counters)
        return True
