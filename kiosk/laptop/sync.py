"""Pairing with a kiosk, one sync of one kiosk, unpairing — the laptop's side.

``sync_kiosk`` says hello (the laptop's time becomes a clock anchor on the
kiosk), pulls pages from the checkpoint until the kiosk has no more (each page
saved before the checkpoint moves, so a cut sync resumes where it stopped),
merges the setup both ways and exchanges a receipt. See docs/SYNC.md.
"""

from __future__ import annotations

import base64
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.laptop.conflicts import describe_lost_edits
from kiosk.laptop.deletions import newly_deleted
from kiosk.laptop.store import KINDS, LaptopStore
from kiosk.shared.files.journal_format import VERSION as LINES_VERSION
from kiosk.shared.sync.announced import Locate, is_loopback, to_try
from kiosk.shared.sync.client import (
    CertificateMismatchError,
    KioskClient,
    KioskRefusedError,
    KioskUnreachableError,
    Signer,
    SyncError,
)
from kiosk.shared.sync.config_merge import ConfigFormatError
from kiosk.shared.sync.identity import fingerprint_of_pem
from kiosk.shared.sync.pairing import confirmation, derive_keys, laptop_spake
from kiosk.shared.sync.protocol import MAX_LINES_BYTES, is_safe_id
from kiosk.shared.text.i18n import SOURCE_LANGUAGE, Sentence, Translator

__all__ = ["PairedKiosk", "Receipt", "pair_with_kiosk", "pairing_code", "sync_kiosk", "unpair_kiosk"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class PairedKiosk:
    kiosk_id: str
    name: str
    address: str
    fingerprint: str


@dataclass(frozen=True)
class Receipt:
    """What one sync of one kiosk did; ``sent`` is the kiosk's count, ``received`` ours."""

    kiosk_id: str
    kiosk_name: str
    sent: int
    received: int
    new: int
    checkpoint: int
    synced_at: str
    clock_problem: str | None = None
    setup_changed: list[str] = field(default_factory=list)
    lost_edits: list[str] = field(default_factory=list)
    #: First names of children deleted on another laptop, deleted here by this sync (kiosk/laptop/deletions.py).
    children_deleted: list[str] = field(default_factory=list)

    @property
    def agree(self) -> bool:
        return self.sent == self.received

    def line(self, tr: Translator | None = None) -> str:
        """One line for the teacher (in ``tr``'s language), then a line per clock problem or lost edit."""
        tr = tr or Translator(SOURCE_LANGUAGE, Path())
        text = tr.plural(
            "{name} ({kiosk}): kiosk sent {count} choice, laptop received {received} ({new} new), at {time}",
            "{name} ({kiosk}): kiosk sent {count} choices, laptop received {received} ({new} new), at {time}",
            self.sent,
            name=self.kiosk_name, kiosk=self.kiosk_id[:8], received=self.received, new=self.new, time=self.synced_at,
        )
        if not self.agree:
            text += tr(" — the counts differ; please sync again")
        if self.clock_problem:
            text += f"\n  {tr(self.clock_problem)}"
        for lost in self.lost_edits:
            text += f"\n  {tr(lost)}"
        if self.children_deleted:
            text += "\n  " + tr.plural(
                "Deleted on another laptop, so deleted here too with their choices and photo: {names}.",
                "Deleted on another laptop, so deleted here too with their choices and photos: {names}.",
                len(self.children_deleted), names=", ".join(self.children_deleted),
            )
        return text


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


#: How long a connection may take at an address with another left to try after it.
FIRST_TRY_SECONDS = 4.0


def _client(
    store: LaptopStore, kiosk_id: str, timeout: float, locate: Locate | None = None
) -> tuple[KioskClient, Signer, dict[str, Any]]:
    """A client connected to the kiosk: where it announces itself now, else where it was last reached."""
    kiosk = store.paired.get(kiosk_id)
    if kiosk is None:
        raise SyncError(Sentence("This laptop is not paired with a kiosk {kiosk}.", kiosk=kiosk_id))
    last = str(kiosk.get("address") or "")
    announced = locate(kiosk_id) if locate is not None and not is_loopback(last) else []
    client = _reach(store, kiosk, to_try(announced, last), timeout)
    signer = Signer(
        store.laptop_id,
        base64.b64decode(kiosk["key"]),
        lambda: store.paired.next_counter(kiosk_id),
        lambda used: store.paired.move_counter_past(kiosk_id, used),
    )
    return client, signer, kiosk


def _reach(store: LaptopStore, kiosk: dict[str, Any], addresses: list[str], timeout: float) -> KioskClient:
    """The first of ``addresses`` where the kiosk answers with its pinned certificate, connected."""
    failures: list[tuple[str, SyncError]] = []
    for n, address in enumerate(addresses):
        more = n + 1 < len(addresses)
        try:
            client = KioskClient(address, store.identity, kiosk["fingerprint"], timeout=timeout,
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
                                 kiosk=kiosk["id"]))
    if len(failures) == 1 or all(isinstance(e, CertificateMismatchError) for _a, e in failures):
        raise failures[-1][1]
    raise KioskUnreachableError(Sentence(
        "The kiosk cannot be reached at {addresses} (where it announces itself now, and where it was last). "
        "Is it on, and on this network?", addresses=", ".join(a for a, _e in failures)))


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
    client, signer, kiosk = _client(store, kiosk_id, timeout, locate)
    with client:  # one kept-open TLS connection for the whole sync
        return _sync(store, kiosk_id, client, signer, kiosk, page_bytes, progress, max_pages)


