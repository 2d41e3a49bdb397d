"""Plain values for rule tests: centers and events without storage."""

from __future__ import annotations

from itertools import count

from kiosk.shared.domain import Center, ChoiceEvent, EventKind, Method

_seq = count(1)


def center(cid: str, seats: int = 2, open_today: bool = True) -> Center:
    return Center(cid, cid.title(), f"Purpose of {cid}", f"centers/{cid}.png", "#ffffff", seats, open_today)


def event(
    child: str,
    center_id: str | None,
    kind: EventKind = EventKind.CHOSE,
    *,
    mono: float = 0.0,
    boot: str = "b1",
    wall: str = "2026-11-25T09:00:00.000+00:00",
    ref: str | None = None,
    method: Method = Method.TAP,
    feeling: str | None = None,
) -> ChoiceEvent:
    seq = next(_seq)
    return ChoiceEvent(
        id=f"e{seq}",
        kiosk_id="k1",
        seq=seq,
        child_id=child,
        center_id=center_id,
        kind=kind,
        method=method,
        wall=wall,
        day=wall[:10],
        boot_id=boot,
        mono=mono,
        ref=ref,
        feeling=feeling,
    )
