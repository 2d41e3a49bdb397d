"""Every touch means what the child meant: real touches over the confirm panel, and a
panel nobody answers, in the real app on Kivy's real Clock run ahead of the wall clock
(``KioskDriver.advance``). Rhythms of taps: test_touch_rhythms.py; the next child:
test_next_child.py."""

from __future__ import annotations

from kiosk.pi.touch import CONFIRM_REMINDER_S, CONFIRM_S
from kiosk.pi.visits import ChooseVisit
from tests.gui.steps import center_card, child_id, confirm_panel, pick_child

GRID_COLUMNS, GRID_ROWS = 12, 8


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
    kiosk.app.show(ChooseVisit(child))
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
    with kiosk.undrawn():
        check_every_point(kiosk, names, children, checked)
    assert checked == {c.id for c in service.open_centers()}, "the grid reached the check for every card"
    assert all(who in children[: len(names)] for who, _ in chosen(kiosk))


def check_every_point(kiosk, names: list[str], children: list[str], checked: set[str]) -> None:
    service = kiosk.services.service
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


def test_a_check_at_the_panels_last_moment_records_and_one_frame_after_it_closed_nothing(kiosk, shots):
    service = kiosk.services.service
    ava, leo = child_id(kiosk, "Ava"), child_id(kiosk, "Leo")
    open_panel(kiosk, ava, "Library")
    panel = confirm_panel(kiosk)
    check = panel.ids.check.to_window(*panel.ids.check.center)
    kiosk.advance(CONFIRM_S - 0.35 - 0.1, step=0.1)  # open_panel spent 0.35 s; the check lands 0.1 s before the end
    assert kiosk.current().confirming
    kiosk.press(*check, hold=0.05, after=0.0)
    assert kiosk.screen == "done" and service.placement_of(ava).center_id == "library"

    open_panel(kiosk, leo, "Library")
    kiosk.advance(CONFIRM_S - 0.35, step=0.05)  # to the frame at which its time is over
    assert kiosk.screen == "welcome", "the panel closed by itself, and the turn with it"
    kiosk.advance(0.05)  # one frame later
    kiosk.press(*check, hold=0.05, after=0.35)
    assert service.placement_of(leo) is None, "the check's spot after the panel closed records nothing"
    assert [who for who, _ in chosen(kiosk)] == [ava]


def test_a_check_pressed_before_the_end_and_released_after_it_still_records(kiosk):
    service = kiosk.services.service
    ava = child_id(kiosk, "Ava")
    open_panel(kiosk, ava, "Art")
    check = confirm_panel(kiosk).ids.check
    kiosk.advance(CONFIRM_S - 0.35 - 0.2, step=0.1)
    kiosk.press(*check.to_window(*check.center), hold=0.5, after=0.0)  # down before the end, up 0.3 s after it
    assert service.placement_of(ava).center_id == "art"


def test_the_panel_shows_its_time_running_out_and_says_the_name_before_it_closes(kiosk, shots):
    said = kiosk.services.speaker.said
    open_panel(kiosk, child_id(kiosk, "Mia"), "Blocks")
    ring = confirm_panel(kiosk).ids.time_left
    assert ring.running and ring.fraction > 0.9 and not ring.ending
    assert confirm_panel(kiosk).child_name == "Mia", "whose choice it is, by picture and name"
    kiosk.advance(CONFIRM_S - CONFIRM_REMINDER_S - 0.35 + 0.1)
    assert said[-1] == "Mia, tap the check to choose Blocks."
    assert ring.ending and 0 < ring.fraction < CONFIRM_REMINDER_S / CONFIRM_S + 0.05
    kiosk.screenshot("choose-confirm-ending", shots)
    kiosk.advance(CONFIRM_REMINDER_S)
    assert kiosk.screen == "welcome"
    assert kiosk.services.service.placement_of(child_id(kiosk, "Mia")) is None


def test_hearing_it_again_gives_the_child_their_time_again(kiosk):
    open_panel(kiosk, child_id(kiosk, "Eli"), "Puzzles")
    speaker = confirm_panel(kiosk).ids.speaker
    kiosk.advance(CONFIRM_S - 2)
    kiosk.press(*speaker.to_window(*speaker.center))
    kiosk.advance(CONFIRM_S - 1)
    assert kiosk.screen == "choose" and kiosk.current().confirming, "the speaker started the panel's time again"
    kiosk.advance(1.2)
    assert kiosk.screen == "welcome"


def test_the_whole_turns_time_is_a_ring_that_starts_again_at_each_touch(kiosk):
    pick_child(kiosk, "Ivy")
    ring = kiosk.ids().turn_left
    limit = kiosk.services.service.settings.idle_timeout_s
    assert ring.running and ring.duration == limit
    kiosk.advance(limit / 2)
    assert 0.4 < ring.fraction < 0.6
    card = center_card(kiosk, "Blocks")
    kiosk.press(*card.to_window(*card.center))
    kiosk.advance(0.1)
    assert ring.fraction > 0.95, "a touch gives the turn its time again"
    kiosk.advance(limit)
    assert kiosk.screen == "welcome" and not ring.running
