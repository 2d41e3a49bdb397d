"""Teacher mode → Who is where: the live board; tap a child, then a center to move them.

The teacher can also undo the selected child's latest entry. Every change is a new
event in the log, never an edit. The line under the board keeps its height whether
a child is selected or not, so the board never moves under the teacher's finger. A
selected child removed by a sync is let go, and the line says so; children at a
center a sync removed wait under "No center yet". A center with more children
than seats (a teacher's move, or two kiosks that could not reach each other) says so in red.
Each card is as tall as its children need and the board scrolls when the class does not
fit, so no child is ever hidden from the teacher who must move them.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.pi.teacher_mode import board_centers, child_gone
from screens.pi.choice_time import ChoiceTimeBar
from screens.pi.teacher.base import TeacherTab
from screens.pi.widgets import PressBox

__all__ = ["NO_CENTER", "BoardBox", "BoardTab", "ChildChip", "ChoiceTimeBar"]

NO_CENTER = ""


class ChildChip(PressBox):
    """A child on a tab; a tap hands ``child_id`` to the tab's ``select_child``."""

    tab = ObjectProperty(None, allownone=True)
    child_id = StringProperty("")
    name = StringProperty("")
    picture = StringProperty("")
    wide = BooleanProperty(False)


class BoardBox(PressBox):
    """A center on the live board; tap it to move the selected child there."""

    tab = ObjectProperty(None, allownone=True)
    center_id = StringProperty("")
    title = StringProperty("")
    over_text = StringProperty("")
    least_height = NumericProperty(64)
    """In design pixels: a card with few children keeps a card's size."""
    needed = NumericProperty(0)
    """The height its title, warning and children take (set by its rule)."""
    row_height = NumericProperty(0)
    """The tallest need of its row on the board, so a row's cards line up."""


class BoardTab(TeacherTab, BoxLayout):
    selected_child = StringProperty("")
    selected_name = StringProperty("")
    status = StringProperty("")

    def reset(self) -> None:
        self.selected_child = ""
        self.selected_name = ""
        self.status = ""

    def refresh(self) -> None:
        service = self.services.service
        self.ids.choice_time.refresh()
        if self.selected_child and self.selected_child not in {c.id for c in service.children()}:
            self.status = self.say(child_gone(self.selected_name))
            self.selected_child = ""
            self.selected_name = ""
        board = self.ids.board
        board.clear_widgets()
        centers = {c.id for c in service.centers()}
        places = {child: p for child, p in service.places().items() if p.center_id in centers}
        occupied = {p.center_id for p in places.values()}
        for center in board_centers(service.centers(), occupied, self.center_name):
            kids = service.children_at(center.center_id)
            over = len(kids) - center.seats
            box = BoardBox(
                center_id=center.center_id,
                title=f"{center.name}  {len(kids)}/{center.seats}",
                over_text=self.trn("{count} child too many", "{count} children too many", over) if over > 0 else "",
                bg_color=center.colour,
                tab=self,
            )
            for kid in kids:
                box.ids.chips.add_widget(self._chip(kid.id, kid.first_name, kid.picture))
            box.bind(needed=self._even_rows)
            board.add_widget(box)
        self._even_rows()
        waiting = self.ids.waiting
        waiting.center_id = NO_CENTER
        waiting.title = self.tr("No center yet")
        waiting.ids.chips.clear_widgets()
        for kid in service.children():
            if kid.id not in places:
                waiting.ids.chips.add_widget(self._chip(kid.id, kid.first_name, kid.picture))

    def _even_rows(self, *_args: Any) -> None:
        """Each row of cards as tall as its fullest card (a card's need changes as its children lay out)."""
        board = self.ids.board
        boxes = list(reversed(board.children))
        for start in range(0, len(boxes), board.cols):
            row = boxes[start : start + board.cols]
            tallest = max(box.needed for box in row)
            for box in row:
                box.row_height = tallest

    def _chip(self, child_id: str, name: str, picture: str) -> Any:
        return ChildChip(
            child_id=child_id,
            name=name,
            picture=self.picture(picture),
            selected=child_id == self.selected_child,
            tab=self,
        )

    def select_child(self, child_id: str) -> None:
        if child_id == self.selected_child:
            child_id = ""
        self.selected_child = child_id
        self.selected_name = self.services.service.child(child_id).first_name if child_id else ""
        self.status = self.tr("Tap a center to move {name} there.", name=self.selected_name) if child_id else ""
        self.refresh()

    def box_tapped(self, center_id: str) -> None:
        """Move the selected child to the tapped center (or to no center)."""
        if not self.selected_child:
            return
        service = self.services.service
        placement = service.placement_of(self.selected_child)
        current = placement.center_id if placement else NO_CENTER
        if current != center_id:
            center = next((c for c in service.centers() if c.id == center_id), None)
            if center_id and center is None:
                self.refresh()
                return
            service.teacher_move(self.selected_child, center_id or None)
            where = self.center_name(center) if center is not None else self.tr("no center")
            self.status = self.tr("{name} moved to {center}.", name=self.selected_name, center=where)
        self.selected_child = ""
        self.selected_name = ""
        self.refresh()

    def undo_selected(self) -> None:
        if not self.selected_child:
            return
        event = self.services.service.teacher_undo(self.selected_child)
        name = self.selected_name
        self.status = (
            self.tr("Undid {name}'s last choice.", name=name)
            if event
            else self.tr("{name} has nothing to undo today.", name=name)
        )
        self.selected_child = ""
        self.selected_name = ""
        self.refresh()
