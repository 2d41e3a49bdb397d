"""What the kiosk's sync server may read and change, over the kiosk's storage.

:class:`KioskSyncBackend` is built from a :class:`~kiosk.storage.KioskStorage`
and every method must run on the storage's owner thread (the server calls it
through its owner executor). It keeps its own state in the setup's meta values:

``sync_laptops``   paired laptops: name, certificate, fingerprint, pairing key
``sync_counters``  per laptop, the highest request counter accepted (replays)
``sync_anchors``   the last clock anchors (laptop time at this boot's mono time)
``sync_receipts``  per laptop, the last sync: choices sent and received, when
"""

from __future__ import annotations

import base64
from typing import Any, Callable

from kiosk.clock import Clock
from kiosk.domain import Center, Child
from kiosk.storage import KioskStorage

from .clock_fix import check_clock, parse_wall
from .config_merge import ConfigFormatError, merge_configs
from .merge import EventFormatError, page_after

__all__ = ["EPOCH", "KioskSyncBackend"]

EPOCH = "1970-01-01T00:00:00+00:00"
_KEEP_ANCHORS = 50
_KINDS = {"centers": Center, "children": Child}


class KioskSyncBackend:
    """The kiosk's side of a sync; call every method on the storage's owner thread."""

    def __init__(
        self, storage: KioskStorage, clock: Clock, *, on_config_changed: Callable[[], None] | None = None
    ) -> None:
        self._storage = storage
        self._config = storage.config
        self._clock = clock
        self._on_config_changed = on_config_changed
        self._sent: dict[str, int] = {}

    @property
    def kiosk_id(self) -> str:
        return str(self._config.get_meta("kiosk_id"))

    @property
    def kiosk_name(self) -> str:
        return str(self._config.get_meta("classroom_name") or "Choice Kiosk")

    # -- paired laptops -------------------------------------------------------
    def laptops(self) -> dict[str, dict[str, Any]]:
        return dict(self._config.get_meta("sync_laptops", {}) or {})

    def laptop_by_fingerprint(self, fingerprint: str) -> tuple[str, dict[str, Any]] | None:
        for laptop_id, laptop in self.laptops().items():
            if laptop["fingerprint"] == fingerprint:
                return laptop_id, laptop
        return None

    def pairing_key(self, laptop_id: str) -> bytes:
        return base64.b64decode(self.laptops()[laptop_id]["key"])

    def add_laptop(self, laptop_id: str, name: str, cert_pem: str, fingerprint: str, key: bytes) -> None:
        laptops = self.laptops()
        laptops[laptop_id] = {
            "name": name,
            "cert": cert_pem,
            "fingerprint": fingerprint,
            "key": base64.b64encode(key).decode("ascii"),
            "paired_at": self._clock.now().isoformat(timespec="seconds"),
        }
        self._config.put_meta("sync_laptops", laptops)

    def remove_laptop(self, laptop_id: str) -> bool:
        """Unpair a laptop (the teacher at the kiosk, or the laptop asking)."""
        laptops = self.laptops()
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

    # -- a sync ---------------------------------------------------------------
    def hello(self, laptop_id: str, laptop_time: str) -> dict[str, Any]:
        """Record the laptop's time as a clock anchor; say where this kiosk stands."""
        try:
            parse_wall(laptop_time)
        except EventFormatError:
            raise ValueError("laptop_time is not an ISO 8601 time") from None
        anchor = {"boot_id": self._clock.boot_id, "mono": round(self._clock.monotonic(), 3), "wall": laptop_time}
        anchors = list(self._config.get_meta("sync_anchors", []) or [])[-(_KEEP_ANCHORS - 1):] + [anchor]
        self._config.put_meta("sync_anchors", anchors)
        self._sent[laptop_id] = 0
        events = self._storage.events
        last = events.last_seq()
        last_wall = None
        if last:
            newest = list(events.since(last - 1))
            last_wall = newest[-1]["wall"] if newest else None
        problem = check_clock(self._clock.now().isoformat(), last_event_wall=last_wall, laptop_wall=laptop_time)
        return {
            "kiosk_id": self.kiosk_id,
            "kiosk_name": self.kiosk_name,
            "last_seq": last,
            "anchor": anchor,
            "clock_problem": None if problem is None else {"code": problem.code, "message": problem.message},
        }

    def events_page(self, laptop_id: str, after: int, limit: int) -> dict[str, Any]:
        """The next page of this kiosk's log after ``after`` (at most ``limit`` events)."""
        wanted: list[dict[str, Any]] = []
        for event in self._storage.events.since(after):
            if len(wanted) >= limit and event["seq"] != wanted[-1]["seq"]:
                wanted.append(event)  # one past the page tells page_after there is more
                break
            wanted.append(event)
        page = page_after(wanted, after, limit)
        self._sent[laptop_id] = self._sent.get(laptop_id, 0) + len(page.events)
        return {
            "kiosk_id": self.kiosk_id,
            "after": page.after,
            "through": page.through,
            "more": page.more,
            "events": list(page.events),
        }

    def records(self) -> dict[str, list[dict[str, Any]]]:
        """This kiosk's centers and children as versioned sync records."""
        stamped = {"edited_at": EPOCH, "edited_by": self.kiosk_id}
        return {
            "centers": [{**stamped, **c} for c in self._config.get_centers()],
            "children": [{**stamped, **c} for c in self._config.get_children()],
        }

    def merge_config(self, theirs: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """Merge the laptop's records into this kiosk's; returns this kiosk's records after.

        Everything is checked before anything is saved: a record the kiosk could
        not use raises ``ValueError`` and nothing changes.
        """
        ours = self.records()
        plans: list[tuple[str, dict[str, Any]]] = []
        for kind, model in _KINDS.items():
            try:
                merged = merge_configs(ours[kind], theirs[kind])
            except ConfigFormatError as exc:
                raise ValueError(exc.message) from None
            held = {r["id"]: r for r in ours[kind]}
            for record in merged:
                old = held.get(record["id"])
                if record.get("deleted"):
                    if old is not None:
                        plans.append((kind, record))
                    continue
                try:
                    model.from_dict(record)
                except (KeyError, TypeError, ValueError) as exc:
                    raise ValueError(f"the {kind[:-1]} {record['id']} is not usable here ({exc!r})") from None
                if old is None or _content(old) != _content(record):
                    plans.append((kind, record))
        for kind, record in plans:
            if kind == "centers":
                self._apply(record, self._config.put_center, self._config.remove_center)
            else:
                self._apply(record, self._config.put_child, self._config.remove_child)
        if plans and self._on_config_changed is not None:
            self._on_config_changed()
        return self.records()

    @staticmethod
    def _apply(record: dict[str, Any], put: Callable[[dict[str, Any]], Any], remove: Callable[[str], Any]) -> None:
        if record.get("deleted"):
            remove(record["id"])
        else:
            put({k: v for k, v in record.items() if k != "rev"})

    def receipt(self, laptop_id: str, received: int, laptop_time: str) -> dict[str, Any]:
        """Close a sync: the choices this kiosk sent since the hello, as the laptop counted them."""
        sent = self._sent.pop(laptop_id, 0)
        receipt = {
            "sent": sent,
            "received": received,
            "agree": sent == received,
            "kiosk_time": self._clock.now().isoformat(timespec="seconds"),
            "laptop_time": laptop_time,
            "last_seq": self._storage.events.last_seq(),
        }
        receipts = dict(self._config.get_meta("sync_receipts", {}) or {})
        receipts[laptop_id] = receipt
        self._config.put_meta("sync_receipts", receipts)
        return receipt

    def receipts(self) -> dict[str, dict[str, Any]]:
        """The last receipt per laptop, for the kiosk's sync status screen."""
        return dict(self._config.get_meta("sync_receipts", {}) or {})


def _content(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "rev"}
