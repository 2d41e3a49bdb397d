"""From the merged kiosk logs to the list of choices the teacher reviews.

Undo entries and what they cancelled are dropped, each kiosk's wall times are
corrected from its clock anchors, and each kept choice learns its choice time, when
the child left (their next entry in that choice time, or its end) and whether it was
a switch — by the definitions of ``kiosk/laptop/review/definitions.py``, the one place
they are made.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol, TypeVar

from kiosk.laptop.review.definitions import (
    CHOICE_TIME_GAP,
    PLACING_KINDS,
    SwitchCase,
    choice_time_numbers,
    is_switch,
)
from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild, ReviewChoice, ReviewReflection
from kiosk.shared.center_language import center_words_for
from kiosk.shared.domain import FEELINGS, ChoiceEvent, ChoiceTimeMark, EventKind, Method
from kiosk.shared.sync.clock_fix import CLOCK_SUSPECT, ClockAnchor, Correction, correct_walls, parse_wall
from kiosk.shared.sync.setup_record_types import CenterRecord, ChildRecord, SettingsRecord
from kiosk.shared.text.i18n import LANGUAGES, SOURCE_LANGUAGE

__all__ = [
    "CHOICE_TIME_GAP", "class_info", "from_store", "is_switch", "read_store", "review_choices", "review_reflections",
]

class _Kiosks(Protocol):
    def all(self) -> Mapping[str, object]: ...
    def anchors(self, kiosk_id: str) -> list[ClockAnchor]: ...


class _Choices(Protocol):
    def events(self) -> list[ChoiceEvent]: ...


class _Setup(Protocol):
    def centers(self) -> list[CenterRecord]: ...
    def children(self) -> list[ChildRecord]: ...
    def settings(self) -> SettingsRecord: ...


class _Store(Protocol):
    @property
    def paired(self) -> _Kiosks: ...
    @property
    def choices(self) -> _Choices: ...
    @property
    def setup(self) -> _Setup: ...


@dataclass(frozen=True)
class _Placed:
    """One kept entry (a choice or a "left") on its trusted day and time."""

    event: ChoiceEvent
    day: date
    at: datetime
    flag: str

    @property
    def order(self) -> tuple[datetime, str, int]:
        return (self.at, self.event.kiosk_id, self.event.seq)


def _place(event: ChoiceEvent, wall: str | None, flag: str) -> _Placed:
    """Trusted time when known; a suspect clock keeps the kiosk's own day and time."""
    if wall is None or flag == CLOCK_SUSPECT:
        return _Placed(event, date.fromisoformat(event.day), parse_wall(event.wall), flag)
    moment = parse_wall(wall)
    return _Placed(event, moment.date(), moment, flag)


def _kept(
    events: Iterable[ChoiceEvent], anchors_by_kiosk: Mapping[str, Iterable[ClockAnchor]] | None
) -> Iterable[tuple[ChoiceEvent, Correction]]:
    """Each entry that still counts (no undo, not undone) with its trusted time, kiosk by kiosk."""
    listed = list(events)
    anchors_by_kiosk = anchors_by_kiosk or {}
    cancelled = {e.ref for e in listed if e.kind is EventKind.UNDONE and e.ref}
    by_kiosk: dict[str, list[ChoiceEvent]] = {}
    for event in listed:
        by_kiosk.setdefault(event.kiosk_id, []).append(event)
    for kiosk_id, kiosk_events in by_kiosk.items():
        anchors = list(anchors_by_kiosk.get(kiosk_id, ()))
        by_id = {e.id: e for e in kiosk_events}
        for fix in correct_walls(kiosk_events, anchors):
            event = by_id[fix.event_id]
            if fix.event_id not in cancelled and event.kind is not EventKind.UNDONE:
                yield event, fix


def review_choices(
    events: Iterable[ChoiceEvent], anchors_by_kiosk: Mapping[str, Iterable[ClockAnchor]] | None = None
) -> list[ReviewChoice]:
    """Every choice that still counts, sorted by (day, at, kiosk, seq).

    A child who used two kiosks in a day appears once per choice; ``until`` and
    ``switched`` are worked out across kiosks, on the corrected times.
    """
    placed = [
        _place(event, fix.wall, fix.flag)
        for event, fix in _kept(events, anchors_by_kiosk)
        if (event.kind in PLACING_KINDS and event.center_id) or event.kind is EventKind.LEFT
    ]
    return sorted(_fold_days(placed), key=lambda c: (c.day, c.at, c.kiosk_id, c.seq))


def review_reflections(
    events: Iterable[ChoiceEvent], anchors_by_kiosk: Mapping[str, Iterable[ClockAnchor]] | None = None
) -> list[ReviewReflection]:
    """The three-face reflections children gave (when the teacher turned them on), in time order.

    A feeling this version does not know is left out rather than guessed.
    """
    found = []
    for event, fix in _kept(events, anchors_by_kiosk):
        if event.kind is not EventKind.REFLECTED or event.feeling not in FEELINGS or not event.center_id:
            continue
        item = _place(event, fix.wall, fix.flag)
        found.append(ReviewReflection(
            event_id=event.id, child_id=event.child_id, center_id=event.center_id,
            day=item.day, at=item.at, feeling=event.feeling, clock_flag=item.flag,
        ))
    return sorted(found, key=lambda r: (r.day, r.at, r.event_id))


