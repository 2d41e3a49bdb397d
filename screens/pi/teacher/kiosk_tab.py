"""Teacher mode → Kiosk: saved data, badge reader and speech status, rules, PIN, and Exit.

The reader's line follows the reader live (it is bound to the app's reader status,
which the reader threads update through the Clock). Exit asks "Close the kiosk?"
first: a modal question, so no stray touch closes the kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView

from kiosk.pi.teacher_mode import reader_line, reflection_rule, switching_rule
from kiosk.pi.visits import PinVisit
from kiosk.shared.domain import EventKind
from screens.pi.base import Navigator
from screens.pi.teacher.base import TeacherTab

__all__ = ["ExitQuestion", "KioskTab"]


class ExitQuestion(ModalView):
    """"Close the kiosk?" with Close and Keep it open; it owns every touch while open."""

    tab = ObjectProperty(None, allownone=True)


class KioskTab(TeacherTab, BoxLayout):
    problems = StringProperty("")
    reader_status = StringProperty("")
    speech_status = StringProperty("")
    speech_ok = BooleanProperty(True)
    reflection_rule = StringProperty("")
    switching_rule = StringProperty("")

    def __init__(self, nav: Navigator, reader: EventDispatcher, stop_kiosk: Callable[[], None], **kwargs: Any) -> None:
        """``reader`` has ``reader_online`` and ``reader_detail`` properties; ``stop_kiosk`` closes the app."""
        self.nav = nav
        self._reader = reader
        self._stop_kiosk = stop_kiosk
        self.question: ExitQuestion | None = None
        super().__init__(**kwargs)
        reader.bind(reader_online=self._show_reader, reader_detail=self._show_reader)

    def reset(self) -> None:
        self.keep_open()

    def refresh(self) -> None:
        service = self.services.service
        summary = self.tr(
            "Choices recorded today: {count}. Data folder: {folder}",
            count=sum(1 for e in service.today_events() if e.kind is EventKind.CHOSE),
            folder=self.services.data_dir,
        )
        status = "\n".join(self.tr(problem) for problem in service.problems) or self.tr(
            "All saved data is in good order.")
        self.problems = f"{summary}\n\n{status}"
        self.reflection_rule = self.say(reflection_rule(service.settings))
        self.switching_rule = self.say(switching_rule(service.settings))
        self._show_reader()
        speech = self.services.speaker.status()
        self.speech_ok = speech.working
        self.speech_status = " ".join(self.tr(t, **speech.values) for t in (speech.message, speech.fix) if t)

    def _show_reader(self, *_args: object) -> None:
        reader = self.services.service.settings.reader
        self.reader_status = self.say(reader_line(reader, self._reader.reader_online, self._reader.reader_detail))

    def toggle_reflection(self) -> None:
        service = self.services.service
        service.edits.set_reflection(not service.settings.reflection)
        self.refresh()

    def toggle_switching(self) -> None:
        service = self.services.service
        service.edits.set_switching(not service.settings.switching.allowed)
        self.refresh()

    def change_pin(self) -> None:
        self.nav.show(PinVisit("set"))

    def ask_exit(self) -> None:
        if self.question is None:
            self.question = ExitQuestion(tab=self)
            self.question.open()

    def keep_open(self, animation: bool = True) -> None:
        if self.question is not None:
            self.question.dismiss(animation=animation)
            self.question = None

    def exit_kiosk(self) -> None:
        """Gone from the window at once: Kivy's App.stop skips a widget when two are removed."""
        self.keep_open(animation=False)
        self._stop_kiosk()
