"""The kiosk App: builds the screens, navigates, and returns idle screens to Welcome.

It receives every collaborator (``KioskServices``) from the composition root and
keeps no state of its own beyond navigation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.text import DEFAULT_FONT, LabelBase
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import NumericProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.bootstrap import KioskServices
from screens.base import KioskScreen
from screens.choose import ChooseScreen
from screens.done import DoneScreen
from screens.pin import PinScreen
from screens.switch import SwitchScreen
from screens.teacher import TeacherScreen
from screens.welcome import WelcomeScreen

__all__ = ["ChoiceKioskApp"]

KV_DIR = Path(__file__).parent
DESIGN_SIZE = (800, 480)


class ChoiceKioskApp(App):
    """One kiosk window; ``u`` scales every size from the 800×480 design."""

    u = NumericProperty(1.0)

    def __init__(self, services: KioskServices, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.services = services
        self.title = "Choice Kiosk"
        self._idle_event: Any = None
        self.manager: ScreenManager | None = None

    def build(self) -> ScreenManager:
        fonts = self.services.assets_dir / "fonts"
        LabelBase.register(
            DEFAULT_FONT,
            fn_regular=str(fonts / "Andika-Regular.ttf"),
            fn_bold=str(fonts / "Andika-Bold.ttf"),
        )
        shared = KV_DIR / "widgets.kv"
        for kv in [shared, *sorted(p for p in KV_DIR.glob("*.kv") if p != shared)]:
            Builder.load_file(str(kv))
        Window.clearcolor = (1, 0.973, 0.925, 1)
        Window.bind(size=self._rescale, on_touch_down=self._touched)
        self._rescale(Window, Window.size)
        manager = ScreenManager(transition=NoTransition())
        for cls in (WelcomeScreen, ChooseScreen, SwitchScreen, DoneScreen, PinScreen, TeacherScreen):
            manager.add_widget(cls(services=self.services, nav=self))
        self.manager = manager
        if self.services.service.has_pin():
            self.show("welcome")
        else:
            self.show("pin", mode="set")
        return manager

    def on_stop(self) -> None:
        self.services.close()

    def _rescale(self, _window: object, size: tuple[int, int]) -> None:
        self.u = min(size[0] / DESIGN_SIZE[0], size[1] / DESIGN_SIZE[1])

    def show(self, name: str, **context: Any) -> None:
        """Go to a screen, filled for this visit, and start its idle timer."""
        assert self.manager is not None
        screen = self.manager.get_screen(name)
        assert isinstance(screen, KioskScreen)
        screen.prepare(**context)
        self.manager.current = name
        self._restart_idle()

    def go_home(self, *_args: object) -> None:
        self.show("welcome")

    def _idle_limit(self) -> float | None:
        screen = self.manager.current_screen if self.manager else None
        return screen.idle_timeout() if isinstance(screen, KioskScreen) else None

    def _restart_idle(self) -> None:
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None
        limit = self._idle_limit()
        if limit:
            self._idle_event = Clock.schedule_once(self.go_home, limit)

    def _touched(self, *_args: object) -> None:
        self._restart_idle()
