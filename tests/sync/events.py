"""Plain event dicts and Hypothesis strategies for the sync tests."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from kiosk.shared.domain import ChoiceEvent, EventKind, Method

KIOSKS = ("kioskA", "kioskB", "kioskC")


def event(
    kiosk: str,
    seq: int,
    *,
    child: str = "ann",
    center: str = "lego",
    wall: str = "2026-11-25T09:00:00+00:00",
    boot: str = "b1",
    mono: float = 0.0,
    event_id: str | None = None,
) -> dict[str, Any]:
    return ChoiceEvent(
        id=event_id or f"{kiosk}-{seq}",
        kiosk_id=kiosk,
        seq=seq,
        child_id=child,
        center_id=center,
        kind=EventKind.CHOSE,
        method=Method.TAP,
        wall=wall,
        day=wall[:10],
        boot_id=boot,
        mono=mono,
    ).to_dict()


def truth(lengths: dict[str, int]) -> list[dict[str, Any]]:
    """The full logs of several kiosks: seqs 1..n each."""
    return [event(k, s, child=f"c{s % 5}") for k, n in lengths.items() for s in range(1, n + 1)]


full_logs = st.dictionaries(st.sampled_from(KIOSKS), st.integers(0, 12), min_size=1).map(truth)


@st.composite
def partial_logs(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A random subset, in random order, of events of several kiosks."""
    everything = truth({k: 10 for k in KIOSKS})
    chosen = draw(st.lists(st.sampled_from(everything), max_size=20))
    return chosen


def records(events: list[ChoiceEvent]) -> list[dict[str, Any]]:
    """The laptop's typed events as the kiosk logged them, to compare with the kiosk's own."""
    return [e.to_dict() for e in events]


def typed(events: list[dict[str, Any]]) -> list[ChoiceEvent]:
    """Event dicts read as the laptop reads them."""
    return [ChoiceEvent.from_dict(e) for e in events]