def _choice_times(placed: list[_Placed]) -> dict[int, tuple[int, bool]]:
    """Each entry's choice time of its day, numbered from 0, and whether the day's were recorded
    (keyed by ``id()`` of the entry): ``definitions.choice_time_numbers`` for every day."""
    by_day: dict[date, list[_Placed]] = {}
    for item in placed:
        by_day.setdefault(item.day, []).append(item)
    numbered: dict[int, tuple[int, bool]] = {}
    for entries in by_day.values():
        entries.sort(key=lambda p: p.order)
        numbers, recorded = choice_time_numbers(entries, lambda p: p.at, lambda p: p.event.mark)
        for item, number in zip(entries, numbers, strict=True):
            numbered[id(item)] = (number, recorded)
    return numbered


def _ends(placed: list[_Placed], times: Mapping[int, tuple[int, bool]]) -> dict[tuple[date, int], datetime]:
    """When each recorded choice time ended (its first "ended" entry): everyone left then."""
    ends: dict[tuple[date, int], datetime] = {}
    for item in placed:
        if item.event.mark is ChoiceTimeMark.ENDED:
            key = (item.day, times[id(item)][0])
            ends[key] = min(ends.get(key, item.at), item.at)
    return ends


def _fold_days(placed: list[_Placed]) -> list[ReviewChoice]:
    """Per child and day, in time order: each choice lasts until the child's next entry in the same
    choice time, or that choice time's end; switches by ``definitions.is_switch``."""
    times = _choice_times(placed)
    ends = _ends(placed, times)
    by_child_day: dict[tuple[str, date], list[_Placed]] = {}
    for item in placed:
        if item.event.mark is None:
            by_child_day.setdefault((item.event.child_id, item.day), []).append(item)
    result: list[ReviewChoice] = []
    for entries in by_child_day.values():
        entries.sort(key=lambda p: p.order)
        before: _Placed | None = None
        for index, item in enumerate(entries):
            event = item.event
            previous, before = before, item
            if event.kind is EventKind.LEFT:
                continue
            number, recorded = times[id(item)]
            following = _next_in_choice_time(entries, index, times)
            same_time = previous is not None and times[id(previous)][0] == number
            result.append(
                ReviewChoice(
                    event_id=event.id,
                    kiosk_id=event.kiosk_id,
                    child_id=event.child_id,
                    center_id=str(event.center_id),
                    day=item.day,
                    at=item.at,
                    method=event.method,
                    kind=event.kind,
                    switched=is_switch(SwitchCase(event, previous.event if previous else None, same_time)),
                    clock_flag=item.flag,
                    until=following.at if following is not None else ends.get((item.day, number)),
                    seq=event.seq,
                    other_kiosk=_moved_from_kiosk(event, previous, same_time),
                    choice_time=number,
                    recorded_time=recorded,
                )
            )
    return result


def _next_in_choice_time(entries: list[_Placed], index: int, times: Mapping[int, tuple[int, bool]]) -> _Placed | None:
    """The child's entry after ``entries[index]`` when it falls in the same choice time (it ends that choice)."""
    following = entries[index + 1] if index + 1 < len(entries) else None
    if following is not None and times[id(following)][0] != times[id(entries[index])][0]:
        return None
    return following


def _moved_from_kiosk(event: ChoiceEvent, previous: _Placed | None, same_time: bool) -> str | None:
    """The kiosk of the child's previous choice in this choice time when the child chose again at
    another kiosk (not a teacher's move, not a choice replacing that one); None otherwise."""
    placed_before = previous.event if previous is not None and previous.event.kind in PLACING_KINDS else None
    elsewhere = (
        same_time and placed_before is not None and placed_before.kiosk_id != event.kiosk_id
        and event.method is not Method.TEACHER and event.replaces != placed_before.id
    )
    return placed_before.kiosk_id if elsewhere and placed_before is not None else None


_Record = TypeVar("_Record", CenterRecord, ChildRecord)


def _live(records: Iterable[_Record]) -> list[_Record]:
    return [r for r in records if not r.get("deleted") and r.get("id") not in (None, "")]


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def class_info(
    centers_records: Iterable[CenterRecord],
    children_records: Iterable[ChildRecord],
    class_language: str = SOURCE_LANGUAGE,
) -> ClassInfo:
    """The live class from the laptop's setup records (deleted ones are left out).

    Centers' words are in the class's language where the teacher gave them (see
    ``kiosk.shared.center_language``), so the review follows a change of the class's language.
    """
    centers = {}
    for record in _live(centers_records):
        cid = str(record["id"])
        name, purpose = center_words_for(record, class_language, class_language, LANGUAGES)
        centers[cid] = ReviewCenter(
            id=cid,
            name=name or cid,
            purpose=purpose,
            picture=str(record.get("picture") or ""),
            colour=str(record.get("colour") or "#888888"),
            seats=max(0, _int(record.get("seats"), 0)),
            open_today=bool(record.get("open_today", True)),
        )
    children = {}
    for child in _live(children_records):
        kid = str(child["id"])
        children[kid] = ReviewChild(
            id=kid, first_name=str(child.get("first_name") or kid), picture=str(child.get("picture") or "")
        )
    return ClassInfo(centers=centers, children=children)


def read_store(store: _Store) -> tuple[list[ReviewChoice], list[ReviewReflection], ClassInfo]:
    """Everything the review needs from the laptop's store, read once."""
    events = store.choices.events()
    kiosk_ids = set(store.paired.all()) | {e.kiosk_id for e in events}
    anchors = {kiosk_id: store.paired.anchors(kiosk_id) for kiosk_id in sorted(kiosk_ids)}
    language = str(store.setup.settings().get("language") or "en")
    info = class_info(store.setup.centers(), store.setup.children(), language)
    return review_choices(events, anchors), review_reflections(events, anchors), info


def from_store(store: _Store) -> tuple[list[ReviewChoice], ClassInfo]:
    """The choices and the class, for callers that show no reflections."""
    choices, _, info = read_store(store)
    return choices, info
