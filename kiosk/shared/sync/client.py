"""Talking to one kiosk: HTTPS with both certificates pinned, signed requests.

One TLS connection is kept open between requests (HTTP/1.1 keep-alive) and
opened again only when the kiosk closed it. The kiosk's certificate is checked
against the fingerprint pinned at pairing on every new connection, *before*
anything is sent on it; after pairing the laptop presents its own certificate
and signs every request (see :mod:`kiosk.shared.sync.protocol`). Every failure is a :class:`SyncError` whose message
the teacher can act on.
"""

from __future__ import annotations

import hmac
import http.client
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from kiosk.shared.sync.identity import Identity, fingerprint_of_der
from kiosk.shared.sync.messages import AnswerError, LinesHead
from kiosk.shared.sync.protocol import (
    COUNTER_HEADER,
    LAPTOP_HEADER,
    LINES_TYPE,
    MAC_HEADER,
    MAX_BODY,
    MAX_RESPONSE,
    ProtocolError,
    counter_proof,
    dumps,
    parse_json,
    request_mac,
)
from kiosk.shared.sync.tls_contexts import client_context
from kiosk.shared.text.errors import KioskError

__all__ = [
    "CertificateMismatchError",
    "KioskClient",
    "KioskRefusedError",
    "KioskUnreachableError",
    "Signer",
    "SyncError",
    "parse_address",
]


T = TypeVar("T")
_CHUNK = 1 << 20  # bytes read at a time from a lines page


class SyncError(KioskError):
    """A sync or pairing failed; ``str()`` is for the teacher."""

    code = "sync_failed"


class KioskUnreachableError(SyncError):
    code = "kiosk_unreachable"


class CertificateMismatchError(SyncError):
    code = "certificate_mismatch"


class KioskRefusedError(SyncError):
    def __init__(self, status: int, code: str, message: str, answer: dict[str, Any] | None = None) -> None:
        super().__init__(message, code=code)
        self.status = status
        self.answer = answer or {}


