"""What one sync carries, typed: each request and answer read once, where it enters a program.

The kiosk's routes read a request body (already checked field by field against
:data:`~kiosk.shared.sync.protocol.PATHS`) into one of these values with ``from_body`` and
hand it to the sync backend; the laptop reads the kiosk's answer with ``from_answer``,
which refuses (:class:`AnswerError`) what the laptop could not use, and hands the value to
its store. Each value writes itself back with ``to_body``. Past this module neither side
reads a sync's JSON.

The JSON field names stay as kiosks and laptops of earlier versions send them (docs/SYNC.md):
the laptop's *checkpoint* (the seq up to which it holds every choice of the kiosk) is
``after`` in a lines request and in a page's head, the checkpoint a page brings the laptop to
is the head's ``through``, and the checkpoint a receipt confirms is ``through`` too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from kiosk.shared.badge_secrets import is_badge_secret
from kiosk.shared.sync.clock_fix import ClockAnchor, ClockProblem
from kiosk.shared.sync.setup_record_types import (
    CenterRecord,
    ChildRecord,
    SettingsRecord,
    SetupRecord,
    center_records,
    child_records,
    settings_records,
)

__all__ = [
    "SETUP_KINDS",
    "AnswerError",
    "Hello",
    "HelloAsk",
    "KioskReceipt",
    "LinesAsk",
    "LinesHead",
    "PhotoSent",
    "ReceiptNote",
    "SetupAnswer",
    "SetupOffer",
    "SyncRequest",
    "UnpairAsk",
    "read_request",
]

#: The kinds of setup records a sync merges both ways, in the order they are merged.
SETUP_KINDS = ("centers", "children", "settings")

Record = dict[str, Any]


class AnswerError(ValueError):
    """The kiosk's answer cannot be used; ``str()`` is for the teacher (the laptop's client makes it a SyncError)."""


def _count(value: object) -> int | None:
    """A whole number of 0 or more, or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _records(value: object) -> list[Record] | None:
    return [dict(r) for r in value] if isinstance(value, list) and all(isinstance(r, dict) for r in value) else None


def _setup_records(
    centers: list[Record], children: list[Record], settings: list[Record]
) -> tuple[list[CenterRecord], list[ChildRecord], list[SettingsRecord]]:
    """The records of a sync's JSON, typed as they came (the merge checks their version fields)."""
    return center_records(centers), child_records(children), settings_records(settings)


@dataclass(frozen=True)
class HelloAsk:
    """A ``/sync/hello`` request: the laptop's time, which becomes a clock anchor on the kiosk."""

    laptop_time: str

    def to_body(self) -> dict[str, Any]:
        return {"laptop_time": self.laptop_time}


@dataclass(frozen=True)
class Hello:
    """The kiosk's answer to ``/sync/hello``: who it is, where its log stands, its clock."""

    kiosk_id: str
    kiosk_name: str
    last_seq: int
    #: The laptop's time at this moment of the kiosk's boot, for correcting its choices' times.
    anchor: ClockAnchor | None
    clock_problem: ClockProblem | None
    #: The journal line version the kiosk offers (None: a kiosk of a version before line versions).
    lines_version: int | None

    def to_body(self) -> dict[str, Any]:
        """The answer as a kiosk of this version sends it (``lines_version`` left out when None, as
        a kiosk of an earlier version sent it)."""
        anchor = self.anchor
        problem = self.clock_problem
        body = {
            "kiosk_id": self.kiosk_id,
            "kiosk_name": self.kiosk_name,
            "last_seq": self.last_seq,
            "anchor": None if anchor is None else {"boot_id": anchor.boot_id, "mono": anchor.mono, "wall": anchor.wall},
            "clock_problem": None if problem is None else {"code": problem.code, "message": problem.message},
        }
        return body if self.lines_version is None else {**body, "lines_version": self.lines_version}

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any]) -> Hello:
        """The hello as the laptop reads it: what it cannot read is left out (``last_seq`` only sizes
        the progress shown; the kiosk id is checked by the caller)."""
        name = answer.get("kiosk_name")
        return cls(
            kiosk_id=str(answer.get("kiosk_id")),
            kiosk_name=name if isinstance(name, str) else "",
            last_seq=_count(answer.get("last_seq")) or 0,
            anchor=_anchor(answer.get("anchor")),
            clock_problem=_problem(answer.get("clock_problem")),
            lines_version=_count(answer.get("lines_version")),
        )


def _anchor(value: object) -> ClockAnchor | None:
    """An anchor as the kiosk sends it; one that is not readable is left out (it could correct nothing)."""
    if not isinstance(value, dict):
        return None
    try:
        return ClockAnchor.from_dict(value)
    except (KeyError, TypeError, ValueError):
        return None


