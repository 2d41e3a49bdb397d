"""Events and kiosk lines for the tests of the laptop's choice files."""

from __future__ import annotations

import uuid
from typing import Any

from kiosk.laptop.choice_file import ChoiceFile
from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.journal_format import event_line


def make_record(seq: int, kiosk_id: str = "k1", **fields: Any) -> dict[str, Any]:
    """The JSON object a kiosk logs for one event (``fields`` override its values)."""
    event = {
        "id": uuid.uuid4().hex,
        "kiosk_id": kiosk_id,
        "seq": seq,
        "child_id": "c1",
        "center_id": "blocks",
        "kind": "chose",
        "method": "tap",
        "wall": "2026-09-01T09:00:00+00:00",
        "day": "2026-09-01",
        "boot_id": "0f" * 16,
        "mono": 1.0,
        "ref": None,
    }
    event.update(fields)
    return event


def make_event(seq: int, kiosk_id: str = "k1", **fields: Any) -> ChoiceEvent:
    """One event as the laptop reads it back."""
    return ChoiceEvent.from_dict(make_record(seq, kiosk_id, **fields))


def kiosk_line(event: ChoiceEvent | dict[str, Any]) -> bytes:
    """The line a kiosk writes for ``event`` and sends as it is."""
    return event_line(event.to_dict() if isinstance(event, ChoiceEvent) else event)


def stream(file: ChoiceFile, events: list[ChoiceEvent], through: int, size: int = 0) -> int:
    """Append ``events`` as the kiosk sends them, in chunks of ``size`` bytes (0: one chunk)."""
    data = b"".join(kiosk_line(e) for e in events)
    chunks = [data[i : i + size] for i in range(0, len(data), size)] if size else [data]
    return file.append_stream(
        chunks, through, expected_bytes=len(data), expected_lines=len(events)
    )
