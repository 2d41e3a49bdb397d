"""Teacher mode → Laptop: pairing, each laptop's last sync, and saving to a USB stick."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout

from kiosk.pi.storage import StorageError
from kiosk.pi.sync.server import KioskSyncServer
from kiosk.pi.teacher_mode import pairing_line, sync_lines
from kiosk.shared.sync.usb_stick import NoStickError, find_sticks, save_to_stick
from screens.pi.teacher.base import TeacherTab

__all__ = ["LaptopTab"]


class LaptopTab(TeacherTab, BoxLayout):
    """``sync_server`` is None when sync could not start (``sync_problem`` says why)."""

    sync_status = StringProperty("")
    pairing_code = StringProperty("")
    usb_status = StringProperty("")

    def __init__(
        self,
        sync_server: KioskSyncServer | None = None,
        sync_problem: str | None = None,
        find_sticks: Callable[[], list[Path]] = find_sticks,
        **kwargs: Any,
    ) -> None:
        self.sync_server = sync_server
        self.sync_problem = sync_problem
        self.find_sticks = find_sticks
        self._pairing_tick: Any = None
        super().__init__(**kwargs)

    def reset(self) -> None:
        self.usb_status = ""

    def refresh(self) -> None:
        """Paired laptops, their last receipts, and choices no laptop has yet."""
        server = self.sync_server
        if server is None:
            problem = self.sync_problem
            self.sync_status = self.tr(problem) if problem else self.tr("Laptop sync is off on this kiosk.")
            return
        backend = server.backend
        peers = backend.class_peers()
        shown = backend.paired.shown_names()  # two laptops of one name are told apart by their ids
        laptops = {laptop_id: {**laptop, "name": shown[laptop_id]}
                   for laptop_id, laptop in backend.paired.all().items()}
        lines = sync_lines(
            laptops, backend.receipts(), backend.not_on_a_laptop(),
            kiosk_name=backend.kiosk_name, peers=[p.name for p in peers.kiosks] if peers else [],
        )
        self.sync_status = "\n".join(self.say(line) for line in lines)
        self._show_pairing()

    def open_pairing(self) -> None:
        if self.sync_server is None:
            return
        self.sync_server.open_pairing()
        if self._pairing_tick is None:
            self._pairing_tick = Clock.schedule_interval(lambda _dt: self._show_pairing(), 0.5)
        self._show_pairing()

    def _show_pairing(self) -> None:
        shown = self.sync_server.pairing_code() if self.sync_server is not None else None
        if shown is None:
            why = self.sync_server.pairing_closed_reason() if self.sync_server is not None else None
            self.pairing_code = self.tr(why) if why else ""  # the teacher is told why the window closed
            if self._pairing_tick is not None:
                self._pairing_tick.cancel()
                self._pairing_tick = None
                self.refresh()
            return
        self.pairing_code = self.say(pairing_line(*shown))

    def save_to_stick(self) -> None:
        """Write the choices, sealed for each paired laptop, to the first USB stick."""
        sticks = self.find_sticks()
        if not sticks:
            self.usb_status = self.tr("No USB stick found. Plug one in and try again.")
            return
        laptops = self.sync_server.backend.paired.all() if self.sync_server is not None else {}
        events = self.services.storage.events
        try:
            saved = save_to_stick(sticks[0], self.services.service.kiosk_id, events.since(0), laptops)
        except NoStickError as error:  # a full or read-only stick, a link on it: said as the stick's problem
            self.usb_status = self.tr(error.args[0])
            return
        except StorageError as error:  # reading the kiosk's own choices failed
            self.usb_status = self.tr(error.message)
            return
        lines = [self.trn(
            "Saved {count} choice to {stick}. It is safe to unplug the stick.",
            "Saved {count} choices to {stick}. It is safe to unplug the stick.",
            events.last_seq(),
            stick=sticks[0],
        )]
        lines += [self.tr("Not saved for {laptop}: {reason}", laptop=laptop, reason=self.tr(reason))
                  for laptop, reason in saved.refused]
        self.usb_status = "\n".join(lines)

    def unpair_all(self) -> None:
        if self.sync_server is None:
            return
        for laptop_id in list(self.sync_server.backend.paired.all()):
            self.sync_server.unpair(laptop_id)
        self.refresh()
