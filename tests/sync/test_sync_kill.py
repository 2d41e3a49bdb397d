"""SIGKILL the kiosk or the laptop in the middle of a sync; the next sync is exact.

Kiosk and laptop are real processes (``sync_actors.py``) talking HTTPS on
127.0.0.1. The laptop prints a line after each page it saved, so a kill can be
aimed after the k-th page, or dropped after a random delay (during a hello, a
TLS handshake, an fsync…). Each round the kiosk records more choices (in some
rounds while the sync runs), then one process — or both — is killed mid-sync.
A killed kiosk is restarted on the same data directory (on a new port, which the
laptop is told). Then a clean sync runs to the end and the laptop must hold
exactly the kiosk's events: same ids, same dicts, none twice in its file,
checkpoint at the kiosk's last seq, and both sides' receipts agreeing.
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import pair_with_kiosk
from tests.sync.events import records

from .net_helpers import ids_in_file

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ACTORS = HERE / "sync_actors.py"
KIOSK_ID = "killkiosk"
PAGE = 1  # bytes: a page of lines holds one day file (150 choices)
VICTIMS = ("laptop", "kiosk", "laptop", "both", "laptop", "kiosk")  # in turn: every kind in any ten rounds

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


class Actor:
    """A child process whose stdout is read line by line with a deadline."""

    def __init__(
        self, *args: str, stdin: bool = False, prefix: tuple[str, ...] = (), script: Path = ACTORS,
        env: dict[str, str] | None = None,
    ) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "FAKETIME_DONT_FAKE_MONOTONIC": "1", **(env or {})}
        self.proc = subprocess.Popen(
            [*prefix, sys.executable, str(script), *args], stdout=subprocess.PIPE, bufsize=0, env=env, cwd=REPO,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
        )
        self.role = args[0]
        self._buffer = b""
        self.lines: list[str] = []

    def line(self, timeout: float = 30.0) -> str | None:
        """The next line, or None once the process closed its output."""
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0.0, left))
            if not ready:
                raise AssertionError(f"no line from {self.role} in {timeout} s; got {self.lines[-3:]}")
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return None
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\n", 1)
        self.lines.append(raw.decode())
        return self.lines[-1]

    def expect(self, prefix: str, timeout: float = 30.0) -> list[str]:
        found = self.line(timeout)
        assert (found is not None and found.startswith(prefix + " ")) or found == prefix, (prefix, found, self.lines)
        return found.split()[1:]

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.finish()

    def finish(self, timeout: float = 30.0) -> int:
        while self.line(timeout) is not None:
            pass
        return self.proc.wait(timeout)


class KioskProcess(Actor):
    def __init__(self, data_dir: Path, prefix: tuple[str, ...] = ()) -> None:
        super().__init__("kiosk", str(data_dir), KIOSK_ID, stdin=True, prefix=prefix)
        port, last_seq = self.expect("ready")
        self.address = f"127.0.0.1:{port}"
        self.last_seq = int(last_seq)

    def ask(self, command: str, answer: str) -> list[str]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        return self.expect(answer)

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            assert self.finish() == 0


def laptop_process(laptop_dir: Path, kiosk: KioskProcess) -> Actor:
    actor = Actor("laptop", str(laptop_dir), KIOSK_ID, kiosk.address, str(PAGE))
    actor.expect("start")
    return actor


def kill_mid_sync(laptop: Actor, chance: random.Random) -> tuple[bool, str]:
    """Wait until the laptop is some way into its sync; True if it was still syncing."""
    if chance.random() < 0.3:
        time.sleep(chance.uniform(0.0, 0.06))  # a sync of a few hundred choices takes about that long
        return laptop.proc.poll() is None, "after a delay"
    pages = chance.randrange(0, 8)
    for _ in range(pages):
        found = laptop.line()
        if found is None or not found.startswith("page"):
            return False, f"after {pages} pages (finished first)"
    time.sleep(chance.choice([0.0, 0.0, chance.uniform(0.0, 0.02)]))
    return laptop.proc.poll() is None, f"after {pages} pages"


def check_exact(laptop_dir: Path, kiosk: KioskProcess, dump: Path, note: str) -> int:
    """The laptop holds exactly the kiosk's events, once each; receipts agree."""
    kiosk.ask(f"dump {dump}", "dumped")
    truth: dict[str, Any] = json.loads(dump.read_text(encoding="utf-8"))
    on_kiosk = sorted(truth["events"], key=lambda e: e["seq"])
    with LaptopStore(laptop_dir) as store:
        raw_ids = ids_in_file(store, KIOSK_ID)
        assert len(raw_ids) == len(set(raw_ids)), f"an event saved twice on the laptop; {note}"
        assert sorted(raw_ids) == sorted(e["id"] for e in on_kiosk), note
        assert records(store.choices.events(KIOSK_ID)) == on_kiosk, note
        assert store.choices.checkpoint(KIOSK_ID) == truth["last_seq"], note
        laptop_receipt = store.paired.get(KIOSK_ID)["last_receipt"]
        kiosk_receipt = truth["receipts"][store.laptop_id]
    assert laptop_receipt["agree"] and kiosk_receipt["agree"], note
    assert (kiosk_receipt["sent"], kiosk_receipt["received"]) == (laptop_receipt["sent"], laptop_receipt["received"])
    assert kiosk_receipt["last_seq"] == truth["last_seq"], note
    return len(on_kiosk)


