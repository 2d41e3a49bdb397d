"""The sync server's sockets from outside, as a stranger on the network would use them.

Raw TCP and TLS on 127.0.0.0/8: the standard library's own refusals come as JSON, a
connection that stalls in any phase is cut at its deadline, an address over its bound
is refused at once, and every expected network fault is one log line, no traceback.
The deadlines here are under a second; each test waits for the cut or the log line
with a timeout only a hang reaches (``tests/waiting.py``), never for a fixed time.
"""

from __future__ import annotations

import json
import logging
import socket
import ssl
import struct
import time
from pathlib import Path

import pytest

from kiosk.pi.sync.connections import ConnectionLimits, ConnectionTable, fd_budget
from tests.waiting import HANG_S, wait_until

from .net_helpers import start_kiosk

FAST = ConnectionLimits(max_total=6, max_per_address=3, handshake_timeout=0.5, request_timeout=0.8, idle_timeout=1.0)


@pytest.fixture
def quick_kiosk(tmp_path: Path):
    started = start_kiosk(tmp_path / "kiosk", limits=FAST)
    yield started
    started.stop()


def _tls(kiosk, source: str = "127.0.0.1") -> ssl.SSLSocket:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    raw = socket.create_connection(("127.0.0.1", kiosk.server.address[1]), timeout=5, source_address=(source, 0))
    return context.wrap_socket(raw)


def _answer(sock: ssl.SSLSocket) -> tuple[int, dict]:
    data = b""
    while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < _length(data):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def _length(data: bytes) -> int:
    for line in data.partition(b"\r\n\r\n")[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":")[1])
    return 0


def _closed_by_the_kiosk(sock: socket.socket) -> bool:
    """Whether the kiosk ended the connection before the hang timeout (reads and drops whatever it sends)."""
    sock.settimeout(HANG_S)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except (ConnectionResetError, ssl.SSLError):
        pass
    return True


def _sync_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("kiosk.pi.sync")]


