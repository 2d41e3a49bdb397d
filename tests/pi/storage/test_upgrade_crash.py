"""SIGKILL at any moment while a version-1 log is moved to version 2 loses nothing.

This file is also the child process (run as a script, see ``main``): it prints
``start``, opens a copy of a version-1 log (which moves every segment, each by an
atomic replace), prints ``ready <seconds>`` and waits to be killed. The parent kills
it with SIGKILL after a random delay within the time the move takes, one to three
times in a row on the same directory, then opens the log itself and checks that no
file is damaged or half moved, that every event is there once and unchanged in order,
that the seqs go on where they were, and that every segment is now version 2.

The version-1 segments are made with ``envelope_line``, which writes what version 1
wrote byte for byte (tests/pi/storage/test_old_segments.py checks it against the
fixture that version's code wrote). ``CRASH_SEED=<n>`` replays a run; ``--slow`` runs
60 rounds instead of 10.
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

from kiosk.pi.storage import EventLog  # noqa: E402

LIMIT = 20
SEGMENTS = 60


def main(argv: list[str]) -> None:
    sys.stdout.write("start\n")
    sys.stdout.flush()
    began = time.monotonic()
    EventLog(Path(argv[1]), segment_limit=LIMIT)
    sys.stdout.write(f"ready {time.monotonic() - began:.4f}\n")
    sys.stdout.flush()
    time.sleep(60)


if __name__ == "__main__":
    main(sys.argv)
    sys.exit(0)

import pytest  # noqa: E402

from kiosk.pi.storage.segments import check_segment_header, segment_name  # noqa: E402
from kiosk.shared.files.journal_format import FORMAT, encode_line  # noqa: E402
from kiosk.shared.files.old_journal_format import envelope_line  # noqa: E402
from tests.pi.storage.storage_helpers import event  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def build_old_log(events_dir: Path) -> list[dict[str, Any]]:
    """SEGMENTS full version-1 segments, two a day, and a torn append at the end of the newest."""
    events_dir.mkdir(mode=0o700)
    events: list[dict[str, Any]] = []
    for index in range(SEGMENTS):
        day = f"2026-{9 + index // 60:02d}-{index // 2 % 30 + 1:02d}"
        first = index * LIMIT + 1
        batch = [event(seq, day, child_id=f"child-{seq % 9}") for seq in range(first, first + LIMIT)]
        data = encode_line({"format": FORMAT, "version": 1}) + b"".join(map(envelope_line, batch))
        (events_dir / segment_name(first, day)).write_bytes(data)
        events.extend(batch)
    newest = max(events_dir.iterdir())
    newest.write_bytes(newest.read_bytes() + envelope_line(event(len(events) + 1, "2026-09-30"))[:50])
    for path in events_dir.iterdir():
        path.chmod(0o600)
    return events


def start_mover(events_dir: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), str(events_dir)], stdout=subprocess.PIPE, env=env, cwd=REPO
    )


def read_line(proc: subprocess.Popen[bytes], timeout: float) -> bytes:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    assert ready, "the mover did not answer"
    return proc.stdout.readline()


def move_to_end(events_dir: Path) -> float:
    """Let one opening move everything; return how long it took in the child."""
    proc = start_mover(events_dir)
    try:
        assert read_line(proc, 30) == b"start\n"
        ready = read_line(proc, 120).split()
        assert ready[0] == b"ready", ready
        return float(ready[1])
    finally:
        proc.kill()
        proc.wait()


def moved_count(events_dir: Path) -> int:
    """Segments whose header already says version 2 (a header line is read whole or not at all)."""
    count = 0
    for path in events_dir.glob("*.journal"):
        try:
            with path.open("rb") as file:
                count += b'"version":2' in file.readline()
        except OSError:
            continue  # replaced under us: counted at the next look
    return count


def kill_while_moving(events_dir: Path, chance: random.Random, span: float) -> None:
    """Kill the mover once a chosen number of segments has moved (then a moment later), or at a random time.

    Waiting for the move's own progress, not a guessed delay, puts kills in the middle of
    the move however fast or loaded the machine is; the random extra moment puts them
    inside a segment's rewrite too.
    """
    proc = start_mover(events_dir)
    try:
        assert read_line(proc, 30) == b"start\n"
        if chance.random() < 0.75:
            target = chance.randint(1, SEGMENTS - 1)
            deadline = time.monotonic() + 10 * span + 5
            while proc.poll() is None and moved_count(events_dir) < target and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(chance.uniform(0, span / SEGMENTS))
        else:
            time.sleep(chance.uniform(0, span))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


def versions(events_dir: Path) -> list[int]:
    return [check_segment_header(p)["version"] for p in sorted(events_dir.glob("*.journal"))]


def test_sigkill_while_moving_a_version_1_log_loses_nothing(tmp_path: Path, slow: bool) -> None:
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1 << 30)))
    chance = random.Random(seed)
    template = tmp_path / "template"
    events = build_old_log(template)
    timing = tmp_path / "timing"
    shutil.copytree(template, timing)
    span = move_to_end(timing) + 0.05  # python's start-up is before "start": the move is all of it
    assert set(versions(timing)) == {2}
    rounds = 60 if slow else 10
    partly_moved = 0
    for round_no in range(rounds):
        events_dir = tmp_path / f"round-{round_no}"
        shutil.copytree(template, events_dir)
        kills = chance.randint(1, 3)
        for _ in range(kills):
            kill_while_moving(events_dir, chance, span)
        found = versions(events_dir)
        partly_moved += 1 in found and 2 in found
        note = f"round {round_no}, {kills} kills, versions {found}; CRASH_SEED={seed}"
        log = EventLog(events_dir, segment_limit=LIMIT)
        assert log.problems == [] and log.verify() == [], note
        assert list(log.since(0)) == events, note
        assert log.last_seq() == len(events), note
        assert set(versions(events_dir)) == {2}, note
        assert not [p.name for p in events_dir.iterdir() if p.name.startswith(".")], note
        log.append(event(len(events) + 1, "2026-09-30"))
        log.close()
        shutil.rmtree(events_dir)
    assert partly_moved >= rounds // 4, f"too few kills came in the middle of the move; CRASH_SEED={seed}"
