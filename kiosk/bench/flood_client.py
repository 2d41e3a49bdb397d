"""A connection flood against a kiosk's sync port, bounded in count and time.

What someone on the classroom network could do without knowing anything: open
as many TLS connections as the kiosk takes, each sending a request's head one
line now and then so it never finishes, and open new ones as the kiosk cuts
them. Used by ``choice-kiosk bench flood`` and the flood test; it only ever
connects to the host it is given (the bench and tests use 127.0.0.0/8).

Run ``python -m kiosk.bench.flood_client HOST PORT --seconds S --connections N
--sources 127.0.0.2,127.0.0.3``; it prints a JSON summary at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import selectors
import signal
import socket
import ssl
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

__all__ = ["FloodResult", "flood"]


@dataclass
class FloodResult:
    opened: int = 0  # TCP connections made
    handshakes: int = 0  # of those, TLS handshakes the kiosk completed
    cut: int = 0  # connections the kiosk closed or reset
    held_max: int = 0  # most connections open at once on the flood's side
    refused_connect: int = 0  # connects that failed outright
    seconds: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


def _raise_fd_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))


class _Conn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock: socket.socket = sock
        self.connected = False
        self.shaken = False
        self.next_line = 0.0
        self.lines = 0


def flood(
    host: str, port: int, *, connections: int = 1000, seconds: float = 10.0, sources: Sequence[str] = ("127.0.0.2",),
    trickle: float = 1.0, should_stop: Callable[[], bool] = lambda: False,
) -> FloodResult:
    """Keep up to ``connections`` slow connections open against ``host:port`` for ``seconds``."""
    _raise_fd_limit(connections + 64)
    run = _Flood(host, port, sources, trickle)
    start = time.monotonic()
    end = start + seconds
    try:
        while time.monotonic() < end and not should_stop():
            run.open_up_to(connections, end)
            now = time.monotonic()
            for key, _events in run.selector.select(timeout=0.05):
                run.step(key.data, now)
            run.trickle_all(now)
    finally:
        run.close_all()
    run.result.seconds = round(time.monotonic() - start, 2)
    return run.result


class _Flood:
    """The flood's connections, each one step at a time: connected, then a TLS handshake, then a line now and then."""

    def __init__(self, host: str, port: int, sources: Sequence[str], trickle: float) -> None:
        self.address = (host, port)
        self.sources = sources
        self.trickle = trickle
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE
        self.selector = selectors.DefaultSelector()
        self.held: dict[int, _Conn] = {}
        self.result = FloodResult()
        self.turn = 0

    def _error(self, why: str) -> None:
        self.result.errors[why] = self.result.errors.get(why, 0) + 1

    def open_up_to(self, connections: int, end: float) -> None:
        """Open connections (from the sources in turn) until ``connections`` are held or one fails."""
        while len(self.held) < connections and time.monotonic() < end:
            raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            raw.setblocking(False)
            try:
                raw.bind((self.sources[self.turn % len(self.sources)], 0))
                self.turn += 1
                raw.connect_ex(self.address)
            except OSError as exc:
                raw.close()
                self.result.refused_connect += 1
                self._error(type(exc).__name__)
                break
            conn = _Conn(raw)
            self.held[raw.fileno()] = conn
            self.selector.register(raw, selectors.EVENT_WRITE, conn)
        self.result.held_max = max(self.result.held_max, len(self.held))

    def step(self, conn: _Conn, now: float) -> None:
        """One ready connection's next step; a failure closes it."""
        if conn.sock.fileno() not in self.held:
            return
        try:
            if not conn.connected:
                self._wrap(conn)
            elif not conn.shaken:
                self._shake(conn, now)
            elif not conn.sock.recv(4096):
                self.close(conn, "closed by kiosk")
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        except (OSError, ValueError) as exc:
            self.close(conn, type(exc).__name__)

    def _wrap(self, conn: _Conn) -> None:
        """The TCP connection is made: TLS goes over it (not yet shaken)."""
        error = conn.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
        if error:
            raise OSError(error, "connect failed")
        self.selector.unregister(conn.sock)
        del self.held[conn.sock.fileno()]
        conn.sock = self.context.wrap_socket(conn.sock, do_handshake_on_connect=False)
        conn.connected = True
        self.held[conn.sock.fileno()] = conn
        self.selector.register(conn.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, conn)
        self.result.opened += 1

    def _shake(self, conn: _Conn, now: float) -> None:
        """The TLS handshake, then the first line of a request that never ends."""
        assert isinstance(conn.sock, ssl.SSLSocket)  # wrapped once connected
        conn.sock.do_handshake()
        conn.shaken = True
        self.result.handshakes += 1
        conn.sock.send(b"POST /sync/hello HTTP/1.1\r\n")
        conn.next_line = now + self.trickle
        self.selector.modify(conn.sock, selectors.EVENT_READ, conn)

    def trickle_all(self, now: float) -> None:
        """A header line now and then keeps each connection "busy"."""
        for conn in list(self.held.values()):
            if conn.shaken and now >= conn.next_line:
                try:
                    conn.sock.send(b"X-Slow-%d: x\r\n" % conn.lines)
                    conn.lines += 1
                    conn.next_line = now + self.trickle
                except (ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    pass
                except OSError as exc:
                    self.close(conn, type(exc).__name__)

    def close(self, conn: _Conn, why: str) -> None:
        self.held.pop(conn.sock.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(conn.sock)
        conn.sock.close()
        self.result.cut += 1
        self._error(why)

    def close_all(self) -> None:
        for conn in list(self.held.values()):
            conn.sock.close()
        self.selector.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("host")
    parser.add_argument("port", type=int)
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--sources", default="127.0.0.2")
    args = parser.parse_args(argv)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())  # end early, still report
    outcome = flood(args.host, args.port, connections=args.connections, seconds=args.seconds,
                    sources=args.sources.split(","), should_stop=stop.is_set)
    print(json.dumps(asdict(outcome)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
