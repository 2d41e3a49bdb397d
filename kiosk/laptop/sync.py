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
from kiosk.laptop.store import KINDS, LaptopStore
from kiosk.shared.files.journal_format import VERSION as LINES_VERSION
from kiosk.shared.sync.client import KioskClient, KioskRefusedError, Signer, SyncError
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
    started = client.post(
        "/pair/start",
        {"laptop_id": store.laptop_id, "laptop_name": store.laptop_name,
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
    store.paired.add(kiosk_id, kiosk_name, address, kiosk_fpr, base64.b64encode(keys.pairing_key).decode("ascii"))
    return PairedKiosk(kiosk_id, kiosk_name, address, kiosk_fpr)


def _client(store: LaptopStore, kiosk_id: str, timeout: float) -> tuple[KioskClient, Signer, dict[str, Any]]:
    kiosk = store.paired.get(kiosk_id)
    if kiosk is None:
        raise SyncError(Sentence("This laptop is not paired with a kiosk {kiosk}.", kiosk=kiosk_id))
    client = KioskClient(kiosk["address"], store.identity, kiosk["fingerprint"], timeout=timeout)
    signer = Signer(
        store.laptop_id,
        base64.b64decode(kiosk["key"]),
        lambda: store.paired.next_counter(kiosk_id),
        lambda used: store.paired.move_counter_past(kiosk_id, used),
    )
    return client, signer, kiosk


def sync_kiosk(
    store: LaptopStore,
    kiosk_id: str,
    *,
    page_bytes: int = MAX_LINES_BYTES,
    progress: Callable[[int, int], None] | None = None,
    max_pages: int | None = None,
    timeout: float = 15.0,
) -> Receipt:
    """One full sync of one paired kiosk; ``progress(done, total)`` after each page.

    ``max_pages`` stops early (as an interruption would) for tests; the next call
    resumes from the saved checkpoint.
    """
    client, signer, kiosk = _client(store, kiosk_id, timeout)
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
        raise SyncError(f"The kiosk at {kiosk['address']} says it is {hello.get('kiosk_id')}, not {kiosk_id}.")
    if isinstance(hello.get("anchor"), dict):
        store.add_anchor(kiosk_id, hello["anchor"])
    # The setup first: a child deleted on this laptop (or choices this laptop deleted past
    # the retention day, judged by their corrected time) is purged on the kiosk before
    # its choices are pulled, so they never travel again.
    store.apply_retention(datetime.now(UTC).astimezone().date())
    if isinstance(hello.get("kiosk_name"), str) and hello["kiosk_name"]:
        store.paired.named(kiosk_id, hello["kiosk_name"])
    name = str((store.paired.get(kiosk_id) or kiosk)["name"])
    changed, lost = _sync_config(store, client, signer, kiosk_id, name)
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
    )
    store.paired.save_receipt(kiosk_id, {**receipt.__dict__, "agree": receipt.agree})
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
) -> tuple[list[str], list[str]]:
    """Exchange the setup; returns what changed here and, for the teacher, the edits that lost."""
    ours = {kind: store.records(kind) for kind in KINDS}
    request = {**ours, "badge_secrets": store.badge_secrets(), "purged_seqs": store.purged_seqs(kiosk_id),
               "class_peers": store.class_peers_for(kiosk_id)}
    kiosk = store.paired.get(kiosk_id) or {}
    if kiosk.get("name_pending"):
        request["kiosk_name"] = kiosk["name"]  # the teacher renamed the kiosk on this laptop
    theirs = client.post("/sync/config", request, signer)
    store.paired.name_sent(kiosk_id)
    changed: list[str] = []
    for kind in KINDS:
        records = theirs.get(kind)
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise SyncError("The kiosk sent a setup this laptop cannot read; the laptop's setup is unchanged.")
        try:
            if store.merge_records(kind, records) != ours[kind]:
                changed.append(kind)
        except ConfigFormatError as exc:
            raise SyncError(exc.message) from None
    lost = describe_lost_edits(theirs.get("lost_edits"), kiosk_name)
    secrets = theirs.get("badge_secrets")
    if isinstance(secrets, list) and all(isinstance(s, str) and len(s) == 64 for s in secrets):
        store.add_badge_secrets(secrets)
    held = theirs.get("photos")
    if _send_photos(store, client, signer, held if isinstance(held, dict) else {}):
        changed.append("photos")
    return changed, lost


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


def unpair_kiosk(store: LaptopStore, kiosk_id: str, *, timeout: float = 15.0) -> str | None:
    """Forget a kiosk; tell it too when it can be reached. Returns a warning, or None."""
    client, signer, _ = _client(store, kiosk_id, timeout)
    warning = None
    try:
        with client:
            client.post("/unpair", {}, signer)
    except KioskRefusedError as exc:
        if exc.code != "not_paired":
            warning = f"The kiosk answered: {exc}"
    except SyncError as exc:
        warning = f"The kiosk was not told ({exc}); unpair the laptop in its teacher mode too."
    store.paired.remove(kiosk_id)
    return warning
