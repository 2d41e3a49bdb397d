"""Teacher mode: a tab bar over one tab at a time, behind the PIN.

The tabs (board, centers, badges, laptop, kiosk) are made by the app with their own
collaborators and handed in; this screen only switches between them, routes badge
scans to the Badges tab, and leaves each tab clean when the teacher goes.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.pi.visits import TeacherVisit
from screens.pi.base import TEACHER_IDLE_S, KioskScreen
from screens.pi.teacher.badges import BadgesTab
from screens.pi.teacher.base import TeacherTab

__all__ = ["TeacherScreen"]


class TeacherScreen(KioskScreen[TeacherVisit]):
    visit_type = TeacherVisit
    child_facing = False
    tab = StringProperty("board")

    def __init__(self, tabs: dict[str, TeacherTab], **kwargs: Any) -> None:
        self.tabs = tabs
        super().__init__(**kwargs)

    def idle_timeout(self) -> float | None:
        return TEACHER_IDLE_S

    def prepare(self, visit: TeacherVisit) -> None:
        """Teacher mode opens on the board, every tab as new."""
        for tab in self.tabs.values():
            tab.reset()
        self.show_tab("board")

    def on_leave(self, *_args: object) -> None:
        for tab in self.tabs.values():
            tab.reset()

    def show_tab(self, tab: str) -> None:
        self.tab = tab
        area = self.ids.tab_area
        area.clear_widgets()
        area.add_widget(self.tabs[tab])
        self.tabs[tab].refresh()

    def data_changed(self) -> None:
        """A sync or another kiosk changed the class: the tab on show follows at once."""
        self.tabs[self.tab].refresh()

    def badge_scanned(self, raw: str) -> bool:
        """In teacher mode a scan never starts a child's choice; on Badges it enrols."""
        badges = self.tabs["badges"]
        if self.tab == "badges" and isinstance(badges, BadgesTab):
            badges.badge_scanned(raw)
        return True
