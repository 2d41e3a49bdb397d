"""Teacher mode → Centers today: open or close each center for today, and its seats."""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from kiosk.pi.teacher_mode import seats_after
from screens.pi.teacher.base import TeacherTab

__all__ = ["CenterRow", "CentersTab"]


class CenterRow(BoxLayout):
    """One center: open or closed today, and its seats."""

    tab = ObjectProperty(None, allownone=True)
    center_id = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    seats = NumericProperty(0)
    is_open = BooleanProperty(True)


class CentersTab(TeacherTab, ScrollView):
    def refresh(self) -> None:
        rows = self.ids.center_rows
        rows.clear_widgets()
        for center in self.services.service.centers():
            rows.add_widget(
                CenterRow(
                    center_id=center.id,
                    picture=self.picture(center.picture),
                    name=self.center_name(center),
                    seats=center.seats,
                    is_open=center.open_today,
                    tab=self,
                )
            )

    def toggle_open(self, center_id: str, is_open: bool) -> None:
        self.services.service.edits.set_center_open(center_id, is_open)
        self.refresh()

    def change_seats(self, center_id: str, delta: int) -> None:
        seats = seats_after(self.services.service.center(center_id).seats, delta)
        if seats is not None:
            self.services.service.edits.set_seats(center_id, seats)
            self.refresh()
