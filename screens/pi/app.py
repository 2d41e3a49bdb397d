"""The kiosk App: builds the screens, navigates, and returns idle screens to Welcome.

It receives every collaborator (``KioskServices``) from the composition root and
keeps no state of its own beyond navigation. At power-on the first screen is drawn
first: only its rules are loaded and only it is built before the first frame; the
children's other screens and the network follow on the frame after (the network's parts
built then, by the step the composition root hands in, so their modules load then too:
screens/pi/network_lifecycle.py); teacher mode is imported and built when a teacher
first opens it. Kivy's settings
panel never opens (no key leads to it, so nothing writes Kivy's config file); a ``locked`` kiosk, as on the
wall, also refuses the window's close request, hides the cursor and takes no demo
scan key (F2): only the teacher's Exit, behind the PIN, closes it.

Screens are reached with a typed visit (kiosk/pi/visits.py), dispatched by its type to
the screen that takes it. A visit for a child the class no longer has (a sync removed
them meanwhile) is never shown: Welcome says the class list changed. Under X, a window destroyed from outside
is a close request (screens/pi/x_errors.py): an unlocked kiosk closes, a locked one
asks its launcher to start it again (``window_lost``) instead of dying of the X error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from device.keyboard_wedge import WedgeDetector
from device.reader import BadgeReader, ReaderStatus
from device.simulated import SimulatedReader
from kiosk.pi.bootstrap import KioskServices
from kiosk.pi.peers import PeerToday
from kiosk.pi.storage import StorageError
from kiosk.pi.visits import PinVisit, TeacherVisit, Visit, WelcomeVisit, redirected
from kiosk.shared.domain import Method
from screens.pi.base import KioskScreen
from screens.pi.choose import ChooseScreen
from screens.pi.done import DoneScreen
from screens.pi.echo import EchoingManager, TouchEchoes
from screens.pi.keyboard_scans import KeyboardScans
from screens.pi.network_lifecycle import NetworkLifecycle
from screens.pi.pin import PinScreen
from screens.pi.reader_link import ReaderLink
from screens.pi.reflect import ReflectScreen
from screens.pi.screen_change import SameFrameTransition
from screens.pi.switch import SwitchScreen
from screens.pi.welcome import WelcomeScreen
from screens.pi.x_errors import watch_for_lost_window
from screens.shared.script_text import script_markup
from screens.shared.window_setup import SHARED_KV, design_scale, register_fonts

if TYPE_CHECKING:
    from kiosk.pi.sync.server import KioskSyncServer
    from screens.pi.kiosk_network import KioskNetwork

__all__ = ["ChoiceKioskApp"]

KV_DIR = Path(__file__).parent
FIRST_KV = tuple(KV_DIR / name for name in (SHARED_KV, "rings.kv", "choice_time.kv", "welcome.kv"))
"""The rules Welcome needs (and ``pin.kv`` on a new kiosk, whose first screen sets the PIN); the others load after."""
DESIGN_SIZE = (800, 480)
TURN_SCREENS = (ChooseScreen, SwitchScreen, ReflectScreen)
CHOICE_TIME_CHECK_S = 5.0
"""How often the kiosk looks whether the timetable opened or ended choice time (kiosk/pi/choice_time_desk.py)."""
SCREENS = (WelcomeScreen, ChooseScreen, SwitchScreen, ReflectScreen, DoneScreen, PinScreen)
"""Built after the first frame. Teacher mode (five tabs, 4 MB) is imported and built when a teacher first opens it."""
SCREEN_FOR: dict[type[Visit], type[KioskScreen[Any]]] = {cls.visit_type: cls for cls in SCREENS}
"""Which screen each kind of visit goes to (a TeacherVisit: teacher mode's, imported then)."""
S = TypeVar("S", bound=KioskScreen[Any])


class ChoiceKioskApp(App):
    """One kiosk window; ``u`` scales every size from the 800×480 design."""

    u = NumericProperty(1.0)
    use_kivy_settings = False
    reader_online = BooleanProperty(True)
    reader_message = StringProperty("")
    reader_detail = StringProperty("")
    language = StringProperty("")
    """The language shown now; kv rules with fixed words name it, so they follow a change of language."""
    idle_started = NumericProperty(0.0)
    idle_limit = NumericProperty(0.0)
    """The screen on show returns to Welcome ``idle_limit`` s after ``idle_started`` (0: never); rings show it."""

    def __init__(
        self,
        services: KioskServices,
        readers: Sequence[BadgeReader] = (),
        keyboard: WedgeDetector | None = None,
        demo_reader: SimulatedReader | None = None,
        reader_problem: str | None = None,
        network: Callable[[ChoiceKioskApp], KioskNetwork] | None = None,
        locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.locked = locked
        self.services = services
        self.readers = list(readers)
        # the handler looked up at each scan, so a benchmark's timing wrapper (screens/bench/badge.py) is heard
        self._reader_link = ReaderLink(self.readers, lambda raw: self.handle_scan(raw), self._show_reader_status)
        self._keyboard = keyboard
        self._keyboard_scans: KeyboardScans | None = None
        self._demo_reader = demo_reader
        #: The laptop's sync service, the announcement, the watch on the class's kiosks, built by ``network``.
        self.network = NetworkLifecycle(services.service, lambda: None if network is None else network(self))
        if reader_problem:
            self.reader_message = services.tr("Teacher: the badge reader is not set up right.")
            self.reader_detail = services.tr(reader_problem)
        self.title = "Choice Kiosk"
        self._idle_event: Any = None
        self.manager: EchoingManager | None = None
        self.echoes: TouchEchoes | None = None
        self.window_lost = False
        """Set when the window was destroyed from outside: a locked kiosk's launcher starts it again."""

    def build(self) -> EchoingManager:
        self.language = self.services.tr.language
        register_fonts(self.services.assets_dir / "fonts")
        first = WelcomeScreen if self.services.service.edits.has_pin() else PinScreen
        _load_kv(FIRST_KV if first is WelcomeScreen else (*FIRST_KV, KV_DIR / "pin.kv"))
        Window.clearcolor = (1, 0.973, 0.925, 1)
        if self.locked:
            Window.show_cursor = False
            Window.bind(on_request_close=self._refuse_close)
        Window.bind(size=self._rescale, on_touch_down=self._touched)
        if self._keyboard is not None:
            demo_key = None if self.locked else self._demo_reader  # F2 must not greet a child who is not there
            self._keyboard_scans = KeyboardScans(Window, self._keyboard, self.handle_scan, demo_key)
        self._rescale(Window, Window.size)
        self.echoes = TouchEchoes(Window.canvas.after, lambda: self.u)
        manager = EchoingManager(self.echoes, transition=SameFrameTransition())
        manager.add_widget(self._make_screen(first))
        self.manager = manager
        self.services.service.on_change(self._data_changed)
        Clock.schedule_interval(self._follow_choice_time, CHOICE_TIME_CHECK_S)
        Window.bind(on_flip=self._after_first_frame)
        self.show(WelcomeVisit() if self.services.service.edits.has_pin() else PinVisit("set"))
        return manager

    def _after_first_frame(self, window: Any) -> None:
        """The first screen is drawn alone (a faster start); the others and the network follow on the next frame."""
        window.unbind(on_flip=self._after_first_frame)
        Clock.schedule_once(self._add_screens, 0)
        Clock.schedule_once(self._start_network, 0)

    def _add_screens(self, *_args: object, teacher: bool = False) -> None:
        """The children's screens not built yet, teacher mode's too if asked: after the first frame, or when needed."""
        assert self.manager is not None
        _load_kv(sorted(KV_DIR.glob("*.kv")))
        built = {type(screen) for screen in self.manager.screens}
        for cls in SCREENS:
            if cls not in built:
                self.manager.add_widget(self._make_screen(cls))
        if teacher and not any(s.visit_type is TeacherVisit for s in self.manager.screens):
            self._start_network()  # its Laptop tab shows the sync service
            from screens.pi.teacher import KV_DIR as TEACHER_KV_DIR
            from screens.pi.teacher import TeacherScreen, make_tabs

            _load_kv(sorted(TEACHER_KV_DIR.glob("*.kv")))
            tabs = make_tabs(self.services, self, self, self.stop, self.sync_server, self.network.sync_problem)
            self.manager.add_widget(TeacherScreen(tabs=tabs, services=self.services, nav=self))

    def _make_screen(self, cls: type[KioskScreen]) -> KioskScreen:
        return cls(services=self.services, nav=self)

    @property
    def sync_server(self) -> KioskSyncServer | None:
        """The laptop's sync service once the network is built (None before, or when it cannot run)."""
        return self.network.sync_server

    def peer_answered(self, answer: PeerToday) -> None:
        """Called on the peer watcher's thread (the network's build step hands it this)."""
        self.network.peer_answered(answer)

    def open_settings(self, *_args: object) -> bool:
        """Kivy's settings panel (F1, the menu key) is never shown on a kiosk."""
        return False

    def close_settings(self, *_args: object) -> bool:
        return False

    def _refuse_close(self, *_args: object, **_kwargs: object) -> bool:
        """Alt+F4, a window manager's close, Escape: the kiosk stays; True means refused."""
        return True

    def on_start(self) -> None:
        watch_for_lost_window(Window, lambda: Clock.schedule_once(self._window_gone))
        self._reader_link.start()

    def _start_network(self, *_args: object) -> None:
        self.network.start()

    def _window_gone(self, *_args: object) -> None:
        """The window is gone: like any close request, refused by a locked kiosk, which then starts again."""
        if self.window_lost:
            return
        self.window_lost = True
        self.stop()

    def on_stop(self) -> None:
        self.network.stop_watching()
        self.services.service.class_desk.close()
        self._reader_link.stop()
        self.network.stop()
        self.services.close()

    def _data_changed(self) -> None:
        """A sync changed the class, or another kiosk's children moved: the screen on show follows at once."""
        self.network.follow_class()
        self.language = self.services.tr.language  # the laptop may have changed the class's language
        screen = self.manager.current_screen if self.manager is not None else None
        if isinstance(screen, TURN_SCREENS) and not self._choice_time_open():
            self.show(WelcomeVisit(say_closed=True))  # choice time ended in the middle of a child's turn
            return
        if isinstance(screen, KioskScreen):
            screen.data_changed()

    def _choice_time_open(self) -> bool:
        return self.services.service.choice_time.is_open()

    def _follow_choice_time(self, *_args: object) -> None:
        """The timetable's openings and ends, recorded when they pass; the screen on show follows."""
        with suppress(StorageError):  # a failed save is said in teacher mode (the service keeps it); tried again
            self.services.service.choice_time.follow_timetable()

    def _show_reader_status(self, status: ReaderStatus) -> None:
        self.reader_online = status.online
        self.reader_message = "" if status.online else self.services.tr("Teacher: the badge reader is offline.")
        self.reader_detail = "" if status.online else self.services.tr(status.message)

    def handle_scan(self, raw: str) -> None:
        """A badge was read: greet its child, open teacher mode, or say it is new."""
        assert self.manager is not None
        screen = self.manager.current_screen
        if isinstance(screen, KioskScreen) and screen.badge_scanned(raw):
            return
        owner = self.services.service.badges.owner(raw)
        if owner.teacher:
            skip_pin = self.services.service.settings.teacher_badge_skips_pin
            self.show(TeacherVisit() if skip_pin else PinVisit("check"))
        elif owner.child is not None:
            self.screen(WelcomeScreen).pick(owner.child.id, Method.BADGE)
        else:
            self.show(WelcomeVisit(banner="unknown-badge"))

    def script(self, text: str, bold: bool = False) -> str:
        """Markup that draws ``text`` in any script (kv: ``markup: True``, ``text: app.script(..., self.bold)``)."""
        return script_markup(text, self.services.fonts, bool(bold))

    def _rescale(self, _window: object, size: tuple[int, int]) -> None:
        self.u = design_scale(size, DESIGN_SIZE)

    def show(self, visit: Visit) -> None:
        """Go to the screen that takes ``visit``, filled for it, and start its idle timer.

        A child's screen for a child a sync removed meanwhile becomes Welcome, saying
        the class list changed.
        """
        assert self.manager is not None
        visit = redirected(visit, {c.id for c in self.services.service.children()})
        screen = self.screen(SCREEN_FOR[type(visit)]) if type(visit) in SCREEN_FOR else self._teacher_screen()
        self._set_turn_language(visit.child_id)
        screen.prepare(visit)
        self.manager.current = screen.name
        self._restart_idle()

    def screen(self, cls: type[S]) -> S:
        """The app's screen of class ``cls``, built now if it was not yet."""
        assert self.manager is not None
        for _ in range(2):
            found = next((s for s in self.manager.screens if type(s) is cls), None)
            if found is not None:
                return found
            self._add_screens(teacher=cls.visit_type is TeacherVisit)
        raise LookupError(cls.__name__)

    def _teacher_screen(self) -> KioskScreen[Any]:
        """Teacher mode's screen, imported and built the first time a teacher opens it."""
        from screens.pi.teacher import TeacherScreen

        return self.screen(TeacherScreen)

    def _set_turn_language(self, child_id: str | None) -> None:
        """A child's screens speak the child's language; every other screen the class's."""
        tr = self.services.tr
        child = next((c for c in self.services.service.children() if c.id == child_id), None)
        if child is None:
            tr.end_turn()
        else:
            tr.begin_turn(child.language)
        self.language = tr.language

    def echo_touch(self, pos: tuple[float, float]) -> None:
        """Show that a touch (window coordinates) was felt, where it pressed nothing."""
        if self.echoes is not None:
            self.echoes.show(*pos)

    def go_home(self, *_args: object) -> None:
        self.show(WelcomeVisit())

    def _idle_limit(self) -> float | None:
        screen = self.manager.current_screen if self.manager else None
        return screen.idle_timeout() if isinstance(screen, KioskScreen) else None

    def _restart_idle(self) -> None:
        if self._idle_event is not None:
            self._idle_event.cancel()
            self._idle_event = None
        limit = self._idle_limit()
        self.idle_started = Clock.get_time()
        self.idle_limit = limit or 0.0
        if limit:
            self._idle_event = Clock.schedule_once(self.go_home, limit)

    def _touched(self, *_args: object) -> None:
        """Bound handlers run before the window hands the touch to the screens."""
        self._restart_idle()


def _load_kv(paths: Sequence[Path]) -> None:
    """Load each .kv file not loaded yet (``widgets.kv`` first: the others use its rules)."""
    from kivy.lang import Builder

    for path in sorted(paths, key=lambda p: p.name != SHARED_KV):
        if str(path) not in Builder.files:
            Builder.load_file(str(path))
