"""Pairing a kiosk from the window: the code the kiosk shows, and its address if needed."""

from __future__ import annotations

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.popup import Popup

from kiosk.laptop.refusals import refusal_words

__all__ = ["PairPopup"]


class PairPopup(Popup):
    review = ObjectProperty(None)
    message = StringProperty("")

    def on_review(self, _popup: PairPopup, review: object) -> None:
        if review is not None and not self.message:
            self.message = self.review.tr(
                "On the kiosk: teacher mode → Laptop → Pair a laptop. Type the 6 digits it shows. "
                "Leave the address empty to find the kiosk on the network."
            )

    def pair(self, address: str, code: str) -> None:
        self.message = self.review.tr("Pairing…")
        self.review.pair_with(address, code, lambda _m: self.dismiss(), self._failed)

    def _failed(self, error: Exception) -> None:
        """The kiosk's reason in the class's language (its sentences travel in English, with their values)."""
        self.message = self.review.tr(refusal_words(error))
