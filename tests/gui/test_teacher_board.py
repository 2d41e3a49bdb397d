"""The teacher's board at 800×480 with the choice-time bar, a full class and an over-fill: every child
the teacher may have to move can be seen whole and tapped (an outside check found a full center's
fifth child, and the child the red warning asks to move, hidden below their card)."""

from __future__ import annotations

from kiosk.shared.domain import Method
from tests.gui.harness import KioskDriver
from tests.gui.steps import child_id, open_teacher_mode

FILL = {"library": 5, "blocks": 4, "mystery-plate": 3, "array-war": 2, "art": 4}


def _inside(inner, outer) -> bool:
    (ix, iy), (ox, oy) = inner.to_window(*inner.pos), outer.to_window(*outer.pos)
    return ox - 0.5 <= ix and oy - 0.5 <= iy and ix + inner.width <= ox + outer.width + 0.5 \
        and iy + inner.height <= oy + outer.height + 0.5


def test_every_child_on_the_board_can_be_seen_whole_and_tapped(kiosk: KioskDriver, shots) -> None:
    from screens.pi.teacher import BoardBox, ChildChip

    service = kiosk.services.service
    service.choice_time.open()
    children = [c.id for c in service.children()]
    at = 0
    for center, seats in FILL.items():
        for kid in children[at : at + seats]:
            service.choose(kid, center, Method.TAP)
        at += seats
    service.teacher_move(children[at], "array-war")  # one child too many, by the teacher's hand
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    tab = kiosk.find(teacher, lambda w: w.__class__.__name__ == "BoardTab")
    assert tab.ids.choice_time.height > 0, "the choice-time bar is on the board"
    over = kiosk.find(teacher, lambda w: isinstance(w, BoardBox) and w.center_id == "array-war")
    assert over.over_text == "1 child too many"
    kiosk.screenshot("teacher-board-full-class", shots)

    shown = [(chip.parent.parent.center_id, chip.child_id) for chip in teacher.walk() if isinstance(chip, ChildChip)]
    assert sorted(kid for _, kid in shown) == sorted(children), "every child is on the board once"
    assert [kid for center, kid in shown if center == "library"] and child_id(kiosk, "Ava") in children
    scroll = tab.ids.get("scroll")  # the board scrolls when the class does not fit
    view = scroll if scroll is not None else tab
    for center, kid in shown:
        chip = _in_view(kiosk, teacher, scroll, kid)
        box = chip.parent.parent
        assert _inside(chip, box), f"{kid} at {center} drawn outside the card"
        assert _inside(chip, view), f"{kid} at {center} not in view after scrolling to it"
        kiosk.tap(chip, settle=0.05)  # the next child's tap selects them in turn, as the teacher's would
        kiosk.wait_until(lambda kid=kid: tab.selected_child == kid, timeout=10)


def _in_view(kiosk: KioskDriver, teacher, scroll, kid: str):
    """The child's chip on the board as now drawn, scrolled into view once its card is laid out."""
    from screens.pi.teacher import ChildChip

    def chip():
        return next((w for w in teacher.walk() if isinstance(w, ChildChip) and w.child_id == kid), None)

    def laid_out() -> bool:
        found = chip()
        return found is not None and found.parent is not None and _inside(found, found.parent.parent)

    try:
        kiosk.wait_until(laid_out, timeout=10)
    except AssertionError as error:
        raise AssertionError(f"{kid} is never drawn inside their card") from error
    if scroll is not None:
        scroll.scroll_to(chip(), padding=4, animate=False)
        kiosk.pump(0.05)
    return chip()
