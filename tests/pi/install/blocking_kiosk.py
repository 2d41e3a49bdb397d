"""The real kiosk (``choice-kiosk run``) whose UI thread blocks after ``BLOCK_AFTER_S``.

Run as ``python -m tests.pi.install.blocking_kiosk BLOCK_AFTER_S RUN_ARGS...``: a Clock event
sleeps in the main thread, as a deadlock or an endless loop would.
"""

from __future__ import annotations

import os
import sys
import time

from kiosk.cli import main
from screens.pi.kivy_log import prepare_kivy_log
from screens.pi.launch import configure_kivy

if __name__ == "__main__":
    prepare_kivy_log(os.environ)
    configure_kivy((800, 480), fullscreen=False)
    from kivy.clock import Clock

    Clock.schedule_once(lambda _dt: time.sleep(120), float(sys.argv[1]))
    sys.exit(main(["run", *sys.argv[2:]]))
