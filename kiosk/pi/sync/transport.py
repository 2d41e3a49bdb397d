"""The sync server's sockets: TLS, bounded connections, deadlines, HTTP, quiet logs.

One worker thread per admitted connection, never more than the
:class:`~.connections.ConnectionTable` allows; a connection over the bound is
closed at once, before any TLS work. A reaper cuts every connection past its
phase's deadline (handshake, request head and body, idle), so a client that
trickles bytes holds nothing for long. Expected network faults (a peer that
drops, a handshake that fails, a deadline) are one log line each, never a
traceback; every error answer is JSON; nothing is sent after an answer started.
What a request *does* is :mod:`.routes`.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from kiosk.pi.sync.connections import BUSY, IDLE, REQUEST, ConnectionLimits, ConnectionTable, fd_budget
from kiosk.pi.sync.routes import LinesAnswer, SyncRoutes
from kiosk.shared.sync.identity import fingerprint_of_der
from kiosk.shared.sync.pairing import PairingError
from kiosk.shared.sync.protocol import LINES_TYPE, MAX_BODY, ProtocolError, dumps_answer
from kiosk.shared.sync.storage_thread import StorageThreadTimeoutError
from kiosk.shared.text.i18n import N_

__all__ = ["SyncTransport"]

_log = logging.getLogger("kiosk.pi.sync.server")
_NETWORK_FAULTS = (OSError, ssl.SSLError, TimeoutError)  # ssl.SSLError is an OSError; listed for the reader
_LOG_EVERY = 10.0  # seconds: at most one refusal line per address and reason this often


class _RefusalLog:
    """One line per refused or dropped connection, but a flood is summed up, not copied."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: dict[tuple[str, str], tuple[float, int]] = {}

    def note(self, address: str, what: str) -> None:
        now = time.monotonic()
        with self._lock:
            since, quiet = self._last.get((address, what), (0.0, 0))
            if now - since < _LOG_EVERY:
                self._last[(address, what)] = (since, quiet + 1)
                return
            if len(self._last) > 1024:
                self._last.clear()
            self._last[(address, what)] = (now, 0)
        more = f" (and {quiet} more like it in the last {int(now - since)} s)" if quiet else ""
        _log.info("sync: %s from %s%s", what, address, more)


