"""An X error never ends the kiosk: Xlib's default handler prints and exits (status 1).

Under X (a desktop, or Xvfb in a test) something outside the kiosk can destroy its
window (``xdotool windowclose``, a window manager's kill): SDL's next call on it then
fails with BadWindow, and Xlib's default error handler ends the process before the
kiosk can close its files. This handler takes the error instead, logs it once, and
hands it to the UI thread (``on_error``), where the app treats its window being gone
as a close request. Xlib allows no X call inside the handler, so it only records.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["BAD_DRAWABLE", "BAD_WINDOW", "XError", "install_x_error_handler", "is_lost_window", "watch_for_lost_window"]

log = logging.getLogger(__name__)

BAD_WINDOW = 3
BAD_DRAWABLE = 9


@dataclass(frozen=True)
class XError:
    """The fields of Xlib's XErrorEvent the kiosk looks at."""

    error_code: int
    request_code: int
    minor_code: int
    resource_id: int


def is_lost_window(error: XError, window_id: int | None) -> bool:
    """Whether the error says the kiosk's own window no longer exists."""
    if error.error_code not in (BAD_WINDOW, BAD_DRAWABLE):
        return False
    return window_id is None or error.resource_id == window_id


class _XErrorEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("resourceid", ctypes.c_ulong),
        ("serial", ctypes.c_ulong),
        ("error_code", ctypes.c_ubyte),
        ("request_code", ctypes.c_ubyte),
        ("minor_code", ctypes.c_ubyte),
    ]


_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(_XErrorEvent))
_installed: list[object] = []  # the ctypes callback must outlive the call that installs it


def install_x_error_handler(on_error: Callable[[XError], None]) -> bool:
    """Take Xlib's errors for the whole process; False when there is no libX11 to ask."""
    name = ctypes.util.find_library("X11")
    if name is None:
        return False
    try:
        xlib = ctypes.CDLL(name)
    except OSError:
        return False
    seen: set[int] = set()

    def handle(_display: int, event: ctypes._Pointer[_XErrorEvent]) -> int:
        fields = event.contents
        error = XError(fields.error_code, fields.request_code, fields.minor_code, fields.resourceid)
        if error.error_code not in seen:  # a lost window fails every call on it: one line per kind of error
            seen.add(error.error_code)
            log.warning(
                "X error %d (request %d.%d) on resource %#x; the kiosk carries on",
                error.error_code, error.request_code, error.minor_code, error.resource_id,
            )
        on_error(error)
        return 0

    callback = _HANDLER(handle)
    xlib.XSetErrorHandler.argtypes = [_HANDLER]
    xlib.XSetErrorHandler.restype = ctypes.c_void_p
    xlib.XSetErrorHandler(callback)
    _installed.append(callback)
    return True


def watch_for_lost_window(window: Any, on_lost: Callable[[], None]) -> None:
    """Under X (Kivy's ``window`` says so), take Xlib's errors so one about a destroyed window does not end
    the process; ``on_lost`` is called, from Xlib's handler, for each error saying this window is gone."""
    info = window.get_window_info() if hasattr(window, "get_window_info") else None
    if type(info).__name__ != "WindowInfoX11":
        return
    window_id = getattr(info, "window", None)

    def on_error(error: XError) -> None:
        if is_lost_window(error, window_id):
            on_lost()

    install_x_error_handler(on_error)
