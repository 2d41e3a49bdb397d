"""The laptop's line to one paired kiosk: connected where the kiosk answers, each sync request typed.

:func:`connect` finds the kiosk (where it announces itself now, then where it was last
reached) with its pinned certificate and the laptop's request counters; the
:class:`KioskLink` it returns sends each step of a sync and brings the kiosk's answer back
as a typed value (kiosk/shared/sync/messages.py), every failure a ``SyncError`` the
teacher can read.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from typing import TypeVar

from kiosk.laptop.paired_kiosks import PairedKiosks
from kiosk.shared.sync.announced import Locate, is_loopback, to_try
from kiosk.shared.sync.client import (
    CertificateMismatchError,
    KioskClient,
    KioskRefusedError,
    KioskUnreachableError,
    Signer,
    SyncError,
)
from kiosk.shared.sync.identity import Identity
from kiosk.shared.sync.messages import (
    AnswerError,
    Hello,
    HelloAsk,
    KioskReceipt,
    LinesAsk,
    LinesHead,
    PhotoSent,
    ReceiptNote,
    SetupAnswer,
    SetupOffer,
    UnpairAsk,
)
from kiosk.shared.text.i18n import Sentence

__all__ = ["FIRST_TRY_SECONDS", "KioskLink", "connect"]

T = TypeVar("T")

#: How long a connection may take at an address with another left to try after it.
FIRST_TRY_SECONDS = 4.0


class KioskLink:
    """One kept-open, signed connection to a paired kiosk; close it (or use ``with``) when done."""

    def __init__(self, client: KioskClient, signer: Signer) -> None:
        self.client = client
        self._signer = signer

    @property
    def address(self) -> str:
        return self.client.address

    def __enter__(self) -> KioskLink:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def hello(self, laptop_time: str) -> Hello:
        """The kiosk records the laptop's time as a clock anchor and says where it stands."""
        return _read(Hello.from_answer, self.client.post("/sync/hello", HelloAsk(laptop_time).to_body(), self._signer))

    def setup(self, offer: SetupOffer) -> SetupAnswer:
        """Send the laptop's setup; the kiosk's, merged, comes back.

        A kiosk of an earlier version refuses the laptop's name (``unknown_field``): it is
        sent the rest, and keeps the name it was paired with.
        """
        try:
            answer = self.client.post("/sync/config", offer.to_body(), self._signer)
        except KioskRefusedError as exc:
            if offer.laptop_name is None or exc.code != "unknown_field":
                raise
            answer = self.client.post("/sync/config", offer.without_laptop_name().to_body(), self._signer)
        return _read(SetupAnswer.from_answer, answer)

    def send_photos(self, photos: list[tuple[str, bytes]]) -> None:
        """Send each child's photo the kiosk lacks."""
        for name, data in photos:
            self.client.post("/sync/photo", PhotoSent(name, base64.b64encode(data).decode("ascii")).to_body(),
                             self._signer)

    def lines(self, ask: LinesAsk, keep: Callable[[LinesHead, Iterator[bytes]], T]) -> T:
        """Ask for a page of lines after the laptop's checkpoint; ``keep(head, chunks)`` takes it as it arrives."""
        return self.client.post_lines("/sync/lines", ask.to_body(), self._signer, keep)

    def receipt(self, note: ReceiptNote) -> KioskReceipt:
        """Close the sync: what the laptop received and its checkpoint; the kiosk's count comes back."""
        return KioskReceipt.from_answer(self.client.post("/sync/receipt", note.to_body(), self._signer))

    def unpair(self) -> None:
        self.client.post("/unpair", UnpairAsk().to_body(), self._signer)


def _read(parse: Callable[[dict[str, object]], T], answer: dict[str, object]) -> T:
    try:
        return parse(answer)
    except AnswerError as exc:
        raise SyncError(str(exc)) from None


def connect(
    paired: PairedKiosks, identity: Identity, laptop_id: str, kiosk_id: str, timeout: float,
    locate: Locate | None = None,
) -> KioskLink:
    """A link to the kiosk: where it announces itself now, else where it was last reached."""
    kiosk = paired.get(kiosk_id)
    key = kiosk.get("key") if kiosk is not None else None
    if kiosk is None or not key:
        raise SyncError(Sentence("This laptop is not paired with a kiosk {kiosk}.", kiosk=kiosk_id))
    last = str(kiosk.get("address") or "")
    announced = locate(kiosk_id) if locate is not None and not is_loopback(last) else []
    client = _reach(identity, kiosk_id, kiosk["fingerprint"], to_try(announced, last), timeout)
    counter = paired.counter(kiosk_id)
    signer = Signer(laptop_id, base64.b64decode(key), counter.next, counter.move_past)
    return KioskLink(client, signer)


def _reach(
    identity: Identity, kiosk_id: str, fingerprint: str | None, addresses: list[str], timeout: float
) -> KioskClient:
    """The first of ``addresses`` where the kiosk answers with its pinned certificate, connected."""
    failures: list[tuple[str, SyncError]] = []
    for n, address in enumerate(addresses):
        more = n + 1 < len(addresses)
        try:
            client = KioskClient(address, identity, fingerprint, timeout=timeout,
                                 connect_timeout=FIRST_TRY_SECONDS if more else None)
        except ValueError:  # an announcement that is not an address
            continue
        try:
            client.open()
            return client
        except (KioskUnreachableError, CertificateMismatchError) as exc:
            client.close()
            failures.append((address, exc))
    if not failures:
        raise SyncError(Sentence("This laptop does not know where the kiosk {kiosk} is: pair it again.",
                                 kiosk=kiosk_id))
    if len(failures) == 1 or all(isinstance(e, CertificateMismatchError) for _a, e in failures):
        raise failures[-1][1]
    raise KioskUnreachableError(Sentence(
        "The kiosk cannot be reached at {addresses} (where it announces itself now, and where it was last). "
        "Is it on, and on this network?", addresses=", ".join(a for a, _e in failures)))