@pytest.mark.parametrize(
    "request_bytes, status",
    [
        (b"POST /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"POST /sync/hello HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n", 431),
        (b"BREW /sync/hello HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 501),
        (b"POST /sync/hello HTTP/3.0\r\n\r\n", 505),
        (b"nonsense\r\n\r\n", 400),
    ],
)
def test_the_standard_librarys_refusals_are_json(kiosk, request_bytes, status):
    with _tls(kiosk) as sock:
        sock.sendall(request_bytes)
        got, answer = _answer(sock)
    assert got == status and answer["error"] == f"http_{status}" and answer["message"]


def test_a_silent_connection_is_cut_at_the_handshake_deadline_in_one_log_line(quick_kiosk, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.pi.sync")
    with socket.create_connection(("127.0.0.1", quick_kiosk.server.address[1]), timeout=5) as sock:
        assert _closed_by_the_kiosk(sock)  # only its handshake deadline ends a silent connection
    assert wait_until(lambda: _sync_lines(caplog))
    lines = [r.getMessage() for r in _sync_lines(caplog)]
    assert lines == ["sync: connection cut (handshake took too long) from 127.0.0.1"]


def test_a_request_head_trickled_line_by_line_is_cut_at_its_deadline(quick_kiosk):
    with _tls(quick_kiosk) as sock:
        sock.sendall(b"POST /sync/hello HTTP/1.1\r\n")
        with pytest.raises((BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError)):
            # A header line every 0.1 s never lets the idle timeout pass: only the request's
            # deadline can cut it before the trickle would end, far beyond that deadline.
            for i in range(int(HANG_S / 0.1)):
                sock.sendall(b"X-%d: y\r\n" % i)
                time.sleep(0.1)


def test_an_address_over_its_bound_is_refused_at_once_and_others_still_come_in(quick_kiosk):
    held = [_tls(quick_kiosk, "127.0.0.2") for _ in range(FAST.max_per_address)]
    try:
        with pytest.raises((ConnectionResetError, ssl.SSLError, OSError)):
            _tls(quick_kiosk, "127.0.0.2").recv(1)
        with _tls(quick_kiosk, "127.0.0.3") as other:
            other.sendall(b"POST /sync/hello HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
            assert _answer(other)[0] == 403  # answered (not paired), not refused
    finally:
        for sock in held:
            sock.close()


def test_dropped_connections_are_one_line_each_and_no_traceback(kiosk, caplog):
    caplog.set_level(logging.DEBUG, logger="kiosk.pi.sync")
    for source in ("127.0.0.5", "127.0.0.6"):
        sock = _tls(kiosk, source)
        sock.sendall(b"POST /sync/hello HTTP/1.1\r\nContent-Length: 500\r\n\r\n{")  # and gone mid-body
        sock.close()
        plain = socket.create_connection(("127.0.0.1", kiosk.server.address[1]), source_address=(source, 0))
        plain.sendall(b"GET / HTTP/1.1\r\n\r\n")  # not TLS at all
        plain.close()

    def info_lines() -> list[logging.LogRecord]:
        return [r for r in _sync_lines(caplog) if r.levelno >= logging.INFO]

    assert wait_until(lambda: len(info_lines()) >= 4), [r.getMessage() for r in info_lines()]
    lines = info_lines()
    assert lines and all(r.exc_info is None and r.levelno == logging.INFO for r in lines)
    assert all("\n" not in r.getMessage() for r in lines)
    assert len(lines) == 4, [r.getMessage() for r in lines]


def test_the_table_bounds_addresses_and_total_and_makes_room_for_a_laptop():
    table = ConnectionTable(FAST)
    assert all(table.admit("10.0.0.9", f"s{i}", 0.0).key for i in range(3))
    assert table.admit("10.0.0.9", "s4", 0.0).refused  # its fourth
    table.admit("10.0.0.8", "a", 0.0)
    laptop = table.admit("10.0.0.2", "lap", 0.0).key
    table.set_phase(laptop, "busy", 0.0, paired=True)
    table.admit("10.0.0.7", "b", 0.1)  # the sixth: full
    assert table.admit("10.0.0.6", "c", 0.2).refused  # a stranger waits while the others are young
    table.set_phase(laptop, "idle", 0.3)
    table.release(laptop)
    assert table.admit("10.0.0.2", "lap2", 0.3).key  # ...a freed seat
    again = table.admit("10.0.0.2", "lap3", 0.3)  # full again: the laptop's address gets room
    assert again.key and again.evicted == ("10.0.0.9", "s0")
    late = table.admit("10.0.0.6", "d", 0.1 + FAST.handshake_timeout)
    assert late.key and late.evicted[0] == "10.0.0.9"  # the busiest address gives way first
    assert {a for a, _p, _s in table.expired(100.0)} >= {"10.0.0.8"}


def test_a_laptop_gone_mid_page_ends_the_connection_without_a_second_answer(kiosk, laptop, caplog):
    import base64

    from kiosk.shared.sync.client import KioskClient, Signer

    from .net_helpers import pair

    caplog.set_level(logging.INFO, logger="kiosk.pi.sync")
    kiosk.add_events(4000)  # a page far larger than the socket buffers
    pair(kiosk, laptop)
    key = base64.b64decode(laptop.paired.get("kioskA")["key"])
    client = KioskClient(kiosk.address, laptop.identity, kiosk.server.identity.fingerprint, timeout=5)
    signer = Signer(laptop.laptop_id, key, lambda: laptop.paired.next_counter("kioskA"))

    def read_a_little(head, chunks):
        client._conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # the laptop is gone (a reset), the kiosk still writing
        return head

    head = client.post_lines("/sync/lines", {"after": 0, "max_bytes": 24 << 20}, signer, read_a_little)
    assert head.lines == 4000
    assert wait_until(lambda: any("dropped" in r.getMessage() for r in _sync_lines(caplog))), [
        r.getMessage() for r in _sync_lines(caplog)
    ]
    assert wait_until(lambda: kiosk.server.connections == 0)
    records = _sync_lines(caplog)
    assert all(r.levelno == logging.INFO and r.exc_info is None for r in records)
    assert kiosk.server.connections == 0


def test_the_total_leaves_descriptors_for_the_kiosks_own_files():
    limits = ConnectionLimits()
    assert fd_budget(limits, 1024) == limits.max_total  # the common limit: the bound as set
    assert fd_budget(limits, 200) == (200 - limits.fd_reserve) // 2  # a low one: the reserve first
    assert fd_budget(limits, 100) == 2
