"""What the laptop's buttons do, as plain functions over a :class:`LaptopStore`.

The command line and the laptop window both call these, on the thread that owns
the store; they return what the teacher should read.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.laptop.choice_events import read_event
from kiosk.laptop.review.choices import class_info, review_choices, review_reflections
from kiosk.laptop.review.day_index import DayIndex
from kiosk.laptop.review.model import ClassInfo, ReviewChoice, ReviewReflection
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.review.worth_a_look import Observation, worth_a_look
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import Receipt, sync_kiosk
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.sync.announced import KioskLocator
from kiosk.shared.sync.bundle import BUNDLE_SUFFIX, read_bundle
from kiosk.shared.sync.client import SyncError
from kiosk.shared.sync.clock_fix import ClockAnchor
from kiosk.shared.sync.setup_record_types import CenterRecord, ChildRecord, SettingsRecord

__all__ = [
    "ClassSetup", "KioskRow", "Snapshot", "SnapshotParts", "SyncOutcome", "bundles_for", "class_setup", "fold",
    "import_bundle_file", "snapshot", "snapshot_parts", "sync_all",
]


@dataclass(frozen=True)
class KioskRow:
    """A paired kiosk as the window's top bar lists it: its name, its last sync, its damaged lines."""

    id: str
    name: str
    address: str
    synced_at: str
    unreadable: int


@dataclass(frozen=True)
class Snapshot:
    """What the review window shows, read in one go so the window never waits on the store.

    ``since`` is set on the first, quick snapshot the window opens on (kiosk/laptop/recent_snapshot.py):
    it holds every choice from that day on and none before; None means every choice.
    """

    choices: list[ReviewChoice]
    info: ClassInfo
    reflections: list[ReviewReflection]
    kiosks: list[KioskRow]
    centers: list[CenterRecord]
    children: list[ChildRecord]
    settings: SettingsRecord
    events_changed: int = -1
    index: DayIndex = field(default_factory=lambda: DayIndex(()))
    since: date | None = None
    worth: tuple[date, list[Observation]] | None = None
    """"Worth a look" for a day, worked out with the fold (on its thread) so the tab opens at once."""

    @property
    def complete(self) -> bool:
        """True when every choice held on the laptop is in this snapshot."""
        return self.since is None

    def covers(self, rng: DateRange) -> bool:
        """True when this snapshot holds every choice of ``rng`` (its figures are final)."""
        return self.since is None or rng.start >= self.since

    def covers_day(self, day: date) -> bool:
        return self.since is None or day >= self.since


@dataclass(frozen=True)
class ClassSetup:
    """The class and the kiosks as the window lists them: quick to read, read at every snapshot."""

    info: ClassInfo
    kiosks: list[KioskRow]
    centers: list[CenterRecord]
    children: list[ChildRecord]
    settings: SettingsRecord


def class_setup(store: LaptopStore) -> ClassSetup:
    kiosks = [
        KioskRow(kiosk_id, str(k.get("name", kiosk_id)), str(k.get("address", "")),
                 str((k.get("last_receipt") or {}).get("synced_at", "")), store.choices.unreadable.get(kiosk_id, 0))
        for kiosk_id, k in sorted(store.paired.all().items(), key=lambda item: item[1].get("name", ""))
    ]
    return ClassSetup(
        info=class_info(store.setup.centers(), store.setup.children()),
        kiosks=kiosks,
        centers=[r for r in store.setup.centers() if not r.get("deleted")],
        children=[r for r in store.setup.children() if not r.get("deleted")],
        settings=store.setup.settings(),
    )


@dataclass(frozen=True)
class SnapshotParts:
    """Everything a snapshot is made of, read on the store's thread; folded anywhere (``fold``)."""

    events: list[ChoiceEvent] | None
    anchors: dict[str, list[ClockAnchor]]
    setup: ClassSetup
    events_changed: int
    reused: Snapshot | None = None
    today: date | None = None


