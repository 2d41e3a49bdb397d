"""Nothing a child does at the keyboard or the window gets them out of the kiosk."""

from __future__ import annotations

import os

from tests.gui.harness import KioskDriver, make_services
from tests.gui.steps import choose_by_touch, pick_child

F_KEYS = {f"F{n}": 281 + n for n in range(1, 13)}  # SDL keycodes as Kivy reports them
USER_CONFIG = "[kivy]\nlog_level = info\n\n[graphics]\nshow_cursor = 1\n"


def press_key(window, key: int, scancode: int = 0, modifiers: list[str] | None = None) -> None:
    """What Kivy's SDL window does for a key: key down, keyboard, key up."""
    window.dispatch("on_key_down", key, scancode, None, modifiers or [])
    window.dispatch("on_keyboard", key, scancode, None, modifiers or [])
    window.dispatch("on_key_up", key, scancode)


def test_keys_and_close_requests_leave_the_kiosk_up_and_kivys_config_untouched(tmp_path):
    home = tmp_path / "kivy-home"
    home.mkdir()
    (home / "config.ini").write_text(USER_CONFIG, encoding="utf-8")
    os.environ["KIVY_HOME"] = str(home)
    kiosk = KioskDriver(make_services(tmp_path / "data"), kiosk=True)
    from kivy.base import EventLoop
    from kivy.uix.settings import Settings

    window = kiosk.window
    assert window.show_cursor is False
    assert window.allow_screensaver is False
    pick_child(kiosk, "Ava")
    ava = kiosk.current().child_id
    for name, key in [*F_KEYS.items(), ("Escape", 27), ("Ctrl+C", ord("c")), ("Alt+F4", 285)]:
        mods = ["ctrl"] if name == "Ctrl+C" else ["alt"] if name == "Alt+F4" else []
        press_key(window, key, modifiers=mods)
        kiosk.pump(0.05)
        assert not any(isinstance(w, Settings) for w in window.children), f"{name} opened Kivy's settings"
        assert kiosk.app.root in window.children and not EventLoop.quit, f"{name} closed the kiosk"
        assert kiosk.screen == "choose" and kiosk.current().child_id == ava, f"{name} changed the screen"
    assert window.dispatch("on_request_close") is True, "a window manager's close is refused"
    assert window.dispatch("on_request_close", source="keyboard") is True
    kiosk.pump(0.1)
    assert kiosk.app.root in window.children and not EventLoop.quit
    assert kiosk.app._app_settings is None
    assert (home / "config.ini").read_text(encoding="utf-8") == USER_CONFIG
    assert not (home / "logs").exists() or not any((home / "logs").iterdir()), "no log files on the SD card"
    kiosk.advance(0.8)
    assert kiosk.screen == "choose"
    kiosk.close()


def test_a_windowed_kiosk_without_lockdown_still_never_opens_kivys_settings(kiosk):
    from kivy.uix.settings import Settings

    press_key(kiosk.window, F_KEYS["F1"])
    kiosk.pump(0.05)
    assert not any(isinstance(w, Settings) for w in kiosk.window.children)
    choose_by_touch(kiosk, "Ava", "Blocks")
    assert kiosk.screen == "done"