def _problem(value: object) -> ClockProblem | None:
    if not isinstance(value, dict) or not isinstance(value.get("message"), str):
        return None
    return ClockProblem(str(value.get("code") or ""), value["message"])


@dataclass(frozen=True)
class LinesAsk:
    """A ``/sync/lines`` request: the next page of the kiosk's lines after the laptop's checkpoint."""

    checkpoint: int
    max_bytes: int
    #: The journal line version the laptop reads; sent only to a kiosk whose hello offers it.
    lines_version: int | None = None

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"after": self.checkpoint, "max_bytes": self.max_bytes}
        if self.lines_version is not None:
            body["lines_version"] = self.lines_version
        return body

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> LinesAsk:
        return cls(body["after"], body["max_bytes"], body.get("lines_version"))


@dataclass(frozen=True)
class LinesHead:
    """The JSON line that heads a page of the kiosk's lines (kiosk/pi/sync/lines_page.py).

    The page holds ``lines`` journal lines, ``size`` bytes, after the laptop's checkpoint
    ``from_checkpoint``; kept whole, they bring the laptop to ``to_checkpoint``. ``more``:
    ask again from there.
    """

    kiosk_id: str
    from_checkpoint: int
    to_checkpoint: int
    more: bool
    lines: int
    size: int

    def to_body(self) -> dict[str, Any]:
        return {"kiosk_id": self.kiosk_id, "after": self.from_checkpoint, "through": self.to_checkpoint,
                "more": self.more, "lines": self.lines, "bytes": self.size}

    @classmethod
    def from_answer(cls, head: object, max_size: int) -> LinesHead:
        """The head, checked: the laptop moves its checkpoint by it."""
        unreadable = AnswerError("The kiosk sent a page of choices this laptop cannot read; nothing of it was kept.")
        if not isinstance(head, dict) or not isinstance(head.get("kiosk_id"), str) or not isinstance(
            head.get("more"), bool
        ):
            raise unreadable
        after, through, lines, size = (_count(head.get(k)) for k in ("after", "through", "lines", "bytes"))
        if after is None or through is None or lines is None or size is None or size > max_size or through < after:
            raise unreadable
        return cls(head["kiosk_id"], after, through, head["more"], lines, size)


@dataclass(frozen=True)
class SetupOffer:
    """The laptop's setup as a ``/sync/config`` request: its records, the class's secrets and peers, names.

    ``purged_seqs``: the kiosk's choices this laptop deleted by retention (runs of seqs);
    ``class_peers``: the class's other kiosks and their key, as kiosk/pi/peers.py reads them;
    ``kiosk_name``: sent when the teacher renamed the kiosk on the laptop; ``laptop_name``:
    when the kiosk knows the laptop by another name. None where an earlier version sends nothing.
    """

    centers: list[CenterRecord]
    children: list[ChildRecord]
    settings: list[SettingsRecord]
    badge_secrets: list[str]
    purged_seqs: list[list[int]] | None = None
    class_peers: Mapping[str, Any] | None = None
    kiosk_name: str | None = None
    laptop_name: str | None = None

    def records(self, kind: str) -> Sequence[SetupRecord]:
        kinds: dict[str, Sequence[SetupRecord]] = {
            "centers": self.centers, "children": self.children, "settings": self.settings,
        }
        return kinds[kind]

    def without_laptop_name(self) -> SetupOffer:
        """The offer as a kiosk of an earlier version takes it (it keeps the name it was paired with)."""
        return replace(self, laptop_name=None)

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"centers": self.centers, "children": self.children, "settings": self.settings,
                                "badge_secrets": self.badge_secrets}
        optional = {"purged_seqs": self.purged_seqs, "class_peers": self.class_peers,
                    "kiosk_name": self.kiosk_name, "laptop_name": self.laptop_name}
        return body | {name: value for name, value in optional.items() if value is not None}

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> SetupOffer:
        return cls(*_setup_records(body["centers"], body["children"], body["settings"]), body["badge_secrets"],
                   body.get("purged_seqs"), body.get("class_peers"), body.get("kiosk_name"), body.get("laptop_name"))


