"""Switch: a child who already has a center today may change, under the teacher's rule."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, StringProperty

from kiosk.pi.rules import Outcome
from kiosk.shared.domain import Method
from screens.pi.base import KioskScreen

__all__ = ["SwitchScreen"]


class SwitchScreen(KioskScreen):
    child_id = StringProperty("")
    child_picture = StringProperty("")
    center_id = StringProperty("")
    center_picture = StringProperty("")
    message = StringProperty("")
    can_change = BooleanProperty(False)
    waiting = BooleanProperty(False)
    method = Method.TAP

    def prepare(self, **context: Any) -> None:
        service = self.services.service
        self.child_id = context["child_id"]
        self.method = context.get("method", Method.TAP)
        child = service.child(self.child_id)
        placement = service.placement_of(self.child_id)
        assert placement is not None, "the Switch screen is for a child who has a center"
        center = service.center(placement.center_id)
        where = self.center_words(center)[0]
        self.child_picture = self.picture(child.picture)
        self.center_id = center.id
        self.center_picture = self.picture(center.picture)
        status = service.switch_status(self.child_id)
        self.can_change = status.outcome is Outcome.RECORD
        self.waiting = status.outcome is Outcome.SWITCH_TOO_SOON
        if self.can_change:
            self.message = self.tr(
                "{name}, you are at {center}. Stay or change?", name=child.first_name, center=where
            )
        elif self.waiting:
            self.message = self.tr(
                "{name}, you are at {center}. You can change in {minutes} min.",
                name=child.first_name,
                center=where,
                minutes=status.wait_minutes,
            )
        else:
            self.message = self.tr("{name}, you are at {center} today.", name=child.first_name, center=where)
        self.say(self.message)

    def stay(self) -> None:
        self.nav.show("done", child_id=self.child_id, center_id=self.center_id)

    def change(self) -> None:
        self.nav.show("choose", child_id=self.child_id, method=self.method)
