"""A kiosk whose wall clock is put right mid-day keeps its day: real kiosk processes under libfaketime.

The kiosk runs as a real process (``kiosk_day_actor.py``: ``build_kiosk`` with the demo
class, the system clock and real storage) with libfaketime preloaded. Its wall clock
is read from a file the test rewrites (``FAKETIME_TIMESTAMP_FILE``, read at every
call, so the clock jumps while the process runs); its monotonic clock and boot id are
the machine's own, as on a Pi whose clock NTP or the teacher sets. Five children
choose while the clock says 1970 or 2038; the clock is put right in the same process,
or the kiosk is restarted on the right time (the same boot); then the board, the
seats and the switching wait must be those of the same morning, and new choices are
recorded beside the old ones. Jumps of minutes either way change nothing either.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.waiting import wait_until

from .test_sync_kill import HERE, Actor

LIBFAKETIME = next(iter(sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))), None)
ACTOR = HERE / "kiosk_day_actor.py"

pytestmark = pytest.mark.skipif(LIBFAKETIME is None, reason="needs libfaketime (Debian: faketime; .ci/run installs it)")

# Ava, Leo, Ben and Mia fill Blocks (4 seats); Kai goes to Art.
MORNING = [("c01", "blocks"), ("c02", "blocks"), ("c16", "blocks"), ("c03", "blocks"), ("c12", "art")]


class FakeClock:
    """The wall clock of the processes started with ``env``: an offset from the real time, in a file."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir()
        self.path = folder / "faketime"
        # A time zone in which it is about noon now, so "the same day" holds whenever the test runs.
        self.zone = timezone(timedelta(hours=12 - datetime.now(UTC).hour))
        hours = -int(self.zone.utcoffset(None).total_seconds() // 3600)
        self.env = {
            "LD_PRELOAD": str(LIBFAKETIME), "FAKETIME_TIMESTAMP_FILE": str(self.path), "FAKETIME_NO_CACHE": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",
            "TZ": f"CKT{hours:+d}",  # POSIX: a name of 3 letters or more, then the hours west of UTC
        }
        self.set_offset(0)

    def today(self) -> str:
        return datetime.now(self.zone).date().isoformat()

    def set_offset(self, seconds: float) -> None:
        temp = self.path.with_suffix(".tmp")
        temp.write_text(f"{round(seconds):+d}\n", encoding="ascii")
        os.replace(temp, self.path)  # the library never reads half a file

    def set_local(self, text: str) -> None:
        """The clock says ``text`` (local time in this zone) now, and runs on from there."""
        moment = datetime.fromisoformat(text).replace(tzinfo=self.zone)
        self.set_offset(moment.timestamp() - time.time())


class Kiosk(Actor):
    def __init__(self, data_dir: Path, clock: FakeClock) -> None:
        super().__init__(str(data_dir), stdin=True, script=ACTOR, env=clock.env)
        self.expect("ready")

    def ask(self, command: str, answer: str) -> list[str]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        return self.expect(answer)

    def choose(self, child: str, center: str) -> tuple[str, int]:
        outcome, wait = self.ask(f"choose {child} {center}", "outcome")
        return outcome, int(wait)

    def read_board(self) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"board\n")
        self.proc.stdin.flush()
        line = self.line()
        assert line is not None and line.startswith("board "), (line, self.lines[-3:])
        board: dict[str, Any] = json.loads(line[len("board "):])
        return board

    def clock(self) -> datetime:
        return datetime.fromisoformat(self.ask("clock", "clock")[0])

    def year(self) -> int:
        return self.clock().year

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            assert self.finish() == 0


def _same_morning(board: dict[str, Any], morning: dict[str, Any]) -> None:
    assert board["centers"] == morning["centers"], "every child is where they chose, at the same center"
    assert board["seats_left"] == morning["seats_left"]
    assert board["no_center"] == morning["no_center"], "nobody who chose is shown with no center"


@pytest.mark.parametrize("restart", [False, True], ids=["same-process", "restarted"])
@pytest.mark.parametrize("wrong", ["1970-01-02T09:00:00", "2038-03-02T09:00:00"])
def test_a_clock_put_right_mid_day_keeps_every_placement_seat_and_switching_wait(
    tmp_path: Path, wrong: str, restart: bool
) -> None:
    clock = FakeClock(tmp_path / "clock")
    clock.set_local(wrong)
    data = tmp_path / "kiosk"
    kiosk = Kiosk(data, clock)
    try:
        assert kiosk.year() == int(wrong[:4])
        assert kiosk.clock().utcoffset() == clock.zone.utcoffset(None), "the kiosk lives in the test's time zone"
        for child, center in MORNING:
            assert kiosk.choose(child, center) == ("record", 0)
        morning = kiosk.read_board()
        assert morning["today"] == wrong[:10] and len(morning["no_center"]) == 15
        assert morning["seats_left"]["blocks"] == 0 and morning["centers"]["art"] == ["c12"]
        assert kiosk.choose("c12", "writing") == ("switch_too_soon", 10), "Kai just chose Art"

        real_year = datetime.now(clock.zone).year
        clock.set_offset(0)  # the network's time came back, or the teacher set the clock
        if restart:
            kiosk.close()
            kiosk = Kiosk(data, clock)
        assert wait_until(lambda: kiosk.year() == real_year), "the kiosk never saw its clock put right"
        noon = kiosk.read_board()
        assert noon["today"] == clock.today()
        _same_morning(noon, morning)
        assert kiosk.choose("c07", "blocks") == ("full", 0), "Maya cannot be the fifth child in 4-seat Blocks"
        outcome, wait = kiosk.choose("c12", "writing")
        assert outcome == "switch_too_soon" and wait in (9, 10), "Kai chose Art moments ago, whatever the clock said"
        assert kiosk.choose("c08", "art") == ("record", 0), "Omar chooses after the clock was put right"
        after = kiosk.read_board()
        assert after["centers"]["art"] == ["c12", "c08"] and after["centers"]["blocks"] == morning["centers"]["blocks"]
        assert after["days"] == sorted({wrong[:10], clock.today()}), "the new choice is stamped with the real day"

        for minutes in (7, -7):  # a clock nudged by minutes, forwards and back
            clock.set_offset(minutes * 60)
            shifted = timedelta(minutes=minutes)
            assert wait_until(lambda s=shifted: abs(kiosk.clock() - datetime.now(UTC) - s) < timedelta(seconds=30))
            nudged = kiosk.read_board()
            assert nudged["centers"] == after["centers"] and nudged["no_center"] == after["no_center"]
            outcome, wait = kiosk.choose("c12", "writing")
            assert outcome == "switch_too_soon" and wait in (9, 10), f"a clock moved {minutes} minutes moves no wait"
    finally:
        kiosk.close()

