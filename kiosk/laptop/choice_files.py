"""Every paired kiosk's choices on the laptop: one choice file per kiosk in ``events/``.

Each file is a :class:`~kiosk.laptop.choice_file.ChoiceFile` (the kiosk's own journal
lines, then a checkpoint mark). This is the folder of them: which kiosks have one, every
kiosk's choices read and merged for the review, appends as a sync or a USB bundle brings
them, and deleting choices for good (a child deleted, the retention date passed) by
rewriting the files that hold them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.laptop.choice_events import merge_events, merge_kiosk_events
from kiosk.laptop.choice_file import ChoiceFile, ChoicesRead
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.durable_io import FileOps
from kiosk.shared.files.single_writer import SingleWriter

__all__ = ["CHOICES", "ChoiceFiles"]

CHOICES = ".choices"  # events/<kiosk id>.choices

class ChoiceFiles:
    """The ``events/`` folder: read by anyone on the store's thread, written there only."""

    def __init__(self, folder: Path, ops: FileOps, writer: SingleWriter) -> None:
        self.folder = folder
        self._ops = ops
        self._writer = writer
        self._files: dict[str, ChoiceFile] = {}
        #: Per kiosk, lines of its file that failed their checks at the last read (see ``events``).
        self.unreadable: dict[str, int] = {}
        #: Raised whenever choices are added or deleted, so a reader can tell its folded copy is current.
        self.changed = 0

    def file(self, kiosk_id: str) -> ChoiceFile:
        if kiosk_id not in self._files:
            self._files[kiosk_id] = ChoiceFile(self.folder / f"{kiosk_id}{CHOICES}", kiosk_id, self._ops)
        return self._files[kiosk_id]

    def kiosk_ids(self) -> list[str]:
        """The kiosks whose choices are held here, in order."""
        return sorted(path.name[: -len(CHOICES)] for path in self.folder.glob(f"*{CHOICES}"))

    def files(self) -> list[ChoiceFile]:
        """Each kiosk's choice file held here, by kiosk id (the review reads their newest lines first)."""
        return [self.file(kiosk_id) for kiosk_id in self.kiosk_ids()]

    def events(self, kiosk_id: str | None = None) -> list[ChoiceEvent]:
        """One kiosk's choices, or every kiosk's merged, ordered by kiosk and seq.

        Every line is checked here (the sync only appended them); lines that fail are
        left out and counted in :attr:`unreadable`, by kiosk.
        """
        logs = [self.read(kiosk).events for kiosk in ([kiosk_id] if kiosk_id else self.kiosk_ids())]
        return logs[0] if len(logs) == 1 else merge_events(*logs)

    def read(self, kiosk_id: str) -> ChoicesRead:
        """One kiosk's file read and checked (its damaged lines counted in :attr:`unreadable`)."""
        read = self.file(kiosk_id).read()
        self.unreadable[kiosk_id] = read.unreadable
        return read

    def checkpoint(self, kiosk_id: str) -> int:
        """The seq up to which this laptop holds every choice of the kiosk (read from its file's end)."""
        return self.file(kiosk_id).checkpoint()

    def append_lines(self, kiosk_id: str, chunks: Iterable[bytes], checkpoint: int, *, size: int, lines: int) -> int:
        """Keep a page of the kiosk's journal lines as they arrive; returns how many.

        The bytes go to the file unparsed, then the checkpoint mark, then one fsync
        (kiosk/laptop/choice_file.py); a page that is not whole is cut off again (``ValueError``).
        """
        self._writer.check("save choices")
        saved = self.file(kiosk_id).append_stream(chunks, checkpoint, expected_bytes=size, expected_lines=lines)
        if saved:
            self.changed += 1
        return saved

    def add_events(
        self, kiosk_id: str, events: list[ChoiceEvent], checkpoint: int, refused: Callable[[ChoiceEvent], bool]
    ) -> list[ChoiceEvent]:
        """Keep choices read from a USB bundle (each checked); returns those that were new.

        ``checkpoint`` (the bundle's last seq) moves the file's checkpoint only when the
        events join on to it; above a gap the next sync still asks for the gap and what
        follows (the union by id then drops the second copies when reading). Choices
        ``refused`` picks (a deleted child's) are not kept.
        """
        self._writer.check("save choices")
        page = merge_kiosk_events(events, kiosk_id)  # every event this kiosk's
        file = self.file(kiosk_id)
        held = {e.id for e in file.read().events}
        fresh = [e for e in page if e.id not in held and not refused(e)]
        now = file.checkpoint()
        joins = not page or page[0].seq <= now + 1
        if fresh or (joins and checkpoint > now):
            file.append_events(fresh, checkpoint if joins else now)
        if fresh:
            self.changed += 1
        return fresh

    def purge(self, doomed: Callable[[ChoiceEvent], bool]) -> int:
        """Remove every choice ``doomed`` picks from the files, not just from view.

        Each kiosk's file that holds one is rebuilt without them (a new file
        written whole, fsynced, renamed over the old: a crash leaves old or new).
        The checkpoint stays, so the kiosk is not asked for them again.
        """
        self._writer.check("delete choices")
        removed = 0
        for kiosk_id in self.kiosk_ids():
            read = self.file(kiosk_id).read()
            keep = [e for e in read.events if not doomed(e)]
            if len(keep) < len(read.events):
                removed += len(read.events) - len(keep)
                self.rewrite(kiosk_id, keep, read)
        return removed

    def rewrite(self, kiosk_id: str, keep: list[ChoiceEvent], read: ChoicesRead) -> None:
        """Rewrite one kiosk's file as ``keep`` (what is left of ``read``), its checkpoint kept."""
        self._writer.check("delete choices")
        file = self.file(kiosk_id)
        file.rewrite(keep, max(read.checkpoint, file.checkpoint()))
        self.changed += 1
