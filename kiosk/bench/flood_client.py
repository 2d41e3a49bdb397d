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
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    selector = selectors.DefaultSelector()
    held: dict[int, _Conn] = {}
    result = FloodResult()
    start = time.monotonic()
    end = start + seconds
    turn = 0

    def close(conn: _Conn, why: str) -> None:
        held.pop(conn.sock.fileno(), None)
        with contextlib.suppress(KeyError, ValueError):
            selector.unregister(conn.sock)
        conn.sock.close()
        result.cut += 1
        result.errors[why] = result.errors.get(why, 0) + 1

    while time.monotonic() < end and not should_stop():
        while len(held) < connections and time.monotonic() < end:  # open up to the target
            raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            raw.setblocking(False)
            try:
                raw.bind((sources[turn % len(sources)], 0))
                turn += 1
                raw.connect_ex((host, port))
            except OSError as exc:
                raw.close()
                result.refused_connect += 1
                result.errors[type(exc).__name__] = result.errors.get(type(exc).__name__, 0) + 1
                break
            conn = _Conn(raw)
            held[raw.fileno()] = conn
            selector.register(raw, selectors.EVENT_WRITE, conn)
        result.held_max = max(result.held_max, len(held))
        now = time.monotonic()
        for key, _events in selector.select(timeout=0.05):
            conn = key.data
            if conn.sock.fileno() not in held:
                continue
            try:
                if not conn.connected:
                    error = conn.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                    if error:
                        raise OSError(error, "connect failed")
                    selector.unregister(conn.sock)
                    del held[conn.sock.fileno()]
                    conn.sock = context.wrap_socket(conn.sock, do_handshake_on_connect=False)
                    conn.connected = True
                    held[conn.sock.fileno()] = conn
                    selector.register(conn.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, conn)
                    result.opened += 1
                    continue
                if not conn.shaken:
                    conn.sock.do_handshake()
                    conn.shaken = True
                    result.handshakes += 1
                    conn.sock.send(b"POST /sync/hello HTTP/1.1\r\n")
                    conn.next_line = now + trickle
                    selector.modify(conn.sock, selectors.EVENT_READ, conn)
                elif not conn.sock.recv(4096):
                    close(conn, "closed by kiosk")
            except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
                continue
            except (OSError, ValueError) as exc:
                close(conn, type(exc).__name__)
        for conn in list(held.values()):  # a header line now and then keeps each one "busy"
            if conn.shaken and now >= conn.next_line:
                try:
                    conn.sock.send(b"X-Slow-%d: x\r\n" % conn.lines)
                    conn.lines += 1
                    conn.next_line = now + trickle
                except (ssl.SSLWantWriteError, ssl.SSLWantReadError):
                    pass
                except OSError as exc:
                    close(conn, type(exc).__name__)
    for conn in list(held.values()):
        conn.sock.close()
    selector.close()
    result.seconds = round(time.monotonic() - start, 2)
    return result


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