def _sync(
    store: LaptopStore,
    kiosk_id: str,
    client: KioskClient,
    signer: Signer,
    kiosk: dict[str, Any],
    page_bytes: int,
    progress: Callable[[int, int], None] | None,
    max_pages: int | None,
) -> Receipt:
    hello = client.post("/sync/hello", {"laptop_time": _now()}, signer)
    if hello.get("kiosk_id") != kiosk_id:
        raise SyncError(f"The kiosk at {client.address} says it is {hello.get('kiosk_id')}, not {kiosk_id}.")
    store.paired.set_address(kiosk_id, client.address)  # where it answered: kept, and told to the other kiosks
    if isinstance(hello.get("anchor"), dict):
        store.add_anchor(kiosk_id, hello["anchor"])
    # The setup first: a child deleted on this laptop (or choices this laptop deleted past
    # the retention day, judged by their corrected time) is purged on the kiosk before
    # its choices are pulled, so they never travel again.
    store.apply_retention(datetime.now(UTC).astimezone().date())
    if isinstance(hello.get("kiosk_name"), str) and hello["kiosk_name"]:
        store.paired.named(kiosk_id, hello["kiosk_name"])
    name = str((store.paired.get(kiosk_id) or kiosk)["name"])
    changed, lost, deleted = _sync_config(store, client, signer, kiosk_id, name)
    last_seq = int(hello.get("last_seq") or 0)
    after = store.checkpoint(kiosk_id)
    # A kiosk that offers version-2 lines is asked for them; one not updated sends version 1 (moved here).
    offered = hello.get("lines_version")
    version = {"lines_version": LINES_VERSION} if isinstance(offered, int) and offered >= LINES_VERSION else {}
    received = pages = 0
    while True:
        if max_pages is not None and pages >= max_pages:
            raise SyncError("The sync stopped before the end; the next sync continues from here.")

        def keep(head: dict[str, Any], chunks: Iterator[bytes], after: int = after) -> tuple[dict[str, Any], int]:
            return head, _save_lines(store, kiosk_id, after, head, chunks)

        asked = {"after": after, "max_bytes": page_bytes, **version}
        head, lines = client.post_lines("/sync/lines", asked, signer, keep)
        received += lines  # all new: a page holds only lines above the checkpoint
        pages += 1
        after = head["through"]
        if progress is not None:
            progress(after, max(last_seq, after))
        if not head["more"]:
            break
    answer = client.post(
        "/sync/receipt", {"received": received, "laptop_time": _now(), "through": store.checkpoint(kiosk_id)}, signer
    )
    problem = hello.get("clock_problem")
    receipt = Receipt(
        kiosk_id=kiosk_id,
        kiosk_name=name,
        sent=int(answer.get("sent", -1)),
        received=received,
        new=received,
        checkpoint=store.checkpoint(kiosk_id),
        synced_at=_now(),
        clock_problem=problem.get("message") if isinstance(problem, dict) else None,
        setup_changed=changed,
        lost_edits=lost,
        children_deleted=deleted,
    )
    kept = {**receipt.__dict__, "agree": receipt.agree, "children_deleted": len(deleted)}  # no deleted child's name
    store.paired.save_receipt(kiosk_id, kept)
    return receipt


