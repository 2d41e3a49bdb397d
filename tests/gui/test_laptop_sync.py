"""Pairing and syncing a laptop with the running kiosk app, over real TLS on 127.0.0.1; two laptops by name, a
link in one laptop's folder on the stick refusing only that laptop's bundle, and a full stick said as a full stick."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest

from tests.gui.steps import choose_by_touch, open_teacher_mode


def test_the_teacher_pairs_a_laptop_with_the_code_and_sees_the_receipt(kiosk, tmp_path, shots):
    from kiosk.laptop.store import LaptopStore
    from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk

    choose_by_touch(kiosk, "Ava", "Blocks")
    kiosk.app.go_home()
    choose_by_touch(kiosk, "Ben", "Art")
    kiosk.app.go_home()
    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_laptop)
    assert "No laptop is paired" in teacher.tabs["laptop"].sync_status
    assert "Choices not yet on a laptop: 2." in teacher.tabs["laptop"].sync_status
    kiosk.tap(teacher.tabs["laptop"].ids.pair)
    window = kiosk.app.sync_server.pairing_window()
    assert teacher.tabs["laptop"].pairing_code.startswith(f"Pairing code: {window.code[:3]} {window.code[3:]}")
    kiosk.screenshot("teacher-laptop-pairing", shots)

    address = f"127.0.0.1:{kiosk.app.sync_server.address[1]}"

    def laptop() -> tuple[Any, Any, list[dict[str, Any]]]:
        with LaptopStore(tmp_path / "laptop") as store:
            paired = pair_with_kiosk(store, address, window.code)
            return paired, sync_kiosk(store, paired.kiosk_id), store.choices.events()

    paired, receipt, events = kiosk.beside(laptop)
    assert paired.kiosk_id == kiosk.services.service.kiosk_id
    assert (receipt.sent, receipt.received) == (2, 2) and receipt.agree
    assert sorted(e.child_id for e in events) == ["c01", "c16"]

    kiosk.pump(0.6)
    kiosk.tap(teacher.ids.tab_kiosk)
    kiosk.tap(teacher.ids.tab_laptop)
    assert teacher.tabs["laptop"].pairing_code == "", "the code is single-use"
    assert "choices sent: 2, received: 2 (counts agree)." in teacher.tabs["laptop"].sync_status
    assert "Choices not yet on a laptop: 0." in teacher.tabs["laptop"].sync_status

    teacher.tabs["laptop"].find_sticks = lambda: []
    kiosk.tap(teacher.tabs["laptop"].ids.save_usb)
    assert teacher.tabs["laptop"].usb_status == "No USB stick found. Plug one in and try again."
    stick = tmp_path / "stick"
    stick.mkdir()
    teacher.tabs["laptop"].find_sticks = lambda: [stick]
    kiosk.tap(teacher.tabs["laptop"].ids.save_usb)
    assert teacher.tabs["laptop"].usb_status == f"Saved 2 choices to {stick}. It is safe to unplug the stick."
    kiosk.screenshot("teacher-laptop", shots)

    from kiosk.cli import main

    bundle = next(stick.glob("choice-kiosk/*/*.ckbundle"))
    assert kiosk.beside(lambda: main(["import", str(bundle), "--laptop-dir", str(tmp_path / "laptop")])) == 0

    hostile, elsewhere = tmp_path / "hostile-stick", tmp_path / "elsewhere"
    hostile.mkdir()
    elsewhere.mkdir()
    (hostile / "choice-kiosk").symlink_to(elsewhere)  # a stick that would steer the write elsewhere
    teacher.tabs["laptop"].find_sticks = lambda: [hostile]
    kiosk.tap(teacher.tabs["laptop"].ids.save_usb)
    assert teacher.tabs["laptop"].usb_status.startswith("Nothing was saved: the folder choice-kiosk on the USB stick is a link")
    assert list(elsewhere.iterdir()) == []
    kiosk.screenshot("teacher-laptop-usb-link", shots)


def test_teacher_mode_says_why_the_pairing_window_closed(kiosk, shots):
    from kiosk.shared.sync.pairing import WINDOW_SECONDS

    open_teacher_mode(kiosk)
    teacher = kiosk.current()
    kiosk.tap(teacher.ids.tab_laptop)
    kiosk.tap(teacher.tabs["laptop"].ids.pair)
    window = kiosk.app.sync_server.pairing_window()
    assert teacher.tabs["laptop"].pairing_code.startswith("Pairing code:")
    window.opened_at -= WINDOW_SECONDS  # two minutes pass on the kiosk's monotonic clock
    kiosk.pump(0.8)
    assert teacher.tabs["laptop"].pairing_code == "The pairing code expired before a laptop used it. Open pairing again to pair."
    kiosk.screenshot("teacher-laptop-pairing-expired", shots)


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

        ids[name] = kiosk.beside(laptop)
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
