"""Teacher mode: today's centers (open/close, seats), the live board, and the kiosk.

On the board the teacher taps a child, then a center to move them there, or undoes
the child's latest entry. Every change is a new event in the log, never an edit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from kiosk.domain import EventKind
from kiosk.storage import StorageError
from kiosk.sync.usb_stick import NoStickError, save_to_stick
from screens.base import TEACHER_IDLE_S, KioskScreen
from screens.widgets import PressBox

__all__ = ["BadgesTab", "LaptopTab", "BoardBox", "BoardTab", "CenterRow", "CentersTab", "ChildChip", "KioskTab", "TeacherScreen"]

NO_CENTER = ""
TEACHER = "teacher"


def _short_time(iso: str) -> str:
    """"25 Nov 15:30" for a teacher, from an ISO time; as it is if it is not one."""
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %H:%M")
    except ValueError:
        return iso


class BoardTab(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class CentersTab(ScrollView):
    screen = ObjectProperty(None, allownone=True)


class KioskTab(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class BadgesTab(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class LaptopTab(BoxLayout):
    screen = ObjectProperty(None, allownone=True)


class CenterRow(BoxLayout):
    """One center in "Centers today": open or closed, and its seats."""

    screen = ObjectProperty(None, allownone=True)
    center_id = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    seats = NumericProperty(0)
    is_open = BooleanProperty(True)


class ChildChip(PressBox):
    """A child on the live board; tap to select for a move or an undo."""

    screen = ObjectProperty(None, allownone=True)
    child_id = StringProperty("")
    name = StringProperty("")
    picture = StringProperty("")
    wide = BooleanProperty(False)


class BoardBox(PressBox):
    """A center on the live board; tap it to move the selected child there."""

    screen = ObjectProperty(None, allownone=True)
    center_id = StringProperty("")
    title = StringProperty("")


class TeacherScreen(KioskScreen):
    child_facing = False
    tab = StringProperty("board")
    selected_child = StringProperty("")
    selected_name = StringProperty("")
    status = StringProperty("")
    problems = StringProperty("")
    enrolling = StringProperty("")
    badge_status = StringProperty("")
    teacher_badge_rule = StringProperty("")
    reflection_rule = StringProperty("")
    switching_rule = StringProperty("")
    sync_status = StringProperty("")
    pairing_code = StringProperty("")
    usb_status = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        self.tabs = {
            "board": BoardTab(screen=self),
            "centers": CentersTab(screen=self),
            "kiosk": KioskTab(screen=self),
            "badges": BadgesTab(screen=self),
            "laptop": LaptopTab(screen=self),
        }
        self._pairing_tick: Any = None

    def idle_timeout(self) -> float | None:
        return TEACHER_IDLE_S

    def prepare(self, **context: Any) -> None:
        self.selected_child = ""
        self.selected_name = ""
        self.status = ""
        self.enrolling = ""
        self.usb_status = ""
        self.badge_status = self.tr("Tap a child, then scan their badge.")
        self.show_tab(context.get("tab", "board"))

    def show_tab(self, tab: str) -> None:
        self.tab = tab
        area = self.ids.tab_area
        area.clear_widgets()
        area.add_widget(self.tabs[tab])
        self.refresh()

    def data_changed(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        service = self.services.service
        reader = App.get_running_app().reader_detail if App.get_running_app() else ""
        summary = self.tr(
            "Choices recorded today: {count}. Data folder: {folder}",
            count=sum(1 for e in service.today_events() if e.kind is EventKind.CHOSE),
            folder=self.services.data_dir,
        )
        notes = [*service.problems, *([reader] if reader else [])]
        status = "\n".join(notes) or self.tr("All saved data is in good order.")
        self.problems = f"{summary}\n\n{status}"
        settings = service.settings
        self.reflection_rule = self.tr("Reflection: on") if settings.reflection else self.tr("Reflection: off")
        self.switching_rule = (
            self.tr("Switching: after {minutes} min", minutes=settings.switching.min_minutes)
            if settings.switching.allowed else self.tr("Switching: not allowed")
        )
        self._fill_centers()
        self._fill_board()
        self._fill_badges()
        self._fill_sync()

    def _fill_centers(self) -> None:
        rows = self.tabs["centers"].ids.center_rows
        rows.clear_widgets()
        for center in self.services.service.centers():
            row = CenterRow(
                center_id=center.id,
                picture=self.picture(center.picture),
                name=center.name,
                seats=center.seats,
                is_open=center.open_today,
                screen=self,
            )
            rows.add_widget(row)

    def _fill_board(self) -> None:
        service = self.services.service
        tab = self.tabs["board"]
        board = tab.ids.board
        board.clear_widgets()
        places = service.places()
        occupied = {p.center_id for p in places.values()}
        shown = [c for c in service.centers() if c.open_today or c.id in occupied]
        for center in shown:
            kids = service.children_at(center.id)
            colour = center.colour if center.open_today else "#adb5bd"
            box = BoardBox(
                center_id=center.id,
                title=f"{center.name}  {len(kids)}/{center.seats}",
                bg_color=colour,
                screen=self,
            )
            for kid in kids:
                box.ids.chips.add_widget(self._chip(kid.id, kid.first_name, kid.picture))
            board.add_widget(box)
        waiting = tab.ids.waiting
        waiting.center_id = NO_CENTER
        waiting.title = self.tr("No center yet")
        waiting.ids.chips.clear_widgets()
        for kid in service.children():
            if kid.id not in places:
                waiting.ids.chips.add_widget(self._chip(kid.id, kid.first_name, kid.picture))

    def _chip(self, child_id: str, name: str, picture: str) -> Any:
        return ChildChip(
            child_id=child_id,
            name=name,
            picture=self.picture(picture),
            selected=child_id == self.selected_child,
            screen=self,
        )

    def _fill_badges(self) -> None:
        skips = self.services.service.settings.teacher_badge_skips_pin
        self.teacher_badge_rule = (
            self.tr("Teacher badge: no PIN asked") if skips else self.tr("Teacher badge: PIN asked")
        )
        chips = self.tabs["badges"].ids.badge_children
        chips.clear_widgets()
        for kid in self.services.service.children():
            chip = self._chip(kid.id, f"{kid.first_name} · {len(kid.badges)}", kid.picture)
            chip.selected = kid.id == self.enrolling
            chip.wide = True
            chips.add_widget(chip)

    def badge_scanned(self, raw: str) -> bool:
        """In teacher mode a scan never starts a child's choice; on Badges it enrols."""
        if self.tab != "badges" or not self.enrolling:
            return True
        service = self.services.service
        if self.enrolling == TEACHER:
            problem = service.enrol_teacher_badge(raw)
            done = self.tr("Teacher badge added.")
        else:
            problem = service.enrol_badge(self.enrolling, raw)
            done = self.tr("Badge added for {name}.", name=service.child(self.enrolling).first_name)
        self.badge_status = self.tr(problem) if problem else done
        self.enrolling = ""
        self._fill_badges()
        return True

    def enrol_for(self, who: str) -> None:
        """Wait for the next scan and give it to a child (or to the teacher)."""
        self.enrolling = "" if who == self.enrolling else who
        if not self.enrolling:
            self.badge_status = self.tr("Tap a child, then scan their badge.")
        elif who == TEACHER:
            self.badge_status = self.tr("Scan the teacher's badge now.")
        else:
            self.badge_status = self.tr("Scan {name}'s badge now.", name=self.services.service.child(who).first_name)
        self._fill_badges()

    def _server(self) -> Any:
        app = App.get_running_app()
        return getattr(app, "sync_server", None)

    def _fill_sync(self) -> None:
        """Paired laptops, their last receipts, and choices no laptop has yet."""
        server = self._server()
        if server is None:
            problem = getattr(App.get_running_app(), "sync_problem", None)
            self.sync_status = problem or self.tr("Laptop sync is off on this kiosk.")
            return
        backend = server.backend
        laptops, receipts = backend.laptops(), backend.receipts()
        lines = [self.tr("This kiosk: {name}.", name=backend.kiosk_name)]
        for laptop_id, laptop in laptops.items():
            receipt = receipts.get(laptop_id)
            if receipt:
                agree = self.tr("counts agree") if receipt["agree"] else self.tr("counts DIFFER")
                lines.append(
                    self.tr(
                        "{name}: last sync {time}, {sent} choices sent, {received} received ({agree}).",
                        name=laptop.get("name", laptop_id),
                        time=_short_time(receipt["kiosk_time"]),
                        sent=receipt["sent"],
                        received=receipt["received"],
                        agree=agree,
                    )
                )
            else:
                lines.append(self.tr("{name}: paired, not synced yet.", name=laptop.get("name", laptop_id)))
        lines.append(self.tr("Choices not yet on a laptop: {count}.", count=backend.not_on_a_laptop()))
        peers = backend.class_peers()
        if peers is not None:
            names = ", ".join(p.name for p in peers.kiosks)
            lines.append(self.tr("Other kiosks of this class: {names}.", names=names))
        if not laptops:
            lines.insert(1, self.tr("No laptop is paired with this kiosk."))
        self.sync_status = "\n".join(lines)
        self._show_pairing()

    def open_pairing(self) -> None:
        server = self._server()
        if server is None:
            return
        server.open_pairing()
        if self._pairing_tick is None:
            self._pairing_tick = Clock.schedule_interval(lambda _dt: self._show_pairing(), 0.5)
        self._show_pairing()

    def _show_pairing(self) -> None:
        server = self._server()
        shown = server.pairing_code() if server is not None else None
        if shown is None:
            why = server.pairing_closed_reason() if server is not None else None  # issue 12: say why it closed
            self.pairing_code = self.tr(why) if why else ""
            if self._pairing_tick is not None:
                self._pairing_tick.cancel()
                self._pairing_tick = None
                self._fill_sync()
            return
        code, seconds = shown
        left = int(seconds)
        self.pairing_code = self.tr(
            "Pairing code: {code}   ({minutes}:{seconds:02d} left)",
            code=f"{code[:3]} {code[3:]}",
            minutes=left // 60,
            seconds=left % 60,
        )

    def save_to_stick(self) -> None:
        """Write the choices, sealed for each paired laptop, to the first USB stick."""
        sticks = App.get_running_app().find_sticks()
        if not sticks:
            self.usb_status = self.tr("No USB stick found. Plug one in and try again.")
            return
        server = self._server()
        laptops = server.backend.laptops() if server is not None else {}
        service = self.services.service
        try:
            save_to_stick(sticks[0], service.kiosk_id, self.services.storage.events.since(0), laptops)
        except NoStickError as error:
            self.usb_status = self.tr(str(error))
            return
        except (OSError, StorageError) as error:
            self.usb_status = self.tr("Could not write to the USB stick: {error}", error=error)
            return
        self.usb_status = self.tr(
            "Saved {count} choices to {stick}. It is safe to unplug the stick.",
            count=self.services.storage.events.last_seq(),
            stick=sticks[0],
        )

    def unpair_all(self) -> None:
        server = self._server()
        if server is None:
            return
        for laptop_id in list(server.backend.laptops()):
            server.unpair(laptop_id)
        self._fill_sync()

    def toggle_reflection(self) -> None:
        service = self.services.service
        service.set_reflection(not service.settings.reflection)
        self.refresh()

    def toggle_switching(self) -> None:
        service = self.services.service
        service.set_switching(not service.settings.switching.allowed)
        self.refresh()

    def toggle_teacher_badge_pin(self) -> None:
        service = self.services.service
        service.set_teacher_badge_skips_pin(not service.settings.teacher_badge_skips_pin)
        self._fill_badges()

    def remove_badges(self) -> None:
        if not self.enrolling or self.enrolling == TEACHER:
            return
        name = self.services.service.child(self.enrolling).first_name
        count = self.services.service.remove_badges(self.enrolling)
        self.badge_status = self.tr("Removed {count} badge(s) from {name}.", count=count, name=name)
        self.enrolling = ""
        self._fill_badges()

    def select_child(self, child_id: str) -> None:
        if self.tab == "badges":
            self.enrol_for(child_id)
            return
        if child_id == self.selected_child:
            child_id = ""
        self.selected_child = child_id
        self.selected_name = self.services.service.child(child_id).first_name if child_id else ""
        self.status = self.tr("Tap a center to move {name} there.", name=self.selected_name) if child_id else ""
        self._fill_board()

    def box_tapped(self, center_id: str) -> None:
        """Move the selected child to the tapped center (or to no center)."""
        if not self.selected_child:
            return
        service = self.services.service
        placement = service.placement_of(self.selected_child)
        current = placement.center_id if placement else NO_CENTER
        if current != center_id:
            service.teacher_move(self.selected_child, center_id or None)
            where = service.center(center_id).name if center_id else self.tr("no center")
            self.status = self.tr("{name} moved to {center}.", name=self.selected_name, center=where)
        self.selected_child = ""
        self.selected_name = ""
        self._fill_board()

    def undo_selected(self) -> None:
        if not self.selected_child:
            return
        event = self.services.service.teacher_undo(self.selected_child)
        name = self.selected_name
        self.status = (
            self.tr("Undid {name}'s last choice.", name=name) if event else self.tr("{name} has nothing to undo today.", name=name)
        )
        self.selected_child = ""
        self.selected_name = ""
        self._fill_board()

    def toggle_open(self, center_id: str, is_open: bool) -> None:
        self.services.service.set_center_open(center_id, is_open)
        self.refresh()

    def change_seats(self, center_id: str, delta: int) -> None:
        center = self.services.service.center(center_id)
        seats = center.seats + delta
        if 1 <= seats <= 30:
            self.services.service.set_seats(center_id, seats)
            self.refresh()

    def change_pin(self) -> None:
        self.nav.show("pin", mode="set")

    def exit_kiosk(self) -> None:
        App.get_running_app().stop()
