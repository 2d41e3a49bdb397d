"""The fast pull keeps every guarantee: one kept-open connection, each request still
authenticated, the kiosk's day files sent as lines (opened on the storage thread, read
off it), pages that arrive whole or not at all, lines checked when the laptop reads them."""

from __future__ import annotations

import base64
import dataclasses
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.laptop.actions import snapshot
from kiosk.laptop.paired_kiosks import ANCHORS_PER_BOOT
from kiosk.laptop.sync import sync_kiosk
from kiosk.pi.sync.lines_page import build_lines_page
from kiosk.shared.sync.client import KioskClient, KioskRefusedError, Signer, SyncError
from kiosk.shared.sync.clock_fix import ClockAnchor
from kiosk.shared.sync.merge import EventFormatError, merge_logs, merge_page
from kiosk.shared.sync.protocol import MAX_LINES_BYTES, OPTIONAL, PATHS, ProtocolError, validate
from tests.sync.events import records

from .events import event
from .net_helpers import pair

NOW = "2026-11-25T10:00:00+00:00"


class _Admitted:
    """Connections the kiosk admits from now on."""

    def __init__(self, kiosk) -> None:
        self._table = kiosk.server._transport.table
        self._start = self._table.admitted

    def __len__(self) -> int:
        return self._table.admitted - self._start


def _count_connections(kiosk) -> _Admitted:
    return _Admitted(kiosk)


def _client(kiosk, laptop):
    client = KioskClient(kiosk.address, laptop.identity, kiosk.server.identity.fingerprint, timeout=5)
    key = base64.b64decode(laptop.paired.get("kioskA")["key"])
    return client, Signer(laptop.laptop_id, key, lambda: laptop.paired.next_counter("kioskA"))


def test_one_sync_of_many_pages_uses_one_connection(kiosk, laptop):
    kiosk.add_events(120)
    pair(kiosk, laptop)
    connections = _count_connections(kiosk)
    receipt = sync_kiosk(laptop, "kioskA", page_bytes=1, timeout=5)
    assert (receipt.received, receipt.agree) == (120, True)
    assert len(connections) == 1  # hello, config, 2 pages (a day file each), receipt


def test_a_laptop_unpaired_at_the_kiosk_is_refused_on_its_open_connection(kiosk, laptop):
    pair(kiosk, laptop)
    connections = _count_connections(kiosk)
    client, signer = _client(kiosk, laptop)
    with client:
        client.post("/sync/hello", {"laptop_time": NOW}, signer)
        kiosk.server.unpair(laptop.laptop_id)
        with pytest.raises(KioskRefusedError) as refused:
            client.post("/sync/hello", {"laptop_time": NOW}, signer)
    assert refused.value.code == "not_paired"
    assert len(connections) == 1  # refused on the same connection, by the request's own check


def test_a_connection_the_kiosk_closed_is_opened_again_and_pinned(kiosk, laptop):
    kiosk.add_events(5)
    pair(kiosk, laptop)
    connections = _count_connections(kiosk)
    client, signer = _client(kiosk, laptop)
    with client:
        client.post("/sync/hello", {"laptop_time": NOW}, signer)
        for tls in kiosk.server._transport.table.sockets():  # as the kiosk's idle timeout would
            tls.shutdown(2)
        head, data = client.post_lines("/sync/lines", {"after": 0, "max_bytes": 10}, signer,
                                       lambda head, chunks: (head, b"".join(chunks)))
    assert (head.lines, data.count(b"\n"), head.to_checkpoint) == (5, 5, 5) and len(connections) == 2
    assert client.peer_fingerprint == kiosk.server.identity.fingerprint


def test_a_refused_body_closes_the_connection_and_the_laptop_goes_on(kiosk, laptop):
    pair(kiosk, laptop)
    client, signer = _client(kiosk, laptop)
    with client:
        with pytest.raises(KioskRefusedError) as refused:
            client.send_raw("/sync/hello", b"{}", {"Content-Length": "x2"})
        assert refused.value.code == "bad_length"
        assert client.post("/sync/hello", {"laptop_time": NOW}, signer)["kiosk_id"] == "kioskA"


