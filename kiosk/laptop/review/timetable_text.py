"""The class's timetable of choice times as the teacher types it on the laptop, and back.

One line per choice time, lines apart by ";" or a new line: weekdays (names or a
range, in the class's language or English; none means Monday to Friday), then the
times: ``Mon-Fri 09:30-10:15; Wed 13:30-14:15``. What was typed is checked before it
is saved (a time of day, an end after the start, no two lines overlapping on a
day), and a refusal says what to change in the teacher's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from babel.dates import get_day_names

from kiosk.shared.choice_time import clock_time
from kiosk.shared.domain import ChoiceTimeSlot
from kiosk.shared.text.i18n import SOURCE_LANGUAGE, Sentence

__all__ = ["SCHOOL_WEEK", "parse_timetable", "timetable_text"]

#: Monday to Friday: the weekdays of a line that names none.
SCHOOL_WEEK = (0, 1, 2, 3, 4)
_TIMES = re.compile(r"(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})\s*$")
_DAY_RANGE = re.compile(r"\s*[-–—]\s*")


def _day_names(language: str) -> dict[str, int]:
    """Every spelling of a weekday this class may type (wide and short, its language and English) → 0–6."""
    found: dict[str, int] = {}
    for code in {SOURCE_LANGUAGE, language}:
        for width in ("wide", "abbreviated", "short"):
            for number, name in get_day_names(width, locale=code).items():
                found[_key(str(name))] = int(number)
    return found


def _key(name: str) -> str:
    return name.casefold().strip().rstrip(".")


def _weekdays(text: str, names: dict[str, int], line: str) -> tuple[int, ...]:
    text = text.strip().strip(",")
    if not text:
        return SCHOOL_WEEK
    days: set[int] = set()
    for part in re.split(r"[,\s]+", _DAY_RANGE.sub("-", text)):
        if not part:
            continue
        ends = [e for e in part.split("-") if e]
        numbers = [names.get(_key(end)) for end in ends]
        if not numbers or len(numbers) > 2 or any(n is None for n in numbers):
            raise ValueError(Sentence('"{day}" in "{line}" is not a weekday: write for example Mon-Fri or Wed.',
                                      day=part.strip(), line=line))
        first, last = numbers[0], numbers[-1]
        assert first is not None and last is not None
        days.update(range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)])
    return tuple(sorted(days))


def parse_timetable(text: str, language: str = SOURCE_LANGUAGE) -> tuple[ChoiceTimeSlot, ...]:
    """The timetable typed in the class settings; ``ValueError`` (a Sentence) saying what to change."""
    names = _day_names(language)
    slots: list[ChoiceTimeSlot] = []
    for raw in re.split(r"[;\n]+", text):
        line = " ".join(raw.split())
        if not line:
            continue
        found = _TIMES.search(line)
        if found is None:
            raise ValueError(Sentence('"{line}" has no times: write them as 09:30-10:15.', line=line))
        start, end = clock_time(found.group(1)), clock_time(found.group(2))
        if start is None or end is None:
            raise ValueError(Sentence('"{line}" holds a time that is not on the clock: write it as 09:30.',
                                      line=line))
        if start >= end:
            raise ValueError(Sentence('"{line}" ends before it starts.', line=line))
        slots.append(ChoiceTimeSlot(_weekdays(line[:found.start()], names, line), f"{start:%H:%M}", f"{end:%H:%M}"))
    _check_overlaps(slots)
    return tuple(sorted(slots, key=lambda s: (s.start, s.weekdays)))


def _check_overlaps(slots: Sequence[ChoiceTimeSlot]) -> None:
    for index, slot in enumerate(slots):
        for other in slots[index + 1:]:
            if set(slot.weekdays) & set(other.weekdays) and slot.start < other.end and other.start < slot.end:
                first, second = f"{slot.start}-{slot.end}", f"{other.start}-{other.end}"
                raise ValueError(Sentence("{first} and {second} overlap on the same day: make one end before the "
                                          "other starts.", first=first, second=second))


def _days_text(weekdays: Sequence[int], short: dict[int, str]) -> str:
    """Weekdays as the teacher writes them: "Mon-Fri", "Mon Wed Fri"."""
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return " ".join(f"{short[r[0]]}-{short[r[-1]]}" if len(r) > 2 else " ".join(short[d] for d in r) for r in runs)


def timetable_text(slots: Iterable[ChoiceTimeSlot], language: str = SOURCE_LANGUAGE) -> str:
    """The timetable as the form shows it, weekday names in the class's language; reads back the same."""
    short = {int(n): str(name) for n, name in get_day_names("abbreviated", locale=language).items()}
    return "; ".join(f"{_days_text(slot.weekdays, short)} {slot.start}-{slot.end}" for slot in slots)
