"""Pairing a kiosk from the window: the code the kiosk shows, and its address if needed."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.popup import Popup

__all__ = ["PairPopup"]


class PairPopup(Popup):
    review = ObjectProperty(None)
    message = StringProperty(
        "On the kiosk: teacher mode → Laptop → Pair a laptop. Type the 6 digits it shows. "
        "Leave the address empty to find the kiosk on the network."
    )

    def pair(self, address: str, code: str) -> None:
        self.message = "Pairing…"
        self.review.pair_with(address, code, lambda _m: self.dismiss(), self._failed)

    def _failed(self, error: Exception) -> None:
        self.message = str(error)
