"""The teacher's review window: top bar (kiosks, sync, USB, pairing), tabs, pages.

The app holds the last snapshot of the laptop's store and the chosen range; every
store access goes through the :class:`~kiosk.laptop.session.LaptopSession`, whose
thread hands results back here through the Clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.core.window import Window
from kivy.lang import Builder
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.screenmanager import NoTransition, ScreenManager

from kiosk.laptop.review.ranges import DateRange, last_weeks
from kiosk.laptop.session import LaptopSession
from kiosk.shared.text.fonts import FontChain
from kiosk.shared.text.i18n import Translator
from kiosk.shared.turn_language import turn_language
from screens.laptop.base import ReviewScreen
from screens.laptop.center_page import CenterScreen
from screens.laptop.child_page import ChildScreen
from screens.laptop.class_setup import ClassScreen
from screens.laptop.exports import ExportsScreen
from screens.laptop.heat_view import HeatMapView
from screens.laptop.patterns import PatternsScreen
from screens.laptop.range_bar import RangeBar
from screens.laptop.snapshot_loading import SnapshotLoading
from screens.laptop.store_buttons import StoreButtons
from screens.laptop.today import TodayScreen
from screens.laptop.worth_a_look import WorthScreen
from screens.shared.script_text import script_markup
from screens.shared.window_setup import design_scale, load_kv_folders, register_fonts

__all__ = ["TABS", "ReviewApp"]

#: Widgets only the kv rules name: importing them registers them with Kivy's Factory.
KV_WIDGETS = (HeatMapView, RangeBar)

KV_DIR = Path(__file__).parent
DESIGN_SIZE = (1280, 800)
TABS = (
    ("today", "Today"),
    ("patterns", "Patterns"),
    ("worth", "Worth a look"),
    ("class", "Class"),
    ("exports", "Exports & privacy"),
)


class ReviewApp(SnapshotLoading, StoreButtons, App):
    """One laptop window over one laptop store: its data (``SnapshotLoading``), its top bar's
    store actions (``StoreButtons``), its tabs and pages (here)."""

    u = NumericProperty(1.0)
    snapshot = ObjectProperty(None, allownone=True)
    rng = ObjectProperty(None)
    range_kind = StringProperty("4weeks")
    """How ``rng`` was chosen: a preset's name ("week", "4weeks", "term", "year") or "custom"."""
    kiosks_text = StringProperty("")
    status = StringProperty("")
    busy = BooleanProperty(False)
    current_tab = StringProperty("today")
    language = StringProperty("en")
    """The class's language (its settings, synced); kv rules with fixed words name it, so they follow a change."""

    def __init__(
        self,
        session: LaptopSession,
        *,
        today: Callable[[], date],
        assets_dir: Path,
        export_dir: Path,
        find_sticks: Callable[[], list[Path]],
        find_kiosk: Callable[[], str],
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.today = today
        self.assets_dir = assets_dir
        self.export_dir = export_dir
        self.find_sticks = find_sticks
        self.find_kiosk = find_kiosk
        self.rng = last_weeks(today(), 4)
        self.last_tab = "today"
        self.title = "Choice Kiosk — teacher"
        self.manager: ScreenManager | None = None
        self._busy_with = ""
        self._sync_queued = False
        #: Counts the snapshots received: a screen whose serial, range and size are unchanged need not redraw.
        self.serial = 0
        self._generation = 0  # counts the reloads asked for: a background fold for an older one is dropped
        self.fonts = FontChain.on_this_machine([assets_dir / "fonts" / "Andika-Regular.ttf"])
        self._translators: dict[str, Translator] = {}

    def translator(self, language: str | None = None) -> Translator:
        """The class's language (or ``language``), for words made in the core or files written."""
        code = turn_language("", language) if language else self.language
        if code not in self._translators:
            self._translators[code] = Translator(code, self.assets_dir / "locale")
        return self._translators[code]

    def tr(self, text: str, **values: object) -> str:
        """In the class's language: the teacher reads the laptop in the language the class was set to."""
        return self.translator()(text, **values)

    def trn(self, singular: str, plural: str, count: int, **values: object) -> str:
        return self.translator().plural(singular, plural, count, **values)

    def script(self, text: str, bold: bool = False) -> str:
        """Markup that draws ``text`` (a name) in any script, for a label with ``markup`` on."""
        return script_markup(text, self.fonts, bold)

    def build(self) -> Any:
        register_fonts(self.assets_dir / "fonts")
        load_kv_folders([KV_DIR])
        Window.clearcolor = (0.97, 0.97, 0.96, 1)
        Window.bind(size=self._rescale)
        self._rescale(Window, Window.size)
        root = Builder.load_string("ReviewRoot:")
        manager = root.ids.pages
        manager.transition = NoTransition()
        for cls in (TodayScreen, PatternsScreen, WorthScreen, ClassScreen, ExportsScreen, ChildScreen, CenterScreen):
            manager.add_widget(cls(review=self))
        self.manager = manager
        return root

    def on_start(self) -> None:
        self.reload()

    def on_stop(self) -> None:
        self.session.close()

    def _rescale(self, _window: object, size: tuple[int, int]) -> None:
        self.u = design_scale(size, DESIGN_SIZE, smallest=0.6)

    def picture_path(self, name: str) -> str:
        """A record's picture: a child's photo in the laptop folder, or a bundled picture."""
        if name.startswith("photos/"):
            return str(self.session.directory / name)
        return str(self.assets_dir / "pictures" / name)

    # -- navigation -------------------------------------------------------------
    def show(self, name: str, **context: Any) -> None:
        assert self.manager is not None
        screen = self.manager.get_screen(name)
        assert isinstance(screen, ReviewScreen)
        if context.get("rng") is not None:
            self.rng, self.range_kind = context["rng"], "custom"  # a page shows the range it was opened for
        if name in dict(TABS):
            self.current_tab = self.last_tab = name
        else:
            self.current_tab = ""  # a child's or a center's page: no tab is lit, Back returns
        screen.prepare(**context)
        self.manager.current = name

    def back(self) -> None:
        """From a child's or center's page to the tab it was opened from."""
        self.show(self.last_tab)

    def open_child(self, child_id: str, rng: DateRange | None = None) -> None:
        self.show("child", child_id=child_id, rng=rng)

    def open_center(self, center_id: str, rng: DateRange | None = None) -> None:
        self.show("center", center_id=center_id, rng=rng)

    def set_range(self, rng: DateRange, kind: str = "custom") -> None:
        self.rng, self.range_kind = rng, kind
        self._redraw()

    # -- the store ---------------------------------------------------------------
    def _redraw(self) -> None:
        if self.manager is not None and isinstance(self.manager.current_screen, ReviewScreen):
            self.manager.current_screen.refresh()  # drawn once on the next frame, for the newest state

    def fail(self, error: Exception) -> None:
        """The error's sentence in the class's language (a ``Sentence`` keeps its template to translate)."""
        words = error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) else str(error)
        self.status = self.tr(words)
        self._free()
