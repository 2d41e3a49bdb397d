"""A kiosk's refusal said in the laptop's language.

A kiosk answers a refused request with a ``code``, its English ``message`` and the
values behind it (``tries_left``…). The laptop says it in the class's language: a
constant sentence is found in the catalogue as it is; one with a number is made
again here from its code, so the plural is right in every language.
"""

from __future__ import annotations

from kiosk.shared.sync.client import KioskRefusedError
from kiosk.shared.text.i18n import Sentence, counted_sentence

__all__ = ["refusal_words"]


def refusal_words(error: Exception) -> str:
    """The words to translate for ``error``: a ``Sentence`` where the code says more than the English."""
    if isinstance(error, KioskRefusedError) and error.code == "pairing_wrong_code":
        left = error.answer.get("tries_left")
        if isinstance(left, int) and not isinstance(left, bool):
            if left > 0:
                return counted_sentence(
                    "The code was wrong (or someone is between the laptop and the kiosk). 1 try left.",
                    "The code was wrong (or someone is between the laptop and the kiosk). {count} tries left.", left)
            return Sentence("The code was wrong (or someone is between the laptop and the kiosk). Pairing was "
                            "closed; open it on the kiosk again.")
    if isinstance(error, KioskRefusedError) and error.code == "pairing_too_fast":
        wait = error.answer.get("wait_seconds")
        if isinstance(wait, int) and not isinstance(wait, bool):
            return Sentence("Too many pairing attempts from this computer; wait {seconds} seconds.", seconds=wait)
    words = error.args[0] if len(error.args) == 1 and isinstance(error.args[0], str) else str(error)
    return words
