"""The laptop's data: paired kiosks, their choices, the class setup.

Layout (owner-only, like the kiosk's)::

    <laptop dir>/
      .lock              one laptop program at a time
      identity/          the laptop's TLS certificate and key
      laptop.json        TinyDB on AtomicJSONStorage: meta, kiosks, centers, children, settings
      events/<kiosk>.choices   that kiosk's choices: its own journal lines (kiosk/laptop/choice_file.py)
      photos/<child>.png|jpg   children's photos (kiosk/shared/sync/photos.py)

A page of the kiosk's lines is appended as it arrives, then a checkpoint mark, then
one fsync; a page that did not arrive whole is cut off, and a sync cut at any point
asks again from the last whole line. Lines are checked when read for the review.
Deleting a child or passing the retention date rewrites the files without those
choices (``purge_events``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import platformdirs
from tinydb import Query, TinyDB

from kiosk.laptop.choice_file import ChoiceFile
from kiosk.laptop.deletions import DeletionOffers, newly_deleted
from kiosk.laptop.language import laptop_translator
from kiosk.laptop.old_journals import move_old_journals
from kiosk.laptop.page_watch import PageWatch
from kiosk.laptop.paired_kiosks import COUNTER_BLOCK, PairedKiosks
from kiosk.laptop.retention import retention_day, retention_doomed
from kiosk.laptop.this_laptop import ThisLaptop
from kiosk.shared.badge_secrets import FILE_NAME as SECRETS_FILE
from kiosk.shared.badge_secrets import BadgeSecretsFile
from kiosk.shared.files.atomic_storage import AtomicJSONStorage
from kiosk.shared.files.durable_io import FileOps, make_private_dir
from kiosk.shared.files.single_writer import DirectoryLock, SingleWriter
from kiosk.shared.seq_ranges import merge_ranges, seq_ranges
from kiosk.shared.sync.clock_fix import ClockAnchor
from kiosk.shared.sync.config_merge import LAPTOP, SEEDED, merge_configs, tombstone
from kiosk.shared.sync.edit_stamps import next_stamp
from kiosk.shared.sync.identity import Identity, load_or_create_identity
from kiosk.shared.sync.merge import merge_logs, merge_page
from kiosk.shared.sync.photos import check_photo, photo_name, photo_of, remove_photos, sha256_hex, write_photo
from kiosk.shared.text.i18n import N_

__all__ = ["ANCHORS_PER_BOOT", "CHOICES", "COUNTER_BLOCK", "KINDS", "LaptopStore", "default_laptop_dir"]

KINDS = ("centers", "children", "settings")
CHOICES = ".choices"  # events/<kiosk id>.choices: kiosk/laptop/choice_file.py
ANCHORS_PER_BOOT = 8


def default_laptop_dir() -> Path:
    return Path(platformdirs.user_data_dir("choice-kiosk-laptop", appauthor=False))



class LaptopStore:
    """Everything the laptop keeps; written by the thread that opened it."""

    def __init__(self, directory: Path, *, ops: FileOps | None = None) -> None:
        self.directory = Path(directory)
        self._ops = ops or FileOps()
        make_private_dir(self._ops, self.directory)
        self._lock = DirectoryLock(
            self.directory,
            N_("The laptop's data is already open in another Choice Kiosk window or command. "
               "Close the other one and try again."),
        )
        try:
            self._writer = SingleWriter()
            self.identity: Identity = load_or_create_identity(self.directory / "identity", "choice-kiosk laptop")
            self._db = TinyDB(self.directory / "laptop.json", storage=AtomicJSONStorage, ops=self._ops)
            make_private_dir(self._ops, self.directory / "events")
        except BaseException:
            self._lock.release()
            raise
        self._files: dict[str, ChoiceFile] = {}
        #: The kiosks this laptop is or was paired with: names, addresses, keys, counters, anchors.
        self.paired = PairedKiosks(self._db.table("kiosks"), self._writer)
        #: Per kiosk, lines of its file that failed their checks at the last read (see ``events``).
        self.unreadable: dict[str, int] = {}
        #: Raised whenever choices are added or deleted or a clock anchor arrives, so a reader
        #: can tell its folded copy of the choices is still current.
        self.events_changed = 0
        #: Children deleted on another laptop whose earlier exports the window offers to delete (deletions.py).
        self.deletion_offers = DeletionOffers(self._meta, self._set_meta)
        #: The laptop's id, its name as the kiosks show it, the class key (this_laptop.py).
        self.me = ThisLaptop(self._meta, self._set_meta, lambda words: laptop_translator(self)(words))
        move_old_journals(self.directory / "events", self._ops, self._file,
                          lambda kiosk_id: int(self.paired.record(kiosk_id).get("floor", 0)))

    # -- small helpers ------------------------------------------------------------
    def _meta(self, key: str, default: Any = None) -> Any:
        found = self._db.table("meta").get(Query().id == key)
        return default if found is None else found["value"]

    def _set_meta(self, key: str, value: Any) -> None:
        self._writer.check("save a laptop value")
        self._db.table("meta").upsert({"id": key, "value": value}, Query().id == key)

    @property
    def laptop_id(self) -> str:
        return self.me.laptop_id

    @property
    def laptop_name(self) -> str:
        return self.me.name

    # -- choices ------------------------------------------------------------------
    def _file(self, kiosk_id: str) -> ChoiceFile:
        if kiosk_id not in self._files:
            self._files[kiosk_id] = ChoiceFile(self.directory / "events" / f"{kiosk_id}{CHOICES}", kiosk_id, self._ops)
        return self._files[kiosk_id]

    def events(self, kiosk_id: str | None = None) -> list[dict[str, Any]]:
        """One kiosk's choices, or every kiosk's merged, ordered by kiosk and seq.

        Every line is checked here (the sync only appended them); lines that fail are
        left out and counted in :attr:`unreadable`, by kiosk.
        """
        ids = [kiosk_id] if kiosk_id else sorted(self._known_kiosk_ids())
        logs = []
        for kiosk in ids:
            read = self._file(kiosk).read()
            self.unreadable[kiosk] = read.unreadable
            logs.append(read.events)
        return logs[0] if len(logs) == 1 else merge_logs(*logs)

    def choice_files(self) -> list[ChoiceFile]:
        """Each kiosk's choice file held here, by kiosk id (the review reads their newest lines first)."""
        return [self._file(kiosk_id) for kiosk_id in sorted(self._known_kiosk_ids())]

    def _known_kiosk_ids(self) -> Iterable[str]:
        yield from (path.name[: -len(CHOICES)] for path in (self.directory / "events").glob(f"*{CHOICES}"))

    def checkpoint(self, kiosk_id: str) -> int:
        """The seq up to which this laptop holds every choice of the kiosk (read from its file's end)."""
        return self._file(kiosk_id).floor()

    def save_lines(self, kiosk_id: str, chunks: Iterable[bytes], through: int, *, size: int, lines: int) -> int:
        """Keep a page of the kiosk's journal lines as they arrive; returns how many.

        The bytes go to the file unparsed, then the checkpoint mark, then one fsync
        (kiosk/laptop/choice_file.py); a page that is not whole is cut off again
        (``ValueError``). The kiosk purged deleted children's choices before sending
        (the setup is synced first); should one still arrive, it is purged here at once.
        """
        self._writer.check("save choices")
        gone = [f'"child_id":"{r["id"]}"'.encode() for r in self.records("children") if r.get("deleted")]
        watch = PageWatch(gone)
        saved = self._file(kiosk_id).append_stream(
            watch.watch(chunks), through, expected_bytes=size, expected_lines=lines
        )
        if saved:
            self.events_changed += 1
        if watch.found:
            self.purge_events(self._purged())
        purged_through = str(self._meta("purged_through", ""))
        if purged_through and watch.first_day() <= purged_through:
            self._retention_purge(kiosk_id, purged_through)
        return saved

    def save_page(self, kiosk_id: str, events: list[dict[str, Any]], through: int) -> int:
        """Keep choices read from a USB bundle (checked); returns how many were new.

        ``through`` (the bundle's last seq) moves the checkpoint only when the page
        joins on to it; above a gap the next sync still asks for the gap and what
        follows (the union by id then drops the second copies when reading).
        """
        self._writer.check("save choices")
        page = merge_page(events, kiosk_id)  # every event checked once
        file = self._file(kiosk_id)
        held = {e["id"] for e in file.read().events}
        purged = self._purged()
        fresh = [e for e in page if e["id"] not in held and not purged(e)]
        floor = file.floor()
        joins = not page or page[0]["seq"] <= floor + 1
        if fresh or (joins and through > floor):
            file.append_events(fresh, through if joins else floor)
        if not fresh:
            return 0
        self.events_changed += 1
        purged_through = str(self._meta("purged_through", ""))
        if purged_through and min(str(e.get("day", "")) for e in fresh) <= purged_through:
            return len(fresh) - self._retention_purge(kiosk_id, purged_through)
        return len(fresh)

    # -- privacy: deleting choices for good ----------------------------------------
    def purge_events(self, doomed: Callable[[dict[str, Any]], bool]) -> int:
        """Remove every choice ``doomed`` picks from the files, not just from view.

        Each kiosk's file that holds one is rebuilt without them (a new file
        written whole, fsynced, renamed over the old: a crash leaves old or new).
        The checkpoint stays, so the kiosk is not asked for them again.
        """
        self._writer.check("delete choices")
        removed = 0
        for file in self.choice_files():
            read = file.read()
            keep = [e for e in read.events if not doomed(e)]
            if len(keep) == len(read.events):
                continue
            removed += len(read.events) - len(keep)
            self.events_changed += 1
            file.rewrite(keep, max(read.floor, file.floor()))
        return removed

    def _purged(self) -> Callable[[dict[str, Any]], bool]:
        """Whether a choice is a deleted child's: a kiosk that has not synced since may still send them.

        Choices past retention are judged by their corrected day after they are kept
        (``_retention_purge``), never by the day a kiosk's clock believed.
        """
        gone = {r["id"] for r in self.records("children") if r.get("deleted")}
        return lambda e: e.get("child_id") in gone

    def purge_child(self, child_id: str) -> int:
        """Delete a child everywhere on this laptop: a tombstone for the record, their photo and choices gone.

        Returns how many choices went. The window offers the child's earlier exports at once.
        """
        removed = self.delete_record("children", child_id)
        self.deletion_offers.settled(child_id)
        return removed

    def _forget_children(self, gone: dict[str, str]) -> int:
        """Children a merge deleted (here, or on another laptop at its sync): their choices and photos go too."""
        for child_id in gone:
            remove_photos(self.directory, child_id)
        self.deletion_offers.add(gone)
        return self.purge_events(lambda e: e.get("child_id") in gone)

    # -- photos -----------------------------------------------------------------
    def save_photo(self, child_id: str, data: bytes) -> tuple[str, str]:
        """Keep a child's photo (checked, owner-only); returns its name and SHA-256 for the record."""
        self._writer.check("save a photo")
        name = photo_name(child_id, check_photo(data))
        remove_photos(self.directory, child_id)
        write_photo(self.directory, name, data, self._ops)
        return name, sha256_hex(data)

    def photo(self, name: str) -> bytes | None:
        """A saved photo's bytes by its name in a child's record, or None."""
        path = self.directory / name
        return path.read_bytes() if photo_of(name) and path.is_file() else None

    def purge_through(self, day: str) -> int:
        """Retention: remove every choice made on or before ``day`` (ISO date), by its corrected day.

        ``purged_through`` is saved first (from then on arriving pages are judged too),
        ``purge_done_through`` once the files are rewritten: a later call for a day
        already done reads nothing, and a purge cut by a crash runs again.
        """
        if day <= str(self._meta("purge_done_through", "")):
            return 0
        if day > str(self._meta("purged_through", "")):
            self._set_meta("purged_through", day)
        removed = sum(self._retention_purge(kiosk_id, day) for kiosk_id in sorted(self._known_kiosk_ids()))
        self._set_meta("purge_done_through", day)
        return removed

    def _retention_purge(self, kiosk_id: str, day: str) -> int:
        """Delete one kiosk's choices past ``day`` by their corrected time; note their seqs for the kiosk.

        Choices whose time is doubtful stay (counted in :meth:`doubtful_kept`): a clock
        that was wrong never decides that a choice is old (kiosk/laptop/retention.py).
        """
        file = self._file(kiosk_id)
        read = file.read()
        anchors = [ClockAnchor.from_dict(a) for a in self.paired.anchors(kiosk_id)]
        doomed, doubtful = retention_doomed(read.events, anchors, date.fromisoformat(day))
        kept = dict(self._meta("retention_doubtful", {}) or {})
        if kept.get(kiosk_id, 0) != doubtful:
            self._set_meta("retention_doubtful", {**kept, kiosk_id: doubtful})
        if not doomed:
            return 0
        seqs = [int(e["seq"]) for e in read.events if e["id"] in doomed]
        purged = dict(self._meta("retention_seqs", {}) or {})
        self._set_meta("retention_seqs", {**purged, kiosk_id: merge_ranges(purged.get(kiosk_id, []), seq_ranges(seqs))})
        file.rewrite([e for e in read.events if e["id"] not in doomed], max(read.floor, file.floor()))
        self.events_changed += 1
        return len(doomed)

    def purged_seqs(self, kiosk_id: str) -> list[list[int]]:
        """The seqs of this kiosk's choices deleted here by retention, as runs: the kiosk deletes them too."""
        return list((self._meta("retention_seqs", {}) or {}).get(kiosk_id, []))

    def doubtful_kept(self) -> int:
        """Choices kept past the retention date because their kiosk's clock was wrong when they were made."""
        return sum(int(n) for n in (self._meta("retention_doubtful", {}) or {}).values())

    def apply_retention(self, today: date) -> int:
        """Purge through the class's retention day once it has passed (kiosk/laptop/retention.py)."""
        settings = next(iter(self.records("settings")), {})
        through = retention_day(str(settings.get("retention_until", "")), today)
        return 0 if through is None else self.purge_through(through.isoformat())

    # -- clock anchors and receipts -------------------------------------------
    def add_anchor(self, kiosk_id: str, anchor: dict[str, Any]) -> None:
        """Keep a clock anchor of the kiosk; at most ``ANCHORS_PER_BOOT`` per boot.

        Every boot keeps anchors (``correct_walls`` needs one to correct that boot's
        choices, however old), so the list grows with boots, not with syncs: of a
        boot's anchors the first and the newest are kept.
        """
        anchors: list[object] = [*self.paired.anchors(kiosk_id), anchor]  # stored ones may be damaged
        self.events_changed += 1  # a new anchor can move the trusted times of that boot's choices
        boot = anchor.get("boot_id")
        same = [n for n, a in enumerate(anchors) if isinstance(a, dict) and a.get("boot_id") == boot]
        if len(same) > ANCHORS_PER_BOOT:
            dropped = set(same[1 : len(same) - ANCHORS_PER_BOOT + 1])
            anchors = [a for n, a in enumerate(anchors) if n not in dropped]
        self.paired.update(kiosk_id, anchors=anchors)

    # -- badge secrets ---------------------------------------------------------
    def _secrets_file(self) -> BadgeSecretsFile:
        """The badge secrets, apart from the records (an earlier version kept them in laptop.json)."""
        secrets = BadgeSecretsFile(self.directory / SECRETS_FILE)
        kept = self._meta("badge_secrets", None)
        if kept is not None:
            secrets.take_from(None, kept)
            self._set_meta("badge_secrets", None)
        return secrets

    def badge_secrets(self) -> list[str]:
        """Every kiosk's badge secret, learnt in syncs and handed on to every kiosk."""
        return self._secrets_file().known()

    def add_badge_secrets(self, secrets: Iterable[str]) -> None:
        self._secrets_file().learn(secrets)

    # -- setup records ----------------------------------------------------------
    def records(self, kind: str) -> list[dict[str, Any]]:
        return sorted((dict(d) for d in self._db.table(kind).all()), key=lambda r: r["id"])

    def replace_records(self, kind: str, records: list[dict[str, Any]]) -> None:
        self._writer.check("save the setup")
        storage = self._db.storage
        assert isinstance(storage, AtomicJSONStorage)
        with storage.batch():
            table = self._db.table(kind)
            table.truncate()
            table.insert_multiple(records)

    def merge_records(self, kind: str, incoming: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Merge setup records by the rule of config_merge.py; a child's deletion takes their choices and photo."""
        return self._merge_setup(kind, incoming)[0]

    def _merge_setup(self, kind: str, incoming: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
        """The records after merging, and how many choices of children it deleted went with them.

        A deleted child's choices and photo go before the tombstone is saved: cut in between,
        the next merge finds the child still live here and deletes again (nothing is left behind).
        """
        before = self.records(kind)
        merged = merge_configs(before, incoming)
        removed = 0
        if merged != before:
            gone = newly_deleted(before, merged) if kind == "children" else {}
            if gone:
                removed = self._forget_children(gone)
            self.replace_records(kind, merged)
        return merged, removed

    def edit_record(self, kind: str, record: dict[str, Any]) -> dict[str, Any]:
        """The teacher edits a center or child on the laptop: next rev, stamped laptop, based on the version edited."""
        old = next((r for r in self.records(kind) if r["id"] == record["id"]), None)
        stored = {**record, "rev": (old["rev"] if old else 0) + 1, "edited_at": self._stamp(), "edited_by": LAPTOP}
        stored.pop("base", None)
        stored.pop(SEEDED, None)  # an edit by the teacher is an edit, whatever it was made from
        if old and old.get("edited_at"):
            stored["base"] = old["edited_at"]
        self.merge_records(kind, [stored])
        return stored

    def delete_record(self, kind: str, record_id: str) -> int:
        """A tombstone for the record; returns how many choices went with it (a child's)."""
        old = next((r for r in self.records(kind) if r["id"] == record_id), None)
        rev = (old["rev"] if old else 0) + 1
        return self._merge_setup(kind, [tombstone(record_id, rev=rev, edited_at=self._stamp(), edited_by=LAPTOP)])[1]

    def _stamp(self) -> str:
        """Now, or just after the newest edit this laptop has seen (kiosk/shared/sync/edit_stamps.py)."""
        seen = (r.get("edited_at") for kind in KINDS for r in self.records(kind))
        return next_stamp(datetime.now(UTC), seen)

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> LaptopStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
