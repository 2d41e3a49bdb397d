"""What a new retention date would delete, said before anything is deleted.

A retention date deletes choices on the laptop at once and on every kiosk at its
next sync, so a typo ("2026-03-31" for "2027-03-31") could wipe a school year.
The window shows this preview and asks for a deliberate confirmation; a date
that reaches into the current term, or deletes more than ``LARGE_SHARE`` of the
choices held, is asked about a second time. The count is made with the same
rule as the purge (:func:`kiosk.laptop.retention.retention_judged`, by corrected
time), so the number shown is the number deleted.

It counts what the teacher sees: choices that still count (a child's choice or the
teacher's move, not undone), the number Patterns shows for the same days. Choices
the teacher undid go too, and are named apart ("and 12 undone choices"); the
entries that are no choices ("left", undo entries, reflections, choice time opened
or ended) go with the days they belong to and are not counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from babel.dates import format_date

from kiosk.laptop.retention import retention_day, retention_judged
from kiosk.laptop.review.definitions import PLACING_KINDS
from kiosk.laptop.review.ranges import parse_date, this_term
from kiosk.laptop.store import LaptopStore
from kiosk.shared.domain import ChoiceEvent, EventKind
from kiosk.shared.sync.clock_fix import CLOCK_SUSPECT, ClockAnchor, correct_walls
from kiosk.shared.text.i18n import SOURCE_LANGUAGE, Translator

__all__ = ["LARGE_SHARE", "RetentionPreview", "preview_retention", "retention_preview"]

#: Deleting more than this share of the choices held is asked about twice.
LARGE_SHARE = 0.2


@dataclass(frozen=True)
class RetentionPreview:
    """The choices a retention date deletes now (``first``/``last`` by corrected day).

    ``choices`` and ``held`` count choices that still count (as Patterns does);
    ``undone`` the choices the teacher undid that go too; ``doubtful`` the choices
    that stay because their kiosk's clock was wrong.
    """

    setting: str
    through: date | None
    choices: int
    held: int
    first: date | None = None
    last: date | None = None
    doubtful: int = 0
    term_start: date | None = None
    undone: int = 0

    @property
    def share(self) -> float:
        return self.choices / self.held if self.held else 0.0

    @property
    def ask_again(self) -> bool:
        """Deleting choices of the current term, or a large share of all held, is confirmed twice."""
        in_term = self.term_start is not None and self.last is not None and self.last >= self.term_start
        return self.choices > 0 and (in_term or self.share > LARGE_SHARE)

    def message(self, tr: Translator | None = None) -> str:
        """The sentence the teacher confirms, in ``tr``'s language (the class's)."""
        tr = tr or Translator(SOURCE_LANGUAGE, Path())
        if not self.choices or self.first is None or self.last is None:
            text = tr("This date deletes no choices now.")
            if self.undone:
                text += " " + self._undone_words(tr)
            return text
        first, last = _day(self.first, tr), _day(self.last, tr)  # not inside the call: Babel's extractor stops there
        text = tr.plural(
            "This deletes {count:,} choice (from {first} to {last}) on this laptop now and on every kiosk at its "
            "next sync. It cannot be undone.",
            "This deletes {count:,} choices (from {first} to {last}) on this laptop now and on every kiosk at its "
            "next sync. It cannot be undone.",
            self.choices, first=first, last=last,
        )
        if self.undone:
            text += " " + self._undone_words(tr)
        if self.doubtful:
            text += " " + tr.plural("{count:,} choice recorded while a kiosk's clock was wrong stays.",
                                    "{count:,} choices recorded while a kiosk's clock was wrong stay.", self.doubtful)
        return text

    def _undone_words(self, tr: Translator) -> str:
        return tr.plural("It also deletes {count:,} choice the teacher undid (not counted above).",
                         "It also deletes {count:,} choices the teacher undid (not counted above).", self.undone)

    def second_message(self, tr: Translator | None = None) -> str:
        """The second question, naming the count again and why it is asked."""
        tr = tr or Translator(SOURCE_LANGUAGE, Path())
        reasons = []
        if self.term_start is not None and self.last is not None and self.last >= self.term_start:
            reasons.append(tr("choices of the current term (since {day})", day=_day(self.term_start, tr)))
        if self.share > LARGE_SHARE:
            reasons.append(tr("{percent} % of all the choices on this laptop", percent=round(self.share * 100)))
        listed = "".join(reasons)
        if len(reasons) == 2:
            listed = tr("{first} and {second}", first=reasons[0], second=reasons[1])
        return tr.plural(
            "Are you sure? This deletes {count:,} choice, including {reasons}. Check the year of the date you typed.",
            "Are you sure? This deletes {count:,} choices, including {reasons}. Check the year of the date you typed.",
            self.choices, reasons=listed,
        )


def _day(day: date, tr: Translator) -> str:
    return format_date(day, tr("dd MMMM y"), locale=tr.language)  # TRANSLATORS: a CLDR date pattern


def _undone_ids(logs: Mapping[str, tuple[list[ChoiceEvent], Iterable[ClockAnchor]]]) -> set[str]:
    """The entries an undo cancelled, on any kiosk."""
    return {e.ref for events, _ in logs.values() for e in events if e.kind is EventKind.UNDONE and e.ref}


def _is_choice(event: ChoiceEvent) -> bool:
    return event.kind in PLACING_KINDS and bool(event.center_id)


def _doubtful_through(
    events: list[ChoiceEvent],
    anchors: list[ClockAnchor],
    choices: Mapping[str, ChoiceEvent],
    undone: set[str],
    through: date,
) -> int:
    """One kiosk's standing choices up to ``through`` whose clock the purge doubts (its rule, retention_judged)."""
    doubtful = 0
    for fix in correct_walls(events, anchors):
        event = choices.get(fix.event_id)
        if event is not None and fix.event_id not in undone and (fix.wall is None or fix.flag == CLOCK_SUSPECT):
            doubtful += event.day <= through.isoformat()
    return doubtful