class SyncTransport(socketserver.TCPServer):
    """The listening socket, its workers and reaper; answers through ``routes``."""

    allow_reuse_address = True
    request_queue_size = 128

    def __init__(
        self,
        address: tuple[str, int],
        routes: SyncRoutes,
        tls_context: Callable[[], ssl.SSLContext],
        limits: ConnectionLimits,
    ) -> None:
        # The handler class is never used by socketserver: process_request below makes each
        # _Handler itself, with the connection's key in the table.
        super().__init__(address, socketserver.BaseRequestHandler, bind_and_activate=True)
        self.routes = routes
        self.tls_context = tls_context
        self.limits = limits
        self.table = ConnectionTable(limits, fd_budget(limits))
        self.refusals = _RefusalLog()
        self._stopping = threading.Event()
        self._reaper = threading.Thread(target=self._reap, name="kiosk-sync-reaper", daemon=True)
        self._reaper.start()

    # -- admission ------------------------------------------------------------------
    # A TCP server's requests are sockets; typeshed types BaseServer's for UDP servers too.
    def process_request(self, request: socket.socket, client_address: Any) -> None:  # type: ignore[override]
        address = str(client_address[0])
        admission = self.table.admit(address, request, time.monotonic())
        if admission.evicted is not None:
            evicted_from, evicted = admission.evicted
            _cut(evicted)
            self.refusals.note(evicted_from, "connection dropped to make room")
        if admission.key is None:
            self.refusals.note(address, f"connection refused ({admission.refused})")
            _reset(request)
            return
        worker = threading.Thread(
            target=self._work, args=(request, client_address, admission.key), name="kiosk-sync-conn", daemon=True
        )
        try:
            worker.start()
        except RuntimeError:  # no thread could be made: refuse this one
            self.table.release(admission.key)
            self.refusals.note(address, "connection refused (no thread available)")
            _reset(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _log.exception("sync: request from %s failed", client_address[0])

    def get_request(self) -> tuple[socket.socket, Any]:
        try:
            return super().get_request()
        except OSError as exc:
            self._accept_failed(exc)
            raise

    def _accept_failed(self, exc: OSError) -> None:
        if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
            self.refusals.note("?", f"connection not accepted ({exc.strerror})")
            time.sleep(0.05)  # the pending connection stays readable: do not spin on it

    # -- one connection -----------------------------------------------------------
    def _work(self, request: socket.socket, client_address: Any, key: int) -> None:
        address = str(client_address[0])
        try:
            request.settimeout(self.limits.idle_timeout)
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            tls = self.tls_context().wrap_socket(request, server_side=True, do_handshake_on_connect=False)
            self.table.set_socket(key, tls)  # the plain socket is detached now: cut the TLS one
        except _NETWORK_FAULTS as exc:
            self._note(key, address, f"connection dropped before TLS ({_reason(exc)})")
            self.table.release(key)
            request.close()
            return
        try:
            try:
                tls.do_handshake()
            except _NETWORK_FAULTS as exc:
                self._note(key, address, f"TLS refused ({_reason(exc)})")
                _drain(tls)  # so the alert reaches the laptop instead of a reset
                return
            self.table.set_phase(key, REQUEST, time.monotonic())
            try:
                _Handler(tls, client_address, self, key)
            except _NETWORK_FAULTS as exc:
                self._note(key, address, f"connection dropped ({_reason(exc)})")
        except Exception:
            _log.exception("sync: connection from %s failed", address)
        finally:
            self.table.release(key)
            tls.close()

    def _note(self, key: int, address: str, what: str) -> None:
        """One line per connection: one the reaper cut or that made room was said there already."""
        if self.table.holds(key):
            self.refusals.note(address, what)

    def _reap(self) -> None:
        while not self._stopping.wait(0.25):
            for address, phase, sock in self.table.expired(time.monotonic()):
                self.refusals.note(address, f"connection cut ({phase} took too long)")
                _cut(sock)

    def close_all(self) -> None:
        """Stop the reaper and cut every connection still held (kept-open ones too)."""
        self._stopping.set()
        for sock in self.table.sockets():
            _cut(sock)


class _Handler(BaseHTTPRequestHandler):
    server: SyncTransport
    _headers_buffer: list[bytes]  # BaseHTTPRequestHandler's own, made by send_response; not in its stubs
    server_version = "ChoiceKiosk"
    sys_version = ""
    # Keep-alive: one sync runs its requests over one TLS connection. Every request
    # is still authenticated on its own (certificate mapped to a paired laptop, MAC,
    # counter), so a laptop unpaired mid-connection is refused from the next request.
    protocol_version = "HTTP/1.1"

    def __init__(self, request: Any, client_address: Any, server: SyncTransport, key: int) -> None:
        self._key = key
        super().__init__(request, client_address, server)

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("sync: " + format, *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The standard library's own refusals (414, 431, 400, 501…) as JSON too, then close."""
        self.close_connection = True
        self.request_version = "HTTP/1.1"  # never answer as HTTP/0.9 (a bare body with no status)
        self._send(code, {"error": f"http_{code}", "message": message or self.responses.get(code, ("",))[0]})

    def _send(self, status: int, answer: dict[str, Any]) -> None:
        body = dumps_answer(answer)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:  # tell the laptop, so it does not send on a closed connection
            self.send_header("Connection", "close")
        # Head and body in one write: on a kept-open connection, a small second write
        # would wait for the laptop's delayed ACK (Nagle), ~40 ms per answer.
        if not hasattr(self, "_headers_buffer"):
            self.end_headers()
            self.wfile.write(body)
            return
        self._headers_buffer.append(b"\r\n" + body)
        self.flush_headers()

    def _refuse_method(self) -> None:
        self.close_connection = True
        self._send(405, {"error": "method_not_allowed", "message": "Only POST is answered."})

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _refuse_method

    def _send_lines(self, answer: LinesAnswer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", LINES_TYPE)
        self.send_header("Content-Length", str(len(answer.head) + sum(len(c) for c in answer.chunks)))
        self._headers_buffer.append(b"\r\n" + answer.head)
        self.flush_headers()
        for chunk in answer.chunks:
            self.wfile.write(chunk)

    def do_POST(self) -> None:
        table = self.server.table
        try:
            try:
                raw = self._body()  # a network fault here ends the connection (one log line)
            except ProtocolError as exc:
                self._send(exc.status, exc.to_dict())
                return
            table.set_phase(self._key, BUSY, time.monotonic())
            status, answer = self._answer(raw)
            if isinstance(answer, LinesAnswer):
                self._send_lines(answer)  # a network fault mid-page: the connection just ends
            else:
                self._send(status, answer)
        finally:
            table.set_phase(self._key, IDLE, time.monotonic())

    def _answer(self, raw: bytes) -> tuple[int, dict[str, Any] | LinesAnswer]:
        """What the routes answer, or the JSON error for why not; nothing is sent yet."""
        peer = self._peer_fingerprint()
        try:
            answer = self.server.routes.handle(self.path, self.headers, raw, peer, self.client_address[0])
        except ProtocolError as exc:
            if exc.code == "not_paired":
                self.close_connection = True  # a stranger gets one answer per connection
            return exc.status, exc.to_dict()
        except PairingError as exc:
            return exc.status, {"error": exc.code, "message": exc.message, **exc.details}
        except (StorageThreadTimeoutError, TimeoutError) as exc:
            _log.info("sync: %s busy: %s", self.path, exc)
            return 503, {"error": "busy", "message": N_("The kiosk is busy just now; try again in a moment.")}
        except Exception:
            _log.exception("sync: %s failed", self.path)
            return 500, {"error": "internal", "message": N_("The kiosk could not answer; nothing was changed.")}
        if peer is not None:
            self.server.table.set_phase(self._key, BUSY, time.monotonic(), paired=True)
        return 200, answer

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None:
            self.close_connection = True  # a body without a length (chunked) is left unread
            raise ProtocolError(411, "length_required", "The request must say its length.")
        if not length.isdigit():
            self.close_connection = True  # where this request ends is unknown
            raise ProtocolError(400, "bad_length", "The request length is not a number.")
        if int(length) > MAX_BODY:
            self.close_connection = True
            raise ProtocolError(413, "too_large", f"The request is larger than {MAX_BODY} bytes; nothing was changed.")
        raw = self.rfile.read(int(length))
        if len(raw) != int(length):
            self.close_connection = True
            raise ProtocolError(400, "truncated", "The request was cut short; nothing was changed.")
        return raw

    def _peer_fingerprint(self) -> str | None:
        der = self.connection.getpeercert(binary_form=True)
        return fingerprint_of_der(der) if der else None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return str(exc.reason or exc)
    if isinstance(exc, TimeoutError):  # socket.timeout is the same class
        return "timed out"
    return getattr(exc, "strerror", None) or exc.__class__.__name__


def _reset(sock: socket.socket) -> None:
    """Close at once, without the TCP goodbye: a refusal costs the kiosk nothing more."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def _cut(sock: Any) -> None:
    """End a connection another thread is blocked on; that thread then closes it."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _drain(sock: socket.socket) -> None:
    """Read (a bounded amount of) what the peer already sent, then let it see the close."""
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(1.0)
        for _ in range(64):
            if not sock.recv(4096):
                break
    except OSError:
        pass
