"""Kiosks and laptops of both journal line versions sync with each other over real TLS.

Version 2 lines (the event's own JSON) travel verbatim from a kiosk to a laptop that reads
them; a laptop not updated asks without ``lines_version`` and gets version-1 lines (TinyDB's
envelope, as its own code wrote and reads them); a kiosk not updated neither offers nor
accepts ``lines_version`` and sends version-1 lines, which the laptop moves to version 2 as
they arrive.
"""

from __future__ import annotations

import base64
import json
from dataclasses import replace

from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.files.journal_format import event_line
from kiosk.shared.files.old_journal_format import envelope_line, old_entries
from kiosk.shared.sync import protocol
from kiosk.shared.sync.client import KioskClient, Signer
from tests.sync.events import records

from .net_helpers import pair

NOW = "2026-11-25T10:00:00+00:00"


def kiosk_lines(kiosk) -> bytes:
    """Every line of the kiosk's day files after their headers, as they are on its card."""
    files = sorted((kiosk.storage.events.directory).glob("*.journal"))
    return b"".join(b"".join(p.read_bytes().splitlines(keepends=True)[1:]) for p in files)


def test_a_new_kiosks_lines_are_kept_by_the_laptop_byte_for_byte(kiosk, laptop):
    kiosk.add_events(130)
    pair(kiosk, laptop)
    receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5)
    assert (receipt.received, receipt.agree) == (130, True)
    kept = (laptop.directory / "events" / "kioskA.choices").read_bytes()
    assert b"".join(line for line in kept.splitlines(keepends=True)[1:] if b'"checkpoint"' not in line) == (
        kiosk_lines(kiosk)
    )
    assert [e["seq"] for e in records(laptop.choices.events("kioskA"))] == list(range(1, 131)) and laptop.choices.unreadable["kioskA"] == 0


def test_a_laptop_not_updated_gets_the_lines_it_reads(kiosk, laptop):
    kiosk.add_events(12)
    pair(kiosk, laptop)
    client = KioskClient(kiosk.address, laptop.identity, kiosk.server.identity.fingerprint, timeout=5)
    key = base64.b64decode(laptop.paired.get("kioskA")["key"])
    signer = Signer(laptop.laptop_id, key, lambda: laptop.paired.next_counter("kioskA"))
    with client:
        hello = client.post("/sync/hello", {"laptop_time": NOW}, signer)
        head, data = client.post_lines(  # exactly what a laptop of version 1 asks
            "/sync/lines", {"after": 0, "max_bytes": 1 << 20}, signer, lambda h, chunks: (h, b"".join(chunks))
        )
    assert hello["lines_version"] == 2
    events = [json.loads(line[9:]) for line in kiosk_lines(kiosk).splitlines()]
    assert data == b"".join(map(envelope_line, events))
    assert [e for line in data.splitlines() for e in old_entries(json.loads(line[9:]))] == events
    assert (head.lines, head.size, head.to_checkpoint) == (12, len(data), 12)


def test_a_kiosk_not_updated_syncs_with_a_new_laptop(kiosk, laptop, monkeypatch):
    """The kiosk plays version 1: no ``lines_version`` in its hello, the field refused, envelope lines sent."""
    kiosk.add_events(40)
    pair(kiosk, laptop)
    plain_hello = kiosk.backend.hello

    def old_hello(laptop_id, laptop_time):
        return replace(plain_hello(laptop_id, laptop_time), lines_version=None)

    monkeypatch.setattr(kiosk.backend, "hello", old_hello)
    monkeypatch.setitem(protocol.PATHS, "/sync/lines", {
        k: v for k, v in protocol.PATHS["/sync/lines"].items() if k != "lines_version"
    })
    receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5)
    assert (receipt.received, receipt.agree) == (40, True)
    kept = (laptop.directory / "events" / "kioskA.choices").read_bytes()
    assert b'"ops"' not in kept
    assert b"".join(line for line in kept.splitlines(keepends=True)[1:] if b'"checkpoint"' not in line) == (
        kiosk_lines(kiosk)
    )
    events = records(laptop.choices.events("kioskA"))
    assert [e["seq"] for e in events] == list(range(1, 41)) and laptop.choices.unreadable["kioskA"] == 0
    assert b"".join(map(event_line, events)) == kiosk_lines(kiosk)
