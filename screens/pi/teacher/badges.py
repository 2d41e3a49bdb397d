"""Teacher mode → Badges: tap a child (or "teacher"), then scan the badge to enrol it."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.pi.teacher_mode import TEACHER, child_gone, enrol_prompt, teacher_badge_rule
from screens.pi.teacher.base import TeacherTab
from screens.pi.teacher.board import ChildChip

__all__ = ["BadgesTab"]


class BadgesTab(TeacherTab, BoxLayout):
    """A child removed by a sync while waiting for their badge is let go, and the line says so."""

    enrolling = StringProperty("")
    _enrolling_name = ""
    badge_status = StringProperty("")
    teacher_badge_rule = StringProperty("")

    def reset(self) -> None:
        self.enrolling = ""
        self.badge_status = self.say(enrol_prompt(""))

    def refresh(self) -> None:
        service = self.services.service
        if self.enrolling not in ("", TEACHER) and self.enrolling not in {c.id for c in service.children()}:
            self.badge_status = self.say(child_gone(self._enrolling_name))
            self.enrolling = ""
        self.teacher_badge_rule = self.say(teacher_badge_rule(service.settings.teacher_badge_skips_pin))
        chips = self.ids.badge_children
        chips.clear_widgets()
        for kid in service.children():
            chip = ChildChip(
                child_id=kid.id,
                name=f"{kid.first_name} · {len(kid.badges)}",
                picture=self.picture(kid.picture),
                selected=kid.id == self.enrolling,
                wide=True,
                tab=self,
            )
            chips.add_widget(chip)

    def badge_scanned(self, raw: str) -> None:
        """Give the scanned badge to the child (or teacher) waiting for one."""
        if not self.enrolling:
            return
        service = self.services.service
        if self.enrolling == TEACHER:
            problem = service.badges.enrol_teacher(raw)
            done = self.tr("Teacher badge added.")
        else:
            problem = service.badges.enrol(self.enrolling, raw)
            done = self.tr("Badge added for {name}.", name=service.child(self.enrolling).first_name)
        self.badge_status = self.tr(problem) if problem else done
        self.enrolling = ""
        self.refresh()

    def select_child(self, who: str) -> None:
        self.enrol_for(who)

    def enrol_for(self, who: str) -> None:
        """Wait for the next scan and give it to a child (or to the teacher)."""
        self.enrolling = "" if who == self.enrolling else who
        name = self.services.service.child(who).first_name if self.enrolling and who != TEACHER else ""
        self._enrolling_name = name
        self.badge_status = self.say(enrol_prompt(self.enrolling, name))
        self.refresh()

    def toggle_teacher_badge_pin(self) -> None:
        service = self.services.service
        service.edits.set_teacher_badge_skips_pin(not service.settings.teacher_badge_skips_pin)
        self.refresh()

    def remove_badges(self) -> None:
        if not self.enrolling or self.enrolling == TEACHER:
            return
        name = self.services.service.child(self.enrolling).first_name
        count = self.services.service.badges.remove(self.enrolling)
        self.badge_status = self.trn(
            "Removed {count} badge from {name}.", "Removed {count} badges from {name}.", count, name=name
        )
        self.enrolling = ""
        self.refresh()
