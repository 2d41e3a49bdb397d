"""Pairing with a kiosk, one sync of one kiosk, unpairing — the laptop's side.

``sync_kiosk`` runs the trip down and back once: it says hello (the laptop's time
becomes a clock anchor on the kiosk), merges the setup both ways, pulls pages from
the checkpoint until the kiosk has no more (each page saved before the checkpoint
moves, so a cut sync resumes where it stopped) and exchanges a receipt. Each answer
comes back typed through the link (kiosk/laptop/kiosk_link.py) and is handed to the
store's exchange (kiosk/laptop/exchange.py) in one call, which says what to send
next. See docs/SYNC.md.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from kiosk.laptop.exchange import KioskExchange
from kiosk.laptop.kiosk_link import KioskLink, connect
from kiosk.laptop.receipt import Receipt
from kiosk.laptop.store import LaptopStore
from kiosk.shared.files.journal_format import VERSION as LINES_VERSION
from kiosk.shared.sync.announced import Locate
from kiosk.shared.sync.client import KioskClient, KioskRefusedError, SyncError
from kiosk.shared.sync.config_merge import ConfigFormatError
from kiosk.shared.sync.identity import fingerprint_of_pem
from kiosk.shared.sync.messages import LinesAsk, LinesHead, ReceiptNote
from kiosk.shared.sync.pairing import confirmation, derive_keys, laptop_spake
from kiosk.shared.sync.protocol import MAX_LINES_BYTES, is_safe_id
from kiosk.shared.text.i18n import Sentence

__all__ = ["PairedKiosk", "Receipt", "pair_with_kiosk", "pairing_code", "sync_kiosk", "unpair_kiosk"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PairedKiosk:
    kiosk_id: str
    name: str
    address: str
    fingerprint: str


def pairing_code(text: str) -> str:
    """The 6 digits the kiosk shows, spaces allowed; ValueError saying so otherwise."""
    code = text.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        raise ValueError("the pairing code is the 6 digits shown on the kiosk")
    return code


def pair_with_kiosk(store: LaptopStore, address: str, code: str, *, timeout: float = 15.0) -> PairedKiosk:
    """Pair with the kiosk at ``address`` using the code it shows; pins both certificates."""
    code = pairing_code(code)
    with KioskClient(address, store.identity, None, timeout=timeout, present_cert=False) as client:
        return _pair(store, client, address, code)


def _pair(store: LaptopStore, client: KioskClient, address: str, code: str) -> PairedKiosk:
    spake = laptop_spake(code)
    laptop_name = store.laptop_name
    started = client.post(
        "/pair/start",
        {"laptop_id": store.laptop_id, "laptop_name": laptop_name,
         "spake2": base64.b64encode(spake.start()).decode("ascii")},
    )
    kiosk_fpr = client.peer_fingerprint
    kiosk_id, kiosk_name = started.get("kiosk_id"), started.get("kiosk_name")
    if kiosk_fpr is None or not is_safe_id(kiosk_id) or not isinstance(kiosk_name, str):
        raise SyncError("The kiosk's pairing answer is not readable.")
    try:
        keys = derive_keys(spake.finish(base64.b64decode(str(started.get("spake2")), validate=True)))
    except Exception:  # spake2 raises several kinds for a bad point
        raise SyncError("The kiosk's pairing answer is not readable.") from None
    laptop_fpr = fingerprint_of_pem(store.identity.cert_pem)
    client.pinned = kiosk_fpr  # the same kiosk must answer the second step
    finished = client.post(
        "/pair/finish",
        {"session": started.get("session"), "laptop_cert": store.identity.cert_pem,
         "confirm": confirmation(keys, "laptop", laptop_fpr, kiosk_fpr, store.laptop_id, kiosk_id)},
    )
    expected = confirmation(keys, "kiosk", laptop_fpr, kiosk_fpr, store.laptop_id, kiosk_id)
    if not hmac.compare_digest(expected, str(finished.get("confirm"))):
        raise SyncError("The kiosk could not prove it knows the code; nothing was paired. Try again.")
    store.paired.add(kiosk_id, kiosk_name, address, kiosk_fpr, base64.b64encode(keys.pairing_key).decode("ascii"),
                     told=laptop_name)
    return PairedKiosk(kiosk_id, kiosk_name, address, kiosk_fpr)


def sync_kiosk(
    store: LaptopStore,
    kiosk_id: str,
    *,
    page_bytes: int = MAX_LINES_BYTES,
    progress: Callable[[int, int], None] | None = None,
    max_pages: int | None = None,
    timeout: float = 15.0,
    locate: Locate | None = None,
) -> Receipt:
    """One full sync of one paired kiosk; ``progress(done, total)`` after each page.

    ``locate(kiosk_id)`` says where the kiosk announces itself now (zeroconf: announced.py);
    those addresses are tried first, then the last one the kiosk was reached at, and the
    one that answered is kept as the kiosk's address (handed to the class's other kiosks).
    ``max_pages`` stops early (as an interruption would) for tests; the next call
    resumes from the saved checkpoint.
    """
    with connect(store.paired, store.identity, store.laptop_id, kiosk_id, timeout, locate) as link:
        return _sync(store.exchange, kiosk_id, link, page_bytes, progress, max_pages)


def _sync(
    exchange: KioskExchange,
    kiosk_id: str,
    link: KioskLink,
    page_bytes: int,
    progress: Callable[[int, int], None] | None,
    max_pages: int | None,
) -> Receipt:
    """Each step once: the kiosk's typed answer handed to the store's exchange, which says what to send next."""
    hello = link.hello(_now())
    if hello.kiosk_id != kiosk_id:
        raise SyncError(f"The kiosk at {link.address} says it is {hello.kiosk_id}, not {kiosk_id}.")
    offer = exchange.take_hello(kiosk_id, hello, link.address, datetime.now(UTC).astimezone().date())
    answer = link.setup(offer)
    try:
        taken = exchange.take_setup(kiosk_id, offer, answer)
    except ConfigFormatError as exc:
        raise SyncError(exc.message) from None
    link.send_photos(taken.photos)
    # A kiosk that offers version-2 lines is asked for them; one not updated sends version 1 (moved here).
    version = LINES_VERSION if hello.lines_version is not None and hello.lines_version >= LINES_VERSION else None
    pulled = _pull(exchange, kiosk_id, link, LinesAsk(taken.checkpoint, page_bytes, version), hello.last_seq,
                   progress, max_pages)
    kiosk_receipt = link.receipt(ReceiptNote(pulled.received, _now(), pulled.checkpoint))
    receipt = Receipt(
        kiosk_id=kiosk_id,
        kiosk_name=taken.kiosk_name,
        sent=kiosk_receipt.sent,
        received=pulled.received,
        new=pulled.received,
        checkpoint=pulled.checkpoint,
        synced_at=_now(),
        clock_problem=None if hello.clock_problem is None else hello.clock_problem.message,
        setup_changed=taken.changed,
        lost_edits=taken.lost,
        children_deleted=taken.deleted,
    )
    exchange.take_receipt(kiosk_id, receipt)
    return receipt


@dataclass(frozen=True)
class _Pulled:
    received: int
    checkpoint: int


def _pull(
    exchange: KioskExchange,
    kiosk_id: str,
    link: KioskLink,
    ask: LinesAsk,
    last_seq: int,
    progress: Callable[[int, int], None] | None,
    max_pages: int | None,
) -> _Pulled:
    """Pull pages from the checkpoint until the kiosk has no more; each kept before the next is asked."""
    received = pages = 0
    while True:
        if max_pages is not None and pages >= max_pages:
            raise SyncError("The sync stopped before the end; the next sync continues from here.")

        def keep(head: LinesHead, chunks: Iterator[bytes], asked: LinesAsk = ask) -> LinesHead:
            if head.kiosk_id != kiosk_id or head.from_checkpoint != asked.checkpoint:
                raise SyncError("The kiosk sent a page of choices this laptop did not ask for; nothing of it was kept.")
            try:
                exchange.take_page(kiosk_id, head, chunks)
            except ValueError as exc:
                raise SyncError(
                    f"The kiosk's page of choices arrived damaged ({exc}); nothing of it was kept. Sync again."
                ) from None
            return head

        head = link.lines(ask, keep)
        received += head.lines  # all new: a page holds only lines above the checkpoint
        pages += 1
        ask = replace(ask, checkpoint=head.to_checkpoint)
        if progress is not None:
            progress(head.to_checkpoint, max(last_seq, head.to_checkpoint))
        if not head.more:
            return _Pulled(received, ask.checkpoint)


def unpair_kiosk(
    store: LaptopStore, kiosk_id: str, *, timeout: float = 15.0, locate: Locate | None = None
) -> str | None:
    """Forget a kiosk; tell it too when it can be reached. Returns a warning, or None."""
    if store.paired.get(kiosk_id) is None:
        raise SyncError(Sentence("This laptop is not paired with a kiosk {kiosk}.", kiosk=kiosk_id))
    warning = None
    try:
        with connect(store.paired, store.identity, store.laptop_id, kiosk_id, timeout, locate) as link:
            link.unpair()
    except KioskRefusedError as exc:
        if exc.code != "not_paired":
            warning = f"The kiosk answered: {exc}"
    except SyncError as exc:
        warning = f"The kiosk was not told ({exc}); unpair the laptop in its teacher mode too."
    store.paired.remove(kiosk_id)
    return warning
