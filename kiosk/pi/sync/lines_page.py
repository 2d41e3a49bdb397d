"""A page of the kiosk's journal lines for ``/sync/lines``: built on the sync thread.

The answer is one JSON head line, then the lines themselves, verbatim::

    {"kiosk_id":"…","after":0,"through":36000,"more":false,"lines":36000,"bytes":11683721}\\n
    <the journal lines of every segment above ``after``>

The lines are in the journal format of kiosk/shared/files/journal_format.py (version 2:
one checksummed line of each event's own JSON). A laptop that asks without
``lines_version`` 2 has not been updated: it is sent each line as version 1 wrote it
(:func:`~kiosk.shared.files.old_journal_format.downgrade_lines`), which it can read.

``after`` is the laptop's checkpoint the page follows, ``through`` the checkpoint it brings
the laptop to (kiosk/shared/sync/messages.py: ``LinesHead``). ``bytes`` and ``lines`` let the
laptop check that the page arrived whole before it moves its checkpoint; ``more`` says
whether to ask again. A page
holds whole segments (up to about the ``max_bytes`` asked for, see
``EventLog.line_sources``), except the first, which may start inside a segment the
laptop already partly holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.pi.storage.segment_lines import LineSource, read_lines
from kiosk.shared.files.journal_format import VERSION
from kiosk.shared.files.old_journal_format import downgrade_lines
from kiosk.shared.sync.messages import LinesHead

__all__ = ["LinesPage", "build_lines_page"]


@dataclass(frozen=True)
class LinesPage:
    """The lines above the laptop's checkpoint ``from_checkpoint``; kept, they bring it to ``to_checkpoint``."""

    from_checkpoint: int
    to_checkpoint: int
    more: bool
    lines: int
    chunks: tuple[bytes, ...]

    @property
    def size(self) -> int:
        return sum(len(chunk) for chunk in self.chunks)

    def head(self, kiosk_id: str) -> LinesHead:
        return LinesHead(kiosk_id, self.from_checkpoint, self.to_checkpoint, self.more, self.lines, self.size)


def build_lines_page(
    sources: list[LineSource], checkpoint: int, more: bool, last_seq: int, lines_version: int = VERSION
) -> LinesPage:
    """Read ``sources`` (a page's segments in seq order) into a page of lines above the laptop's ``checkpoint``.

    ``more``: whether segments follow this page's. ``last_seq`` is the log's newest
    seq when the sources were taken: the last page's ``to_checkpoint`` reaches it, which
    steps over seqs the kiosk skipped on purpose (after a damaged file). A
    ``lines_version`` below 2 (a laptop not updated) gets version-1 lines.
    """
    chunks: list[bytes] = []
    lines = 0
    reached = checkpoint
    for source in sources:
        part = read_lines(source, checkpoint)
        if part.data:
            chunks.append(part.data)
        lines += part.lines
        reached = max(reached, part.last_seq)
    if not more:
        reached = max(reached, last_seq)
    if lines_version < VERSION:
        chunks = list(downgrade_lines(chunks))
    return LinesPage(checkpoint, reached, more, lines, tuple(chunks))
