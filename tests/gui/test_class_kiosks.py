"""Two kiosks of one class, as the children and the teacher see it: "just taken", and a board that shows an over-fill.

The other kiosk here is a stand-in settler (the network side is tested with real
servers in tests/sync/test_last_seat_race.py): it answers on the Kivy clock, as the
real one hands its answers back, after granting its own child's claim on this kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.pi.class_desk import PeerVerdict
from kiosk.pi.peers import PeerToday
from kiosk.pi.seat_claims import SEAT, Claim, Verdict
from kiosk.pi.visits import WelcomeVisit
from kiosk.shared.domain import ChoiceEvent, Method
from tests.gui.harness import KioskDriver
from tests.gui.steps import center_card, child_id, confirm_panel, open_teacher_mode, pick_child


class OtherKioskTookIt:
    """Kiosk B, whose child Mia took the last seat of the center a moment before."""

    def __init__(self, kiosk: KioskDriver) -> None:
        self.kiosk = kiosk
        self.asked: list[Claim] = []
        self.told: list[tuple[str, Any]] = []

    def reachable(self) -> bool:
        return True

    def settle(self, claim: Claim, done: Callable[[list[PeerVerdict]], None]) -> None:
        from kivy.clock import Clock

        self.asked.append(claim)
        desk = self.kiosk.services.service.class_desk
        mia = child_id(self.kiosk, "Mia")

        def answer(_dt: float) -> None:
            desk.judge(Claim("b-claim", "kioskB", mia, claim.center_id, 1))  # B's claim reached us first
            done([PeerVerdict("kioskB", Verdict(False, SEAT, None))])

        Clock.schedule_once(answer, 2.0)  # long enough for the test to touch ✗ meanwhile

    def tell(self, claim_id: str, today: PeerToday | None) -> None:
        self.told.append((claim_id, today))

    def close(self) -> None:
        pass


def test_a_child_whose_last_seat_another_kiosk_gave_away_hears_just_taken(kiosk: KioskDriver, shots) -> None:
    service = kiosk.services.service
    service.choose(child_id(kiosk, "Ben"), "array-war", Method.TAP)  # Array War: 2 seats, 1 left
    other = OtherKioskTookIt(kiosk)
    service.class_desk.settler = other
    kiosk.app.show(WelcomeVisit())
    pick_child(kiosk, "Ava")
    card = center_card(kiosk, "Array War")
    assert not card.full
    kiosk.tap(card)
    kiosk.tap(confirm_panel(kiosk).ids.check)
    assert kiosk.current().settling and kiosk.screen == "choose", "waiting for the other kiosk"
    kiosk.screenshot("choose-settling", shots)
    kiosk.tap(confirm_panel(kiosk).ids.cancel)
    assert confirm_panel(kiosk) is not None, "the choice is on its way: ✗ waits for its answer"
    kiosk.wait_until(lambda: not kiosk.current().settling)

    assert kiosk.screen == "choose" and confirm_panel(kiosk) is None
    card = center_card(kiosk, "Array War")
    assert card.full and card.full_text == "Just taken — pick another"
    assert center_card(kiosk, "Blocks").full_text == "Full — pick another", "other cards say full as before"
    assert list(kiosk.services.speaker.said)[-1] == (
        "Someone just took the last seat at Array War. Pick another center."
    )
    assert service.placement_of(child_id(kiosk, "Ava")) is None and len(service.today_events()) == 1
    assert [c for c, _ in other.told] == [other.asked[0].claim_id], "B is told the claim was dropped"
    kiosk.screenshot("choose-just-taken", shots)

    kiosk.tap(center_card(kiosk, "Blocks"))
    service.class_desk.settler = None  # B out of reach now: this kiosk decides alone
    kiosk.tap(confirm_panel(kiosk).ids.check)
    assert kiosk.screen == "done"


def test_the_teachers_board_shows_a_center_over_its_seats(kiosk: KioskDriver, shots) -> None:
    service = kiosk.services.service
    for name in ("Ben", "Mia"):
        service.choose(child_id(kiosk, name), "array-war", Method.TAP)
    now = service.time.now().wall.isoformat()
    theirs = {"id": "b-1", "kiosk_id": "kioskB", "seq": 1, "child_id": child_id(kiosk, "Leo"), "center_id": "array-war",
              "kind": "chose", "method": "tap", "wall": now, "day": service.today(), "boot_id": "b", "mono": 1.0}
    # chosen on kiosk B while the two could not reach each other
    service.set_peer_today("kioskB", [ChoiceEvent.from_dict(theirs)])
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    from screens.pi.teacher import BoardBox

    box = kiosk.find(teacher, lambda w: isinstance(w, BoardBox) and w.center_id == "array-war")
    assert box.title.endswith("3/2") and box.over_text == "1 child too many"
    blocks = kiosk.find(teacher, lambda w: isinstance(w, BoardBox) and w.center_id == "blocks")
    assert blocks.over_text == ""
    kiosk.screenshot("teacher-board-over-fill", shots)