def _save_lines(store: LaptopStore, kiosk_id: str, after: int, head: dict[str, Any], chunks: Iterator[bytes]) -> int:
    """Keep one page of the kiosk's lines (checked whole before the checkpoint moves)."""
    if head["kiosk_id"] != kiosk_id or head["after"] != after:
        raise SyncError("The kiosk sent a page of choices this laptop did not ask for; nothing of it was kept.")
    try:
        return store.save_lines(kiosk_id, chunks, head["through"], size=head["bytes"], lines=head["lines"])
    except ValueError as exc:
        raise SyncError(
            f"The kiosk's page of choices arrived damaged ({exc}); nothing of it was kept. Sync again."
        ) from None


def _sync_config(
    store: LaptopStore, client: KioskClient, signer: Signer, kiosk_id: str, kiosk_name: str
) -> tuple[list[str], list[str], list[str]]:
    """Exchange the setup; returns what changed here, the edits that lost (for the teacher) and the
    first names of children deleted on another laptop (deleted here too by the merge)."""
    ours = {kind: store.records(kind) for kind in KINDS}
    request = {**ours, "badge_secrets": store.badge_secrets(), "purged_seqs": store.purged_seqs(kiosk_id),
               "class_peers": {"key": store.me.class_peer_key(), "kiosks": store.paired.introductions(kiosk_id)}}
    kiosk = store.paired.get(kiosk_id) or {}
    if kiosk.get("name_pending"):
        request["kiosk_name"] = kiosk["name"]  # the teacher renamed the kiosk on this laptop
    laptop_name = store.paired.laptop_name_to_tell(kiosk_id, store.laptop_name)
    if laptop_name is not None:
        request["laptop_name"] = laptop_name  # renamed here since, or paired before laptops had names
    try:
        theirs = client.post("/sync/config", request, signer)
    except KioskRefusedError as exc:
        if laptop_name is None or exc.code != "unknown_field":
            raise
        request.pop("laptop_name")  # a kiosk of an earlier version keeps the name it was paired with
        theirs = client.post("/sync/config", request, signer)
    store.paired.name_sent(kiosk_id)
    if laptop_name is not None:
        store.paired.laptop_name_told(kiosk_id, laptop_name)
    changed: list[str] = []
    deleted: list[str] = []
    for kind in KINDS:
        records = theirs.get(kind)
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise SyncError("The kiosk sent a setup this laptop cannot read; the laptop's setup is unchanged.")
        try:
            merged = store.merge_records(kind, records)  # a child's tombstone takes their choices and photo here
        except ConfigFormatError as exc:
            raise SyncError(exc.message) from None
        if merged != ours[kind]:
            changed.append(kind)
        if kind == "children":
            deleted = sorted((n for n in newly_deleted(ours[kind], merged).values() if n), key=str.casefold)
    lost = describe_lost_edits(theirs.get("lost_edits"), kiosk_name)
    secrets = theirs.get("badge_secrets")
    if isinstance(secrets, list) and all(isinstance(s, str) and len(s) == 64 for s in secrets):
        store.add_badge_secrets(secrets)
    held = theirs.get("photos")
    if _send_photos(store, client, signer, held if isinstance(held, dict) else {}):
        changed.append("photos")
    return changed, lost, deleted


def _send_photos(store: LaptopStore, client: KioskClient, signer: Signer, held: dict[str, Any]) -> int:
    """Send the children's photos the kiosk lacks or holds in another version; returns how many."""
    sent = 0
    for child in store.records("children"):
        name, digest = child.get("picture"), child.get("photo_sha256")
        if child.get("deleted") or not digest or (isinstance(name, str) and held.get(name) == digest):
            continue
        data = store.photo(str(name))
        if data is None:
            continue
        client.post("/sync/photo", {"name": name, "data": base64.b64encode(data).decode("ascii")}, signer)
        sent += 1
    return sent


def unpair_kiosk(
    store: LaptopStore, kiosk_id: str, *, timeout: float = 15.0, locate: Locate | None = None
) -> str | None:
    """Forget a kiosk; tell it too when it can be reached. Returns a warning, or None."""
    if store.paired.get(kiosk_id) is None:
        raise SyncError(Sentence("This laptop is not paired with a kiosk {kiosk}.", kiosk=kiosk_id))
    warning = None
    try:
        client, signer, _ = _client(store, kiosk_id, timeout, locate)
        with client:
            client.post("/unpair", {}, signer)
    except KioskRefusedError as exc:
        if exc.code != "not_paired":
            warning = f"The kiosk answered: {exc}"
    except SyncError as exc:
        warning = f"The kiosk was not told ({exc}); unpair the laptop in its teacher mode too."
    store.paired.remove(kiosk_id)
    return warning
