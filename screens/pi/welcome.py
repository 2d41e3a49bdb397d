"""Welcome, which is also "Who are you": the class's pictures under today's centers.

A child finds their picture right here, so choosing takes three taps without a badge
(picture, center, check). Today's open centers with seats left run along the top.
A long press on the top-right corner opens teacher mode (behind the PIN).

A child starts their turn by holding their picture until its ring is full
(``kiosk.pi.touch.HOLD_S``, ``screens/pi/rings.py``) or with their badge, at once, however
recently anyone else touched the screen. A tap never starts a turn, at any rhythm; it is
answered in the same frame: a tap on a picture shows a hand and the ring filling, any
other touch the words, and both are spoken ("Hold your picture until the circle is full").

The line at the top says one thing at a time (``banner``): the usual invitation, an
unknown badge, how to hold, or that the class list just changed under a child.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ColorProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.widget import Widget

from kiosk.pi.touch import HINT_S, may_say_again
from kiosk.pi.visits import Banner, ChooseVisit, PinVisit, ReflectVisit, SwitchVisit, WelcomeVisit
from kiosk.shared.domain import Method
from screens.pi.base import KioskScreen
from screens.pi.choice_time import CLOSED_TITLE, CLOSED_WORDS, ClosedBoard
from screens.pi.rings import HoldTile

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


class ChildTile(HoldTile):
    """A child's picture: held until its ring is full, it starts their turn."""

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
BANNER_S: dict[Banner, float] = {"unknown-badge": UNKNOWN_BADGE_S, "hold": HINT_S, "class-changed": UNKNOWN_BADGE_S}
"""How long each message other than the invitation stays at the top."""
SPOKEN_BANNERS: tuple[Banner, ...] = ("unknown-badge", "class-changed")
"""Lines said aloud as well when a visit brings them (a child who cannot read hears why they are here)."""