@dataclass(frozen=True)
class SetupAnswer:
    """The kiosk's setup after merging the laptop's: the ``/sync/config`` answer.

    ``photos``: the children's photos the kiosk holds, name → SHA-256; ``lost_edits``: the
    edits that lost to ones made without seeing them, as config_merge.py reports them
    (with the record's ``kind`` and ``name``), put in words by kiosk/laptop/conflicts.py.
    """

    centers: list[CenterRecord]
    children: list[ChildRecord]
    settings: list[SettingsRecord]
    badge_secrets: list[str]
    photos: dict[str, str]
    lost_edits: list[Record]

    def records(self, kind: str) -> Sequence[SetupRecord]:
        kinds: dict[str, Sequence[SetupRecord]] = {
            "centers": self.centers, "children": self.children, "settings": self.settings,
        }
        return kinds[kind]

    def to_body(self) -> dict[str, Any]:
        return {"centers": self.centers, "children": self.children, "settings": self.settings,
                "badge_secrets": self.badge_secrets, "photos": self.photos, "lost_edits": self.lost_edits}

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any]) -> SetupAnswer:
        """Records the laptop cannot read refuse the whole answer; secrets, photos and lost edits it
        cannot read are left out (the laptop then sends every photo again)."""
        kinds = [_records(answer.get(kind)) for kind in SETUP_KINDS]
        centers, children, settings = kinds
        if centers is None or children is None or settings is None:
            raise AnswerError("The kiosk sent a setup this laptop cannot read; the laptop's setup is unchanged.")
        secrets = answer.get("badge_secrets")
        photos = answer.get("photos")
        lost = answer.get("lost_edits")
        return cls(
            *_setup_records(centers, children, settings),
            badge_secrets=list(secrets) if isinstance(secrets, list) and all(map(is_badge_secret, secrets)) else [],
            photos={str(k): v for k, v in photos.items() if isinstance(v, str)} if isinstance(photos, dict) else {},
            lost_edits=[dict(e) for e in lost if isinstance(e, dict)] if isinstance(lost, list) else [],
        )


@dataclass(frozen=True)
class PhotoSent:
    """A ``/sync/photo`` request: one child's photo (base64) under the name their record gives it."""

    name: str
    data: str

    def to_body(self) -> dict[str, Any]:
        return {"name": self.name, "data": self.data}

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> PhotoSent:
        return cls(body["name"], body["data"])


@dataclass(frozen=True)
class ReceiptNote:
    """A ``/sync/receipt`` request: what the laptop received, and its checkpoint after (None: an earlier version)."""

    received: int
    laptop_time: str
    checkpoint: int | None = None

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"received": self.received, "laptop_time": self.laptop_time}
        if self.checkpoint is not None:
            body["through"] = self.checkpoint
        return body

    @classmethod
    def from_body(cls, body: Mapping[str, Any]) -> ReceiptNote:
        return cls(body["received"], body["laptop_time"], body.get("through"))


@dataclass(frozen=True)
class KioskReceipt:
    """The kiosk's receipt closing a sync: choices it sent and the laptop received, both times,
    and ``last_seq``, the laptop's checkpoint as the kiosk keeps it."""

    sent: int
    received: int
    kiosk_time: str
    laptop_time: str
    last_seq: int

    @property
    def agree(self) -> bool:
        return self.sent == self.received

    def to_body(self) -> dict[str, Any]:
        return {"sent": self.sent, "received": self.received, "agree": self.agree, "kiosk_time": self.kiosk_time,
                "laptop_time": self.laptop_time, "last_seq": self.last_seq}

    @classmethod
    def from_answer(cls, answer: Mapping[str, Any]) -> KioskReceipt:
        """The receipt as the laptop reads it: a count it cannot read is -1 (the counts then differ)."""
        sent, received, last = (_count(answer.get(k)) for k in ("sent", "received", "last_seq"))
        return cls(-1 if sent is None else sent, -1 if received is None else received,
                   str(answer.get("kiosk_time") or ""), str(answer.get("laptop_time") or ""),
                   0 if last is None else last)


@dataclass(frozen=True)
class UnpairAsk:
    """An ``/unpair`` request: the laptop forgets the kiosk, and asks the kiosk to forget it."""

    def to_body(self) -> dict[str, Any]:
        return {}


#: A laptop's signed request to a kiosk, read into its typed value.
SyncRequest = HelloAsk | LinesAsk | SetupOffer | PhotoSent | ReceiptNote | UnpairAsk


def read_request(path: str, body: Mapping[str, Any]) -> SyncRequest:
    """The typed request of a body already checked against its path's fields (protocol.PATHS)."""
    if path == "/sync/hello":
        return HelloAsk(body["laptop_time"])
    if path == "/sync/lines":
        return LinesAsk.from_body(body)
    if path == "/sync/config":
        return SetupOffer.from_body(body)
    if path == "/sync/photo":
        return PhotoSent.from_body(body)
    if path == "/sync/receipt":
        return ReceiptNote.from_body(body)
    if path == "/unpair":
        return UnpairAsk()
    raise ValueError(f"no signed sync request is sent to {path}")
