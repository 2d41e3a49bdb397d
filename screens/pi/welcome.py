"""Welcome, which is also "Who are you": the class's pictures under today's centers.

A child finds their picture right here, so choosing takes three taps without a badge
(picture, center, check). Today's open centers with seats left run along the top.
A long press on the top-right corner opens teacher mode (behind the PIN).
A picture answers only a touch that follows a moment without touches
(``kiosk.pi.touch.NEXT_CHILD_QUIET_S``): taps running on from the previous child's turn
never pick a child; a badge always does.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.pi.touch import starts_new_turn
from kiosk.shared.domain import Method
from screens.pi.base import KioskScreen
from screens.pi.choice_time import CLOSED_TITLE, CLOSED_WORDS, ClosedBoard
from screens.pi.widgets import Tile

__all__ = ["CenterGlance", "ChildTile", "TeacherCorner", "WelcomeScreen", "grid_columns"]

LONG_PRESS_S = 1.5


def grid_columns(count: int) -> int:
    """Columns that keep each picture large; 30 children fit in 6 × 5 on 800×480."""
    if count <= 12:
        return 4
    if count <= 20:
        return 5
    return 6


class CenterGlance(BoxLayout):
    """A center at a glance: picture, colour and seats as dots."""

    center_id = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    bg_color = ColorProperty("#ffffff")
    seats = NumericProperty(0)
    taken = NumericProperty(0)


class ChildTile(Tile):
    child_id = StringProperty("")


class TeacherCorner(Widget):
    """An unlabelled corner that opens the PIN screen after a long press."""

    armed = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        self.register_event_type("on_long_press")
        super().__init__(**kwargs)
        self._event: Any = None

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        if not self.collide_point(*touch.pos):
            return False
        touch.grab(self)
        self.armed = True
        self._event = Clock.schedule_once(self._fire, LONG_PRESS_S)
        return True

    def on_touch_up(self, touch):  # type: ignore[no-untyped-def]
        if touch.grab_current is not self:
            return False
        touch.ungrab(self)
        self.armed = False
        if self._event is not None:
            self._event.cancel()
            self._event = None
        return True

    def _fire(self, _dt: float) -> None:
        self._event = None
        self.dispatch("on_long_press")

    def on_long_press(self) -> None:
        """Default handler: nothing."""


UNKNOWN_BADGE_S = 6.0


class WelcomeScreen(KioskScreen):
    notice = StringProperty("")
    title = StringProperty("")
    unknown_badge = BooleanProperty(False)
    _unknown_timer: Any = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._roster: list[tuple[str, str, str]] = []
        self.closed_board = ClosedBoard()
        self.closed_board.bind(on_touched=lambda _board: self.say_closed())

    def idle_timeout(self) -> float | None:
        return None

    def show_unknown_badge(self) -> None:
        """A badge nobody owns yet: say so kindly and point to the pictures."""
        self.unknown_badge = True
        self.title = self.tr("I don't know this badge yet. Find your picture!")
        self.say(self.title)
        if self._unknown_timer is not None:
            self._unknown_timer.cancel()
        self._unknown_timer = Clock.schedule_once(self._forget_unknown, UNKNOWN_BADGE_S)

    def _forget_unknown(self, *_args: object) -> None:
        self.unknown_badge = False
        self.title = self.tr("Tap your badge or find your picture")
        self._unknown_timer = None

    def on_leave(self, *_args: object) -> None:
        self._forget_unknown()

    def prepare(self, **_context: Any) -> None:
        """Fill the screen in the class's language (a sync may just have changed it)."""
        if not self.unknown_badge:
            self.title = self.tr("Tap your badge or find your picture")
        self._fill_centers()
        self._fill_children()
        self._show_choice_time()
        service = self.services.service
        self.notice = (
            self.tr("Teacher: some saved data needs a look (teacher mode).") if service.problems else ""
        )

    def data_changed(self) -> None:
        self.prepare()

    def _fill_centers(self) -> None:
        """Seats at a glance, updated in place; rebuilt when the open centers change."""
        service = self.services.service
        strip = self.ids.centers
        centers = service.open_centers()
        if [c.id for c in centers] != [g.center_id for g in reversed(strip.children)]:
            strip.clear_widgets()
            for center in centers:
                strip.add_widget(CenterGlance(center_id=center.id))
        for glance, center in zip(reversed(strip.children), centers, strict=True):
            glance.picture = self.picture(center.picture)
            glance.name = self.center_words(center)[0]
            glance.bg_color = center.colour
            glance.seats = center.seats
            glance.taken = center.seats - service.seats_left(center.id)

    def _fill_children(self) -> None:
        """The class's pictures; rebuilt only when the roster changed."""
        grid = self.ids.children
        children = sorted(self.services.service.children(), key=lambda c: c.first_name.casefold())
        roster = [(c.id, c.first_name, c.picture) for c in children]
        if roster == self._roster:
            return
        self._roster = roster
        grid.clear_widgets()
        grid.cols = grid_columns(len(children))
        for child in children:
            tile = ChildTile(
                child_id=child.id,
                icon=self.picture(child.picture),
                caption=child.first_name,
            )
            tile.bind(on_release=self._picked)
            grid.add_widget(tile)

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        """A picture starts a turn only from a deliberate touch, never from a run of taps."""
        on_pictures = self.ids.children.collide_point(*self.to_local(*touch.pos))
        if on_pictures and not starts_new_turn(self.nav.touches.quiet_before_last()):
            return True
        return super().on_touch_down(touch)

    def _show_choice_time(self) -> None:
        """Outside choice time the pictures are covered by the closed board (an hourglass and the words)."""
        board, grid = self.closed_board, self.ids.children
        if self.services.service.choice_time.is_open():
            if board.parent is not None:
                self.remove_widget(board)
            return
        board.words, board.picture = self.tr(CLOSED_WORDS), self.picture("ui/hourglass.png")
        if board.parent is None:
            board.pos, board.size = grid.pos, grid.size
            grid.bind(pos=board.setter("pos"), size=board.setter("size"))
            self.add_widget(board)
        if not self.unknown_badge:
            self.title = self.tr(CLOSED_TITLE)

    def say_closed(self) -> None:
        self.say(self.tr(CLOSED_WORDS))

    def _picked(self, tile: Any) -> None:
        self.pick(tile.child_id, Method.TAP)

    def pick(self, child_id: str, method: Method) -> None:
        """Greet the child: straight to Choose, or to Switch if they have a center.

        When the teacher turned reflection on, a child with a center is first asked
        how it was (once per stay), then goes on to Switch. Outside choice time no
        turn starts: Welcome says (and shows) that choice time is closed.
        """
        service = self.services.service
        if not service.choice_time.is_open():
            self.nav.show("welcome")
            self.say_closed()
            return
        target = "choose" if service.placement_of(child_id) is None else "switch"
        due = service.reflection_due(child_id)
        if due is not None:
            self.nav.show("reflect", child_id=child_id, method=method, center_id=due, then=target)
            return
        self.nav.show(target, child_id=child_id, method=method)

    def open_teacher(self) -> None:
        self.nav.show("pin", mode="check")
