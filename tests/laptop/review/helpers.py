"""Plain values for review tests: events as kiosks log them, and kept choices."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone

from kiosk.laptop.review.model import ClassInfo, ReviewCenter, ReviewChild, ReviewChoice
from kiosk.shared.domain import ChoiceEvent, EventKind, Method

EST = timezone(timedelta(hours=-5))


def wall(day: str, hhmm: str, offset: str = "-05:00") -> str:
    return f"{day}T{hhmm}:00.000{offset}"


@dataclass
class Log:
    """Builds one classroom's events; each kiosk numbers its own entries."""

    events: list[ChoiceEvent] = field(default_factory=list)
    seqs: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        child: str,
        center: str | None,
        when: str,
        kind: str = "chose",
        *,
        kiosk: str = "A",
        boot: str | None = None,
        mono: float | None = None,
        ref: str | None = None,
        method: str = "tap",
        day: str | None = None,
        replaces: str | None = None,
    ) -> str:
        seq = self.seqs.get(kiosk, 0) + 1
        self.seqs[kiosk] = seq
        moment = datetime.fromisoformat(when)
        event_id = f"{kiosk}{seq}"
        self.events.append(
            ChoiceEvent(
                id=event_id,
                kiosk_id=kiosk,
                seq=seq,
                child_id=child,
                center_id=center,
                kind=EventKind(kind),
                method=Method(method),
                wall=when,
                day=day or when[:10],
                boot_id=boot or f"{kiosk}-{when[:10]}",
                mono=mono if mono is not None else float(moment.hour * 3600 + moment.minute * 60),
                ref=ref,
                replaces=replaces,
            )
        )
        return event_id

    def mark(self, when: str, mark: str, *, kiosk: str = "A") -> str:
        """Choice time opened or ended (an entry about the whole class, as a kiosk logs it)."""
        event_id = self.add("*", None, when, "left", kiosk=kiosk, method="teacher")
        self.events[-1] = replace(self.events[-1], choice_time=mark)
        return event_id


def at(day: date, hhmm: str) -> datetime:
    hours, minutes = (int(p) for p in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=EST)


def choice(
    child: str,
    center: str,
    day: date,
    hhmm: str = "09:00",
    until: str | None = None,
    *,
    switched: bool = False,
    flag: str = "as_recorded",
    event_id: str | None = None,
) -> ReviewChoice:
    return ReviewChoice(
        event_id=event_id or f"{child}-{center}-{day.isoformat()}-{hhmm}",
        kiosk_id="A",
        child_id=child,
        center_id=center,
        day=day,
        at=at(day, hhmm),
        method=Method.TAP,
        kind=EventKind.CHOSE,
        switched=switched,
        clock_flag=flag,
        until=at(day, until) if until else None,
    )


def small_class(**seats: int) -> ClassInfo:
    """Ann, Ben and Cy; Lego Stories, Painting, Puppets (open) and Sand (closed today)."""
    centers = {
        "lego": ReviewCenter("lego", "Lego Stories", seats=seats.get("lego", 4)),
        "paint": ReviewCenter("paint", "Painting", seats=seats.get("paint", 2)),
        "puppets": ReviewCenter("puppets", "Puppets", seats=seats.get("puppets", 3)),
        "sand": ReviewCenter("sand", "Sand", seats=2, open_today=False),
    }
    children = {cid: ReviewChild(cid, name) for cid, name in (("ann", "Ann"), ("ben", "Ben"), ("cy", "Cy"))}
    return ClassInfo(centers=centers, children=children)
