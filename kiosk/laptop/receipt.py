"""What one sync of one kiosk did, as the laptop tells the teacher and keeps it (kiosk/laptop/sync.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from kiosk.laptop.kiosk_records import ReceiptRecord
from kiosk.shared.text.i18n import SOURCE_LANGUAGE, Translator

__all__ = ["Receipt"]


@dataclass(frozen=True)
class Receipt:
    """What one sync of one kiosk did; ``sent`` is the kiosk's count, ``received`` ours."""

    kiosk_id: str
    kiosk_name: str
    sent: int
    received: int
    new: int
    checkpoint: int
    synced_at: str
    clock_problem: str | None = None
    setup_changed: list[str] = field(default_factory=list)
    lost_edits: list[str] = field(default_factory=list)
    #: First names of children deleted on another laptop, deleted here by this sync (kiosk/laptop/deletions.py).
    children_deleted: list[str] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        return self.sent == self.received

    def line(self, tr: Translator | None = None) -> str:
        """One line for the teacher (in ``tr``'s language), then a line per clock problem or lost edit."""
        tr = tr or Translator(SOURCE_LANGUAGE, Path())
        text = tr.plural(
            "{name} ({kiosk}): kiosk sent {count} choice, laptop received {received} ({new} new), at {time}",
            "{name} ({kiosk}): kiosk sent {count} choices, laptop received {received} ({new} new), at {time}",
            self.sent,
            name=self.kiosk_name, kiosk=self.kiosk_id[:8], received=self.received, new=self.new, time=self.synced_at,
        )
        if not self.agree:
            text += tr(" — the counts differ; please sync again")
        if self.clock_problem:
            text += f"\n  {tr(self.clock_problem)}"
        for lost in self.lost_edits:
            text += f"\n  {tr(lost)}"
        if self.children_deleted:
            text += "\n  " + tr.plural(
                "Deleted on another laptop, so deleted here too with their choices and photo: {names}.",
                "Deleted on another laptop, so deleted here too with their choices and photos: {names}.",
                len(self.children_deleted), names=", ".join(self.children_deleted),
            )
        return text

    def record(self) -> ReceiptRecord:
        """The receipt as the kiosk's record keeps it: no deleted child's name, only how many."""
        kept = {**self.__dict__, "agree": self.agree, "children_deleted": len(self.children_deleted)}
        return cast(ReceiptRecord, kept)  # the fields the dataclass declares, as ReceiptRecord names them
