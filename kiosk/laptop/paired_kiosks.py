"""The kiosks this laptop is (or was) paired with: one record each in the laptop's file.

A record holds the kiosk's name (and whether the teacher renamed it here since the last
sync), its address, certificate fingerprint and pairing key, the block of request
counters reserved on disk, its clock anchors and its last receipt. Unpairing forgets the
key and certificate but keeps the record, so the choices already here keep their kiosk.
A sync's hello is taken in one write (:meth:`PairedKiosks.heard`), and so is what its
setup told the kiosk (:meth:`PairedKiosks.told`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, cast

from tinydb import Query
from tinydb.table import Table

from kiosk.laptop.kiosk_records import PairedKioskRecord, ReceiptRecord
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.kiosk_name import kiosk_name_problem
from kiosk.shared.sync.clock_fix import ClockAnchor

__all__ = ["ANCHORS_PER_BOOT", "COUNTER_BLOCK", "PairedKiosks", "RequestCounter"]

# Request counters are reserved on disk in blocks, so a sync writes the file once per
# thousand requests, and a counter is never given out twice even after a crash.
COUNTER_BLOCK = 1000
#: Clock anchors kept per boot of a kiosk: its first and its newest (``add_anchor``).
ANCHORS_PER_BOOT = 8


class PairedKiosks:
    """The ``kiosks`` table of the laptop's file; written by the store's one writer thread."""

    def __init__(self, table: Table, writer: SingleWriter) -> None:
        self._table = table
        self._writer = writer
        self._counters: dict[str, RequestCounter] = {}
        #: Raised at every clock anchor kept: a new anchor can move the trusted times of its boot's choices.
        self.anchors_added = 0

    def all(self) -> dict[str, PairedKioskRecord]:
        """The kiosks paired now, by id."""
        return {doc["id"]: cast(PairedKioskRecord, dict(doc)) for doc in self._table.all() if doc.get("paired")}

    def get(self, kiosk_id: str) -> PairedKioskRecord | None:
        return self.all().get(kiosk_id)

    def record(self, kiosk_id: str) -> PairedKioskRecord:
        """The kiosk's stored record, paired or not; empty for a kiosk never seen."""
        return cast(PairedKioskRecord, self._table.get(Query().id == kiosk_id) or {})

    def update(self, kiosk_id: str, **fields: Any) -> None:
        self._writer.check("save a kiosk")
        old = self._table.get(Query().id == kiosk_id) or {"id": kiosk_id}
        self._table.upsert({**old, **fields}, Query().id == kiosk_id)

    def add(self, kiosk_id: str, name: str, address: str, fingerprint: str, key_b64: str, *, told: str = "") -> None:
        """Remember a newly paired kiosk (a kiosk paired again keeps its choices and checkpoint).

        ``told`` is this laptop's name as the pairing told the kiosk.
        """
        paired_at = datetime.now(UTC).isoformat(timespec="seconds")
        self.update(kiosk_id, name=name, address=address, fingerprint=fingerprint, key=key_b64, paired=True,
                    paired_at=paired_at, laptop_name_told=told)

    def laptop_name_to_tell(self, kiosk_id: str, laptop_name: str) -> str | None:
        """This laptop's name when the kiosk knows another (renamed since, or paired by an earlier version)."""
        kiosk = self.get(kiosk_id)
        return None if kiosk is not None and kiosk.get("laptop_name_told") == laptop_name else laptop_name

    def told(self, kiosk_id: str, laptop_name: str | None) -> PairedKioskRecord:
        """A sync's setup reached the kiosk: a name the teacher gave it here, and ``laptop_name`` if sent.

        Returns the kiosk's record after.
        """
        kiosk = self.record(kiosk_id)
        fields: dict[str, Any] = {"name_pending": False} if kiosk.get("name_pending") else {}
        if laptop_name is not None and kiosk.get("laptop_name_told") != laptop_name:
            fields["laptop_name_told"] = laptop_name
        if fields:
            self.update(kiosk_id, **fields)
        return cast(PairedKioskRecord, {**kiosk, **fields})

    def rename(self, kiosk_id: str, name: str) -> None:
        """The teacher names a kiosk here; the kiosk is told at the next sync."""
        problem = kiosk_name_problem(name)
        if problem:
            raise ValueError(problem)
        if self.get(kiosk_id) is None:
            raise ValueError(f"this laptop is not paired with a kiosk {kiosk_id}")
        self.update(kiosk_id, name=name.strip(), name_pending=True)

    def heard(self, kiosk_id: str, *, address: str, name: str, anchor: ClockAnchor | None) -> PairedKioskRecord:
        """The kiosk said hello at ``address``: kept as where it was last reached (and told to the other
        kiosks), its ``name`` unless the teacher renamed it here since, and its clock ``anchor``.

        One write for all three; returns the kiosk's record after.
        """
        kiosk: PairedKioskRecord = self.get(kiosk_id) or {}
        fields: dict[str, Any] = {}
        if kiosk.get("address") != address:
            fields["address"] = address
        if name and not kiosk.get("name_pending") and kiosk.get("name") != name:
            fields["name"] = name
        if anchor is not None:
            fields["anchors"] = self._with_anchor(kiosk_id, anchor)
        if fields:
            self.update(kiosk_id, **fields)
        return cast(PairedKioskRecord, {**kiosk, **fields})

    def set_address(self, kiosk_id: str, address: str) -> None:
        """The kiosk answered, with its pinned certificate, at ``address``: the last address it was reached at."""
        kiosk = self.get(kiosk_id)
        if kiosk is None or kiosk.get("address") != address:
            self.update(kiosk_id, address=address)

    def introductions(self, kiosk_id: str) -> list[dict[str, str]]:
        """The class's other paired kiosks as ``kiosk_id`` is told of them: ids, names, last addresses, fingerprints."""
        return [
            {"kiosk_id": other_id, "name": str(k.get("name", "")), "address": str(k.get("address", "")),
             "fingerprint": str(k.get("fingerprint", ""))}
            for other_id, k in sorted(self.all().items()) if other_id != kiosk_id and k.get("address")
        ]

    def remove(self, kiosk_id: str) -> bool:
        """Unpair: forget the key and certificate; the choices already here stay."""
        if self.get(kiosk_id) is None:
            return False
        self.update(kiosk_id, paired=False, key=None, fingerprint=None)
        self._counters.pop(kiosk_id, None)
        return True

    def counter(self, kiosk_id: str) -> RequestCounter:
        """The kiosk's request counters (one object per kiosk while the store is open)."""
        if kiosk_id not in self._counters:
            self._counters[kiosk_id] = RequestCounter(
                lambda: int(self.record(kiosk_id).get("counter_reserved", 0)),
                lambda up_to: self.update(kiosk_id, counter_reserved=up_to),
            )
        return self._counters[kiosk_id]

    def next_counter(self, kiosk_id: str) -> int:
        """A request counter above every one used before with this kiosk (saved in blocks)."""
        return self.counter(kiosk_id).next()

    def move_counter_past(self, kiosk_id: str, used: int) -> None:
        """The kiosk showed that counters up to ``used`` were spent (a folder restored from a backup)."""
        self.counter(kiosk_id).move_past(used)

    def anchors(self, kiosk_id: str) -> list[ClockAnchor]:
        """The kiosk's clock anchors (``add_anchor`` keeps them); a damaged stored one is passed over."""
        found = []
        for stored in self._stored_anchors(kiosk_id):
            try:
                found.append(ClockAnchor.from_dict(stored))
            except (KeyError, TypeError, ValueError):
                continue
        return found

    def _stored_anchors(self, kiosk_id: str) -> list[Any]:
        return list(self.record(kiosk_id).get("anchors", []))

    def add_anchor(self, kiosk_id: str, anchor: ClockAnchor) -> None:
        """Keep a clock anchor of the kiosk; at most ``ANCHORS_PER_BOOT`` per boot."""
        self.update(kiosk_id, anchors=self._with_anchor(kiosk_id, anchor))

    def _with_anchor(self, kiosk_id: str, anchor: ClockAnchor) -> list[object]:
        """The kiosk's anchors with ``anchor`` added, at most ``ANCHORS_PER_BOOT`` per boot.

        Every boot keeps anchors (``correct_walls`` needs one to correct that boot's
        choices, however old), so the list grows with boots, not with syncs: of a
        boot's anchors the first and the newest are kept.
        """
        added = {"boot_id": anchor.boot_id, "mono": anchor.mono, "wall": anchor.wall}
        anchors: list[object] = [*self._stored_anchors(kiosk_id), added]  # stored ones may be damaged
        self.anchors_added += 1
        same = [n for n, a in enumerate(anchors) if isinstance(a, dict) and a.get("boot_id") == anchor.boot_id]
        if len(same) > ANCHORS_PER_BOOT:
            dropped = set(same[1 : len(same) - ANCHORS_PER_BOOT + 1])
            anchors = [a for n, a in enumerate(anchors) if n not in dropped]
        return anchors

    def save_receipt(self, kiosk_id: str, receipt: ReceiptRecord) -> None:
        self.update(kiosk_id, last_receipt=receipt)


class RequestCounter:
    """One kiosk's request counters, handed out from a block reserved on disk before use.

    ``reserved`` reads how far counters are reserved on disk; ``reserve(up_to)`` saves a
    new reservation. A counter is never given out twice, even after a crash: a block is
    saved before its first counter is used.
    """

    def __init__(self, reserved: Callable[[], int], reserve: Callable[[int], None]) -> None:
        self._reserved_on_disk = reserved
        self._reserve = reserve
        self._next = 0
        self._reserved = 0

    def next(self) -> int:
        """A counter above every one used before with this kiosk."""
        if self._next == 0 or self._next > self._reserved:
            start = self._reserved_on_disk() + 1
            self._reserved = start + COUNTER_BLOCK - 1
            self._reserve(self._reserved)
            self._next = start
        self._next += 1
        return self._next - 1

    def move_past(self, used: int) -> None:
        """The kiosk showed that counters up to ``used`` were spent (a folder restored from a backup)."""
        if used >= self._next:  # every counter handed out since the store opened is at most ``used``
            self._reserve(used)
            self._next = self._reserved = 0  # the next counter is reserved above ``used``
