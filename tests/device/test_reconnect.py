"""Unplug and replug: offline at once, back online at the reader's next try once the port returns.

Unplugging closes the pty master (reads then fail) and removes the by-id style link;
plugging in makes a new pty and points the link at it, as udev does for a USB reader.
No wall-clock limits here (a busy machine would miss them): the waits are on the
reader's own status changes, with a timeout only a hang reaches, and "back within
2 s" is the reconnect policy's promise, checked on its delays.
"""

from __future__ import annotations

import threading
import time
from itertools import islice

from device.reconnect import ReconnectPolicy
from tests.device.helpers import rdm6300_frame

BACK_WITHIN = 2.0
HANG_S = 60.0  # only a reader that hangs takes this long
OUTAGES = (0.0, 0.3, 1.6, 0.05, 0.9)


def test_unplug_replug_cycles(stable_port, start_reader, slow):
    cycles = 50 if slow else 5
    stable_port.plug_in()
    reader, recorder = start_reader(str(stable_port.link), "rdm6300")
    assert recorder.wait_online()
    for cycle in range(cycles):
        badge = f"{cycle:04d}ABCDEF"
        stable_port.write(rdm6300_frame(badge))
        assert recorder.wait_for(lambda r, badge=badge: badge in r.scans), f"cycle {cycle}: no scan"

        stable_port.unplug()
        assert recorder.wait_online(False), f"cycle {cycle}: never went offline"
        assert "stopped answering" in recorder.statuses[-1].detail
        assert recorder.statuses[-1].params["reason"] == "port_lost"

        time.sleep(OUTAGES[cycle % len(OUTAGES)])
        stable_port.plug_in()
        assert recorder.wait_online(True, timeout=HANG_S), f"cycle {cycle}: never came back"
    assert max(islice(ReconnectPolicy().delays(), 100)) <= BACK_WITHIN, "the reader would not try again soon enough"
    assert reader.stats.connections == cycles + 1
    ups = [s.online for s in recorder.statuses]
    assert ups == [True, False] * cycles + [True], "one status per change, no flapping"


def test_a_reader_started_before_its_device_comes_online_when_plugged(stable_port, start_reader):
    eager = ReconnectPolicy(first_delay=0.01, max_delay=0.05)
    _, recorder = start_reader(str(stable_port.link), "rdm6300", reconnect=eager)
    assert recorder.wait_online(False)
    assert "No serial port at" in recorder.statuses[0].detail
    assert recorder.statuses[0].params == {"name": str(stable_port.link), "reason": "port_missing"}
    time.sleep(0.3)
    assert [s.online for s in recorder.statuses] == [False], "offline is reported once, not per retry"
    stable_port.plug_in()
    assert recorder.wait_online(True)
    stable_port.write(rdm6300_frame("62E3086CED"))
    assert recorder.wait_scans(1)


def test_a_card_held_through_a_reconnect_stays_one_scan(stable_port, start_reader):
    stable_port.plug_in()
    _, recorder = start_reader(str(stable_port.link), "rdm6300", gap=30.0)
    assert recorder.wait_online()
    stable_port.write(rdm6300_frame("0A1B2C3D4E"))
    assert recorder.wait_scans(1)
    stable_port.unplug()
    assert recorder.wait_online(False)
    stable_port.plug_in()
    assert recorder.wait_online(True)
    stable_port.write(rdm6300_frame("0A1B2C3D4E") + rdm6300_frame("62E3086CED"))
    assert recorder.wait_scans(2)
    assert recorder.scans == ["0A1B2C3D4E", "62E3086CED"]


def test_stop_while_waiting_for_the_device_is_prompt(stable_port, start_reader):
    """Stop ends the wait for the device at once: the next try, an hour away, would outlast the hang timeout."""
    patient = ReconnectPolicy(first_delay=3600.0, max_delay=3600.0)
    reader, recorder = start_reader(str(stable_port.link), "rdm6300", reconnect=patient)
    assert recorder.wait_online(False)
    reader.stop(timeout=HANG_S)
    alive = [t for t in threading.enumerate() if t.name == f"badge-reader {stable_port.link}" and t.is_alive()]
    assert not alive, "stop waited for the reconnect delay instead of ending it"
