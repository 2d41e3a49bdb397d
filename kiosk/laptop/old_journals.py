"""Choices kept by an older version of the laptop (one TinyDB journal per kiosk), moved into choice files once.

Kept apart from the store: it runs at most once per laptop folder, when a teacher
updates, and reads a format nothing else reads any more.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.laptop.choice_file import ChoiceFile
from kiosk.shared.files.durable_io import FileOps, fsync_dir
from kiosk.shared.files.journal_storage import JournalStorage
from kiosk.shared.files.journal_table import JournalDB
from kiosk.shared.sync.merge import merge_logs
from kiosk.shared.text.i18n import N_

__all__ = ["move_old_journals"]


def move_old_journals(
    events_dir: Path, ops: FileOps, file_of: Callable[[str], ChoiceFile], floor_of: Callable[[str], int]
) -> None:
    """Rewrite each ``<kiosk id>.journal`` as that kiosk's choice file, then delete the journal.

    ``floor_of`` is the checkpoint the older version kept for the kiosk; it moves up over
    the seqs the journal holds without a gap.
    """
    for old in sorted(events_dir.glob("*.journal")):
        kiosk_id = old.stem
        db = JournalDB(old, storage=JournalStorage, ops=ops, what=N_("the kiosk's choices"))
        try:
            events = merge_logs([dict(d) for d in db.table("events").all()])
        finally:
            db.close()
        floor = floor_of(kiosk_id)
        seqs = {e["seq"] for e in events}
        while floor + 1 in seqs:
            floor += 1
        file_of(kiosk_id).rewrite(events, floor)
        ops.unlink(old)
        fsync_dir(ops, old.parent)
