"""Choice time at this kiosk: open or closed now, the teacher's one-touch open and end, the timetable's own.

The state is never stored: it is read from today's log (this kiosk's and its class's
other kiosks' "opened"/"ended" entries) and the class's timetable by the pure rule
``kiosk.shared.choice_time.choice_time_now``. Opening or ending records one entry
about the whole class (``kiosk.shared.domain.WHOLE_CLASS``), synced like any other;
ending is everyone leaving their center. The first time a teacher opens or ends
choice time, the class starts keeping it (``ChoiceTimes.kept``, shared at the next
sync): from then on each day starts closed. A class that never does stays as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk.pi.class_setup import ClassSetup
from kiosk.shared.choice_time import ChoiceTimeNow, choice_time_now
from kiosk.shared.domain import ChoiceEvent, ChoiceTimeMark, replace

__all__ = ["ChoiceTimeDesk"]

Marks = Callable[[], list[tuple[datetime, ChoiceTimeMark]]]


class ChoiceTimeDesk:
    """Choice time over the class setup, today's marks, a way to record one, and the clock (owner thread only)."""

    def __init__(
        self,
        setup: ClassSetup,
        marks: Marks,
        record: Callable[[ChoiceTimeMark], ChoiceEvent],
        now: Callable[[], datetime],
        changed: Callable[[], None],
    ) -> None:
        self._setup = setup
        self._marks = marks
        self._record = record
        self._now = now
        self._changed = changed
        self._was_open: bool | None = None

    def state(self) -> ChoiceTimeNow:
        return choice_time_now(self._setup.settings.choice_times, self._marks(), self._now())

    def is_open(self) -> bool:
        """Whether a child may choose now (always, in a class that keeps no choice time)."""
        return self.state().open

    def open(self) -> ChoiceEvent | None:
        """The teacher opens choice time; None when it is open already."""
        state = self.state()
        if state.kept and state.open:
            return None
        self._keep()
        return self._recorded(ChoiceTimeMark.OPENED)

    def end(self) -> ChoiceEvent:
        """The teacher ends choice time: everyone leaves their center (one entry)."""
        self._keep()
        return self._recorded(ChoiceTimeMark.ENDED)

    def follow_timetable(self) -> ChoiceEvent | None:
        """Record a timetable opening or end that has passed (called every few seconds); the screens
        are told when choice time opened or closed, whatever did it (the day's change too)."""
        state = self.state()
        event = self._recorded(state.due) if state.due is not None else None
        is_open = self.is_open()
        if event is None and self._was_open is not None and is_open != self._was_open:
            self._changed()
        self._was_open = is_open
        return event

    def _keep(self) -> None:
        """The class keeps choice time from the first time the teacher opens or ends it."""
        settings = self._setup.settings
        if not settings.choice_times.kept:
            self._setup.put_settings(replace(settings, choice_times=replace(settings.choice_times, kept=True)))

    def _recorded(self, mark: ChoiceTimeMark) -> ChoiceEvent:
        event = self._record(mark)
        self._was_open = self.is_open()
        self._changed()
        return event
