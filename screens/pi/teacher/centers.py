"""Teacher mode → Centers today: open or close each center for today, and its seats.

Fewer seats than the children at a center is allowed and said: nobody is moved, the
row shows how many are there, and the line at the top says what happened. A center a
sync removed meanwhile is not changed; its row goes.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from kiosk.pi.teacher_mode import seats_after, seats_warning
from screens.pi.teacher.base import TeacherTab

__all__ = ["CenterRow", "CentersTab"]


class CenterRow(BoxLayout):
    """One center: open or closed today, and its seats."""

    tab = ObjectProperty(None, allownone=True)
    center_id = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    seats = NumericProperty(0)
    present = NumericProperty(0)
    is_open = BooleanProperty(True)


class CentersTab(TeacherTab, ScrollView):
    status = StringProperty("")

    def reset(self) -> None:
        self.status = ""

    def refresh(self) -> None:
        service = self.services.service
        rows = self.ids.center_rows
        for row in [w for w in rows.children if isinstance(w, CenterRow)]:
            rows.remove_widget(row)
        for center in service.centers():
            rows.add_widget(
                CenterRow(
                    center_id=center.id,
                    picture=self.picture(center.picture),
                    name=self.center_name(center),
                    seats=center.seats,
                    present=len(service.children_at(center.id)),
                    is_open=center.open_today,
                    tab=self,
                )
            )

    def _center(self, center_id: str):  # type: ignore[no-untyped-def]
        return next((c for c in self.services.service.centers() if c.id == center_id), None)

    def toggle_open(self, center_id: str, is_open: bool) -> None:
        if self._center(center_id) is not None:
            self.services.service.edits.set_center_open(center_id, is_open)
        self.refresh()

    def change_seats(self, center_id: str, delta: int) -> None:
        center = self._center(center_id)
        seats = seats_after(center.seats, delta) if center is not None else None
        if center is None or seats is None:
            self.refresh()
            return
        self.services.service.edits.set_seats(center_id, seats)
        present = len(self.services.service.children_at(center_id))
        warning = seats_warning(self.center_name(center), present, seats)
        self.status = self.trn(*warning.forms, warning.count, **warning.values) if warning else ""
        self.refresh()
