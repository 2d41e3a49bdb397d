"""A page of the kiosk's journal lines for ``/sync/lines``: built on the sync thread.

The answer is one JSON head line, then the lines themselves, verbatim::

    {"kiosk_id":"…","after":0,"through":36000,"more":false,"lines":36000,"bytes":11683721}\\n
    <the journal lines of every segment above ``after``>

The lines are in the journal format of kiosk/shared/files/journal_format.py (version 2:
one checksummed line of each event's own JSON). A laptop that asks without
``lines_version`` 2 has not been updated: it is sent each line as version 1 wrote it
(:func:`~kiosk.shared.files.old_journal_format.downgrade_lines`), which it can read.

``bytes`` and ``lines`` let the laptop check that the page arrived whole before it
moves its checkpoint to ``through``; ``more`` says whether to ask again. A page
holds whole segments (up to about the ``max_bytes`` asked for, see
``EventLog.line_sources``), except the first, which may start inside a segment the
laptop already partly holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.pi.storage.segment_lines import LineSource, read_lines
from kiosk.shared.files.journal_format import VERSION
from kiosk.shared.files.old_journal_format import downgrade_lines

__all__ = ["LinesPage", "build_lines_page"]


@dataclass(frozen=True)
class LinesPage:
    after: int
    through: int
    more: bool
    lines: int
    chunks: tuple[bytes, ...]

    @property
    def size(self) -> int:
        return sum(len(chunk) for chunk in self.chunks)

    def head(self, kiosk_id: str) -> dict[str, Any]:
        return {"kiosk_id": kiosk_id, "after": self.after, "through": self.through, "more": self.more,
                "lines": self.lines, "bytes": self.size}


def build_lines_page(
    sources: list[LineSource], after: int, more: bool, last_seq: int, lines_version: int = VERSION
) -> LinesPage:
    """Read ``sources`` (a page's segments in seq order) into a page of lines above ``after``.

    ``more``: whether segments follow this page's. ``last_seq`` is the log's newest
    seq when the sources were taken: the last page's ``through`` reaches it, which
    steps over seqs the kiosk skipped on purpose (after a damaged file). A
    ``lines_version`` below 2 (a laptop not updated) gets version-1 lines.
    """
    chunks: list[bytes] = []
    lines = 0
    through = after
    for source in sources:
        part = read_lines(source, after)
        if part.data:
            chunks.append(part.data)
        lines += part.lines
        through = max(through, part.last_seq)
    if not more:
        through = max(through, last_seq)
    if lines_version < VERSION:
        chunks = list(downgrade_lines(chunks))
    return LinesPage(after, through, more, lines, tuple(chunks))
