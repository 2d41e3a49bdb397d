"""The faster pull keeps every guarantee: one kept-open connection, each request still
authenticated, large pages, single-pass page checks equal to the plain merge rule."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.laptop.client import KioskClient, KioskRefusedError, Signer
from kiosk.laptop.store import ANCHORS_PER_BOOT
from kiosk.laptop.sync import sync_kiosk
from kiosk.sync.merge import EventFormatError, merge_logs, merge_page, page_after, page_after_ordered
from kiosk.sync.protocol import MAX_PAGE, PATHS, validate

from .events import event
from .net_helpers import pair

NOW = "2026-11-25T10:00:00+00:00"


def _count_connections(kiosk) -> list[int]:
    seen: list[int] = []
    httpd = kiosk.server._httpd
    plain = type(httpd).finish_request

    def counting(request, client_address):
        seen.append(1)
        return plain(httpd, request, client_address)

    httpd.finish_request = counting
    return seen


def _client(kiosk, laptop):
    client = KioskClient(kiosk.address, laptop.identity, kiosk.server.identity.fingerprint, timeout=5)
    key = base64.b64decode(laptop.kiosk("kioskA")["key"])
    return client, Signer(laptop.laptop_id, key, lambda: laptop.next_counter("kioskA"))


def test_one_sync_of_many_pages_uses_one_connection(kiosk, laptop):
    kiosk.add_events(120)
    pair(kiosk, laptop)
    connections = _count_connections(kiosk)
    receipt = sync_kiosk(laptop, "kioskA", page_size=10, timeout=5)
    assert (receipt.received, receipt.agree) == (120, True)
    assert len(connections) == 1  # hello, 12 pages, config, receipt


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
        for tls in list(kiosk.server._open):  # as the kiosk's idle timeout would
            tls.shutdown(2)
        page = client.post("/sync/events", {"after": 0, "limit": 10}, signer)
    assert len(page["events"]) == 5 and len(connections) == 2
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
    assert validate({"after": 0, "limit": MAX_PAGE}, PATHS["/sync/events"])
    with pytest.raises(Exception):
        validate({"after": 0, "limit": MAX_PAGE + 1}, PATHS["/sync/events"])


def test_a_full_page_of_the_largest_events_fits_the_answer_limit():
    from kiosk.storage.event_checks import MAX_EVENT_BYTES
    from kiosk.sync.protocol import MAX_RESPONSE

    assert MAX_PAGE * MAX_EVENT_BYTES < MAX_RESPONSE


def test_a_page_of_5000_arrives_in_one_request(kiosk, laptop):
    kiosk.add_events(MAX_PAGE + 7)
    pair(kiosk, laptop)
    pages: list[int] = []
    receipt = sync_kiosk(laptop, "kioskA", timeout=10, progress=lambda done, total: pages.append(done))
    assert pages == [MAX_PAGE, MAX_PAGE + 7] and receipt.received == MAX_PAGE + 7 and receipt.agree


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


@given(st.lists(st.integers(1, 40), max_size=40), st.integers(0, 45), st.integers(1, 12))
def test_page_after_ordered_is_page_after(seqs, after, limit):
    log = [event("kioskA", seq, event_id=f"e{n}") for n, seq in enumerate(seqs)]
    assert page_after_ordered(sorted(log, key=lambda e: (e["seq"], e["id"])), after, limit) == page_after(log, after, limit)
    assert page_after_ordered(list(log), after, limit) == page_after(log, after, limit)  # out of order: sorted


def test_the_laptop_keeps_every_boot_and_a_bounded_number_of_anchors_per_boot(laptop):
    for mono in range(30):
        laptop.add_anchor("kioskA", {"boot_id": "b1", "mono": mono, "wall": NOW})
    laptop.add_anchor("kioskA", {"boot_id": "b2", "mono": 1, "wall": NOW})
    laptop.add_anchor("kioskA", {"boot_id": "b1", "mono": 99, "wall": NOW})
    kept = laptop.anchors("kioskA")
    b1 = [a["mono"] for a in kept if a["boot_id"] == "b1"]
    assert len(b1) == ANCHORS_PER_BOOT and b1[0] == 0 and b1[-1] == 99  # the first and the newest
    assert [a["mono"] for a in kept if a["boot_id"] == "b2"] == [1]


def test_a_page_is_read_in_short_steps_on_the_owner_thread(kiosk, laptop, monkeypatch):
    from kiosk.sync import server as server_module

    kiosk.add_events(47)
    pair(kiosk, laptop)
    whole = kiosk.owner(lambda: kiosk.backend.events_page("someone", 0, 20))  # one call, as before
    monkeypatch.setattr(server_module, "OWNER_CHUNK", 4)
    steps: list[int] = []
    plain = kiosk.backend.events_after

    def counting(after, count):
        assert count <= 4
        found = plain(after, count)
        steps.append(len(found))
        return found

    monkeypatch.setattr(kiosk.backend, "events_after", counting)
    pages: list[int] = []
    receipt = sync_kiosk(laptop, "kioskA", page_size=20, timeout=5, progress=lambda done, total: pages.append(done))
    assert pages == [20, 40, 47] and (receipt.received, receipt.sent, receipt.agree) == (47, 47, True)
    assert len(steps) > 12  # several owner calls per page
    assert [e["seq"] for e in laptop.events("kioskA")] == list(range(1, 48))
    assert [e["seq"] for e in whole["events"]] == list(range(1, 21)) and whole["more"] is True
