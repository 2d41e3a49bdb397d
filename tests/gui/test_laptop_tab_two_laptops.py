"""Teacher mode → Laptop with two laptops of one class: each shown by its own name, a link in one laptop's folder on
the stick refusing only that laptop's bundle, and a full stick said as a full stick (real TLS on 127.0.0.1)."""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.gui.harness import KioskDriver
from tests.gui.steps import choose_by_touch, open_teacher_mode


def _in_thread(kiosk: KioskDriver, work: Callable[[], Any], timeout: float = 30) -> Any:
    """Laptop-side work on a thread while the kiosk's UI thread keeps serving."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as error:
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    kiosk.wait_until(lambda: not thread.is_alive(), timeout=timeout)
    if "error" in result:
        raise result["error"]
    return result["value"]


def test_two_laptops_by_name_a_link_refusing_one_bundle_and_a_full_stick(kiosk, tmp_path, shots):
    from kiosk.laptop.store import LaptopStore
    from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk

    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_laptop)
    tab = teacher.tabs["laptop"]
    address = f"127.0.0.1:{kiosk.app.sync_server.address[1]}"
    ids = {}
    for folder, name in (("laptop-1", "Ms Lee's laptop"), ("laptop-2", "Library cart")):
        kiosk.tap(tab.ids.pair)
        code = kiosk.app.sync_server.pairing_window().code

        def laptop(folder: str = folder, name: str = name, code: str = code) -> str:
            with LaptopStore(tmp_path / folder) as store:
                store.me.rename(name)
                paired = pair_with_kiosk(store, address, code)
                sync_kiosk(store, paired.kiosk_id)
                return store.laptop_id

        ids[name] = _in_thread(kiosk, laptop)
        kiosk.pump(0.6)
    kiosk.tap(teacher.ids.tab_kiosk)
    kiosk.tap(teacher.ids.tab_laptop)
    assert "Ms Lee's laptop: last sync" in tab.sync_status and "Library cart: last sync" in tab.sync_status
    assert "vm:" not in tab.sync_status

    stick = tmp_path / "stick"
    (stick / "choice-kiosk").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (stick / "choice-kiosk" / ids["Ms Lee's laptop"]).symlink_to(tmp_path / "elsewhere")
    tab.find_sticks = lambda: [stick]
    kiosk.tap(tab.ids.save_usb)
    saved, refused = tab.usb_status.split("\n")
    assert saved == f"Saved 1 choice to {stick}. It is safe to unplug the stick."
    lee = ids["Ms Lee's laptop"]
    assert refused.startswith(f"Not saved for Ms Lee's laptop: the folder choice-kiosk/{lee} on the USB stick is a link")
    assert [p.parent.name for p in stick.glob("choice-kiosk/*/*.ckbundle")] == [ids["Library cart"]]
    assert list((tmp_path / "elsewhere").iterdir()) == []
    kiosk.screenshot("teacher-laptop-two-laptops", shots)

    full = tmp_path / "full-stick"
    full.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(full)], capture_output=True)
    if os.geteuid() != 0 or mounted.returncode != 0:
        pytest.skip("cannot mount a small filesystem here")
    try:
        (full / "photos.bin").write_bytes(b"x" * 8 * 1024)
        tab.find_sticks = lambda: [full]
        kiosk.tap(tab.ids.save_usb)
        assert tab.usb_status.startswith("The USB stick is full, so nothing was saved."), tab.usb_status
        assert "memory card" not in tab.usb_status
        kiosk.screenshot("teacher-laptop-stick-full", shots)
    finally:
        subprocess.run(["umount", str(full)], check=True)