def snapshot_parts(store: LaptopStore, today: date | None = None, previous: Snapshot | None = None) -> SnapshotParts:
    """Read what a snapshot needs; choices past the class's retention date are purged first.

    When no choice was added or deleted since a complete ``previous`` (an edit of the
    class), its choices are reused: a school year takes seconds to fold, the class a moment.
    """
    store.retention.apply(today or date.today())
    if previous is not None and previous.complete and previous.events_changed == store.events_changed:
        events, anchors, reused = None, {}, previous
    else:
        events, reused = store.choices.events(), None
        kiosk_ids = set(store.paired.all()) | {e.kiosk_id for e in events}
        anchors = {kiosk_id: store.paired.anchors(kiosk_id) for kiosk_id in sorted(kiosk_ids)}
    # The setup after the events: their read counts the damaged lines the kiosk list shows.
    return SnapshotParts(events, anchors, class_setup(store), store.events_changed, reused, today)


def fold(parts: SnapshotParts) -> Snapshot:
    """The snapshot of ``parts``: every choice folded (undos, clocks, switches) and indexed by day.

    Pure work over plain data: the window runs it on a worker thread, not the store's.
    """
    setup = parts.setup
    if parts.reused is not None:
        choices, reflections, index = parts.reused.choices, parts.reused.reflections, parts.reused.index
    else:
        events = parts.events or []
        choices, reflections = review_choices(events, parts.anchors), review_reflections(events, parts.anchors)
        index = DayIndex(choices)
    worth = (parts.today, worth_a_look(choices, setup.info, parts.today)) if parts.today is not None else None
    return Snapshot(choices, setup.info, reflections, setup.kiosks, setup.centers, setup.children, setup.settings,
                    parts.events_changed, index, worth=worth)


def snapshot(store: LaptopStore, today: date | None = None, previous: Snapshot | None = None) -> Snapshot:
    """Everything the window shows, read and folded at once (see ``snapshot_parts``)."""
    return fold(snapshot_parts(store, today, previous))


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
    discover: bool = True,
    interfaces: Sequence[str] | None = None,
) -> list[SyncOutcome]:
    """Sync every paired kiosk (or ``only`` that one) in turn; one unreachable kiosk does not stop the others.

    With ``discover`` each kiosk is first looked for where it announces itself now
    (zeroconf on ``interfaces``, or every interface; one browse of at most two seconds for
    them all, ending as soon as every kiosk answered), then at the last address it was
    reached at: a kiosk whose address changed syncs at the first try.
    """
    kiosks = {k: v for k, v in sorted(store.paired.all().items()) if only is None or k == only}
    locate = KioskLocator(kiosks, interfaces=interfaces) if discover else None
    outcomes = []
    for kiosk_id, kiosk in kiosks.items():
        name = str(kiosk.get("name", kiosk_id))

        def step(done: int, total: int, name: str = name) -> None:
            if progress is not None:
                progress(name, done, total)

        try:
            receipt = sync_kiosk(store, kiosk_id, progress=step, timeout=timeout, locate=locate)
            outcomes.append(SyncOutcome(kiosk_id, name, receipt=receipt))
        except SyncError as exc:
            outcomes.append(SyncOutcome(kiosk_id, name, error=str(exc)))
    return outcomes


def import_bundle_file(store: LaptopStore, path: Path) -> str:
    """Verify a USB-stick bundle under its kiosk's pairing key and merge it; the teacher's summary.

    Raises ``kiosk.pi.sync.BundleError`` (with a message for the teacher) when the
    bundle is refused; nothing is merged then.
    """
    keys = {kiosk_id: base64.b64decode(key) for kiosk_id, k in store.paired.all().items() if (key := k.get("key"))}
    bundle = read_bundle(path, keys, store.laptop_id)
    events = [read_event(event) for event in bundle.events]  # read_bundle checked each one
    new = store.exchange.take_events(bundle.kiosk_id, events, bundle.last_seq)
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
