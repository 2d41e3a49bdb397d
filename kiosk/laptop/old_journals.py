"""Choices kept by older versions of the laptop, moved into today's choice files once.

Kept apart from the store: it runs when a teacher updates, at most once per file, and
reads formats nothing else reads any more (kiosk/shared/files/old_journal_format.py):

* one TinyDB journal per kiosk (``<kiosk id>.journal``, documents numbered 1, 2, …):
  its events are written as that kiosk's choice file, then the journal is deleted;
* a choice file of version 1 (every line in TinyDB's change envelope): rewritten in
  version 2 line for line, atomically. A line that does not read back is kept as it
  is (it stays counted as damaged) and a torn last line too (cut before the next
  append, as before), so nothing is lost by moving.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.laptop.choice_events import merge_events, read_event
from kiosk.laptop.choice_file import ChoiceFile
from kiosk.shared.files.durable_io import FileOps, atomic_write, fsync_dir
from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.files.journal_format import FORMAT, VERSION, BadLine, decode_line, encode_line
from kiosk.shared.files.old_journal_format import OLD_VERSION, replay_events, scan_old_journal, upgrade_lines
from kiosk.shared.sync.merge import EventFormatError

__all__ = ["move_old_journals", "upgrade_choice_file"]

_HEAD = 4096


def move_old_journals(
    events_dir: Path, ops: FileOps, file_of: Callable[[str], ChoiceFile], checkpoint_of: Callable[[str], int]
) -> None:
    """Move every older kiosk journal and choice file in ``events_dir`` to today's choice files.

    ``checkpoint_of`` is the checkpoint the oldest version kept for a kiosk beside its
    journal; it moves up over the seqs the journal holds without a gap.
    """
    for old in sorted(events_dir.glob("*.journal")):
        kiosk_id = old.stem
        try:
            scan = scan_old_journal(old.read_bytes(), old)
        except CorruptFileError:
            continue  # left where it is, for rescue; the kiosk sends its choices again
        try:
            events = merge_events([read_event(event) for _, event in replay_events(scan.records)])
        except EventFormatError:
            continue  # left where it is, for rescue, rather than moved without that choice
        checkpoint = checkpoint_of(kiosk_id)
        seqs = {e.seq for e in events}
        while checkpoint + 1 in seqs:
            checkpoint += 1
        file_of(kiosk_id).rewrite(events, checkpoint)
        ops.unlink(old)
        fsync_dir(ops, old.parent)
    for path in sorted(events_dir.glob("*.choices")):
        upgrade_choice_file(path, ops)


def upgrade_choice_file(path: Path, ops: FileOps) -> bool:
    """Rewrite a choice file of version 1 in version 2, atomically; return whether it was one."""
    with open(path, "rb") as file:
        head = file.read(_HEAD)
    end = head.find(b"\n")
    header = _header(head[:end]) if end >= 0 else None
    if header is None or header.get("version") != OLD_VERSION:
        return False
    data = path.read_bytes()
    end = data.index(b"\n")
    header["version"] = VERSION
    body = b"".join(upgrade_lines([data[end + 1 :]]))
    atomic_write(ops, path, encode_line(header) + body, f"the choices of kiosk {header.get('kiosk_id')}")
    return True


def _header(line: bytes) -> dict[str, object] | None:
    """The header of a choice file, or None when the first line is not one."""
    try:
        value = decode_line(line)
    except BadLine:
        return None
    return value if isinstance(value, dict) and value.get("format") == FORMAT else None