def retention_preview(
    logs: Mapping[str, tuple[list[ChoiceEvent], Iterable[ClockAnchor]]],
    setting: str,
    today: date,
    term_start: date | None = None,
) -> RetentionPreview:
    """Pure: per kiosk (entries, anchors), what ``setting`` deletes when the window next reads the store."""
    through = retention_day(setting, today)
    undone = _undone_ids(logs)
    held = sum(1 for events, _ in logs.values() for e in events if _is_choice(e) and e.id not in undone)
    if through is None:
        return RetentionPreview(setting, None, 0, held, term_start=term_start)
    days: list[date] = []
    gone_undone = doubtful = 0
    for events, anchors in logs.values():
        listed = list(anchors)
        doomed, _ = retention_judged(events, listed, through)
        choices = {e.id: e for e in events if _is_choice(e)}
        for event_id in doomed.keys() & choices.keys():
            if event_id in undone:
                gone_undone += 1
            else:
                days.append(doomed[event_id])
        doubtful += _doubtful_through(events, listed, choices, undone, through)
    return RetentionPreview(
        setting, through, len(days), held, min(days, default=None), max(days, default=None), doubtful, term_start,
        gone_undone,
    )


def preview_retention(
    store: LaptopStore, setting: str, today: date, term_starts: Iterable[str] = ()
) -> RetentionPreview:
    """Read the laptop's files (on the store's thread) and preview ``setting``; deletes nothing."""
    by_kiosk: dict[str, list[ChoiceEvent]] = {}
    for event in store.choices.events():
        by_kiosk.setdefault(event.kiosk_id, []).append(event)
    logs: dict[str, tuple[list[ChoiceEvent], Iterable[ClockAnchor]]] = {
        kiosk_id: (events, store.paired.anchors(kiosk_id)) for kiosk_id, events in by_kiosk.items()
    }
    term = this_term(today, [parse_date(t) for t in term_starts])  # without term dates: the school year
    return retention_preview(logs, setting, today, term.start)
