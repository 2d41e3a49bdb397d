"""Choice time across a sync: the kiosk's openings and ends reach the laptop's review as choice times,
and a timetable set on the laptop reaches the kiosk, which then opens and ends choice time by itself."""

from __future__ import annotations

from datetime import UTC

import pytest

import kiosk.laptop.sync as sync_module
from kiosk.laptop.review.choices import class_info, review_choices
from kiosk.laptop.review.class_edit import settings_from_form
from kiosk.laptop.review.patterns import center_page, child_page
from kiosk.laptop.review.ranges import DateRange
from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.rules import Outcome
from kiosk.pi.service import KioskService
from kiosk.shared.badges import new_badge_secret
from kiosk.shared.domain import WHOLE_CLASS, Method
from tests.sync.events import records

from .net_helpers import Kiosk, pair


def _review(laptop: LaptopStore):
    """The laptop's review of what it holds, times as the kiosk recorded them: the kiosk's manual clock
    runs minutes ahead within one sync's real second, which the boot anchors would (rightly) squeeze."""
    return review_choices(laptop.choices.events()), class_info(laptop.setup.records("centers"), laptop.setup.records("children"))


def _service(kiosk: Kiosk) -> KioskService:
    secret = new_badge_secret()
    kiosk.storage_thread(lambda: kiosk.storage.config.put_meta("badge_secret", secret))
    service = kiosk.storage_thread(lambda: KioskService(kiosk.storage, kiosk.clock, kiosk.kiosk_id, secret))
    kiosk.backend._on_config_changed = service.reload_config
    return service


def test_the_kiosks_choice_times_are_the_reviews(kiosk: Kiosk, laptop: LaptopStore) -> None:
    pair(kiosk, laptop)
    service = _service(kiosk)

    def morning_and_late_morning() -> None:
        service.choice_time.open()
        service.choose("ann", "lego", Method.TAP)  # 09:00
        kiosk.clock.advance(30 * 60)
        service.choice_time.end()  # 09:30: everyone leaves
        kiosk.clock.advance(10 * 60)
        assert service.choose("ann", "lego", Method.TAP).decision.outcome is Outcome.CHOICE_TIME_CLOSED
        service.choice_time.open()  # 09:40: only ten quiet minutes, yet a new choice time
        assert service.choose("ann", "lego", Method.TAP).decision.records

    kiosk.storage_thread(morning_and_late_morning)
    sync_kiosk(laptop, "kioskA", timeout=5)
    marks = [e["choice_time"] for e in records(laptop.choices.events()) if e["child_id"] == WHOLE_CLASS]
    assert marks == ["opened", "ended", "opened"]
    choices, info = _review(laptop)
    assert [(c.choice_time, c.recorded_time, c.switched) for c in choices] == [(0, True, False), (1, True, False)]
    assert choices[0].until is not None and choices[0].until.strftime("%H:%M") == "09:30"
    day = DateRange(choices[0].day, choices[0].day)
    page = child_page(choices, info, "ann", day)
    assert (page.choice_times, page.class_choice_times, page.total) == (2, 2, 2)
    assert center_page(choices, info, "lego", day).most == 1
    (settings,) = laptop.setup.records("settings")
    assert settings["choice_times"] == {"kept": True, "timetable": []}  # the class keeps choice time now


def test_a_timetable_set_on_the_laptop_opens_and_ends_choice_time_on_the_kiosk(
    kiosk: Kiosk, laptop: LaptopStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The laptop's clock agrees with the kiosk's (a kiosk whose clock is off follows the laptop's time,
    # kiosk/pi/kiosk_time.py, and the timetable with it): the test's kiosk lives on 25 November.
    monkeypatch.setattr(sync_module, "_now", lambda: kiosk.clock.now().astimezone(UTC).isoformat(timespec="seconds"))
    pair(kiosk, laptop)
    service = _service(kiosk)
    sync_kiosk(laptop, "kioskA", timeout=5)
    (settings,) = laptop.setup.records("settings")
    form = {"switching_allowed": "yes", "min_minutes": "10", "idle_timeout_s": "20", "reflection": "no",
            "retention_until": settings.get("retention_until", ""), "term_starts": "", "choice_time_kept": "no",
            "timetable": "Mon-Fri 09:30-10:15; Wed 13:30-14:15"}
    laptop.setup.edit("settings", settings_from_form(form, settings))
    sync_kiosk(laptop, "kioskA", timeout=5)  # 2026-11-25 is a Wednesday, 09:00 on the kiosk's clock
    assert kiosk.storage_thread(lambda: service.choice_time.is_open()) is False
    kiosk.clock.advance(31 * 60)
    opened = kiosk.storage_thread(service.choice_time.follow_timetable)
    assert opened is not None and opened.choice_time == "opened"
    assert kiosk.storage_thread(lambda: service.choose("ann", "lego", Method.TAP)).decision.records
    kiosk.clock.advance(45 * 60)
    assert kiosk.storage_thread(service.choice_time.follow_timetable).choice_time == "ended"
    assert kiosk.storage_thread(service.places) == {}
    sync_kiosk(laptop, "kioskA", timeout=5)
    choices, _ = _review(laptop)
    assert [(c.choice_time, c.recorded_time, c.until.strftime("%H:%M")) for c in choices] == [(0, True, "10:16")]
    (kept,) = laptop.setup.records("settings")
    assert kept["choice_times"]["timetable"][1] == {"weekdays": [2], "start": "13:30", "end": "14:15"}
