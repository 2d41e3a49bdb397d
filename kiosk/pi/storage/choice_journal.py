"""The choice log as the kiosk's core reads and writes it: ``ChoiceEvent`` in, ``ChoiceEvent`` out.

The log (:class:`~.event_log.EventLog`) keeps each entry as one checksummed line of its
own JSON and hands raw entries to what needs the JSON itself (the sync's pages, a USB
stick, the purges). Everything else — the service, the day's board, the sync server's
hello — reads through here, where each entry is parsed once into the domain's record
(kinds and methods as enums), and records through here, where the record becomes its
JSON. The line on the card is the same either way: ``ChoiceEvent.to_dict``.
"""

from __future__ import annotations

from collections.abc import Iterator

from kiosk.pi.storage.event_log import EventLog
from kiosk.shared.domain import ChoiceEvent

__all__ = ["ChoiceJournal"]


class ChoiceJournal:
    """Typed reads and writes of one kiosk's choice log (the same thread rules as the log's)."""

    def __init__(self, log: EventLog) -> None:
        self._log = log

    def last_seq(self) -> int:
        """The newest seq given out (0 before the first choice)."""
        return self._log.last_seq()

    def since(self, seq: int) -> Iterator[ChoiceEvent]:
        """Every entry with a seq above ``seq``, in log order."""
        return (ChoiceEvent.from_dict(entry) for entry in self._log.since(seq))

    def on_day(self, day: str) -> list[ChoiceEvent]:
        """Every entry of ``day`` (as the kiosk believed the date), in seq order."""
        return [ChoiceEvent.from_dict(entry) for entry in self._log.events_on(day)]

    def newest(self) -> ChoiceEvent | None:
        """The newest entry, or None before the first choice."""
        last = self._log.last_seq()
        return next(iter(self.since(last - 1)), None) if last else None

    def record(self, event: ChoiceEvent) -> None:
        """Save ``event`` durably before returning (``EventLog.append``: its errors, its guarantees)."""
        self._log.append(event.to_dict())
