"""Pairing a kiosk from the window: the code the kiosk shows, its address if needed, and at the first
pairing this laptop's name (shown on the kiosk's Laptop tab).

Left without an address, the kiosk is looked for on the network; when several answer,
they are listed by name and the teacher picks the one showing the code.
"""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.popup import Popup

from kiosk.laptop.pair_prompts import kiosk_lines
from kiosk.laptop.refusals import refusal_words
from kiosk.laptop.store import LaptopStore
from kiosk.shared.sync.discovery import FoundKiosk, SeveralKiosksError

__all__ = ["PairPopup"]


class PairPopup(Popup):
    review = ObjectProperty(None)
    message = StringProperty("")
    asks_name = BooleanProperty(False)
    """True at the first pairing: the laptop has no name of its own yet."""
    found = ListProperty([])
    """Kiosks that answered on the network, when several did: one button each."""

    def on_review(self, _popup: PairPopup, review: object) -> None:
        if review is None:
            return
        if not self.message:
            self.message = self.review.tr(
                "On the kiosk: teacher mode → Laptop → Pair a laptop. Type the 6 digits it shows. "
                "Leave the address empty to find the kiosk on the network."
            )

        def named(store: LaptopStore) -> tuple[bool, str]:
            return store.me.has_own_name, store.me.default_name()

        self.review.session.run(named, self._show_name, self._failed)

    def _show_name(self, answer: tuple[bool, str]) -> None:
        has_name, default = answer
        self.asks_name = not has_name
        if self.asks_name and not self.ids.laptop_name.text:
            self.ids.laptop_name.text = default

    def pair(self, address: str, code: str) -> None:
        """Name the laptop first if asked (a name that cannot be used is said, nothing paired), then pair."""
        self.message = self.review.tr("Pairing…")
        if not self.asks_name:
            self._pair(address, code)
            return
        name = self.ids.laptop_name.text

        def rename(store: LaptopStore) -> str:
            return store.me.rename(name)

        self.review.session.run(rename, lambda _name: self._pair(address, code), self._failed)

    def _pair(self, address: str, code: str) -> None:
        self.review.pair_with(address, code, lambda _m: self.dismiss(), self._failed)

    def on_found(self, _popup: PairPopup, found: list[FoundKiosk]) -> None:
        """One button per kiosk that answered: its name, the start of its id, its address."""
        box = self.ids.choices
        box.clear_widgets()
        for kiosk in found:
            button = Factory.KioskChoice(text=kiosk_lines([kiosk])[0].partition(". ")[2])
            button.bind(on_release=lambda _button, kiosk=kiosk: self.pick(kiosk))
            box.add_widget(button)

    def pick(self, kiosk: FoundKiosk) -> None:
        """The teacher picked one of the kiosks that answered."""
        self.ids.address.text = kiosk.address
        self.found = []
        self.pair(kiosk.address, self.ids.code.text)

    def _failed(self, error: Exception) -> None:
        """The kiosk's reason in the class's language (its sentences travel in English, with their values)."""
        self.found = error.found if isinstance(error, SeveralKiosksError) else []
        self.message = self.review.tr(refusal_words(error))
