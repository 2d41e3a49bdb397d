"""The kiosk's core as a real process on its real clocks, for tests that move its wall clock (``faketime``).

Run as a script (``PYTHONPATH`` = the repository): ``kiosk_day_actor.py DATA_DIR``.
It builds the kiosk as the app does (``build_kiosk``: the demo class, the system
clock, real storage) and prints ``ready``. Then one command per stdin line, one
answer line each:

``choose CHILD CENTER`` → ``outcome <outcome> <wait minutes>`` (a child's confirmed tap);
``board`` → ``board <json>``: what the teacher's board shows (each center's children
and seats left, who has no center yet), the kiosk's today and the wall clock's year;
``clock`` → ``clock <ISO wall time>``. End of input closes the kiosk.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from kiosk.pi.bootstrap import build_kiosk
from kiosk.pi.speech import SilentSpeaker
from kiosk.shared.domain import Method


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(data_dir: Path) -> int:
    services = build_kiosk(data_dir, speaker=SilentSpeaker())
    service = services.service
    say("ready")

    def board() -> dict[str, Any]:
        places = service.places()
        return {
            "today": service.today(),
            "year": services.clock.now().year,
            "centers": {c.id: [k.id for k in service.children_at(c.id)] for c in service.centers()},
            "seats_left": {c.id: service.seats_left(c.id) for c in service.centers()},
            "no_center": [k.id for k in service.children() if k.id not in places],
            "days": sorted({e.day for e in service.today_events()}),
        }

    for line in sys.stdin:
        word, *rest = line.split()
        if word == "choose":
            decision = service.choose(rest[0], rest[1], Method.TAP).decision
            say(f"outcome {decision.outcome.value} {decision.wait_minutes}")
        elif word == "board":
            say("board " + json.dumps(board()))
        elif word == "clock":
            say("clock " + services.clock.now().isoformat())
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1])))
