"""What the laptop's buttons do, as plain functions over a :class:`LaptopStore`.

The command line and the laptop window both call these, on the thread that owns
the store; they return what the teacher should read.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.laptop.review.choices import class_info, read_store
from kiosk.laptop.review.day_index import DayIndex
from kiosk.laptop.review.model import ClassInfo, ReviewChoice, ReviewReflection
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import Receipt, sync_kiosk
from kiosk.shared.sync.bundle import BUNDLE_SUFFIX, read_bundle
from kiosk.shared.sync.client import SyncError

__all__ = ["Snapshot", "SyncOutcome", "bundles_for", "import_bundle_file", "snapshot", "sync_all"]


@dataclass(frozen=True)
class Snapshot:
    """What the review window shows, read in one go so the window never waits on the store."""

    choices: list[ReviewChoice]
    info: ClassInfo
    reflections: list[ReviewReflection]
    kiosks: list[dict[str, Any]]
    centers: list[dict[str, Any]]
    children: list[dict[str, Any]]
    settings: dict[str, Any]
    events_changed: int = -1
    index: DayIndex = field(default_factory=lambda: DayIndex(()))


def snapshot(store: LaptopStore, today: date | None = None, previous: Snapshot | None = None) -> Snapshot:
    """Everything the window shows; choices past the class's retention date are purged first.

    When no choice was added or deleted since ``previous`` (an edit of the class),
    its choices are reused: a school year takes seconds to fold, the class a moment.
    """
    store.apply_retention(today or date.today())
    if previous is not None and previous.events_changed == store.events_changed:
        choices, reflections, index = previous.choices, previous.reflections, previous.index
        info = class_info(store.records("centers"), store.records("children"))
    else:
        choices, reflections, info = read_store(store)
        index = DayIndex(choices)
    kiosks = [
        {"id": kiosk_id, "name": k.get("name", kiosk_id), "address": k.get("address", ""),
         "last_receipt": k.get("last_receipt"), "unreadable": store.unreadable.get(kiosk_id, 0)}
        for kiosk_id, k in sorted(store.paired.all().items(), key=lambda item: item[1].get("name", ""))
    ]
    centers = [r for r in store.records("centers") if not r.get("deleted")]
    children = [r for r in store.records("children") if not r.get("deleted")]
    settings = next(iter(store.records("settings")), {})
    return Snapshot(choices, info, reflections, kiosks, centers, children, settings, store.events_changed, index)


@dataclass(frozen=True)
class SyncOutcome:
    """One paired kiosk's sync: its receipt, or why it failed."""

    kiosk_id: str
    name: str
    receipt: Receipt | None = None
    error: str | None = None

    def line(self) -> str:
        return self.receipt.line() if self.receipt else f"{self.name}: {self.error}"


def sync_all(
    store: LaptopStore,
    progress: Callable[[str, int, int], None] | None = None,
    *,
    only: str | None = None,
    timeout: float = 15.0,
) -> list[SyncOutcome]:
    """Sync every paired kiosk (or ``only`` that one) in turn; one unreachable kiosk does not stop the others."""
    outcomes = []
    for kiosk_id, kiosk in sorted(store.paired.all().items()):
        if only is not None and kiosk_id != only:
            continue
        name = str(kiosk.get("name", kiosk_id))

        def step(done: int, total: int, name: str = name) -> None:
            if progress is not None:
                progress(name, done, total)

        try:
            receipt = sync_kiosk(store, kiosk_id, progress=step, timeout=timeout)
            outcomes.append(SyncOutcome(kiosk_id, name, receipt=receipt))
        except SyncError as exc:
            outcomes.append(SyncOutcome(kiosk_id, name, error=str(exc)))
    return outcomes


def import_bundle_file(store: LaptopStore, path: Path) -> str:
    """Verify a USB-stick bundle under its kiosk's pairing key and merge it; the teacher's summary.

    Raises ``kiosk.pi.sync.BundleError`` (with a message for the teacher) when the
    bundle is refused; nothing is merged then.
    """
    keys = {kiosk_id: base64.b64decode(k["key"]) for kiosk_id, k in store.paired.all().items() if k.get("key")}
    bundle = read_bundle(path, keys, store.laptop_id)
    new = store.save_page(bundle.kiosk_id, list(bundle.events), bundle.last_seq)
    name = (store.paired.get(bundle.kiosk_id) or {}).get("name", bundle.kiosk_id)
    return f"Imported from {name}: {len(bundle.events)} choices in the bundle, {new} new."


def bundles_for(store: LaptopStore, sticks: list[Path]) -> list[Path]:
    """The bundles kiosks saved for this laptop on the given drives (choice-kiosk/<laptop id>/)."""
    found: list[Path] = []
    for stick in sticks:
        folder = stick / "choice-kiosk" / store.laptop_id
        if _no_link(folder.parent) and _no_link(folder) and folder.is_dir():
            # A link in the folder is listed too: importing it says why it is refused.
            found.extend(sorted(p for p in folder.iterdir() if p.suffix == BUNDLE_SUFFIX and not p.is_dir()))
    return found


def _no_link(path: Path) -> bool:
    """A folder on a stick is looked in only if it is itself on the stick (not a link elsewhere)."""
    return not path.is_symlink()
