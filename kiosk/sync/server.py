"""The kiosk's sync service: HTTPS on a background thread, storage via the owner.

It answers paired laptops (TLS client certificate pinned by fingerprint, plus a
request MAC and counter, see :mod:`.protocol`) and, while the teacher has a
pairing window open, the two pairing requests. It never touches storage itself:
every piece of work is handed to ``owner`` (run on the storage's owner thread,
wait for the result). A refused request gets a JSON error and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

from .identity import Identity, fingerprint_of_der, fingerprint_of_pem, ignore_peer_dates
from kiosk.storage.segment_lines import LineSource, close_sources

from .kiosk_side import KioskSyncBackend
from .lines_page import build_lines_page
from .owner import Owner, OwnerTimeoutError
from .peer_route import PEER_PATH, answer_peer_today
from .pairing import PairingError, PairingWindow
from .protocol import (
    COUNTER_HEADER,
    LAPTOP_HEADER,
    LINES_TYPE,
    MAC_HEADER,
    MAX_BODY,
    OPTIONAL,
    PATHS,
    ProtocolError,
    dumps_answer,
    parse_json,
    request_mac,
    validate,
)

__all__ = ["DEFAULT_PORT", "KioskSyncServer", "LinesAnswer"]

DEFAULT_PORT = 8765
_log = logging.getLogger(__name__)
_NOT_PAIRED = ProtocolError(
    403, "not_paired", "This laptop is not paired with this kiosk (or was unpaired). Pair it again."
)


@dataclass(frozen=True)
class LinesAnswer:
    """A ``/sync/lines`` answer: its JSON head line, then the journal lines as read."""

    head: bytes
    chunks: tuple[bytes, ...]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    sync: KioskSyncServer

    def finish_request(self, request: Any, client_address: Any) -> None:
        request.settimeout(self.sync.timeout)
        try:
            request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        try:
            tls = self.sync.tls_context().wrap_socket(request, server_side=True, do_handshake_on_connect=False)
        except OSError:
            return
        try:
            tls.do_handshake()
        except (ssl.SSLError, OSError) as exc:
            _log.info("sync: TLS refused from %s: %s", client_address[0], exc)
            _drain(tls)  # so the alert reaches the laptop instead of a reset
            tls.close()
            return
        with self.sync._lock:
            self.sync._open.add(tls)
        try:
            self.RequestHandlerClass(tls, client_address, self)
        finally:
            with self.sync._lock:
                self.sync._open.discard(tls)
            tls.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        _log.exception("sync: request from %s failed", client_address[0])


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "ChoiceKiosk"
    sys_version = ""
    # Keep-alive: one sync runs its requests over one TLS connection. Every request
    # is still authenticated on its own (certificate mapped to a paired laptop, MAC,
    # counter), so a laptop unpaired mid-connection is refused from the next request.
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("sync: " + format, *args)

    def _send(self, status: int, answer: dict[str, Any]) -> None:
        body = dumps_answer(answer)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:  # tell the laptop, so it does not send on a closed connection
            self.send_header("Connection", "close")
        # Head and body in one write: on a kept-open connection, a small second write
        # would wait for the laptop's delayed ACK (Nagle), ~40 ms per answer.
        if self.request_version == "HTTP/0.9" or not hasattr(self, "_headers_buffer"):
            self.end_headers()
            self.wfile.write(body)
            return
        self._headers_buffer.append(b"\r\n" + body)
        self.flush_headers()

    def _refuse_method(self) -> None:
        self.close_connection = True
        self._send(405, {"error": "method_not_allowed", "message": "Only POST is answered."})

    do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = _refuse_method

    def _send_lines(self, answer: LinesAnswer) -> None:
        self.send_response(200)
        self.send_header("Content-Type", LINES_TYPE)
        self.send_header("Content-Length", str(len(answer.head) + sum(len(c) for c in answer.chunks)))
        self._headers_buffer.append(b"\r\n" + answer.head)
        self.flush_headers()
        for chunk in answer.chunks:
            self.wfile.write(chunk)

    def do_POST(self) -> None:
        sync = self.server.sync
        try:
            answer = sync.handle(self.path, self.headers, self._body(), self._peer_fingerprint())
            if isinstance(answer, LinesAnswer):
                self._send_lines(answer)
            else:
                self._send(200, answer)
        except ProtocolError as exc:
            self._send(exc.status, exc.to_dict())
        except PairingError as exc:
            self._send(exc.status, {"error": exc.code, "message": exc.message})
        except (OwnerTimeoutError, TimeoutError) as exc:
            self._send(503, {"error": "busy", "message": f"The kiosk is busy ({exc}); try again."})
        except Exception:
            _log.exception("sync: %s failed", self.path)
            self._send(500, {"error": "internal", "message": "The kiosk could not answer; nothing was changed."})

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
        if self.path not in PATHS:  # after reading: closing on unread bytes would lose the answer
            raise ProtocolError(404, "unknown_path", f"The kiosk does not know {self.path[:80]!r}.")
        return raw

    def _peer_fingerprint(self) -> str | None:
        der = self.connection.getpeercert(binary_form=True)
        return fingerprint_of_der(der) if der else None


class KioskSyncServer:
    """The sync service of one kiosk; ``start()`` it, ``stop()`` it."""

    def __init__(
        self,
        backend: KioskSyncBackend,
        owner: Owner,
        identity: Identity,
        *,
        host: str = "0.0.0.0",
        port: int = DEFAULT_PORT,
        monotonic: Callable[[], float] = time.monotonic,
        timeout: float = 15.0,
    ) -> None:
        self.backend = backend
        self.owner = owner
        self.identity = identity
        self.timeout = timeout
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._window: PairingWindow | None = None
        self._open: set[ssl.SSLSocket] = set()  # kept-open connections, cut by stop()
        self._context = self._build_context()
        self._httpd = _Server((host, port), _Handler, bind_and_activate=True)
        self._httpd.sync = self
        self._thread: threading.Thread | None = None

    # -- life cycle -----------------------------------------------------------
    @property
    def address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), name="kiosk-sync", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()
        with self._lock:
            connections = list(self._open)
        for tls in connections:  # a kept-open connection would otherwise still be answered
            try:
                tls.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # -- TLS --------------------------------------------------------------------
    def _build_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.identity.cert_path, self.identity.key_path)
        certs = [laptop["cert"] for laptop in self.owner(self.backend.laptops).values()]
        if certs:
            context.load_verify_locations(cadata="\n".join(certs))
            context.verify_mode = ssl.CERT_OPTIONAL
            ignore_peer_dates(context)  # pinned laptops are trusted under any clock (identity.py)
        else:
            context.verify_mode = ssl.CERT_NONE
        return context

    def tls_context(self) -> ssl.SSLContext:
        with self._lock:
            return self._context

    def _reload_trust(self) -> None:
        context = self._build_context()
        with self._lock:
            self._context = context

    # -- what the teacher does at the kiosk --------------------------------------
    def open_pairing(self) -> PairingWindow:
        """Open a pairing window; show ``window.code`` for ``window.seconds``."""
        with self._lock:
            self._window = PairingWindow.open(self._monotonic())
            return self._window

    def close_pairing(self) -> None:
        with self._lock:
            self._window = None

    def pairing_window(self) -> PairingWindow | None:
        with self._lock:
            return self._window

    def pairing_code(self) -> tuple[str, float] | None:
        """The code to show and its seconds left, on the server's own clock; None when closed."""
        with self._lock:
            window = self._window
        now = self._monotonic()
        if window is None or not window.is_open(now):
            return None
        return window.code, window.seconds_left(now)

    def unpair(self, laptop_id: str) -> bool:
        """Forget a laptop; its certificate is refused from the next connection on."""
        removed = self.owner(lambda: self.backend.remove_laptop(laptop_id))
        self._reload_trust()
        return removed

    # -- requests -----------------------------------------------------------------
    def handle(self, path: str, headers: Any, raw: bytes, peer: str | None) -> dict[str, Any] | LinesAnswer:
        if path.startswith("/pair/"):
            return self._pair(path, validate(parse_json(raw), PATHS[path]), peer)
        if path == PEER_PATH:
            return answer_peer_today(self.backend, self.owner, headers, raw)
        laptop_id, counter = self._authenticate(path, headers, raw, peer)
        body = validate(parse_json(raw), PATHS[path], OPTIONAL.get(path, frozenset()))
        backend = self.backend

        def work() -> Any:
            if counter <= backend.last_counter(laptop_id):
                raise _replayed()
            answer = None
            try:
                with backend.batch():  # the request's changes and its counter: one write
                    answer = dispatch()  # raises ValueError before changing anything
                    backend.accept_counter(laptop_id, counter)
            except BaseException:
                if path == "/sync/lines" and answer is not None:
                    close_sources(answer[0])  # the day files were opened; nothing will read them
                raise
            return answer

        def dispatch() -> Any:
            if path == "/sync/hello":
                return backend.hello(laptop_id, body["laptop_time"])
            if path == "/sync/lines":
                backend.note_held(laptop_id, body["after"])  # the laptop holds every choice up to its checkpoint
                return backend.line_sources(body["after"], body["max_bytes"])
            if path == "/sync/config":
                return backend.merge_config(body, laptop_id)
            if path == "/sync/photo":
                return backend.save_photo(body["name"], body["data"])
            if path == "/sync/receipt":
                return backend.receipt(laptop_id, body["received"], body["laptop_time"], body.get("through"))
            backend.remove_laptop(laptop_id)
            return {"unpaired": True, "kiosk_id": backend.kiosk_id}

        try:
            answer = self.owner(work)
        except ValueError as exc:  # refused before anything was saved
            code = "bad_config" if path == "/sync/config" else "bad_request"
            raise ProtocolError(400, code, f"{exc}; nothing was changed.") from None
        if path == "/unpair":
            self._reload_trust()
        if path == "/sync/lines":
            return self._lines_page(laptop_id, body["after"], *answer)
        return answer

    def _lines_page(
        self, laptop_id: str, after: int, sources: list[LineSource], more: bool, last_seq: int
    ) -> LinesAnswer:
        """Read the opened segments here, off the owner (UI) thread; count what is sent."""
        try:
            page = build_lines_page(sources, after, more, last_seq)
        except OSError as exc:
            raise ProtocolError(500, "read_failed", f"The kiosk could not read its choices ({exc}).") from None
        finally:
            close_sources(sources)
        kiosk_id = self.owner(lambda: (self.backend.note_sent(laptop_id, page.lines), self.backend.kiosk_id)[1])
        return LinesAnswer(dumps_answer(page.head(kiosk_id)) + b"\n", page.chunks)

    def _authenticate(self, path: str, headers: Any, raw: bytes, peer: str | None) -> tuple[str, int]:
        if peer is None:
            raise _NOT_PAIRED
        backend = self.backend

        def lookup() -> tuple[tuple[str, dict[str, Any]] | None, int]:
            found = backend.laptop_by_fingerprint(peer)
            return found, backend.last_counter(found[0]) if found is not None else 0

        found, last = self.owner(lookup)  # one call: on the kiosk the owner is the UI thread
        if found is None:
            raise _NOT_PAIRED
        laptop_id, laptop = found
        claimed, counter_text, mac = headers.get(LAPTOP_HEADER), headers.get(COUNTER_HEADER), headers.get(MAC_HEADER)
        if claimed != laptop_id or not counter_text or not counter_text.isdigit() or len(counter_text) > 18 or not mac:
            raise ProtocolError(401, "not_authenticated", "The request is not signed by a paired laptop; nothing was changed.")
        counter = int(counter_text)
        key = base64.b64decode(laptop["key"])
        if not hmac.compare_digest(request_mac(key, "POST", path, counter, raw), mac):
            raise ProtocolError(401, "bad_signature", "The request's signature does not match; nothing was changed.")
        if counter <= last:  # checked again when the work runs, before anything changes
            raise _replayed()
        return laptop_id, counter

    def _pair(self, path: str, body: dict[str, Any], peer: str | None) -> dict[str, Any]:
        # The owner is asked outside the lock: the UI thread reads the window under it.
        kiosk_id, kiosk_name = self.owner(lambda: (self.backend.kiosk_id, self.backend.kiosk_name))
        now = self._monotonic()
        if path == "/pair/start":
            try:
                message = base64.b64decode(body["spake2"], validate=True)
            except (binascii.Error, ValueError):
                raise ProtocolError(400, "wrong_type", "The field spake2 must be base64 text; nothing was changed.") from None
            with self._lock:
                answer, session = self._open_window().start(now, body["laptop_id"], body["laptop_name"], message)
            return {
                "kiosk_id": kiosk_id,
                "kiosk_name": kiosk_name,
                "spake2": base64.b64encode(answer).decode("ascii"),
                "session": session,
            }
        try:
            laptop_fpr = fingerprint_of_pem(body["laptop_cert"])
        except ValueError as exc:
            raise ProtocolError(400, "bad_certificate", f"The laptop's certificate is not readable ({exc}).") from None
        with self._lock:
            laptop_id, name, keys, confirm = self._open_window().finish(
                now, body["session"], laptop_fpr, self.identity.fingerprint, kiosk_id, body["confirm"]
            )
        self.owner(lambda: self.backend.add_laptop(laptop_id, name, body["laptop_cert"], laptop_fpr, keys.pairing_key))
        self._reload_trust()
        return {"confirm": confirm, "kiosk_id": kiosk_id}

    def _open_window(self) -> PairingWindow:
        if self._window is None:
            raise PairingError(410, "pairing_not_open", "Pairing is not open on the kiosk. Open it in teacher mode first.")
        return self._window


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


def _replayed() -> ProtocolError:
    return ProtocolError(409, "replayed", "This request was already received (a replay); nothing was changed.")
