"""SIGKILL at any moment of a purge loses nothing else and leaves no half file.

This file is also the purging child process (run as a script, see ``main``): it
opens a copy of a prepared log, prints ``ready``, purges (one child's events, or
every day up to a date), prints ``done <removed> <seconds>`` and waits to be killed.
The parent kills it with SIGKILL after a random delay within the time a purge takes
(sometimes while it is still opening), once or a few times in a row on the same
directory, then reopens the log and checks:

* it opens and verifies with no problem (no half file, no false "cut short");
* ``last_seq()`` is what it was (seqs never go back);
* every event the purge must keep is there exactly once, unchanged;
* of the events the purge removes, each original segment has kept all or none;
* running the purge again completes, after which their bytes are gone from every
  file and appending goes on at ``last_seq() + 1``.

``CRASH_SEED=<n>`` replays a run; ``--slow`` runs 60 rounds instead of 10.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]

if __name__ == "__main__":
    sys.path.insert(0, str(REPO))

from kiosk.pi.storage import EventLog, KioskStorage  # noqa: E402

LIMIT = 5
DAYS = 14
PER_DAY = 8
TARGET = "amy"
CUT_DAY = "2026-09-07"


def main(argv: list[str]) -> None:
    data_dir, mode, arg = Path(argv[1]), argv[2], argv[3]
    storage = KioskStorage.open(data_dir, segment_limit=LIMIT)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    start = time.monotonic()
    removed = storage.events.purge_child(arg) if mode == "child" else storage.events.purge_before(arg)
    sys.stdout.write(f"done {removed} {time.monotonic() - start:.4f}\n")
    sys.stdout.flush()
    time.sleep(60)


if __name__ == "__main__":
    main(sys.argv)
    sys.exit(0)

import pytest  # noqa: E402

from tests.pi.storage.storage_helpers import event  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def day_of(index: int) -> str:
    return f"2026-09-{index + 1:02d}"


def build_template(data_dir: Path) -> list[dict[str, Any]]:
    """A log of DAYS days, two or more segments a day. Every fourth day is all the
    target's (those segments are deleted whole, the next one marked), staff undo some
    of the target's events on later days, and the very last events are the target's
    (the newest segment keeps only its header)."""
    log = EventLog(data_dir / "events", segment_limit=LIMIT)
    events: list[dict[str, Any]] = []
    target_ids: list[str] = []
    for index in range(DAYS):
        for slot in range(PER_DAY):
            seq = len(events) + 1
            child = TARGET if index % 4 == 1 or slot % 3 == 0 else f"child-{slot}"
            if index == DAYS - 1 and slot >= PER_DAY - 3:
                child = TARGET
            extra: dict[str, Any] = {}
            if slot == 4 and target_ids and index % 4 != 1:
                child = "staff"
                # refers to one of the target's events a few segments back
                extra = {"kind": "undone", "ref": target_ids[-min(len(target_ids), 6)]}
            extra["boot_id"] = f"boot-{child}-{seq}"
            item = event(seq, day_of(index), child_id=child, **extra)
            log.append(item)
            events.append(item)
            if item["child_id"] == TARGET:
                target_ids.append(item["id"])
    log.close()
    return events


def removed_by(mode: str, events: list[dict[str, Any]]) -> set[int]:
    """The seqs a complete purge removes."""
    if mode == "before":
        return {e["seq"] for e in events if e["day"] <= CUT_DAY}
    gone: set[str] = set()
    seqs = set()
    for item in events:
        if item["child_id"] == TARGET or item.get("ref") in gone:
            gone.add(item["id"])
            seqs.add(item["seq"])
    return seqs


def segment_of(events_dir: Path) -> dict[int, int]:
    """seq -> first_seq of the segment holding it, in the template."""
    firsts = sorted(int(p.name[:10]) for p in events_dir.glob("*.journal"))
    found = {}
    for item_seq in range(1, DAYS * PER_DAY + 1):
        found[item_seq] = max(f for f in firsts if f <= item_seq)
    return found


def start_purger(data_dir: Path, mode: str) -> subprocess.Popen[bytes]:
    arg = TARGET if mode == "child" else CUT_DAY
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(data_dir), mode, arg],
        stdout=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )


def read_line(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the purger did not answer"
    return proc.stdout.readline()


def run_to_end(data_dir: Path, mode: str) -> float:
    """Let one purge finish; return how long it took in the child."""
    proc = start_purger(data_dir, mode)
    try:
        assert read_line(proc, 30) == b"ready\n"
        done = read_line(proc, 60).split()
        assert done[0] == b"done", done
        return float(done[2])
    finally:
        proc.kill()
        proc.wait()


def kill_during_purge(data_dir: Path, mode: str, chance: random.Random, span: float) -> None:
    proc = start_purger(data_dir, mode)
    try:
        if chance.random() < 0.1:
            time.sleep(chance.uniform(0, 0.1))  # still opening (and cleaning temp files)
        else:
            assert read_line(proc, 30) == b"ready\n"
            time.sleep(chance.uniform(0, span))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def check_after_kill(
    data_dir: Path, mode: str, events: list[dict[str, Any]], seg_of: dict[int, int], note: str
) -> int:
    """Check the log a killed purge left (see the module doc); return how many of the
    events the purge removes were still there."""
    removed = removed_by(mode, events)
    log = EventLog(data_dir / "events", segment_limit=LIMIT)
    try:
        assert log.problems == [], note
        assert log.verify() == [], note
        assert log.last_seq() == len(events), note
        present = list(log.since(0))
        assert len({e["seq"] for e in present}) == len(present), f"an event twice; {note}"
        kept = [e for e in present if e["seq"] not in removed]
        expected = [e for e in events if e["seq"] not in removed]
        assert kept == expected, f"an event of another child lost; {note}"
        left = {e["seq"] for e in present if e["seq"] in removed}
        by_seq = {e["seq"]: e for e in events}
        assert all(by_seq[s] in present for s in left), note
        for first in {seg_of[s] for s in removed}:
            group = {s for s in removed if seg_of[s] == first}
            assert group & left in (set(), group), f"segment {first} half purged; {note}"
        assert log.count() == len(present), note

        again = log.purge_child(TARGET) if mode == "child" else log.purge_before(CUT_DAY)
        assert again == len(left), note
        assert [e["seq"] for e in log.since(0)] == [e["seq"] for e in events if e["seq"] not in removed], note
        data = b"".join(p.read_bytes() for p in (data_dir / "events").iterdir() if p.is_file())
        for seq in removed:
            gone = by_seq[seq]["id"]
            # purge_before keeps a later undo, whose ref still names a purged id
            assert (gone if mode == "child" else f'"id":"{gone}"').encode() not in data, note
        if mode == "child":
            assert f'"{TARGET}"'.encode() not in data, note
        log.append(event(len(events) + 1, day_of(DAYS)))
    finally:
        log.close()
    reopened = EventLog(data_dir / "events", segment_limit=LIMIT)
    try:
        assert reopened.verify() == [] and reopened.problems == [], note
        assert reopened.last_seq() == len(events) + 1, note
    finally:
        reopened.close()
    return len(left)


@pytest.mark.parametrize("mode", ["child", "before"])
def test_sigkill_during_a_purge_loses_nothing_else(tmp_path: Path, slow: bool, mode: str) -> None:
    rounds = 60 if slow else 10
    seed = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))
    chance = random.Random(seed)
    template = tmp_path / "template"
    events = build_template(template)
    seg_of = segment_of(template / "events")
    removed = removed_by(mode, events)
    assert 0 < len(removed) < len(events)

    timing = tmp_path / "timing"
    shutil.copytree(template, timing)
    span = 1.3 * run_to_end(timing, mode)
    kills = 0
    states = []
    for round_no in range(1, rounds + 1):
        data_dir = tmp_path / f"round-{round_no}"
        shutil.copytree(template, data_dir)
        for _ in range(chance.choice([1, 1, 2, 3])):  # killed again while finishing the purge
            kill_during_purge(data_dir, mode, chance, span)
            kills += 1
        note = f"{mode} round {round_no}, CRASH_SEED={seed}"
        states.append(check_after_kill(data_dir, mode, events, seg_of, note))
        shutil.rmtree(data_dir)
    assert kills >= rounds
    print(f"purge took {span / 1.3:.3f}s; removed events left after each round: {states}")
