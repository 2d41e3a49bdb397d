"""SIGKILL at random moments never loses a confirmed choice nor damages a file.

A real subprocess (crash_writer.py) records choices and prints each one after
``append`` returned; the test kills it with SIGKILL after a random delay (sometimes
while it is still opening and repairing), reopens the same data directory and checks
that every printed choice is there, seqs run 1, 2, 3 … without gap or repeat, and
no file was found damaged. The data directory is kept across kills, so days and
segments pile up as on a real kiosk.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.pi.storage import KioskStorage

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
WRITER = HERE / "crash_writer.py"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def start_writer(data_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir)], stdout=subprocess.PIPE, env=env, cwd=REPO
    )


def wait_for_line(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the writer did not start"
    return proc.stdout.readline()


def kill_at_random(proc: subprocess.Popen[bytes], chance: random.Random) -> bytes:
    """Kill the writer at a random moment; return everything it printed."""
    early = b""
    if chance.random() < 0.15:
        time.sleep(chance.uniform(0, 0.12))
    else:
        early = wait_for_line(proc, 30)
        time.sleep(chance.uniform(0, 0.15))
    proc.send_signal(signal.SIGKILL)
    assert proc.stdout is not None
    rest = proc.stdout.read()
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the writer stopped by itself"
    return early + rest


def check_storage(data_dir: Path, confirmed: dict[int, str], checked: int, meta_seq: int, note: str) -> int:
    """Reopen; assert every confirmed choice above ``checked`` is there, seqs run
    on without gap or repeat, and all files load cleanly. Returns the last seq."""
    with KioskStorage.open(data_dir) as storage:
        events = list(storage.events.since(checked))
        assert storage.problems == [], note
        seqs = [e["seq"] for e in events]
        assert seqs == list(range(checked + 1, checked + len(events) + 1)), note
        last = storage.events.last_seq()
        assert last == checked + len(events), note
        by_seq = {e["seq"]: e["id"] for e in events}
        if checked == 0:
            assert len(set(by_seq.values())) == len(events), f"duplicate ids; {note}"
        lost = [seq for seq, id_ in confirmed.items() if seq > checked and by_seq.get(seq) != id_]
        assert not lost, f"confirmed choices lost: {lost[:5]}; {note}"
        assert (storage.config.get_meta("crash_writer_seq") or 0) >= meta_seq, note
        return last


def test_sigkill_never_loses_a_confirmed_choice(tmp_path: Path, slow: bool) -> None:
    kills = 300 if slow else 50
    seed = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))
    chance = random.Random(seed)
    data_dir = tmp_path / "data"
    confirmed: dict[int, str] = {}
    meta_seq = checked = 0
    killed_while_writing = 0
    for round_no in range(1, kills + 1):
        output = kill_at_random(start_writer(data_dir), chance)
        lines = output.split(b"\n")[:-1]
        for line in lines:
            parts = line.decode().split()
            if parts[0] == "ok":
                seq, id_ = int(parts[2]), parts[1]
                assert confirmed.setdefault(seq, id_) == id_, f"seq {seq} given out twice"
            elif parts[0] == "meta":
                meta_seq = max(meta_seq, int(parts[1]))
        killed_while_writing += any(line.startswith(b"ok") for line in lines)
        note = f"round {round_no}, CRASH_SEED={seed}"
        full = round_no % 10 == 0 or round_no == kills
        # Older segments are sealed; re-read them all every tenth round and at the end.
        checked = check_storage(data_dir, confirmed, 0 if full else checked, meta_seq, note)
    assert killed_while_writing >= kills // 2, f"most kills came before any write; CRASH_SEED={seed}"
    assert checked >= max(confirmed) > 0
    days = {p.name.split("-", 1)[1] for p in (data_dir / "events").glob("*.journal")}
    assert len(days) > 3, "the run should have crossed several days"
