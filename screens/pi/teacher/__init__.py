"""Teacher mode at the kiosk, one module and one .kv per tab (as ``screens/laptop`` is per view).

``make_tabs`` is where the app hands each tab exactly the collaborators it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kivy.event import EventDispatcher

from kiosk.pi.bootstrap import KioskServices
from kiosk.pi.sync.server import KioskSyncServer
from screens.pi.base import Navigator
from screens.pi.teacher.badges import BadgesTab
from screens.pi.teacher.base import TeacherTab
from screens.pi.teacher.board import BoardBox, BoardTab, ChildChip
from screens.pi.teacher.centers import CenterRow, CentersTab
from screens.pi.teacher.kiosk_tab import ExitQuestion, KioskTab
from screens.pi.teacher.laptop import LaptopTab
from screens.pi.teacher.screen import TeacherScreen

__all__ = [
    "KV_DIR",
    "BadgesTab",
    "BoardBox",
    "BoardTab",
    "CenterRow",
    "CentersTab",
    "ChildChip",
    "ExitQuestion",
    "KioskTab",
    "LaptopTab",
    "TeacherScreen",
    "make_tabs",
]

KV_DIR = Path(__file__).parent


def make_tabs(
    services: KioskServices,
    nav: Navigator,
    reader: EventDispatcher,
    stop_kiosk: Callable[[], None],
    sync_server: KioskSyncServer | None,
    sync_problem: str | None,
) -> dict[str, TeacherTab]:
    """Every tab with its collaborators, in the order of the tab bar."""
    return {
        "board": BoardTab(services=services),
        "centers": CentersTab(services=services),
        "badges": BadgesTab(services=services),
        "laptop": LaptopTab(services=services, sync_server=sync_server, sync_problem=sync_problem),
        "kiosk": KioskTab(services=services, nav=nav, reader=reader, stop_kiosk=stop_kiosk),
    }
