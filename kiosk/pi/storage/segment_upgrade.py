"""Moving a segment written by version 1 (TinyDB's change envelope per line) to version 2, once.

The log does it for every such segment when it opens, before anything reads or sends
one (kiosk/shared/files/old_journal_format.py has the old format). The segment is
checked by the rules of its time, its events are written as version-2 lines under the
same header (``after_gap``, ``end``, ``kept`` kept, ``version`` 2), and whatever
followed its last good line (a torn append) is carried over byte for byte, so it is
judged as before: cut off in the newest segment, damage in an older one. The new file
replaces the old atomically, so a crash leaves one or the other and the move is simply
done again. A damaged segment is left as it is and reported (``CorruptFileError``),
to be set aside like any other.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.shared.files.durable_io import FileOps, atomic_write
from kiosk.shared.files.errors import CorruptFileError
from kiosk.shared.files.journal_format import VERSION, build_journal
from kiosk.shared.files.old_journal_format import replay_events, scan_old_journal
from kiosk.shared.text.i18n import N_, Sentence

__all__ = ["upgrade_segment"]


def upgrade_segment(path: Path, ops: FileOps) -> int:
    """Rewrite the version-1 segment at ``path`` in version 2; return how many events it holds."""
    data = path.read_bytes()
    scan = scan_old_journal(data, path)
    events = []
    for doc_id, event in replay_events(scan.records):
        if str(event.get("seq")) != doc_id:
            why = Sentence("choice {found} has the seq {seq}", found=doc_id, seq=repr(event.get("seq")))
            raise CorruptFileError(path, why)
        events.append(event)
    header = {**scan.header, "version": VERSION}
    atomic_write(ops, path, build_journal(events, header) + data[scan.good_length :], N_("a file of choices"))
    return len(events)
