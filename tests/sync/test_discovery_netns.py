"""Discovery across a real link: kiosk and laptop in two network namespaces joined by a veth pair.

The test makes the namespaces itself (root and ``ip`` needed; .ci/run installs
iproute2), with private addresses that exist only inside them. The kiosk starts
before its link has an address (as a Pi whose Wi-Fi joins later) and must announce
the address once it comes; the laptop then finds, pairs with and syncs from it by
zeroconf alone, through the real ``choice-kiosk`` command line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KIOSK_IP, LAPTOP_IP = "10.213.7.1", "10.213.7.2"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("ip") is None, reason="needs root and iproute2 to make network namespaces"
)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@pytest.fixture
def namespaces():
    kiosk_ns, laptop_ns = f"ck-kiosk-{os.getpid()}", f"ck-laptop-{os.getpid()}"
    _ip("netns", "add", kiosk_ns)
    _ip("netns", "add", laptop_ns)
    try:
        _ip("link", "add", "ckv-k", "netns", kiosk_ns, "type", "veth", "peer", "name", "ckv-l", "netns", laptop_ns)
        for ns, dev in ((kiosk_ns, "ckv-k"), (laptop_ns, "ckv-l")):
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "link", "set", dev, "up")
        _ip("-n", laptop_ns, "addr", "add", f"{LAPTOP_IP}/24", "dev", "ckv-l")
        _ip("-n", laptop_ns, "route", "add", "224.0.0.0/4", "dev", "ckv-l")
        yield kiosk_ns, laptop_ns
    finally:
        _ip("netns", "del", kiosk_ns)  # the veth pair goes with it
        _ip("netns", "del", laptop_ns)


def _cli(ns: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ip", "netns", "exec", ns, sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        stdin=subprocess.DEVNULL,  # nobody answers: the laptop's first pairing takes its default name
    )


def test_a_laptop_finds_pairs_with_and_syncs_from_a_kiosk_on_another_host(namespaces, tmp_path):
    kiosk_ns, laptop_ns = namespaces
    kiosk = subprocess.Popen(
        ["ip", "netns", "exec", kiosk_ns, sys.executable, "-m", "tests.sync.netns_kiosk", str(tmp_path / "kiosk")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )
    try:
        started = json.loads(kiosk.stdout.readline())
        time.sleep(1.0)  # the kiosk runs with no address yet; then its link gets one
        _ip("-n", kiosk_ns, "addr", "add", f"{KIOSK_IP}/24", "dev", "ckv-k")
        _ip("-n", kiosk_ns, "route", "add", "224.0.0.0/4", "dev", "ckv-k")
        time.sleep(2.0)  # the advertiser looks again every half second
        laptop_dir = str(tmp_path / "laptop")
        paired = _cli(laptop_ns, "pair", "--code", started["code"], "--laptop-dir", laptop_dir)
        assert paired.returncode == 0, paired.stdout + paired.stderr
        assert f"at {KIOSK_IP}:8765" in paired.stdout
        synced = _cli(laptop_ns, "sync", "--laptop-dir", laptop_dir)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        assert "kiosk sent 12 choices, laptop received 12" in synced.stdout
    finally:
        kiosk.stdin.close()
        try:
            kiosk.wait(timeout=15)
        except subprocess.TimeoutExpired:
            kiosk.kill()
