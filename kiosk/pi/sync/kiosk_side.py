"""What the kiosk's sync server may read and change, over the kiosk's storage.

:class:`KioskSyncBackend` is built from a :class:`~kiosk.pi.storage.KioskStorage`
and every method must run on the storage thread (the server calls it
through its storage thread). It keeps its own state in the setup's meta values:

``sync_laptops``, ``sync_counters``  paired laptops and their counters (paired_laptops.py)
``sync_anchors``   the last clock anchors (laptop time at this boot's mono time)
``sync_receipts``  per laptop, the last sync: choices sent and received, when
``sync_held``      per laptop, the seq up to which it has shown it holds every choice
``sync_settings``  the class settings version last synced (kiosk_side/class_settings.py)
``sync_clock_problem``  what the last sync found wrong with this kiosk's clock, for the teacher
``sync_clock_words``    the same as a sentence's template and values, so it is shown in the class's language
``class_peers``    the class's other kiosks and the key they sign with (kiosk/pi/peers.py)

The class's badge secrets are kept apart from the setup (kiosk/shared/badge_secrets.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from kiosk.pi.class_desk import ClassDesk
from kiosk.pi.peers import ClassPeers, class_peers
from kiosk.pi.setup_stamps import kiosk_stamper
from kiosk.pi.storage import KioskStorage
from kiosk.pi.storage.segment_lines import LineSource
from kiosk.pi.sync.paired_laptops import PairedLaptops
from kiosk.pi.sync.setup_exchange import SetupExchange
from kiosk.shared.clock import Clock
from kiosk.shared.domain import Center, Child
from kiosk.shared.files.journal_format import VERSION as LINES_VERSION
from kiosk.shared.kiosk_name import default_kiosk_name, kiosk_name_problem
from kiosk.shared.seq_ranges import held_ranges
from kiosk.shared.sync.clock_fix import check_clock, parse_wall
from kiosk.shared.sync.laptop_name import laptop_name_problem
from kiosk.shared.sync.merge import EventFormatError
from kiosk.shared.text.i18n import sentence_record

__all__ = ["KioskSyncBackend"]

_KEEP_ANCHORS = 50
_KINDS: dict[str, type[Center] | type[Child]] = {"centers": Center, "children": Child}


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
    def hello(self, laptop_id: str, laptop_time: str) -> dict[str, Any]:
        """Record the laptop's time as a clock anchor; say where this kiosk stands."""
        try:
            parse_wall(laptop_time)
        except EventFormatError:
            raise ValueError("laptop_time is not an ISO 8601 time") from None
        anchor = {"boot_id": self._clock.boot_id, "mono": round(self._clock.monotonic(), 3), "wall": laptop_time}
        anchors = [*list(self._config.get_meta("sync_anchors", []) or [])[-(_KEEP_ANCHORS - 1):], anchor]
        self._config.put_meta("sync_anchors", anchors)
        self._sent[laptop_id] = 0
        events = self._storage.events
        last = events.last_seq()
        last_wall = None
        if last:
            newest = list(events.since(last - 1))
            last_wall = newest[-1]["wall"] if newest else None
        problem = check_clock(self._clock.now().isoformat(), last_event_wall=last_wall, laptop_wall=laptop_time)
        if (None if problem is None else problem.message) != self._config.get_meta("sync_clock_problem"):
            self._config.put_meta("sync_clock_problem", None if problem is None else problem.message)
            self._config.put_meta("sync_clock_words", None if problem is None else sentence_record(problem.message))
        return {
            "kiosk_id": self.kiosk_id,
            "kiosk_name": self.kiosk_name,
            "last_seq": last,
            "anchor": anchor,
            "clock_problem": None if problem is None else {"code": problem.code, "message": problem.message},
            "lines_version": LINES_VERSION,  # a laptop that reads it asks for these lines as they are
        }

    def line_sources(self, after: int, max_bytes: int) -> tuple[list[LineSource], bool, int]:
        """A page's segments above ``after``, opened (the sync thread reads them); more? the newest seq."""
        events = self._storage.events
        sources, more = events.line_sources(after, max_bytes)
        return sources, more, events.last_seq()

    def note_held(self, laptop_id: str, seq: int) -> None:
        """The laptop showed it holds every choice up to ``seq`` (its checkpoint, asked from or confirmed)."""
        held = dict(self._config.get_meta("sync_held", {}) or {})
        if seq > int(held.get(laptop_id, 0)):
            held[laptop_id] = seq
            self._config.put_meta("sync_held", held)

    def held_through(self, laptop_id: str | None = None) -> int:
        """The seq up to which ``laptop_id`` (or any paired laptop) holds every choice of this kiosk."""
        held = self._config.get_meta("sync_held", {}) or {}
        if laptop_id is not None:
            return int(held.get(laptop_id, 0))
        paired = self.paired.all()
        return max((int(seq) for laptop, seq in held.items() if laptop in paired), default=0)

    def not_on_a_laptop(self) -> int:
        """How many choices no paired laptop has shown it holds yet (seqs above the best checkpoint)."""
        return max(0, self._storage.events.last_seq() - self.held_through())

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

    def merge_config(self, theirs: dict[str, Any], laptop_id: str | None = None) -> dict[str, Any]:
        """Merge the laptop's setup into this kiosk's; returns this kiosk's setup after.

        Everything is checked before anything is saved: a record the kiosk could
        not use, or a name it could not take, raises ``ValueError`` and nothing
        changes (setup_exchange.py). Then the class's other kiosks, this kiosk's
        name as the laptop knows them and the laptop's own name (``laptop_name``,
        sent when the teacher named the laptop since it was told). Retention: the choices the laptop deleted by
        their corrected day (``purged_seqs``) go, but only those that laptop has
        shown it holds (kiosk/laptop/retention.py).
        """
        new_name, laptop_name = theirs.get("kiosk_name"), theirs.get("laptop_name")
        if new_name is not None:
            problem = kiosk_name_problem(str(new_name))
            if problem:
                raise ValueError(problem)
        if laptop_name is not None:
            problem = laptop_name_problem(str(laptop_name))
            if problem:
                raise ValueError(problem)
        lost, seen = self.setup.merge(theirs)
        peers = class_peers(theirs.get("class_peers"), self.kiosk_id)
        offered = None if peers is None else theirs["class_peers"]
        if "class_peers" in theirs and offered != self._config.get_meta("class_peers"):
            self._config.put_meta("class_peers", offered)
            seen = True  # the app hands the new peers to its watcher
        if new_name is not None and str(new_name).strip() != self.kiosk_name:
            self._config.put_meta("kiosk_name", str(new_name).strip())
            seen = True
        if laptop_name is not None and laptop_id is not None:
            self.paired.rename(laptop_id, str(laptop_name).strip())  # shown on the Laptop tab
        purge = held_ranges(theirs.get("purged_seqs") or [], self.held_through(laptop_id) if laptop_id else 0)
        if purge:
            seen = self._storage.events.purge_seqs(purge) > 0 or seen
        if seen and self._on_config_changed is not None:
            self._on_config_changed()
        return {**self.setup.held(), "lost_edits": lost}

    def receipt(self, laptop_id: str, received: int, laptop_time: str, through: int | None = None) -> dict[str, Any]:
        """Close a sync: the choices this kiosk sent since the hello, as the laptop counted them.

        ``through`` is the laptop's checkpoint after the sync (a laptop of an earlier
        version does not send it): the receipt's ``last_seq`` is what the laptop
        holds, never a choice made on the kiosk while the sync ran.
        """
        sent = self._sent.pop(laptop_id, 0)
        if through is not None:
            self.note_held(laptop_id, min(through, self._storage.events.last_seq()))
        receipt = {
            "sent": sent,
            "received": received,
            "agree": sent == received,
            "kiosk_time": self._clock.now().isoformat(timespec="seconds"),
            "laptop_time": laptop_time,
            "last_seq": self.held_through(laptop_id),
        }
        receipts = dict(self._config.get_meta("sync_receipts", {}) or {})
        receipts[laptop_id] = receipt
        self._config.put_meta("sync_receipts", receipts)
        return receipt

    def receipts(self) -> dict[str, dict[str, Any]]:
        """The last receipt per laptop, for the kiosk's sync status screen."""
        return dict(self._config.get_meta("sync_receipts", {}) or {})



