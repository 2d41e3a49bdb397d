"""Finding USB sticks from /proc/mounts and /sys/block, and saving sealed bundles to one."""

from __future__ import annotations

import base64
import os

import pytest

from kiosk.shared.sync.bundle import read_bundle
from kiosk.shared.sync.usb_stick import NoStickError, StickFullError, StickRefusedError, find_sticks, save_to_stick
from tests.sync.events import event


def _system(tmp_path, mounts: str, removable: dict[str, str]):
    proc = tmp_path / "mounts"
    proc.write_text(mounts, encoding="utf-8")
    sys_block = tmp_path / "block"
    for disk, flag in removable.items():
        (sys_block / disk).mkdir(parents=True)
        (sys_block / disk / "removable").write_text(flag + "\n")
    return proc, sys_block


def test_removable_writable_mounts_are_sticks(tmp_path):
    proc, sys_block = _system(
        tmp_path,
        "/dev/mmcblk0p2 / ext4 rw,noatime 0 0\n"
        "/dev/sda1 /mnt/My\\040Stick vfat rw,nosuid 0 0\n"
        "/dev/sdb1 /mnt/cdrom iso9660 ro 0 0\n"
        "/dev/sdc1 /srv/disk ext4 rw 0 0\n"
        "/dev/sdd1 /media/pi/KINGSTON exfat rw 0 0\n"
        "tmpfs /run tmpfs rw 0 0\n",
        {"mmcblk0": "0", "sda": "1", "sdb": "1", "sdc": "0"},
    )
    assert [str(p) for p in find_sticks(proc, sys_block)] == ["/mnt/My Stick", "/media/pi/KINGSTON"]


def test_no_mounts_file_means_no_sticks(tmp_path):
    assert find_sticks(tmp_path / "missing", tmp_path) == []


def test_one_sealed_bundle_per_paired_laptop(tmp_path):
    keys = {"lap1": os.urandom(32), "lap2": os.urandom(32)}
    laptops = {lid: {"name": lid, "key": base64.b64encode(k).decode()} for lid, k in keys.items()}
    files = save_to_stick(tmp_path, "kioskA", [event("kioskA", s) for s in (1, 2, 3)], laptops).written
    assert [f.parent.name for f in files] == ["lap1", "lap2"]
    for path, (_laptop_id, key) in zip(files, keys.items()):
        assert [e["seq"] for e in read_bundle(path, {"kioskA": key}).events] == [1, 2, 3]


def test_nothing_to_save_or_nobody_to_save_for(tmp_path):
    with pytest.raises(NoStickError, match="Pair a laptop first"):
        save_to_stick(tmp_path, "kioskA", [event("kioskA", 1)], {})
    with pytest.raises(NoStickError, match="no choices to save"):
        save_to_stick(tmp_path, "kioskA", [], {"lap": {"key": base64.b64encode(b"k" * 32).decode()}})
    assert not (tmp_path / "choice-kiosk").exists()


def _laptops():
    return {"lap1": {"name": "lap1", "key": base64.b64encode(b"k" * 32).decode()}}


@pytest.mark.parametrize("where", ["choice-kiosk", "choice-kiosk/lap1"])
@pytest.mark.parametrize("target", ["folder", "file", "dangling"])
def test_a_link_on_the_stick_never_steers_the_write_elsewhere(tmp_path, where, target):
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    stick.mkdir()
    elsewhere.mkdir()
    (elsewhere / "file").write_bytes(b"keep me")
    link = stick / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to({"folder": elsewhere, "file": elsewhere / "file", "dangling": elsewhere / "gone"}[target])
    with pytest.raises(StickRefusedError, match="is a link") as refused:
        save_to_stick(stick, "kioskA", [event("kioskA", 1)], _laptops())
    assert "Nothing was saved" in str(refused.value)
    assert sorted(os.listdir(elsewhere)) == ["file"] and (elsewhere / "file").read_bytes() == b"keep me"


def _two_laptops() -> dict[str, dict[str, str]]:
    return {lid: {"name": name, "key": base64.b64encode(lid.encode() * 8).decode()}
            for lid, name in (("lap1", "Ms Lee's laptop"), ("lap2", "Library cart"))}


