"""Retention: once the date the teacher set has passed, the choices up to it are deleted.

The date is a class setting (``retention_until``, ISO date) shared by the laptop and
every kiosk; empty means the end of the school year (31 July). A kiosk purges
during a sync, by the laptop's date — never by its own clock, which may have
restarted anywhere after a power cut (a clock at 2038 must not delete a year of
choices). The laptop purges when the window opens and after each sync.
"""

from __future__ import annotations

from datetime import date
from typing import Any


__all__ = ["apply_retention", "retention_day", "school_year_end"]


def school_year_end(today: date, last_month: int = 7) -> date:
    """31 July of the school year holding ``today`` (a year runs August to July)."""
    year = today.year if today.month <= last_month else today.year + 1
    return date(year, last_month, 31)


def retention_day(setting: str, today: date) -> date | None:
    """The last day whose choices must now be deleted, or None while the date has not passed.

    With no date set, the choices of a finished school year go once the next one
    has begun (31 July of last year).
    """
    if setting:
        try:
            until = date.fromisoformat(setting)
        except ValueError:
            return None  # refused when typed; an unreadable date deletes nothing
    else:
        until = date(today.year if today.month > 7 else today.year - 1, 7, 31)  # the last school year's end
    return until if today > until else None


def apply_retention(storage: Any, today: date) -> int:
    """Purge the kiosk's log through the retention day, if it has passed; returns how many went."""
    settings = storage.config.get_settings() or {}
    through = retention_day(str(settings.get("retention_until", "")), today)
    if through is None:
        return 0
    return int(storage.events.purge_before(through.isoformat()))
