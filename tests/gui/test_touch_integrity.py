"""Every touch means what the child meant: real touches over the confirm panel, a
mashing child, and a seeded random-tap monkey, in the real app on Kivy's real Clock
run ahead of the wall clock (``KioskDriver.advance``)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from tests.gui.steps import center_card, child_id, confirm_panel, pick_child

GRID_COLUMNS, GRID_ROWS = 12, 8
FIGURES_DIR_ENV = "CHOICE_KIOSK_FIGURES"


def grid_points(width: int, height: int) -> list[tuple[float, float]]:
    """Points spread over the whole window: the panel, its picture and words, and the backdrop."""
    return [
        ((col + 0.5) * width / GRID_COLUMNS, (row + 0.5) * height / GRID_ROWS)
        for row in range(GRID_ROWS)
        for col in range(GRID_COLUMNS)
    ]


def chosen(kiosk) -> list[tuple[str, str]]:
    """(child, center) of every choice on disk today."""
    day = kiosk.services.service.today()
    return [(e["child_id"], e["center_id"]) for e in kiosk.services.storage.events.events_on(day) if e["kind"] == "chose"]


def open_panel(kiosk, child: str, center_name: str) -> None:
    kiosk.app.show("choose", child_id=child)
    kiosk.advance(0.35)
    card = center_card(kiosk, center_name)
    x, y = card.to_window(*card.center)
    kiosk.press(x, y, after=0.35)
    assert confirm_panel(kiosk) is not None


def test_touches_anywhere_over_the_confirm_panel_never_choose_another_center(kiosk):
    service = kiosk.services.service
    names = [c.name for c in service.open_centers()]
    children = [c.id for c in service.children()]
    checked = set()
    for index, center_name in enumerate(names):
        child, center = children[index], next(c.id for c in service.open_centers() if c.name == center_name)
        open_panel(kiosk, child, center_name)
        for x, y in grid_points(*kiosk.window.size):
            kiosk.press(x, y, after=0.35)
            recorded = [c for who, c in chosen(kiosk) if who == child]
            assert set(recorded) <= {center}, f"a touch at {(x, y)} over {center_name} recorded {recorded}"
            screen = kiosk.current()
            if kiosk.screen == "done":
                checked.add(center)
                assert service.teacher_undo(child) is not None
                open_panel(kiosk, child, center_name)
            elif kiosk.screen == "choose" and screen.confirming:
                assert screen.selected_id == center, "a touch on the panel never changes the choice"
            else:
                assert kiosk.screen == "choose", f"a touch at {(x, y)} left for {kiosk.screen}"
                open_panel(kiosk, child, center_name)
    assert checked == {c.id for c in service.open_centers()}, "the grid reached the check for every card"
    assert all(who in children[: len(names)] for who, _ in chosen(kiosk))


def test_touching_the_chosen_picture_or_its_words_says_it_again(kiosk):
    open_panel(kiosk, child_id(kiosk, "Ava"), "Science Table")
    panel = confirm_panel(kiosk)
    said = kiosk.services.speaker.said
    for widget in list(panel.ids.chosen.walk(restrict=True)):
        said.clear()
        x, y = widget.to_window(*widget.center)
        kiosk.press(x, y, after=0.35)
        assert list(said) == ["Science Table. Look closely with the magnifier and draw what you see."]
        assert kiosk.current().selected_id == "science"


MASH_SPOTS = {
    "the check": lambda kiosk: confirm_panel(kiosk).ids.check,
    "the chosen picture": lambda kiosk: confirm_panel(kiosk).ids.chosen,
    "the card": lambda kiosk: center_card(kiosk, "Blocks"),
    "the not-me button": lambda kiosk: kiosk.ids().not_me,
}


def test_one_child_mashing_one_spot_at_10_per_second_never_records_another_child(kiosk):
    """After a confirmed choice, 30 s of taps at 10/s on one spot, for several spots."""
    service = kiosk.services.service
    mashers = ["Ava", "Leo", "Mia", "Noah"]
    for masher, (spot, widget_of) in zip(mashers, MASH_SPOTS.items()):
        pick_child(kiosk, masher)
        kiosk.advance(0.35)
        card = center_card(kiosk, "Blocks")
        x, y = card.to_window(*card.center)
        kiosk.press(x, y, after=0.35)
        x, y = (w := widget_of(kiosk)).to_window(*w.center)
        check = confirm_panel(kiosk).ids.check
        kiosk.press(*check.to_window(*check.center))
        assert kiosk.screen == "done"
        for _ in range(300):
            kiosk.press(x, y, hold=0.04, after=0.06)
        kiosk.advance(5)
        masher_id = child_id(kiosk, masher)
        others = [(who, c) for who, c in chosen(kiosk) if who not in {child_id(kiosk, m) for m in mashers}]
        assert others == [], f"mashing {spot} recorded {others}"
        assert service.placement_of(masher_id).center_id == "blocks"
        assert kiosk.screen == "welcome"


def monkey(kiosk, chance: random.Random, taps: int, pause_chance: float) -> dict:
    """Random taps (and a few long holds) anywhere; now and then a pause of 1-3 s."""
    width, height = kiosk.window.size
    before = len(chosen(kiosk))
    simulated = 0.0
    screens: dict[str, int] = {}
    for _ in range(taps):
        pause = chance.uniform(1.0, 3.0) if chance.random() < pause_chance else chance.uniform(0.05, 0.5)
        hold = chance.uniform(1.6, 2.0) if chance.random() < 0.02 else chance.uniform(0.02, 0.15)
        kiosk.press(chance.uniform(0, width), chance.uniform(0, height), hold=hold, after=pause)
        simulated += hold + pause
        screens[kiosk.screen] = screens.get(kiosk.screen, 0) + 1
    kiosk.advance(10)
    recorded = chosen(kiosk)[before:]
    return {
        "taps": taps,
        "pauses_of_1_to_3_s": f"{pause_chance:.0%} of taps",
        "simulated_minutes": round(simulated / 60, 1),
        "choices_recorded": len(recorded),
        "children_with_a_choice": len({who for who, _ in recorded}),
        "screens_after_taps": dict(sorted(screens.items())),
    }


def test_a_random_tap_monkey_never_crashes_and_its_figure_is_written(kiosk, tmp_path):
    """Seeded random taps all over the real app: first a child mashing (no pauses), then
    a child wandering (pauses now and then). The figures go to docs/monkey-taps.json."""
    import logging

    errors: list[str] = []

    class Errors(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR or record.exc_info:
                errors.append(self.format(record))

    logging.getLogger().addHandler(Errors())
    seed = 2026
    chance = random.Random(seed)
    mashing = monkey(kiosk, chance, 1200, pause_chance=0.0)
    wandering = monkey(kiosk, chance, 1200, pause_chance=0.05)
    assert errors == []
    assert kiosk.app.root in kiosk.window.children, "the kiosk is still up"
    assert mashing["choices_recorded"] <= 1, "a run of taps starts at most the first turn"
    figure = {
        "seed": seed,
        "children_in_class": len(kiosk.services.service.children()),
        "rule": "a picture starts a turn only after 0.7 s without touches (kiosk/pi/touch.py)",
        "mashing": mashing,
        "wandering": wandering,
    }
    text = json.dumps(figure, indent=1) + "\n"
    (tmp_path / "monkey-taps.json").write_text(text, encoding="utf-8")
    wanted = os.environ.get(FIGURES_DIR_ENV)
    if wanted:
        Path(wanted, "monkey-taps.json").write_text(text, encoding="utf-8")
    print(text)
