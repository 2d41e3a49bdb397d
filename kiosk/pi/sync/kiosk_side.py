"""What the kiosk's sync server may read and change, over the kiosk's storage.

:class:`KioskSyncBackend` is built from a :class:`~kiosk.pi.storage.KioskStorage`
and every method must run on the storage thread (the server hands it each request,
read into a typed value: kiosk/shared/sync/messages.py, and answers with what it
returns). It keeps its own state in the setup's meta values:

``sync_laptops``, ``sync_counters``  paired laptops and their counters (paired_laptops.py)
``sync_anchors``   the last clock anchors (laptop time at this boot's mono time)
``sync_receipts``  per laptop, the last sync: choices sent and received, when
``sync_held``      per laptop, its checkpoint: the seq up to which it has shown it holds every choice
``sync_settings``  the class settings version last synced (class_settings.py)
``sync_clock_problem``  what the last sync found wrong with this kiosk's clock, for the teacher
``sync_clock_words``    the same as a sentence's template and values, so it is shown in the class's language
``class_peers``    the class's other kiosks and the key they sign with (kiosk/pi/peers.py)

The class's badge secrets are kept apart from the setup (kiosk/shared/badge_secrets.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from kiosk.pi.class_desk import ClassDesk
from kiosk.pi.peers import ClassPeers, class_peers
from kiosk.pi.setup_stamps import kiosk_stamper
from kiosk.pi.storage import KioskStorage
from kiosk.pi.storage.segment_lines import LineSource, close_sources
from kiosk.pi.sync.paired_laptops import PairedLaptops
from kiosk.pi.sync.setup_exchange import SetupExchange
from kiosk.shared.clock import Clock
from kiosk.shared.files.journal_format import VERSION as LINES_VERSION
from kiosk.shared.kiosk_name import default_kiosk_name, kiosk_name_problem
from kiosk.shared.seq_ranges import ranges_up_to
from kiosk.shared.sync.clock_fix import ClockAnchor, check_clock, parse_wall
from kiosk.shared.sync.laptop_name import laptop_name_problem
from kiosk.shared.sync.merge import EventFormatError
from kiosk.shared.sync.messages import (
    Hello,
    HelloAsk,
    KioskReceipt,
    LinesAsk,
    PhotoSent,
    ReceiptNote,
    SetupAnswer,
    SetupOffer,
    SyncRequest,
)
from kiosk.shared.text.i18n import sentence_record

__all__ = ["Answer", "KioskSyncBackend", "OpenedPage", "ReplayedError"]

_KEEP_ANCHORS = 50
#: The laptops' checkpoints in the setup's meta values (the name earlier versions saved them under).
_CHECKPOINTS = "sync_held"


@dataclass(frozen=True)
class OpenedPage:
    """A ``/sync/lines`` page's day files, opened on the storage thread for the sync thread to read."""

    sources: list[LineSource]
    more: bool
    last_seq: int


#: What the backend answers a request with: typed (written out with ``to_body``), or a small object.
Answer = Hello | OpenedPage | SetupAnswer | KioskReceipt | dict[str, Any]


class ReplayedError(Exception):
    """A request whose counter is not above the last one accepted from its laptop (a replay)."""

    def __init__(self, last: int) -> None:
        super().__init__(f"the last counter accepted is {last}")
        self.last = last


