"""The laptop's side of an exchange with a kiosk: what each step of a sync, or a USB bundle, does to its store.

A sync (kiosk/laptop/sync.py) brings the kiosk's answers back typed
(kiosk/shared/sync/messages.py) and hands each to this object in one call, which
applies it over the store's parts and says what to send next:

``take_hello``    the kiosk's address, name and clock anchor kept; retention applied; the setup to offer
``take_setup``    the kiosk's setup merged in, its badge secrets learnt; the photos it lacks
``take_page``     a page of the kiosk's lines kept (a deleted child's or past-retention choices purged)
``take_receipt``  the sync's receipt kept
``take_events``   choices from a USB bundle kept, the same way as a page
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kiosk.laptop.child_photos import ChildPhotos
from kiosk.laptop.choice_files import ChoiceFiles
from kiosk.laptop.conflicts import describe_lost_edits
from kiosk.laptop.deletions import newly_deleted
from kiosk.laptop.page_watch import PageWatch
from kiosk.laptop.paired_kiosks import PairedKiosks
from kiosk.laptop.receipt import Receipt
from kiosk.laptop.retention_purges import RetentionPurges
from kiosk.laptop.setup_records import KINDS, SetupRecords
from kiosk.laptop.this_laptop import ThisLaptop
from kiosk.shared.badge_secrets import BadgeSecretsFile
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.sync.messages import Hello, LinesHead, SetupAnswer, SetupOffer
from kiosk.shared.sync.setup_record_types import settings_records

__all__ = ["KioskExchange", "SetupTaken"]


@dataclass(frozen=True)
class SetupTaken:
    """What merging a kiosk's setup did here, and what the kiosk is sent next.

    ``changed``: the kinds of setup that changed on this laptop ("photos" when photos
    are sent); ``lost``: edits that lost, in words for the teacher; ``deleted``: first
    names of children deleted on another laptop, deleted here too; ``photos``: name and
    bytes of each photo the kiosk lacks; ``checkpoint``: where to ask for lines from.
    """

    kiosk_name: str
    changed: list[str]
    lost: list[str]
    deleted: list[str]
    photos: list[tuple[str, bytes]]
    checkpoint: int


class KioskExchange:
    """Each step of a sync applied to the laptop's store in one call; on the store's thread."""

    def __init__(
        self,
        *,
        paired: PairedKiosks,
        choices: ChoiceFiles,
        setup: SetupRecords,
        photos: ChildPhotos,
        retention: RetentionPurges,
        badge_secrets: BadgeSecretsFile,
        me: ThisLaptop,
    ) -> None:
        self._paired = paired
        self._choices = choices
        self._setup = setup
        self._photos = photos
        self._retention = retention
        self._secrets = badge_secrets
        self._me = me

    def take_hello(self, kiosk_id: str, hello: Hello, address: str, today: date) -> SetupOffer:
        """Keep what the kiosk said (where it answered, its name, a clock anchor); return the setup to offer it.

        Retention is applied first: a child deleted here, or choices deleted past the
        retention day by their corrected time, reach the kiosk before its choices are
        pulled, so they never travel again.
        """
        kiosk = self._paired.heard(kiosk_id, address=address, name=hello.kiosk_name, anchor=hello.anchor)
        self._retention.apply(today)
        laptop_name = self._me.name
        return SetupOffer(
            centers=self._setup.centers(),
            children=self._setup.children(),
            settings=settings_records(self._setup.records("settings")),
            badge_secrets=self._secrets.known(),
            purged_seqs=self._retention.purged_seqs(kiosk_id),
            class_peers={"key": self._me.class_peer_key(), "kiosks": self._paired.introductions(kiosk_id)},
            kiosk_name=str(kiosk["name"]) if kiosk.get("name_pending") else None,  # renamed here by the teacher
            # renamed here since, or paired before laptops had names
            laptop_name=None if kiosk.get("laptop_name_told") == laptop_name else laptop_name,
        )

    def take_setup(self, kiosk_id: str, offer: SetupOffer, answer: SetupAnswer) -> SetupTaken:
        """Merge the kiosk's setup (``offer`` is what this laptop sent); learn its badge secrets.

        A child's tombstone takes their choices and photo here (``ConfigFormatError`` for a
        record the merge cannot read: what was merged before it stays, as a sync again would).
        """
        kiosk = self._paired.told(kiosk_id, offer.laptop_name)
        changed: list[str] = []
        deleted: list[str] = []
        for kind in KINDS:
            merged = self._setup.merge(kind, answer.records(kind))
            if merged != offer.records(kind):
                changed.append(kind)
            if kind == "children":
                gone = newly_deleted(offer.children, merged).values()
                deleted = sorted((name for name in gone if name), key=str.casefold)
        if answer.badge_secrets:
            self._secrets.learn(answer.badge_secrets)
        photos = self._photos_lacking(answer.photos)
        if photos:
            changed.append("photos")
        name = str(kiosk.get("name", kiosk_id))
        lost = describe_lost_edits(answer.lost_edits, name)
        return SetupTaken(name, changed, lost, deleted, photos, self._choices.checkpoint(kiosk_id))

    def _photos_lacking(self, held: dict[str, str]) -> list[tuple[str, bytes]]:
        """The children's photos the kiosk lacks or holds in another version, with their bytes."""
        lacking = []
        for child in self._setup.records("children"):
            name, digest = child.get("picture"), child.get("photo_sha256")
            if child.get("deleted") or not digest or not isinstance(name, str) or held.get(name) == digest:
                continue
            data = self._photos.read(name)
            if data is not None:
                lacking.append((name, data))
        return lacking

    def take_page(self, kiosk_id: str, head: LinesHead, chunks: Iterable[bytes]) -> int:
        """Keep a page of the kiosk's journal lines as they arrive; returns how many.

        The kiosk purged deleted children's choices before sending (the setup is synced
        first); should one still arrive, it is purged here at once, as are choices past
        the retention day. ``ValueError`` for a page that did not arrive whole (nothing of it kept).
        """
        gone = [f'"child_id":"{child_id}"'.encode() for child_id in sorted(self._setup.deleted_children())]
        watch = PageWatch(gone)
        saved = self._choices.append_lines(kiosk_id, watch.watch(chunks), head.to_checkpoint,
                                           size=head.size, lines=head.lines)
        if watch.found:
            deleted = self._setup.deleted_children()
            self._choices.purge(lambda e: e.child_id in deleted)
        self._retention.after_arrival(kiosk_id, watch.first_day())
        return saved

    def take_events(self, kiosk_id: str, events: list[ChoiceEvent], checkpoint: int) -> int:
        """Keep choices read from a USB bundle (checked); returns how many were new and stay."""
        deleted = self._setup.deleted_children()
        fresh = self._choices.add_events(kiosk_id, events, checkpoint, refused=lambda e: e.child_id in deleted)
        if not fresh:
            return 0
        return len(fresh) - self._retention.after_arrival(kiosk_id, min(e.day for e in fresh))

    def take_receipt(self, kiosk_id: str, receipt: Receipt) -> None:
        self._paired.save_receipt(kiosk_id, receipt.record())

