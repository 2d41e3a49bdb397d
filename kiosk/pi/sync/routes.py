"""What each sync request does: the route table, testable without sockets.

:class:`SyncRoutes` gets a request as plain values (path, headers, body bytes,
the peer's certificate fingerprint and address) and returns the answer or raises
:class:`~.protocol.ProtocolError` / :class:`~.pairing.PairingError`. It never
touches storage itself: every piece of work goes through ``storage_thread``. The socket
side — TLS, limits, timeouts, HTTP — is :mod:`.transport`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.pi.storage.segment_lines import close_sources
from kiosk.pi.sync.kiosk_side import KioskSyncBackend, OpenedPage, ReplayedError
from kiosk.pi.sync.lines_page import build_lines_page
from kiosk.pi.sync.peer_route import PEER_PATHS, answer_peer
from kiosk.shared.sync.identity import Identity, fingerprint_of_pem
from kiosk.shared.sync.messages import LinesAsk, read_request
from kiosk.shared.sync.pairing import PairingError, PairingWindow
from kiosk.shared.sync.protocol import (
    COUNTER_HEADER,
    LAPTOP_HEADER,
    MAC_HEADER,
    OPTIONAL,
    PATHS,
    Headers,
    ProtocolError,
    counter_proof,
    dumps_answer,
    parse_json,
    request_mac,
    validate,
)
from kiosk.shared.sync.storage_thread import StorageThread

__all__ = ["NOT_PAIRED", "LinesAnswer", "SyncRoutes"]

NOT_PAIRED = ProtocolError(
    403, "not_paired", "This laptop is not paired with this kiosk (or was unpaired). Pair it again."
)


@dataclass(frozen=True)
class LinesAnswer:
    """A ``/sync/lines`` answer: its JSON head line, then the journal lines as read."""

    head: bytes
    chunks: tuple[bytes, ...]


@dataclass(frozen=True)
class _Signed:
    laptop_id: str
    counter: int
    key: bytes
    mac: str


class SyncRoutes:
    """Every path the kiosk answers, over its backend (through the storage thread) and its pairing window."""

    def __init__(
        self,
        backend: KioskSyncBackend,
        storage_thread: StorageThread,
        identity: Identity,
        monotonic: Callable[[], float],
        on_trust_changed: Callable[[], None],
    ) -> None:
        self.backend = backend
        self.storage_thread = storage_thread
        self.identity = identity
        self._monotonic = monotonic
        self._on_trust_changed = on_trust_changed
        self._lock = threading.Lock()
        self._window: PairingWindow | None = None

    # -- the pairing window (the teacher opens it) ---------------------------------
    def open_pairing(self) -> PairingWindow:
        with self._lock:
            self._window = PairingWindow.open(self._monotonic())
            return self._window

    def close_pairing(self) -> None:
        with self._lock:
            self._window = None

    def pairing_window(self) -> PairingWindow | None:
        with self._lock:
            return self._window

    # -- requests ---------------------------------------------------------------------
    def handle(
        self, path: str, headers: Headers, raw: bytes, peer: str | None, address: str = ""
    ) -> dict[str, Any] | LinesAnswer:
        if path not in PATHS:
            raise ProtocolError(404, "unknown_path", f"The kiosk does not know {path[:80]!r}.")
        if path.startswith("/pair/"):
            return self._pair(path, validate(parse_json(raw), PATHS[path]), address)
        if path in PEER_PATHS:
            return answer_peer(self.backend, self.storage_thread, path, headers, raw)
        signed = self._authenticate(path, headers, raw, peer)
        request = read_request(path, validate(parse_json(raw), PATHS[path], OPTIONAL.get(path, frozenset())))
        try:
            answer = self.storage_thread(lambda: self.backend.answer(signed.laptop_id, signed.counter, request))
        except ReplayedError as exc:
            raise _replayed(signed, exc.last) from None
        except ValueError as exc:  # refused before anything was saved
            code = "bad_config" if path == "/sync/config" else "bad_request"
            raise ProtocolError(400, code, f"{exc}; nothing was changed.") from None
        if path == "/unpair":
            self._on_trust_changed()
        if isinstance(answer, OpenedPage):
            assert isinstance(request, LinesAsk)
            return self._lines_page(signed.laptop_id, request, answer)
        return answer if isinstance(answer, dict) else answer.to_body()

    def _lines_page(self, laptop_id: str, ask: LinesAsk, opened: OpenedPage) -> LinesAnswer:
        """Read the opened segments here, off the storage (UI) thread; count what is sent.

        The page is in the journal line version the laptop reads (1 when it does not say).
        """
        try:
            page = build_lines_page(opened.sources, ask.checkpoint, opened.more, opened.last_seq,
                                    ask.lines_version or 1)
        except OSError as exc:
            raise ProtocolError(500, "read_failed", f"The kiosk could not read its choices ({exc}).") from None
        finally:
            close_sources(opened.sources)

        def count_sent() -> str:
            self.backend.note_sent(laptop_id, page.lines)
            return self.backend.kiosk_id

        kiosk_id = self.storage_thread(count_sent)
        return LinesAnswer(dumps_answer(page.head(kiosk_id).to_body()) + b"\n", page.chunks)

    def _authenticate(self, path: str, headers: Headers, raw: bytes, peer: str | None) -> _Signed:
        if peer is None:
            raise NOT_PAIRED
        backend = self.backend

        def lookup() -> tuple[tuple[str, dict[str, Any]] | None, int]:
            found = backend.paired.by_fingerprint(peer)
            return found, backend.paired.last_counter(found[0]) if found is not None else 0

        found, last = self.storage_thread(lookup)  # one call: on the kiosk the storage thread is the UI thread
        if found is None:
            raise NOT_PAIRED
        laptop_id, laptop = found
        claimed, counter_text, mac = headers.get(LAPTOP_HEADER), headers.get(COUNTER_HEADER), headers.get(MAC_HEADER)
        if claimed != laptop_id or not counter_text or not counter_text.isdigit() or len(counter_text) > 18 or not mac:
            raise ProtocolError(
                401, "not_authenticated", "The request is not signed by a paired laptop; nothing was changed."
            )
        signed = _Signed(laptop_id, int(counter_text), base64.b64decode(laptop["key"]), mac)
        if not hmac.compare_digest(request_mac(signed.key, "POST", path, signed.counter, raw), mac):
            raise ProtocolError(401, "bad_signature", "The request's signature does not match; nothing was changed.")
        if signed.counter <= last:  # checked again when the work runs, before anything changes
            raise _replayed(signed, last)
        return signed

    def _pair(self, path: str, body: dict[str, Any], address: str) -> dict[str, Any]:
        # The storage thread is asked outside the lock: the UI thread reads the window under it.
        kiosk_id, kiosk_name = self.storage_thread(lambda: (self.backend.kiosk_id, self.backend.kiosk_name))
        now = self._monotonic()
        if path == "/pair/start":
            try:
                message = base64.b64decode(body["spake2"], validate=True)
            except (binascii.Error, ValueError):
                raise ProtocolError(
                    400, "wrong_type", "The field spake2 must be base64 text; nothing was changed."
                ) from None
            with self._lock:
                answer, session = self._open_window().start(
                    now, body["laptop_id"], body["laptop_name"], message, address
                )
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
                now, body["session"], laptop_fpr, self.identity.fingerprint, kiosk_id, body["confirm"], address
            )
        cert = body["laptop_cert"]
        self.storage_thread(lambda: self.backend.paired.add(laptop_id, name, cert, laptop_fpr, keys.pairing_key))
        self._on_trust_changed()
        return {"confirm": confirm, "kiosk_id": kiosk_id}

    def _open_window(self) -> PairingWindow:
        if self._window is None:
            raise PairingError(
                410, "pairing_not_open", "Pairing is not open on the kiosk. Open it in teacher mode first."
            )
        return self._window


def _replayed(signed: _Signed, last: int) -> ProtocolError:
    """A 409 with the last counter seen, signed for the laptop that sent this request."""
    return ProtocolError(
        409,
        "replayed",
        "This request was already received (a replay); nothing was changed.",
        {"last_counter": last, "proof": counter_proof(signed.key, signed.laptop_id, last, signed.mac)},
    )
