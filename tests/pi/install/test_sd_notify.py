"""systemd's notify protocol: the interval asked for, and real datagrams on a socket we own."""

from __future__ import annotations

import socket

from kiosk.pi.sd_notify import Notifier, notifier_from_env, watchdog_interval_s


def test_the_ping_interval_is_half_the_watchdog_timeout():
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000"}, pid=7) == 15.0
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"}, pid=7) == 15.0


def test_no_interval_when_the_watchdog_is_off_meant_for_another_process_or_malformed():
    assert watchdog_interval_s({}, pid=7) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "0"}, pid=7) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "thirty"}, pid=7) is None
    assert watchdog_interval_s({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "8"}, pid=7) is None


def test_a_notifier_only_for_a_socket_path_or_an_abstract_name():
    assert notifier_from_env({}) is None
    assert notifier_from_env({"NOTIFY_SOCKET": "relative/path"}) is None
    assert notifier_from_env({"NOTIFY_SOCKET": "/run/systemd/notify"}) == Notifier("/run/systemd/notify")


def test_messages_arrive_as_datagrams_on_a_path_socket(tmp_path):
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind(str(tmp_path / "notify"))
        server.settimeout(2)
        notifier = Notifier(str(tmp_path / "notify"))
        assert notifier.ready("showing welcome") and notifier.alive() and notifier.stopping()
        assert [server.recv(100) for _ in range(3)] == [b"READY=1\nSTATUS=showing welcome", b"WATCHDOG=1", b"STOPPING=1"]


def test_an_abstract_socket_name_starts_with_at(tmp_path):
    name = f"choice-kiosk-test-{tmp_path.name}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as server:
        server.bind("\0" + name)
        server.settimeout(2)
        assert Notifier("@" + name).alive()
        assert server.recv(100) == b"WATCHDOG=1"


def test_a_missing_socket_is_not_an_error(tmp_path):
    assert Notifier(str(tmp_path / "gone")).alive() is False
