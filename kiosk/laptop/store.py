"""The laptop's data: paired kiosks, their choices, the class setup, photos — one part per job.

Layout (owner-only, like the kiosk's)::

    <laptop dir>/
      .lock              one laptop program at a time
      identity/          the laptop's TLS certificate and key
      laptop.json        TinyDB on AtomicJSONStorage: meta, kiosks, centers, children, settings
      badge-secrets.json the class's badge secrets (kiosk/shared/badge_secrets.py)
      events/<kiosk>.choices   that kiosk's choices: its own journal lines (kiosk/laptop/choice_file.py)
      photos/<child>.png|jpg   children's photos (kiosk/shared/sync/photos.py)

:class:`LaptopStore` opens the folder (one program at a time, one writer thread) and
hands each part what it needs:

``paired``           the kiosks paired with (paired_kiosks.py)
``me``               this laptop's id, name and class key (this_laptop.py)
``choices``          every kiosk's choice file (choice_files.py)
``setup``            the centers, children and settings (setup_records.py)
``photos``           the children's photos (child_photos.py)
``retention``        retention carried out (retention_purges.py)
``badge_secrets``    the class's badge secrets
``deletion_offers``  children deleted elsewhere whose exports the window offers to delete (deletions.py)
``exchange``         each step of a sync, or a USB bundle, applied in one call (exchange.py)

A child deleted — here, or by a merge bringing another laptop's deletion — takes their
choices and photo with them (:meth:`LaptopStore.purge_child`, ``_forget_children``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import platformdirs
from tinydb import TinyDB

from kiosk.laptop.child_photos import ChildPhotos
from kiosk.laptop.choice_files import CHOICES, ChoiceFiles
from kiosk.laptop.deletions import DeletionOffers
from kiosk.laptop.exchange import KioskExchange
from kiosk.laptop.language import laptop_translator
from kiosk.laptop.meta_values import MetaValues
from kiosk.laptop.old_journals import move_old_journals
from kiosk.laptop.paired_kiosks import PairedKiosks
from kiosk.laptop.retention_purges import RetentionPurges
from kiosk.laptop.setup_records import KINDS, SetupRecords
from kiosk.laptop.this_laptop import ThisLaptop
from kiosk.shared.badge_secrets import FILE_NAME as SECRETS_FILE
from kiosk.shared.badge_secrets import BadgeSecretsFile
from kiosk.shared.files.atomic_storage import AtomicJSONStorage
from kiosk.shared.files.durable_io import FileOps, make_private_dir
from kiosk.shared.files.single_writer import DirectoryLock, SingleWriter
from kiosk.shared.sync.identity import Identity, load_or_create_identity
from kiosk.shared.text.i18n import N_

__all__ = ["CHOICES", "KINDS", "LaptopStore", "default_laptop_dir"]

#: The key under which the oldest laptop versions kept a kiosk's checkpoint in its record.
_OLD_CHECKPOINT_KEY: Final = "floor"


def default_laptop_dir() -> Path:
    return Path(platformdirs.user_data_dir("choice-kiosk-laptop", appauthor=False))


class LaptopStore:
    """Everything the laptop keeps, one part per job; written by the thread that opened it."""

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
            writer = SingleWriter()
            self.identity: Identity = load_or_create_identity(self.directory / "identity", "choice-kiosk laptop")
            self._db = TinyDB(self.directory / "laptop.json", storage=AtomicJSONStorage, ops=self._ops)
            make_private_dir(self._ops, self.directory / "events")
        except BaseException:
            self._lock.release()
            raise
        self._meta = meta = MetaValues(self._db.table("meta"), writer)
        #: The kiosks this laptop is or was paired with: names, addresses, keys, counters, anchors.
        self.paired = PairedKiosks(self._db.table("kiosks"), writer)
        self.choices = ChoiceFiles(self.directory / "events", self._ops, writer)
        self.photos = ChildPhotos(self.directory, self._ops, writer)
        #: Children deleted on another laptop whose earlier exports the window offers to delete (deletions.py).
        self.deletion_offers = DeletionOffers(meta.get, meta.put)
        self.setup = SetupRecords(self._db, writer, self._forget_children)
        #: The laptop's id, its name as the kiosks show it, the class key (this_laptop.py).
        self.me = ThisLaptop(meta.get, meta.put, lambda words: laptop_translator(self.setup)(words))
        self.retention = RetentionPurges(self.choices, meta, self.paired.anchors, self.setup.retention_until)
        self.badge_secrets = _badge_secrets(self.directory, meta)
        self.exchange = KioskExchange(paired=self.paired, choices=self.choices, setup=self.setup, photos=self.photos,
                                      retention=self.retention, badge_secrets=self.badge_secrets, me=self.me)
        move_old_journals(self.directory / "events", self._ops, self.choices.file,
                          lambda kiosk_id: int(self.paired.record(kiosk_id).get(_OLD_CHECKPOINT_KEY, 0)))

    @property
    def laptop_id(self) -> str:
        return self.me.laptop_id

    @property
    def laptop_name(self) -> str:
        return self.me.name

    @property
    def events_changed(self) -> int:
        """Raised whenever choices are added or deleted or a clock anchor arrives, so a reader
        can tell its folded copy of the choices is still current."""
        return self.choices.changed + self.paired.anchors_added

    def purge_child(self, child_id: str) -> int:
        """Delete a child everywhere on this laptop: a tombstone for the record, their photo and choices gone.

        Returns how many choices went. The window offers the child's earlier exports at once.
        """
        removed = self.setup.delete("children", child_id)
        self.deletion_offers.settled(child_id)
        return removed

    def _forget_children(self, gone: dict[str, str]) -> int:
        """Children a merge deleted (here, or on another laptop at its sync): their choices and photos go too."""
        for child_id in gone:
            self.photos.remove(child_id)
        self.deletion_offers.add(gone)
        return self.choices.purge(lambda e: e.child_id in gone)

    def close(self) -> None:
        try:
            self._db.close()
        finally:
            self._lock.release()

    def __enter__(self) -> LaptopStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _badge_secrets(directory: Path, meta: MetaValues) -> BadgeSecretsFile:
    """The badge secrets, apart from the records (an earlier version kept them in laptop.json: moved once)."""
    secrets = BadgeSecretsFile(directory / SECRETS_FILE)
    kept = meta.get("badge_secrets", None)
    if kept is not None:
        secrets.take_from(None, kept)
        meta.put("badge_secrets", None)
    return secrets