@pytest.mark.parametrize("target", ["folder", "file", "dangling"])
def test_a_link_in_one_laptops_folder_refuses_only_that_laptops_bundle(tmp_path, target):
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    (stick / "choice-kiosk").mkdir(parents=True)
    elsewhere.mkdir()
    (elsewhere / "file").write_bytes(b"keep me")
    (stick / "choice-kiosk" / "lap1").symlink_to(
        {"folder": elsewhere, "file": elsewhere / "file", "dangling": elsewhere / "gone"}[target])
    saved = save_to_stick(stick, "kioskA", [event("kioskA", 1), event("kioskA", 2)], _two_laptops())
    assert [p.parent.name for p in saved.written] == ["lap2"]
    (name, reason), = saved.refused
    assert name == "Ms Lee's laptop" and "the folder choice-kiosk/lap1 on the USB stick is a link" in reason
    key = base64.b64encode(b"lap2" * 8).decode()
    assert [e["seq"] for e in read_bundle(saved.written[0], {"kioskA": base64.b64decode(key)}).events] == [1, 2]
    assert sorted(os.listdir(elsewhere)) == ["file"] and (elsewhere / "file").read_bytes() == b"keep me"


def test_a_link_above_every_laptops_folder_saves_nothing(tmp_path):
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    stick.mkdir()
    elsewhere.mkdir()
    (stick / "choice-kiosk").symlink_to(elsewhere)
    with pytest.raises(StickRefusedError, match="Nothing was saved: the folder choice-kiosk on the USB stick"):
        save_to_stick(stick, "kioskA", [event("kioskA", 1)], _two_laptops())
    assert os.listdir(elsewhere) == []


@pytest.fixture
def small_stick(tmp_path):
    """A real filesystem of 64 KiB (tmpfs; needs root), as a stick with little room left."""
    import shutil
    import subprocess

    mount = tmp_path / "small-stick"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if os.geteuid() != 0 or made.returncode != 0 or shutil.which("umount") is None:
        pytest.skip(f"cannot mount a small filesystem here: {made.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _many(count: int) -> list[dict]:
    return [event("kioskA", seq, child=f"child-{seq:04d}") for seq in range(1, count + 1)]


def test_a_full_stick_is_said_to_be_full_and_names_the_laptops_saved_for(small_stick):
    events = _many(200)  # about 42 KiB a bundle: the first fits in 64 KiB, the second does not
    with pytest.raises(StickFullError) as full:
        save_to_stick(small_stick, "kioskA", events, _two_laptops())
    said = str(full.value)
    assert said.startswith("The USB stick is full: the choices were saved for Ms Lee's laptop only."), said
    assert "memory card" not in said and "kiosk's" not in said
    assert sorted(p.name for p in (small_stick / "choice-kiosk").rglob("*")) == sorted(
        ["lap1", "lap2", next((small_stick / "choice-kiosk" / "lap1").iterdir()).name]), "no half-written file left"


def test_a_stick_too_full_for_anything_saves_nothing_and_says_so(small_stick):
    (small_stick / "holiday-photos.bin").write_bytes(b"x" * 60 * 1024)
    with pytest.raises(StickFullError, match=r"The USB stick is full, so nothing was saved\. Free some space"):
        save_to_stick(small_stick, "kioskA", _many(200), _two_laptops())
    assert not any(p.is_file() for p in (small_stick / "choice-kiosk").rglob("*"))


def test_the_stick_messages_in_spanish(tmp_path):
    from kiosk.laptop.language import locale_dir
    from kiosk.shared.text.i18n import Sentence, Translator

    es = Translator("es", locale_dir())
    full = Sentence("The USB stick is full: the choices were saved for {saved} only. Free some space on the stick "
                    "(or use another one) and save again.", saved="Cart")
    assert es(full).startswith("La memoria USB está llena"), es(full)
    nothing = Sentence("The USB stick is full, so nothing was saved. Free some space on the stick (or use another one) "
                       "and try again.")
    assert es(nothing).startswith("La memoria USB está llena"), es(nothing)