def parse_address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT`` too) or ``ValueError`` with a clear reason."""
    host, sep, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"the address must look like 192.168.1.20:8765, not {text!r}")
    return host, int(port)


@dataclass(frozen=True)
class Signer:
    """What signs requests to one paired kiosk."""

    laptop_id: str
    key: bytes
    next_counter: Callable[[], int]
    move_past: Callable[[int], None] = lambda _counter: None  # counters up to this one were used


class KioskClient:
    """Requests to the kiosk at ``address``, whose certificate must be ``pinned``."""

    def __init__(
        self, address: str, identity: Identity, pinned: str | None, *, timeout: float = 15.0, present_cert: bool = True,
        connect_timeout: float | None = None,
    ) -> None:
        self.host, self.port = parse_address(address)
        self.address = address
        self.pinned = pinned
        self.timeout = timeout
        #: How long the connection and its TLS handshake may take (``timeout`` when None): shorter
        #: where another address is left to try.
        self.connect_timeout = connect_timeout
        self.peer_fingerprint: str | None = None
        self._conn: http.client.HTTPSConnection | None = None
        self._context = client_context(identity, present_cert)

    def close(self) -> None:
        """Close the kept-open connection (the next request opens a new one)."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def __enter__(self) -> KioskClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> tuple[http.client.HTTPSConnection, bool]:
        """The open connection to the pinned kiosk, or a new one checked before use; and whether it is new."""
        conn = self._conn
        if conn is not None and conn.sock is not None and (self.pinned is None or self.peer_fingerprint == self.pinned):
            return conn, False
        self.close()
        self._conn = self._connect()
        return self._conn, True

    def open(self) -> None:
        """Connect now and check the pinned certificate (a :class:`SyncError` if the kiosk is not there)."""
        self._connection()

    def _connect(self) -> http.client.HTTPSConnection:
        first = self.timeout if self.connect_timeout is None else min(self.timeout, self.connect_timeout)
        conn = http.client.HTTPSConnection(self.host, self.port, timeout=first, context=self._context)
        conn.auto_open = 0  # never reconnect silently: a new connection must pass the pin check first
        try:
            conn.connect()
            conn.sock.settimeout(self.timeout)
        except ssl.SSLError as exc:
            conn.close()
            raise self._refused(exc) from None
        except (TimeoutError, OSError) as exc:
            conn.close()
            raise KioskUnreachableError(
                f"The kiosk at {self.address} cannot be reached ({exc}). Is it on, and on this network?"
            ) from None
        der = conn.sock.getpeercert(binary_form=True)
        self.peer_fingerprint = fingerprint_of_der(der) if der else None
        if self.pinned is not None and self.peer_fingerprint != self.pinned:
            conn.close()
            raise CertificateMismatchError(
                f"The device at {self.address} is not the kiosk this laptop paired with: its certificate "
                "is different. Nothing was sent. If the kiosk was reinstalled, unpair it and pair again."
            )
        return conn

    def _refused(self, exc: ssl.SSLError) -> SyncError:
        if "ALERT" not in str(exc.reason or "").upper():
            return KioskUnreachableError(f"The secure connection to the kiosk at {self.address} failed ({exc}).")
        return KioskRefusedError(
            403,
            "not_paired",
            f"The kiosk at {self.address} refused this laptop's certificate: this laptop is not "
            f"paired with it (or was unpaired on the kiosk). Pair again. ({exc.reason})",
        )

    def post(self, path: str, body: dict[str, Any], signer: Signer | None = None) -> dict[str, Any]:
        """Send one request; the kiosk's JSON answer, or a :class:`SyncError`.

        A laptop folder restored from a backup has forgotten the counters it used
        since: the kiosk refuses its request as a replay and states, signed for this
        very request, the last counter it accepted; the laptop moves past it and
        sends the request once more with a fresh counter.
        """
        raw, headers = self._signed(path, body, signer)
        try:
            return self.send_raw(path, raw, headers)
        except KioskRefusedError as exc:
            if signer is None or not _behind(exc, signer, headers):
                raise
            signer.move_past(int(exc.answer["last_counter"]))
            return self.send_raw(path, *self._signed(path, body, signer))

    def post_lines(
        self, path: str, body: dict[str, Any], signer: Signer, keep: Callable[[LinesHead, Iterator[bytes]], T]
    ) -> T:
        """Send one request answered with journal lines (``/sync/lines``).

        ``keep(head, chunks)`` gets the page's head, read and checked, and an iterator
        over its bytes as they arrive (so they can be written while the rest is on the
        way); its result is returned. A broken connection while ``keep`` reads is a
        :class:`SyncError`, raised out of the iterator.
        """
        raw, headers = self._signed(path, body, signer)
        response = self._exchange(path, raw, headers)
        with self._closed_on_failure():
            if response.status != 200 or response.getheader("Content-Type") != LINES_TYPE:
                data = response.read(MAX_RESPONSE + 1)
                self.close()
                self._answer(response.status, data)
                raise SyncError(f"The kiosk at {self.address} answered in a way this laptop cannot read.")
            head = _lines_head(response.readline(MAX_BODY))
            result = keep(head, self._chunks(response, head.size))
            if not response.isclosed():
                self.close()  # the page was not read to its end
            return result

    @contextmanager
    def _closed_on_failure(self) -> Iterator[None]:
        """Close the connection on any failure; a broken or refused one becomes a :class:`SyncError`."""
        try:
            yield
        except ssl.SSLError as exc:  # TLS 1.3 reports a refused client certificate here
            self.close()
            raise self._refused(exc) from None
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise KioskUnreachableError(f"The connection to the kiosk at {self.address} broke ({exc}).") from None
        except BaseException:
            self.close()
            raise

    def _chunks(self, response: http.client.HTTPResponse, size: int) -> Iterator[bytes]:
        left = size
        while left > 0:
            chunk = response.read(min(left, _CHUNK))
            if not chunk:
                raise KioskUnreachableError(f"The kiosk at {self.address} stopped sending in the middle of a page.")
            left -= len(chunk)
            yield chunk

    def _signed(self, path: str, body: dict[str, Any], signer: Signer | None) -> tuple[bytes, dict[str, str]]:
        raw = dumps(body)
        headers = {"Content-Type": "application/json", "Content-Length": str(len(raw))}
        if signer is not None:
            counter = signer.next_counter()
            headers[LAPTOP_HEADER] = signer.laptop_id
            headers[COUNTER_HEADER] = str(counter)
            headers[MAC_HEADER] = request_mac(signer.key, "POST", path, counter, raw)
        return raw, headers

    def _exchange(self, path: str, raw: bytes, headers: dict[str, str]) -> http.client.HTTPResponse:
        """Send a request and return the kiosk's response, its body still unread."""
        conn, fresh = self._connection()
        with self._closed_on_failure():
            try:
                conn.request("POST", path, body=raw, headers=headers)
                return conn.getresponse()
            except (
                http.client.RemoteDisconnected,
                ConnectionResetError,
                BrokenPipeError,
                ssl.SSLEOFError,
                ssl.SSLZeroReturnError,
            ):
                if fresh:
                    raise
                # The kiosk closed the kept-open connection while it was idle: send the same
                # bytes once on a new one (had it been answered, the counter makes it a 409).
                self.close()
                conn, fresh = self._connection()
                conn.request("POST", path, body=raw, headers=headers)
                return conn.getresponse()

    def send_raw(self, path: str, raw: bytes, headers: dict[str, str]) -> dict[str, Any]:
        """Send exact bytes and headers (``post`` uses it; tests replay with it)."""
        response = self._exchange(path, raw, headers)
        with self._closed_on_failure():
            data = response.read(MAX_RESPONSE + 1)
            status = response.status
            if response.will_close or len(data) > MAX_RESPONSE or not response.isclosed():
                self.close()  # the kiosk closes it, or the answer was not read to its end
        return self._answer(status, data)

    def _answer(self, status: int, data: bytes) -> dict[str, Any]:
        """The JSON answer in ``data``; a :class:`SyncError` for a refusal or an unreadable one."""
        if len(data) > MAX_RESPONSE:
            raise SyncError(f"The kiosk at {self.address} sent an answer that is too large.")
        try:
            answer = parse_json(data, what="The kiosk's answer")
        except ProtocolError as exc:
            raise SyncError(exc.message) from None
        if not isinstance(answer, dict):
            raise SyncError(f"The kiosk at {self.address} sent an answer this laptop cannot read.")
        if status != 200:
            raise KioskRefusedError(status, str(answer.get("error")), str(answer.get("message")), answer)
        return answer


def _behind(refused: KioskRefusedError, signer: Signer, headers: dict[str, str]) -> bool:
    """Whether a refusal is the kiosk's signed statement that this laptop's counter fell behind."""
    last, proof = refused.answer.get("last_counter"), refused.answer.get("proof")
    if refused.code != "replayed" or not isinstance(last, int) or isinstance(last, bool) or not isinstance(proof, str):
        return False
    if not 0 <= last < 2**62 or last < int(headers[COUNTER_HEADER]):
        return False
    expected = counter_proof(signer.key, signer.laptop_id, last, headers[MAC_HEADER])
    return hmac.compare_digest(expected, proof)


def _lines_head(line: bytes) -> LinesHead:
    """The head of a lines page, checked: the laptop moves its checkpoint by it."""
    try:
        return LinesHead.from_answer(parse_json(line, what="The head of the kiosk's page"), MAX_RESPONSE)
    except ProtocolError as exc:
        raise SyncError(exc.message) from None
    except AnswerError as exc:
        raise SyncError(str(exc)) from None
