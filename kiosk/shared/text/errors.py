"""The one base of every error a teacher may read: a stable code, the message, the detail for the log.

Storage, sync, bundles, the USB stick, classroom files and badge readers each have
their own family of errors, but a screen or a command line needs the same three
things from any of them: ``code`` (stable, for programs, tests and the translation
of a message with ``params``), ``message`` (``str(error)`` too: what the teacher
reads, in English) and ``detail`` (what the system said, for the log only).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["KioskError"]


class KioskError(Exception):
    """A failure with words a teacher can act on; each family sets its own ``code``.

    ``code`` is a class attribute that a subclass overrides, or one given when the
    error is made (a refusal that names its own reason). The message is the only
    argument Exception keeps, so ``error.args[0]`` is the message, as printed.
    """

    code = "kiosk_failed"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        detail: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.detail = detail
        self.params: dict[str, Any] = dict(params or {})
