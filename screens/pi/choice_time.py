"""Choice time on the kiosk's screens: Welcome while it is closed, and teacher mode's one-touch control.

Both are small widgets of their own, so the screens they sit on (Welcome, the
board tab) only place them and tell them to refresh.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.shared.text.i18n import N_

__all__ = ["CLOSED_TITLE", "CLOSED_WORDS", "TOGGLE_QUIET_S", "ChoiceTimeBar", "ClosedBoard"]

#: After the teacher's one touch opened or ended choice time, the button (now meaning the opposite)
#: takes no touch for this long: a double tap ends choice time once, it never ends and reopens it.
TOGGLE_QUIET_S = 2.0

#: What Welcome shows and says while choice time is closed (and what a badge scan hears then).
CLOSED_WORDS = N_("Choice time is closed. Your teacher will open it.")
#: Welcome's title meanwhile: short enough for its one line in every language.
CLOSED_TITLE = N_("Choice time is closed.")


class ClosedBoard(BoxLayout):
    """Over Welcome's pictures while choice time is closed: an hourglass and the words.

    It owns every touch on the pictures (no child can be picked), and a touch says
    the words again, so a child who cannot read hears why nothing happens.
    """

    words = StringProperty("")
    picture = StringProperty("")
    __events__ = ("on_touched",)

    def on_touch_down(self, touch: Any) -> bool:
        if not self.collide_point(*touch.pos):
            return False
        self.dispatch("on_touched")
        return True

    def on_touch_move(self, touch: Any) -> bool:
        return bool(self.collide_point(*touch.pos))

    def on_touch_up(self, touch: Any) -> bool:
        return bool(self.collide_point(*touch.pos))

    def on_touched(self) -> None:
        """Default handler: nothing (Welcome speaks the words)."""


class ChoiceTimeBar(BoxLayout):
    """Teacher mode → Who is where: whether choice time is open, and one button to open or end it."""

    services = ObjectProperty(None, allownone=True)
    tab = ObjectProperty(None, allownone=True)
    status = StringProperty("")
    action = StringProperty("")
    opens = BooleanProperty(False)
    """True while the button opens choice time (it is closed), False while it ends it."""
    _toggled_at = -1e9

    def refresh(self) -> None:
        tr = self.services.tr
        state = self.services.service.choice_time.state()
        until = ""
        if state.next_edge is not None:
            at = f"{state.next_edge[0]:%H:%M}"
            until = " " + (tr("The timetable ends it at {time}.", time=at) if state.open
                           else tr("The timetable opens it at {time}.", time=at))
        since = f"{state.since:%H:%M}" if state.since is not None else ""
        if not state.kept:
            self.status = tr("Children may choose at any time: choice time is not kept.")
        elif state.open:
            self.status = (tr("Choice time is open since {time}.", time=since) if since
                           else tr("Choice time is open.")) + until
        else:
            self.status = (tr("Choice time ended at {time}: everyone left their center.", time=since) if since
                           else tr("Choice time is closed: children cannot choose; you can still place a child.")
                           ) + until
        self.opens = state.kept and not state.open
        self.action = tr("Open choice time") if self.opens else tr(
            "Clean-up time: end choice time (everyone leaves their center)")

    def toggle(self) -> None:
        """One touch: end choice time while it is open, open it while it is closed (see ``TOGGLE_QUIET_S``)."""
        now = Clock.get_time()
        if now - self._toggled_at < TOGGLE_QUIET_S:
            return
        self._toggled_at = now
        desk = self.services.service.choice_time
        state = desk.state()
        if state.kept and not state.open:
            desk.open()
        else:
            desk.end()
        if self.tab is not None:
            self.tab.refresh()
        else:
            self.refresh()