def test_kills_during_a_sync_never_lose_or_duplicate_a_choice(tmp_path: Path, slow: bool) -> None:
    rounds = 60 if slow else 10
    seed = int(os.environ.get("SYNC_KILL_SEED", random.randrange(2**32)))
    chance = random.Random(seed)
    data_dir, laptop_dir, dump = tmp_path / "kiosk", tmp_path / "laptop", tmp_path / "dump.json"
    kiosk = KioskProcess(data_dir)
    try:
        code = kiosk.ask("pair", "code")[0]
        with LaptopStore(laptop_dir) as store:
            pair_with_kiosk(store, kiosk.address, code, timeout=10)
        kiosk.ask("add 1500", "added")
        killed_mid_sync = 0
        for round_no in range(1, rounds + 1):
            victim = VICTIMS[round_no % len(VICTIMS)]
            confirmed = int(kiosk.ask(f"add {chance.randrange(150, 400)}", "added")[0])
            recording = chance.random() < 0.4
            if recording:
                kiosk.ask("record", "recording")
            laptop = laptop_process(laptop_dir, kiosk)
            syncing, moment = kill_mid_sync(laptop, chance)
            note = f"round {round_no}: {victim} killed {moment}; SYNC_KILL_SEED={seed}"
            if victim in ("laptop", "both"):
                laptop.kill()
            if victim in ("kiosk", "both"):
                kiosk.kill()
                if victim == "kiosk":
                    laptop.finish()  # it sees the kiosk vanish and gives up
                kiosk = KioskProcess(data_dir)
                assert kiosk.last_seq >= confirmed, f"the restarted kiosk lost choices; {note}"
            elif recording:
                kiosk.ask("stop", "stopped")
            if victim == "laptop":
                assert laptop.proc.returncode in (-signal.SIGKILL, 0), note
            killed_mid_sync += syncing
            clean = laptop_process(laptop_dir, kiosk)
            assert clean.finish() == 0, f"{clean.lines}; {note}"
            sent, received, _ = (int(v) for v in clean.lines[-1].split()[1:])
            assert clean.lines[-1].startswith("done") and sent == received, f"{clean.lines[-1]}; {note}"
            total = check_exact(laptop_dir, kiosk, dump, note)
        assert killed_mid_sync >= rounds // 2, f"most kills landed after the sync; SYNC_KILL_SEED={seed}"
        assert total >= 1500 + 150 * rounds
    finally:
        kiosk.close()