class WelcomeScreen(KioskScreen[WelcomeVisit]):
    visit_type = WelcomeVisit
    notice = StringProperty("")
    title = StringProperty("")
    banner = StringProperty("")
    """What the top line says: "" (the invitation), "unknown-badge", "hold" or "class-changed"."""
    unknown_badge = BooleanProperty(False)
    settle_s = 0.0  # a held picture cannot be pressed by a duplicated touch: the next child starts at once
    _banner_timer: Any = None
    _hint_said_at: float | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._roster: list[tuple[str, str, str]] = []
        self.closed_board = ClosedBoard()
        self.closed_board.bind(on_touched=lambda _board: self.say_closed())
        self._tiles: dict[str, ChildTile] = {}

    def idle_timeout(self) -> float | None:
        return None

    def banner_words(self, banner: Banner) -> str:
        """The top line for ``banner``, in the class's language."""
        if banner == "unknown-badge":
            return self.tr("I don't know this badge yet. Find your picture!")
        if banner == "hold":
            return self.tr("Hold your picture until the circle is full.")
        if banner == "class-changed":
            return self.tr("The class list just changed. Find your picture!")
        return self.tr("Tap your badge or find your picture")

    def show_banner(self, banner: Banner) -> None:
        """Say ``banner`` at the top for a while, then the invitation again."""
        if self._banner_timer is not None:
            self._banner_timer.cancel()
            self._banner_timer = None
        self.banner = banner
        self.unknown_badge = banner == "unknown-badge"
        self.title = self.banner_words(banner)
        if banner:
            self._banner_timer = Clock.schedule_once(self._end_banner, BANNER_S[banner])

    def _end_banner(self, *_args: object) -> None:
        self.show_banner("")

    def show_class_changed(self) -> None:
        """The child whose turn it was is no longer on the class list (a sync): start again from the pictures."""
        self.show_banner("class-changed")
        self.say(self.title)

    def show_hold_hint(self) -> None:
        """A touch that started nothing: how to start a turn, in words and (not too often) aloud."""
        if self.banner not in ("", "hold"):
            return  # an unknown badge's or a class change's words stay until they are read
        self.show_banner("hold")
        now = Clock.get_time()
        if may_say_again(now, self._hint_said_at):
            self._hint_said_at = now
            self.say(self.title)

    def on_leave(self, *_args: object) -> None:
        self.show_banner("")
        for tile in self._tiles.values():
            tile.cancel()

    def prepare(self, visit: WelcomeVisit) -> None:
        """Fill the screen in the class's language (a sync may just have changed it).

        An unknown badge or a class change is said aloud too; so is the end of choice
        time when it ended during a child's turn (``say_closed``).
        """
        kept: Banner = self.banner if self.banner != "hold" else ""
        banner = kept if visit.banner is None else visit.banner
        self.show_banner(banner)
        self.data_changed()
        if visit.banner in SPOKEN_BANNERS:
            self.say(self.title)
        if visit.say_closed:
            self.say_closed()

    def data_changed(self) -> None:
        """Words, seats and pictures as the class is now; a picture held meanwhile stays held if its child stays."""
        self.title = self.banner_words(self.banner)
        self._fill_centers()
        self._fill_children()
        self._show_choice_time()
        service = self.services.service
        self.notice = (
            self.tr("Teacher: some saved data needs a look (teacher mode).") if service.problems else ""
        )

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
        """The class's pictures, in name order; laid out again only when the roster changed.

        Each child keeps their tile, so a picture being held when a sync renames or
        re-pictures its child stays held; a child removed meanwhile loses their tile,
        and if it was being held the top line says the class list changed.
        """
        grid = self.ids.children
        children = sorted(self.services.service.children(), key=lambda c: c.first_name.casefold())
        roster = [(c.id, c.first_name, c.picture) for c in children]
        if roster == self._roster:
            return
        self._roster = roster
        kept = {child.id for child in children}
        for child_id, tile in list(self._tiles.items()):
            if child_id not in kept:
                if tile.holding:
                    self.show_class_changed()
                tile.cancel()
                del self._tiles[child_id]
        grid.clear_widgets()
        grid.cols = grid_columns(len(children))
        for child in children:
            if child.id not in self._tiles:
                self._tiles[child.id] = ChildTile(child_id=child.id)
                self._tiles[child.id].bind(on_held=self._held, on_too_short=self._too_short)
            tile = self._tiles[child.id]
            tile.icon = self.picture(child.picture)
            tile.caption = child.first_name
            grid.add_widget(tile)

    def on_touch_down(self, touch):  # type: ignore[no-untyped-def]
        """A touch on a picture starts its ring; a touch on nothing says how to start."""
        if super().on_touch_down(touch):
            return True
        self.show_hold_hint()
        return True

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
        if not self.banner:
            self.title = self.tr(CLOSED_TITLE)

    def say_closed(self) -> None:
        self.say(self.tr(CLOSED_WORDS))

    def _held(self, tile: Any) -> None:
        self.pick(tile.child_id, Method.TAP)

    def _too_short(self, _tile: Any) -> None:
        self.show_hold_hint()

    def pick(self, child_id: str, method: Method) -> None:
        """Greet the child: straight to Choose, or to Switch if they have a center.

        When the teacher turned reflection on, a child with a center is first asked
        how it was (once per stay), then goes on to Switch. Outside choice time no
        turn starts: Welcome says (and shows) that choice time is closed. A child a
        sync has just removed is not greeted: the pictures are shown as they are now.
        """
        if self.child_now(child_id) is None:
            self.data_changed()
            self.show_class_changed()
            return
        service = self.services.service
        if not service.choice_time.is_open():
            self.nav.show(WelcomeVisit(say_closed=True))
            return
        target: ChooseVisit | SwitchVisit = (
            ChooseVisit(child_id, method) if service.placement_of(child_id) is None else SwitchVisit(child_id, method)
        )
        due = service.reflection_due(child_id)
        if due is not None and self.center_now(due) is not None:
            self.nav.show(ReflectVisit(center_id=due, then=target))
            return
        self.nav.show(target)

    def open_teacher(self) -> None:
        self.nav.show(PinVisit("check"))