def test_the_largest_page_is_accepted_and_one_more_is_refused():
    optional = OPTIONAL["/sync/lines"]  # lines_version: a laptop of an earlier version does not send it
    assert validate({"after": 0, "max_bytes": MAX_LINES_BYTES}, PATHS["/sync/lines"], optional)
    with pytest.raises(ProtocolError):
        validate({"after": 0, "max_bytes": MAX_LINES_BYTES + 1}, PATHS["/sync/lines"], optional)


def test_a_page_of_the_largest_events_fits_the_answer_limit():
    from kiosk.pi.storage.event_log import DEFAULT_SEGMENT_LIMIT
    from kiosk.shared.event_checks import MAX_EVENT_BYTES
    from kiosk.shared.sync.protocol import MAX_RESPONSE

    assert MAX_LINES_BYTES + DEFAULT_SEGMENT_LIMIT * (MAX_EVENT_BYTES + 64) <= MAX_RESPONSE


def test_day_files_arrive_in_one_request(kiosk, laptop):
    kiosk.add_events(250)  # three day files of the test kiosk
    pair(kiosk, laptop)
    pages: list[int] = []
    receipt = sync_kiosk(laptop, "kioskA", timeout=10, progress=lambda done, total: pages.append(done))
    assert pages == [250] and receipt.received == 250 and receipt.agree


_SEQS = st.lists(st.tuples(st.integers(1, 30), st.sampled_from(["x", "y", "z"]), st.booleans()), max_size=40)


@given(_SEQS, st.booleans())
def test_merge_page_is_merge_logs_of_the_page(items, shuffled):
    page = [event("kioskA", seq, child=child, event_id=f"e{seq}" if same else f"e{seq}-{child}") for seq, child, same in items]
    if shuffled:
        page.reverse()
    assert merge_page(page, "kioskA") == merge_logs(page)


def test_merge_page_refuses_what_save_page_refused():
    with pytest.raises(ValueError, match="page of kiosk"):
        merge_page([event("kioskA", 1), event("kioskB", 2)], "kioskA")
    with pytest.raises(EventFormatError):
        merge_page([event("kioskA", 1), ["not", "an", "event"]], "kioskA")
    with pytest.raises(EventFormatError):
        merge_page([{**event("kioskA", 1), "seq": "1"}], "kioskA")


def test_the_laptop_keeps_every_boot_and_a_bounded_number_of_anchors_per_boot(laptop):
    for mono in range(30):
        laptop.paired.add_anchor("kioskA", ClockAnchor("b1", mono, NOW))
    laptop.paired.add_anchor("kioskA", ClockAnchor("b2", 1, NOW))
    laptop.paired.add_anchor("kioskA", ClockAnchor("b1", 99, NOW))
    kept = laptop.paired.anchors("kioskA")
    b1 = [a.mono for a in kept if a.boot_id == "b1"]
    assert len(b1) == ANCHORS_PER_BOOT and b1[0] == 0 and b1[-1] == 99  # the first and the newest
    assert [a.mono for a in kept if a.boot_id == "b2"] == [1]


def test_the_owner_thread_only_opens_the_files_and_the_sync_thread_reads_them(kiosk, laptop, monkeypatch):
    from kiosk.pi.sync import lines_page

    kiosk.add_events(47)
    pair(kiosk, laptop)
    threads: dict[str, set[str]] = {"open": set(), "read": set()}
    opening, reading = kiosk.storage.events.line_sources, lines_page.read_lines

    def opened(seq, max_bytes):
        threads["open"].add(threading.current_thread().name)
        return opening(seq, max_bytes)

    def read(source, after):
        threads["read"].add(threading.current_thread().name)
        return reading(source, after)

    monkeypatch.setattr(kiosk.storage.events, "line_sources", opened)
    monkeypatch.setattr(lines_page, "read_lines", read)
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert (receipt.received, receipt.sent, receipt.agree) == (47, 47, True)
    owner = kiosk.storage_thread(lambda: threading.current_thread().name)
    assert threads["open"] == {owner}
    assert threads["read"] and owner not in threads["read"]
    assert [e["seq"] for e in records(laptop.choices.events("kioskA"))] == list(range(1, 48))


