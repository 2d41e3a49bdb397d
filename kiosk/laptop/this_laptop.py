"""Who this laptop is to its kiosks: its id, the name the teacher gave it, the class key it made.

The id is made once, at the store's first opening. The name is asked at the first
pairing (kiosk/shared/sync/laptop_name.py: the default is the person using the computer
and its host name) and shown on every kiosk's Laptop tab, so two laptops of one class can
be told apart. The class key signs the requests the class's kiosks make to each other
(kiosk/pi/peers.py); the laptop makes it once and hands it to each kiosk.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Callable
from typing import Any

from kiosk.shared.sync.laptop_name import DEFAULT_NAME, default_laptop_name, laptop_name_problem, this_computer

__all__ = ["ThisLaptop"]


class ThisLaptop:
    """The laptop's own values, kept in the store's meta table (``get``/``put`` on its writer thread)."""

    def __init__(
        self, get: Callable[[str, Any], Any], put: Callable[[str, Any], None], words: Callable[[str], str]
    ) -> None:
        self._get = get
        self._put = put
        self._words = words  # the class's language, for the default name's "on"
        if get("laptop_id", None) is None:
            put("laptop_id", uuid.uuid4().hex)

    @property
    def laptop_id(self) -> str:
        return str(self._get("laptop_id", None))

    @property
    def has_own_name(self) -> bool:
        """Whether the teacher named this laptop yet (the first pairing asks)."""
        return bool(self._get("laptop_name", None))

    @property
    def name(self) -> str:
        """The name the teacher gave this laptop, or the default until then."""
        return str(self._get("laptop_name", None) or self.default_name())

    def default_name(self) -> str:
        """"<the computer's user> on <its host name>", in the class's language."""
        return default_laptop_name(*this_computer(), template=self._words(DEFAULT_NAME))

    def rename(self, name: str) -> str:
        """Name this laptop (``ValueError`` saying why a name cannot be used); the kiosks hear it at the next sync."""
        problem = laptop_name_problem(name)
        if problem:
            raise ValueError(problem)
        self._put("laptop_name", name.strip())
        return name.strip()

    def class_peer_key(self) -> str:
        """The class key (base64 of 32 random bytes), made at the first call."""
        key = self._get("class_peer_key", None)
        if key is None:
            key = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
            self._put("class_peer_key", key)
        return str(key)
