"""Retention carried out on the laptop: choices past the class's date deleted from its files.

The rules are kiosk/laptop/retention.py (which day, judged by corrected time). Here they
are applied: once the date has passed, every kiosk's file is rewritten without the
choices made on or before it, the seqs deleted are kept per kiosk so the next sync tells
the kiosk (``purged_seqs``), and choices kept because their time is doubtful are counted.
A page that arrives later holding such old choices is judged as soon as it is kept
(:meth:`RetentionPurges.after_arrival`).

Meta values: ``purged_through`` (the day purged through, saved first), ``purge_done_through``
(once the files are rewritten), ``retention_seqs`` and ``retention_doubtful`` (per kiosk).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from kiosk.laptop.choice_files import ChoiceFiles
from kiosk.laptop.meta_values import MetaValues
from kiosk.laptop.retention import retention_day, retention_doomed
from kiosk.shared.seq_ranges import merge_ranges, seq_ranges
from kiosk.shared.sync.clock_fix import ClockAnchor

__all__ = ["RetentionPurges"]


class RetentionPurges:
    """Retention over the choice files, with the kiosks' clock anchors and the class's settings."""

    def __init__(
        self,
        choices: ChoiceFiles,
        meta: MetaValues,
        anchors: Callable[[str], list[ClockAnchor]],
        retention_until: Callable[[], str],
    ) -> None:
        self._choices = choices
        self._meta = meta
        self._anchors = anchors
        self._retention_until = retention_until

    def apply(self, today: date) -> int:
        """Purge through the class's retention day once it has passed (kiosk/laptop/retention.py)."""
        through = retention_day(self._retention_until(), today)
        return 0 if through is None else self.purge_through(through.isoformat())

    def purge_through(self, day: str) -> int:
        """Remove every choice made on or before ``day`` (ISO date), by its corrected day.

        ``purged_through`` is saved first (from then on arriving pages are judged too),
        ``purge_done_through`` once the files are rewritten: a later call for a day
        already done reads nothing, and a purge cut by a crash runs again.
        """
        if day <= str(self._meta.get("purge_done_through", "")):
            return 0
        if day > str(self._meta.get("purged_through", "")):
            self._meta.put("purged_through", day)
        removed = sum(self.purge_kiosk(kiosk_id, day) for kiosk_id in self._choices.kiosk_ids())
        self._meta.put("purge_done_through", day)
        return removed

    def after_arrival(self, kiosk_id: str, first_day: str) -> int:
        """Choices just kept whose first day is on or before the day purged through are judged now."""
        purged_through = str(self._meta.get("purged_through", ""))
        if purged_through and first_day <= purged_through:
            return self.purge_kiosk(kiosk_id, purged_through)
        return 0

    def purge_kiosk(self, kiosk_id: str, day: str) -> int:
        """Delete one kiosk's choices past ``day`` by their corrected time; note their seqs for the kiosk.

        Choices whose time is doubtful stay (counted in :meth:`doubtful_kept`): a clock
        that was wrong never decides that a choice is old (kiosk/laptop/retention.py).
        """
        read = self._choices.read(kiosk_id)
        doomed, doubtful = retention_doomed(read.events, self._anchors(kiosk_id), date.fromisoformat(day))
        kept = dict(self._meta.get("retention_doubtful", {}) or {})
        if kept.get(kiosk_id, 0) != doubtful:
            self._meta.put("retention_doubtful", {**kept, kiosk_id: doubtful})
        if not doomed:
            return 0
        seqs = [e.seq for e in read.events if e.id in doomed]
        purged = dict(self._meta.get("retention_seqs", {}) or {})
        self._meta.put("retention_seqs", {**purged, kiosk_id: merge_ranges(purged.get(kiosk_id, []), seq_ranges(seqs))})
        self._choices.rewrite(kiosk_id, [e for e in read.events if e.id not in doomed], read)
        return len(doomed)

    def purged_seqs(self, kiosk_id: str) -> list[list[int]]:
        """The seqs of this kiosk's choices deleted here by retention, as runs: the kiosk deletes them too."""
        return list((self._meta.get("retention_seqs", {}) or {}).get(kiosk_id, []))

    def doubtful_kept(self) -> int:
        """Choices kept past the retention date because their kiosk's clock was wrong when they were made."""
        return sum(int(n) for n in (self._meta.get("retention_doubtful", {}) or {}).values())