class KioskSyncBackend:
    """The kiosk's side of a sync; call every method on the storage thread."""

    def __init__(
        self,
        storage: KioskStorage,
        clock: Clock,
        *,
        on_config_changed: Callable[[], None] | None = None,
        class_desk: ClassDesk | None = None,
    ) -> None:
        self._storage = storage
        self._config = storage.config
        self._clock = clock
        self._on_config_changed = on_config_changed
        #: The running kiosk's side towards its class's other kiosks (kiosk/pi/class_desk.py); None without a UI.
        self.class_desk = class_desk
        self._sent: dict[str, int] = {}
        #: Who may sync with this kiosk, and the request counters that refuse a replay.
        self.paired = PairedLaptops(self._config, clock)
        #: The class's setup as it travels: offered, merged, photos (setup_exchange.py).
        self.setup = SetupExchange(storage, kiosk_stamper(clock, self._config), lambda: self.kiosk_id,
                                   on_changed=self._config_changed)

    def _config_changed(self) -> None:
        if self._on_config_changed is not None:
            self._on_config_changed()

    @property
    def kiosk_id(self) -> str:
        return str(self._config.get_meta("kiosk_id"))

    @property
    def kiosk_name(self) -> str:
        """The name the teacher gave this kiosk, or its class's name and a short part of its id."""
        named = self._config.get_meta("kiosk_name")
        if named:
            return str(named)
        return default_kiosk_name(str(self._config.get_meta("classroom_name") or ""), self.kiosk_id)

    def batch(self) -> AbstractContextManager[None]:
        """One atomic save for everything a request changes in the setup (with its counter)."""
        return self._config.batch()

    # -- a sync ---------------------------------------------------------------
    def answer(self, laptop_id: str, counter: int, request: SyncRequest) -> Answer:
        """Answer one signed request of a paired laptop, read into its typed value.

        Its counter is checked again here, where it is saved (``ReplayedError`` when it is
        not above the last one accepted); the request's changes and its counter are one
        write. A request the kiosk refuses raises ``ValueError`` before anything changes.
        """
        last = self.paired.last_counter(laptop_id)
        if counter <= last:
            raise ReplayedError(last)
        answer: Answer | None = None
        try:
            with self.batch():
                answer = self._dispatch(laptop_id, request)
                self.paired.accept_counter(laptop_id, counter)
        except BaseException:
            if isinstance(answer, OpenedPage):
                close_sources(answer.sources)  # the day files were opened; nothing will read them
            raise
        return answer

    def _dispatch(self, laptop_id: str, request: SyncRequest) -> Answer:
        if isinstance(request, HelloAsk):
            return self.hello(laptop_id, request.laptop_time)
        if isinstance(request, LinesAsk):
            return self.open_page(laptop_id, request)
        if isinstance(request, SetupOffer):
            return self.take_setup(laptop_id, request)
        if isinstance(request, PhotoSent):
            return self.setup.save_photo(request)
        if isinstance(request, ReceiptNote):
            return self.receipt(laptop_id, request)
        return self.unpair(laptop_id)

    def hello(self, laptop_id: str, laptop_time: str) -> Hello:
        """Record the laptop's time as a clock anchor; say where this kiosk stands."""
        try:
            parse_wall(laptop_time)
        except EventFormatError:
            raise ValueError("laptop_time is not an ISO 8601 time") from None
        anchor = ClockAnchor(self._clock.boot_id, round(self._clock.monotonic(), 3), laptop_time)
        kept = {"boot_id": anchor.boot_id, "mono": anchor.mono, "wall": anchor.wall}
        anchors = [*list(self._config.get_meta("sync_anchors", []) or [])[-(_KEEP_ANCHORS - 1):], kept]
        self._config.put_meta("sync_anchors", anchors)
        self._sent[laptop_id] = 0
        last = self._storage.choices.last_seq()
        newest = self._storage.choices.newest()
        last_wall = None if newest is None else newest.wall
        problem = check_clock(self._clock.now().isoformat(), last_event_wall=last_wall, laptop_wall=laptop_time)
        if (None if problem is None else problem.message) != self._config.get_meta("sync_clock_problem"):
            self._config.put_meta("sync_clock_problem", None if problem is None else problem.message)
            self._config.put_meta("sync_clock_words", None if problem is None else sentence_record(problem.message))
        # lines_version: a laptop that reads it asks for these lines as they are
        return Hello(self.kiosk_id, self.kiosk_name, last, anchor, problem, LINES_VERSION)

    def open_page(self, laptop_id: str, ask: LinesAsk) -> OpenedPage:
        """The laptop holds every choice up to its checkpoint (noted); the page's segments above it, opened
        (the sync thread reads them), whether more follow, and the newest seq."""
        self.note_checkpoint(laptop_id, ask.checkpoint)
        events = self._storage.events
        sources, more = events.line_sources(ask.checkpoint, ask.max_bytes)
        return OpenedPage(sources, more, events.last_seq())

    def note_checkpoint(self, laptop_id: str, seq: int) -> None:
        """The laptop showed it holds every choice up to ``seq`` (its checkpoint, asked from or confirmed)."""
        checkpoints = dict(self._config.get_meta(_CHECKPOINTS, {}) or {})
        if seq > int(checkpoints.get(laptop_id, 0)):
            checkpoints[laptop_id] = seq
            self._config.put_meta(_CHECKPOINTS, checkpoints)

    def checkpoint(self, laptop_id: str | None = None) -> int:
        """The seq up to which ``laptop_id`` (or any paired laptop) holds every choice of this kiosk."""
        checkpoints = self._config.get_meta(_CHECKPOINTS, {}) or {}
        if laptop_id is not None:
            return int(checkpoints.get(laptop_id, 0))
        paired = self.paired.all()
        return max((int(seq) for laptop, seq in checkpoints.items() if laptop in paired), default=0)

    def not_on_a_laptop(self) -> int:
        """How many choices no paired laptop has shown it holds yet (seqs above the best checkpoint)."""
        return max(0, self._storage.events.last_seq() - self.checkpoint())

    def class_peers(self) -> ClassPeers | None:
        """The class's other kiosks, as the last laptop sync introduced them (kiosk/pi/peers.py)."""
        return class_peers(self._config.get_meta("class_peers"), self.kiosk_id)

    def peer_today(self) -> dict[str, Any]:
        """Today's entries of this kiosk and the clock they were stamped by, for another kiosk of the class.

        ``now`` is this kiosk's own clock, right or wrong: the asking kiosk moves the
        entries by the difference between that clock and its own.
        """
        if self.class_desk is not None:
            return self.class_desk.today_answer()  # today as the kiosk's timeline says (kiosk/pi/kiosk_day.py)
        now = self._clock.now()
        events = self._storage.events.events_on(now.date().isoformat())
        return {"kiosk_id": self.kiosk_id, "now": now.isoformat(), "events": events}

    def note_sent(self, laptop_id: str, count: int) -> None:
        """Count choices sent as lines (``/sync/lines``) towards this sync's receipt."""
        self._sent[laptop_id] = self._sent.get(laptop_id, 0) + count

    def take_setup(self, laptop_id: str, offer: SetupOffer) -> SetupAnswer:
        """Merge the laptop's setup into this kiosk's; returns this kiosk's setup after.

        Everything is checked before anything is saved: a record the kiosk could
        not use, or a name it could not take, raises ``ValueError`` and nothing
        changes (setup_exchange.py). Then the class's other kiosks, this kiosk's
        name as the laptop knows it and the laptop's own name (sent when the teacher
        named the laptop since it was told). Retention: the choices the laptop deleted
        by their corrected day (``purged_seqs``) go, but only those that laptop has
        shown it holds (kiosk/laptop/retention.py).
        """
        _check_names(offer)
        lost, seen = self.setup.merge(offer)
        seen = self._take_peers(offer) or seen
        seen = self._take_names(laptop_id, offer) or seen
        purge = ranges_up_to(offer.purged_seqs or [], self.checkpoint(laptop_id))
        if purge:
            seen = self._storage.events.purge_seqs(purge) > 0 or seen
        if seen and self._on_config_changed is not None:
            self._on_config_changed()
        return self.setup.answer(lost)

    def _take_peers(self, offer: SetupOffer) -> bool:
        """Keep the class's other kiosks as the laptop introduced them; whether they changed (the app then
        hands them to its watcher)."""
        if offer.class_peers is None:
            return False  # a laptop of an earlier version says nothing of them
        offered = offer.class_peers if class_peers(offer.class_peers, self.kiosk_id) is not None else None
        if offered == self._config.get_meta("class_peers"):
            return False
        self._config.put_meta("class_peers", offered)
        return True

    def _take_names(self, laptop_id: str, offer: SetupOffer) -> bool:
        """The name the teacher gave this kiosk on the laptop (whether it changed), and the laptop's own."""
        if offer.laptop_name is not None:
            self.paired.rename(laptop_id, offer.laptop_name.strip())  # shown on the Laptop tab
        if offer.kiosk_name is None or offer.kiosk_name.strip() == self.kiosk_name:
            return False
        self._config.put_meta("kiosk_name", offer.kiosk_name.strip())
        return True

    def receipt(self, laptop_id: str, note: ReceiptNote) -> KioskReceipt:
        """Close a sync: the choices this kiosk sent since the hello, as the laptop counted them.

        The note's checkpoint is the laptop's after the sync (a laptop of an earlier
        version does not send it): the receipt's ``last_seq`` is what the laptop
        holds, never a choice made on the kiosk while the sync ran.
        """
        sent = self._sent.pop(laptop_id, 0)
        if note.checkpoint is not None:
            self.note_checkpoint(laptop_id, min(note.checkpoint, self._storage.events.last_seq()))
        receipt = KioskReceipt(sent, note.received, self._clock.now().isoformat(timespec="seconds"),
                               note.laptop_time, self.checkpoint(laptop_id))
        receipts = dict(self._config.get_meta("sync_receipts", {}) or {})
        receipts[laptop_id] = receipt.to_body()
        self._config.put_meta("sync_receipts", receipts)
        return receipt

    def unpair(self, laptop_id: str) -> dict[str, Any]:
        self.paired.remove(laptop_id)
        return {"unpaired": True, "kiosk_id": self.kiosk_id}

    def receipts(self) -> dict[str, dict[str, Any]]:
        """The last receipt per laptop, for the kiosk's sync status screen."""
        return dict(self._config.get_meta("sync_receipts", {}) or {})


def _check_names(offer: SetupOffer) -> None:
    """``ValueError`` for a kiosk name or laptop name this kiosk could not take (before anything is saved)."""
    for problem in (
        None if offer.kiosk_name is None else kiosk_name_problem(offer.kiosk_name),
        None if offer.laptop_name is None else laptop_name_problem(offer.laptop_name),
    ):
        if problem:
            raise ValueError(problem)
