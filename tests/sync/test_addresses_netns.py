"""A kiosk that gets a new address stays reachable: by the laptop at its next sync, by the class's other kiosk at once.

Two network namespaces joined by a veth pair (root and ``ip`` needed): kiosk A alone in
one; the laptop (the real ``choice-kiosk`` command line) and kiosk B in the other, as a
laptop and a second kiosk on one classroom network. The laptop finds both kiosks by
zeroconf, so ``pair`` lists them by name and asks which; the teacher's answer is typed on
its stdin. Then kiosk A's address is taken away and another given (``ip addr del/add``,
as a new DHCP lease): kiosk B asks A at its new address as soon as A announces it, and
the laptop's next ``sync`` succeeds at the first try and hands B the new address.

Namespace and veth names carry this process's id, so runs at the same time do not meet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.laptop.store import LaptopStore

ROOT = Path(__file__).resolve().parents[2]
OLD_A, NEW_A, SHARED = "10.214.7.1", "10.214.7.5", "10.214.7.2"
PORT_A, PORT_B = 8765, 8766

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("ip") is None, reason="needs root and iproute2 to make network namespaces"
)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True)


@pytest.fixture
def namespaces() -> Iterator[tuple[str, str, str]]:
    """(kiosk A's namespace, the laptop's and kiosk B's namespace, kiosk A's veth)."""
    pid = os.getpid()
    kiosk_ns, shared_ns, dev_a, dev_b = f"ck22a-{pid}", f"ck22l-{pid}", f"ck{pid}a", f"ck{pid}l"
    _ip("netns", "add", kiosk_ns)
    _ip("netns", "add", shared_ns)
    try:
        _ip("link", "add", dev_a, "netns", kiosk_ns, "type", "veth", "peer", "name", dev_b, "netns", shared_ns)
        for ns, dev, address in ((kiosk_ns, dev_a, OLD_A), (shared_ns, dev_b, SHARED)):
            _ip("-n", ns, "link", "set", "lo", "up")
            _ip("-n", ns, "link", "set", dev, "up")
            _ip("-n", ns, "addr", "add", f"{address}/24", "dev", dev)
            _ip("-n", ns, "route", "add", "224.0.0.0/4", "dev", dev)
        yield kiosk_ns, shared_ns, dev_a
    finally:
        _ip("netns", "del", kiosk_ns)  # the veth pair goes with it
        _ip("netns", "del", shared_ns)


class NsKiosk:
    """tests/sync/netns_class_kiosk.py running in a namespace, asked through its stdin."""

    def __init__(self, ns: str, directory: Path, kiosk_id: str, port: int) -> None:
        self.process = subprocess.Popen(
            ["ip", "netns", "exec", ns, sys.executable, "-m", "tests.sync.netns_class_kiosk", str(directory),
             kiosk_id, str(port)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read() if self.process.stderr else "the kiosk stopped"
        return json.loads(line)

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _cli(ns: str, *args: str, answers: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ip", "netns", "exec", ns, sys.executable, "-m", "kiosk.cli", *args],
        input=answers, capture_output=True, text=True, timeout=90, cwd=ROOT,
    )


def _pair_by_choice(shared_ns: str, laptop_dir: str, code: str, kiosk_id: str) -> subprocess.CompletedProcess:
    """``pair`` with no address: both kiosks answer; the teacher types the number listed for ``kiosk_id``."""
    process = subprocess.Popen(
        ["ip", "netns", "exec", shared_ns, sys.executable, "-m", "kiosk.cli", "pair", "--code", code,
         "--laptop-dir", laptop_dir, "--laptop-name", "Ms Lee's laptop"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdin is not None and process.stdout is not None
    listed = []
    head = process.stdout.readline()
    assert head.strip() == "2 kiosks answered:", head + process.communicate(timeout=30)[1]
    for _ in range(2):
        listed.append(process.stdout.readline().strip())
    number = next(line.split(".")[0] for line in listed if f"({kiosk_id}, " in line)
    out, err = process.communicate(number + "\n", timeout=60)
    return subprocess.CompletedProcess(process.args, process.returncode, head + "\n".join(listed) + out, err)


def _until(check, seconds: float) -> Any:
    """Ask ``check()`` until it returns something true, for at most ``seconds``; its last answer."""
    deadline = time.monotonic() + seconds
    while True:
        answer = check()
        if answer or time.monotonic() > deadline:
            return answer
        time.sleep(0.5)


def test_a_kiosk_that_moves_is_followed_by_its_peer_and_synced_at_the_first_try(namespaces, tmp_path) -> None:
    kiosk_ns, shared_ns, dev_a = namespaces
    kiosk_a = NsKiosk(kiosk_ns, tmp_path / "kiosk-a", "kioskA", PORT_A)
    kiosk_b = NsKiosk(shared_ns, tmp_path / "kiosk-b", "kioskB", PORT_B)
    laptop_dir = str(tmp_path / "laptop")
    try:
        time.sleep(1.5)  # both announce themselves
        for kiosk, kiosk_id in ((kiosk_a, "kioskA"), (kiosk_b, "kioskB")):
            paired = _pair_by_choice(shared_ns, laptop_dir, kiosk.ask("pair")["code"], kiosk_id)
            assert paired.returncode == 0, paired.stdout + paired.stderr
            assert f"Paired with Room {kiosk_id}" in paired.stdout, paired.stdout
        assert f"at {OLD_A}:{PORT_A}." in _pair_log(laptop_dir, "kioskA")
        synced = _cli(shared_ns, "sync", "--laptop-dir", laptop_dir)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        first = kiosk_b.ask("peers")
        assert first["answered"] == {"kioskA": f"{OLD_A}:{PORT_A}"}, first

        # Kiosk A gets a new address, as a new DHCP lease would give it.
        _ip("-n", kiosk_ns, "addr", "del", f"{OLD_A}/24", "dev", dev_a)
        _ip("-n", kiosk_ns, "addr", "add", f"{NEW_A}/24", "dev", dev_a)
        _ip("-n", kiosk_ns, "route", "replace", "224.0.0.0/4", "dev", dev_a)

        # Kiosk B asks A where it announces itself now, before any laptop sync tells it.
        followed = _until(lambda: (lambda a: a if a["answered"].get("kioskA") == f"{NEW_A}:{PORT_A}" else None)(
            kiosk_b.ask("peers")), 30)
        assert followed, kiosk_b.ask("peers")
        assert followed["introduced"] == {"kioskA": f"{OLD_A}:{PORT_A}"}, "found by zeroconf, not told yet"

        # The laptop's next sync reaches A at the first try, and hands B the new address.
        synced = _cli(shared_ns, "sync", "--laptop-dir", laptop_dir)
        assert synced.returncode == 0, synced.stdout + synced.stderr
        assert "kiosk sent 0 choices, laptop received 0" in synced.stdout, synced.stdout
        assert _pair_log(laptop_dir, "kioskA") == f"at {NEW_A}:{PORT_A}."
        assert kiosk_b.ask("peers")["introduced"] == {"kioskA": f"{NEW_A}:{PORT_A}"}
    finally:
        kiosk_a.stop()
        kiosk_b.stop()


def _pair_log(laptop_dir: str, kiosk_id: str) -> str:
    """Where the laptop last reached the kiosk, as ``at HOST:PORT.``."""
    with LaptopStore(Path(laptop_dir)) as store:
        return f"at {store.paired.get(kiosk_id)['address']}."
