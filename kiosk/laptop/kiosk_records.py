"""What the laptop keeps of each paired kiosk, typed: its record and the receipt of its last sync.

TypedDicts rather than dataclasses, because the records are documents of the laptop's file
(TinyDB's ``kiosks`` table) updated a few fields at a time, and a folder written by another
version may hold fields this one does not know: the record stays the stored dict, typed.
Every field is optional (``total=False``): a kiosk never seen has an empty record.
"""

from __future__ import annotations

from typing import TypedDict

__all__ = ["PairedKioskRecord", "ReceiptRecord"]


class ReceiptRecord(TypedDict, total=False):
    """A sync's receipt as the kiosk's record keeps it (kiosk/laptop/receipt.py): no deleted child's name."""

    kiosk_id: str
    kiosk_name: str
    sent: int
    received: int
    new: int
    checkpoint: int
    synced_at: str
    clock_problem: str | None
    setup_changed: list[str]
    lost_edits: list[str]
    #: How many children the sync deleted (their names are not kept).
    children_deleted: int
    agree: bool


class PairedKioskRecord(TypedDict, total=False):
    """A kiosk this laptop is or was paired with (kiosk/laptop/paired_kiosks.py says what each field is for)."""

    id: str
    name: str
    #: The teacher renamed the kiosk here; it is told at the next sync.
    name_pending: bool
    address: str
    #: The pinned certificate's fingerprint and the pairing key (base64): None once unpaired.
    fingerprint: str | None
    key: str | None
    paired: bool
    paired_at: str
    laptop_name_told: str
    counter_reserved: int
    #: Clock anchors as stored ({"boot_id", "mono", "wall"}); a damaged one is passed over when read.
    anchors: list[object]
    last_receipt: ReceiptRecord
    #: The checkpoint as laptops kept it in the kiosk's record before the choice files held it (read once).
    floor: int
