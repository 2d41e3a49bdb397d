"""The real kiosk (``choice-kiosk run``) whose UI thread blocks when it is sent SIGUSR1.

Run as ``python -m tests.pi.install.blocking_kiosk RUN_ARGS...``: the handler runs on the
main thread (Python runs signal handlers there) and sleeps, as a deadlock or an endless loop
would. The test sends the signal once the kiosk is READY, so a slow start never blocks first.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from kiosk.cli import main
from screens.pi.kivy_log import prepare_kivy_log
from screens.pi.launch import configure_kivy

if __name__ == "__main__":
    prepare_kivy_log(os.environ)
    configure_kivy((800, 480), fullscreen=False)
    signal.signal(signal.SIGUSR1, lambda _signum, _frame: time.sleep(120))
    sys.exit(main(["run", *sys.argv[1:]]))
