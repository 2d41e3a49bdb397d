"""No rhythm of taps records a choice nobody made: the seeded monkey at six rhythms on four spots.

After a real child's choice (picture held, card, check), a finger taps one spot at
0.5, 0.8, 1.25, 2, 5 and 10 taps a second for two minutes of the kiosk's clock each
(Kivy's real Clock run ahead, ``KioskDriver.advance``, frames not rendered,
``KioskDriver.undrawn``): the check's spot, the Done
screen's middle, the child's own picture, and random spots. Every tap is a tap
(0.03-0.4 s, shorter at faster rhythms), so none is a deliberate hold: the table must
show 0 choices and 0 turns in every cell, while every tap that started nothing was
answered (the hold hint on Welcome, an echo elsewhere). After each cell a deliberate
hold on the same spot shows the spot was live: it starts the turn of the child whose
picture lies there. One process per spot; the table goes to docs/monkey-taps.json.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest

from kiosk.pi.touch import HOLD_S
from tests.gui.harness import KioskDriver
from tests.gui.steps import center_card, child_tile, confirm_panel, pick_child

FIGURES_DIR_ENV = "CHOICE_KIOSK_FIGURES"
RHYTHMS = (0.5, 0.8, 1.25, 2.0, 5.0, 10.0)
CELL_S = 120.0
SEED = 2026
WINDOW_HEIGHT = 480
LONGEST_TAP_S = 0.4
CHILD_SCREENS = {"choose", "switch", "reflect"}
SPOT_WORDS = {
    "check": "where the check was (over a picture on Welcome)",
    "done": "the middle of Done (over a picture on Welcome)",
    "picture": "the real child's own picture",
    "random": "anywhere, a new spot each tap",
}
REAL_CHOICES = (("Ava", "Blocks"), ("Leo", "Library"), ("Mia", "Art"), ("Noah", "Writing"),
                ("Sam", "Science Table"), ("Theo", "Puzzles"))


def chosen(kiosk: KioskDriver) -> list[tuple[str, str]]:
    day = kiosk.services.service.today()
    return [(e["child_id"], e["center_id"]) for e in kiosk.services.storage.events.events_on(day) if e["kind"] == "chose"]


def centre_of(widget: Any) -> tuple[float, float]:
    return widget.to_window(*widget.center)


class Watch:
    """Counts the turns the app starts (a child's screen shown) and the touches it answered without acting."""

    def __init__(self, kiosk: KioskDriver) -> None:
        self.kiosk = kiosk
        self.turns = 0
        kiosk.app.manager.bind(current=self._shown)
        welcome = kiosk.app.manager.get_screen("welcome")
        self.hints = 0
        real = welcome.show_hold_hint

        def counted() -> None:
            self.hints += 1
            real()

        welcome.show_hold_hint = counted

    def _shown(self, _manager: Any, name: str) -> None:
        if name in CHILD_SCREENS:
            self.turns += 1

    @property
    def echoes(self) -> int:
        return self.kiosk.app.echoes.shown


def real_choice(kiosk: KioskDriver, child: str, center: str) -> dict[str, tuple[float, float]]:
    """A child holds their picture, taps a card and the check; returns where the spots were."""
    kiosk.app.go_home()
    kiosk.advance(0.5)
    picture = centre_of(child_tile(kiosk, child))
    pick_child(kiosk, child)
    assert kiosk.screen == "choose"
    kiosk.advance(0.35)
    kiosk.press(*centre_of(center_card(kiosk, center)), after=0.35)
    check = centre_of(confirm_panel(kiosk).ids.check)
    kiosk.press(*check)
    assert kiosk.screen == "done"
    width, height = kiosk.window.size
    return {"check": check, "done": (width / 2, height / 2), "picture": picture}


def tap_length(chance: random.Random, rhythm: float) -> float:
    """A tap, never a hold: at most 0.4 s, and at most half the time between taps."""
    return chance.uniform(0.03, min(LONGEST_TAP_S, 0.5 / rhythm))


def run_cell(
    kiosk: KioskDriver, watch: Watch, spot: str, rhythm: float, where: tuple[float, float], chance: random.Random
) -> dict:
    """``rhythm`` taps a second on the spot (or anywhere) for ``CELL_S`` of the kiosk's clock."""
    watch_before = (watch.turns, watch.hints, watch.echoes)
    before = len(chosen(kiosk))
    width, height = kiosk.window.size
    period = 1.0 / rhythm
    taps = round(CELL_S * rhythm)
    longest = 0.0
    for _ in range(taps):
        if spot == "random":
            x, y = chance.uniform(0, width), chance.uniform(0, height)
        else:
            x, y = where[0] + chance.uniform(-4, 4), where[1] + chance.uniform(-4, 4)
        hold = tap_length(chance, rhythm)
        longest = max(longest, hold)
        after = period - hold
        kiosk.press(x, y, hold=hold, after=after if after <= 0.5 else 0.0)
        if after > 0.5:
            kiosk.advance(after, step=0.25)
    recorded = chosen(kiosk)[before:]
    return {
        "taps": taps,
        "longest_tap_s": round(longest, 2),
        "choices": len(recorded),
        "turns_started": watch.turns - watch_before[0],
        "told_to_hold": watch.hints - watch_before[1],
        "echoed": watch.echoes - watch_before[2],
    }


def hold_starts(kiosk: KioskDriver, where: tuple[float, float]) -> str:
    """A deliberate hold on the spot, from Welcome: whose turn it starts."""
    kiosk.app.go_home()
    kiosk.advance(0.5)
    kiosk.press(*where, hold=HOLD_S + 0.1, after=0.1)
    started = kiosk.current().child_id if kiosk.screen in CHILD_SCREENS else ""
    kiosk.app.go_home()
    return next((c.first_name for c in kiosk.services.service.children() if c.id == started), "")


@pytest.mark.parametrize("spot", ["check", "done", "picture", "random"])
def test_no_rhythm_of_taps_on_one_spot_records_a_choice(kiosk: KioskDriver, spot: str, tmp_path: Path) -> None:
    watch = Watch(kiosk)
    chance = random.Random(f"{SEED}-{spot}")
    service = kiosk.services.service
    cells: dict[str, dict] = {}
    for (child, center), rhythm in zip(REAL_CHOICES, RHYTHMS, strict=True):
        spots = real_choice(kiosk, child, center)
        real = chosen(kiosk)[-1]
        where = spots.get(spot, (0.0, 0.0))
        with kiosk.undrawn():
            cell = run_cell(kiosk, watch, spot, rhythm, where, chance)
        assert service.placement_of(real[0]).center_id == real[1], "the real child's choice stands"
        if spot != "random":
            cell["spot_px_from_top_left"] = [round(where[0]), round(WINDOW_HEIGHT - where[1])]
            cell["a_hold_on_the_spot_starts"] = hold_starts(kiosk, where)
            assert cell["a_hold_on_the_spot_starts"], f"a deliberate hold on the {spot} spot starts a turn: it is live"
        cells[str(rhythm)] = cell
    table = {rhythm: (cell["choices"], cell["turns_started"]) for rhythm, cell in cells.items()}
    assert all(counts == (0, 0) for counts in table.values()), f"taps on the {spot} spot started turns: {table}"
    assert all(cell["told_to_hold"] + cell["echoed"] > 0 for cell in cells.values())
    write_figure(spot, cells, tmp_path)


def write_figure(spot: str, cells: dict, tmp_path: Path) -> None:
    """This spot's row of docs/monkey-taps.json (each spot's test writes its own)."""
    folder = os.environ.get(FIGURES_DIR_ENV)
    target = Path(folder, "monkey-taps.json") if folder else tmp_path / "monkey-taps.json"
    figure = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    if figure.get("rule") != RULE:
        figure = {}
    figure.update({
        "rule": RULE,
        "seed": SEED,
        "kiosk_minutes_per_cell": CELL_S / 60,
        "taps": "each 0.03 s to min(0.4 s, half the time between taps), on the spot give or take 4 px",
        "after": "a real child's choice: picture held, card, check",
    })
    row: dict[str, Any] = {"where": SPOT_WORDS[spot], "rhythms_per_s": cells}
    figure.setdefault("spots", {})[spot] = row
    figure["spots"] = dict(sorted(figure["spots"].items()))
    target.write_text(json.dumps(figure, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


RULE = f"a turn starts only from a badge or a picture held {HOLD_S} s until its ring is full (kiosk/pi/touch.py)"