def test_a_page_that_does_not_match_its_head_is_cut_off_again(kiosk, laptop, monkeypatch):
    from kiosk.pi.sync import routes as server_module

    kiosk.add_events(30)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    kiosk.add_events(5)
    path = laptop.directory / "events" / "kioskA.choices"
    before = path.read_bytes()
    plain = server_module.build_lines_page

    def miscounted(*args):
        page = plain(*args)
        return dataclasses.replace(page, lines=page.lines + 1)

    monkeypatch.setattr(server_module, "build_lines_page", miscounted)
    with pytest.raises(SyncError, match=r"announced 6 choices .* and sent 5"):
        sync_kiosk(laptop, "kioskA", timeout=5)
    assert path.read_bytes() == before and laptop.choices.checkpoint("kioskA") == 30
    monkeypatch.setattr(server_module, "build_lines_page", plain)
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert (receipt.received, receipt.agree, laptop.choices.checkpoint("kioskA")) == (5, True, 35)


def test_a_damaged_line_on_the_kiosk_is_left_out_and_counted_when_the_laptop_reads(kiosk, laptop):
    kiosk.add_events(150)  # two day files; the first one is sealed
    pair(kiosk, laptop)
    sealed = min((kiosk.storage.events.directory).glob("*.journal"))
    lines = sealed.read_bytes().split(b"\n")
    lines[5] = lines[5].replace(b'"child_id":"c', b'"child_id":"x', 1)  # the checksum no longer matches
    sealed.write_bytes(b"\n".join(lines))
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert (receipt.received, receipt.agree) == (150, True)  # the bytes moved as they are
    held = records(laptop.choices.events("kioskA"))
    assert len(held) == 149 and "kioskA-5" not in {e["id"] for e in held}
    assert laptop.choices.unreadable == {"kioskA": 1}
    shown = snapshot(laptop).kiosks
    assert [(k.id, k.unreadable) for k in shown] == [("kioskA", 1)]  # the review window says so


@pytest.mark.parametrize(
    ("head_of", "message"),
    [
        (lambda plain: {**plain, "after": 3}, "did not ask for; nothing of it was kept"),  # another checkpoint's
        (lambda plain: {"kiosk_id": plain["kiosk_id"], "lines": -1}, "cannot read; nothing of it was kept"),
    ],
)
def test_a_page_head_the_laptop_cannot_use_is_refused_and_nothing_kept(kiosk, laptop, monkeypatch, head_of, message):
    from kiosk.shared.sync.messages import LinesHead

    kiosk.add_events(10)
    pair(kiosk, laptop)
    plain = LinesHead.to_body
    monkeypatch.setattr(LinesHead, "to_body", lambda head: head_of(plain(head)))
    with pytest.raises(SyncError, match=message):
        sync_kiosk(laptop, "kioskA", timeout=5)
    assert records(laptop.choices.events("kioskA")) == [] and laptop.choices.checkpoint("kioskA") == 0


def test_a_kiosk_that_cannot_read_its_files_says_so(kiosk, laptop, monkeypatch):
    import errno

    from kiosk.pi.sync import routes as server_module

    kiosk.add_events(10)
    pair(kiosk, laptop)

    def failing(*args):
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr(server_module, "build_lines_page", failing)
    with pytest.raises(KioskRefusedError, match="could not read its choices") as refused:
        sync_kiosk(laptop, "kioskA", timeout=5)
    assert refused.value.code == "read_failed" and laptop.choices.checkpoint("kioskA") == 0
    monkeypatch.setattr(server_module, "build_lines_page", build_lines_page)
    assert sync_kiosk(laptop, "kioskA", timeout=5).received == 10  # the sync goes on once the card reads
