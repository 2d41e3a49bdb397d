"""Finding USB sticks from /proc/mounts and /sys/block, and saving sealed bundles to one."""

from __future__ import annotations

import base64
import os

import pytest

from kiosk.shared.sync.bundle import read_bundle
from kiosk.shared.sync.usb_stick import NoStickError, StickRefusedError, find_sticks, save_to_stick
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
    files = save_to_stick(tmp_path, "kioskA", [event("kioskA", s) for s in (1, 2, 3)], laptops)
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
