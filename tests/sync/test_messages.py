"""Each sync request and answer read once into its typed value: what is kept, what is refused, names on the wire."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.sync.client import SyncError
from kiosk.shared.sync.clock_fix import ClockAnchor
from kiosk.shared.sync.messages import (
    AnswerError,
    Hello,
    HelloAsk,
    KioskReceipt,
    LinesAsk,
    LinesHead,
    PhotoSent,
    ReceiptNote,
    SetupAnswer,
    SetupOffer,
    UnpairAsk,
    read_request,
)
from kiosk.shared.sync.protocol import OPTIONAL, PATHS, validate

from .net_helpers import CENTER, pair

SECRET = "ab" * 32


def test_a_hello_keeps_what_the_laptop_can_use_and_leaves_out_the_rest():
    hello = Hello("k1", "Room 4", 12, ClockAnchor("b", 5.5, "2026-11-25T09:00:00+00:00"), None, 2)
    assert Hello.from_answer(hello.to_body()) == hello
    odd = Hello.from_answer({"kiosk_id": "k1", "anchor": {"boot_id": "b"}, "clock_problem": "late", "last_seq": -3,
                             "kiosk_name": 7, "lines_version": True})
    assert odd == Hello("k1", "", 0, None, None, None)
    assert "lines_version" not in replace(hello, lines_version=None).to_body()  # as a kiosk of version 1 says it


@pytest.mark.parametrize("head", [
    {"kiosk_id": "k1", "after": 5, "through": 4, "more": False, "lines": 0, "bytes": 0},  # goes back
    {"kiosk_id": "k1", "after": 0, "through": 4, "more": 1, "lines": 4, "bytes": 10},  # more is not a yes or no
    {"kiosk_id": "k1", "after": 0, "through": 4, "more": False, "lines": True, "bytes": 10},
    {"kiosk_id": "k1", "after": 0, "through": 4, "more": False, "lines": 4, "bytes": 1 << 40},  # too big
    {"kiosk_id": 3, "after": 0, "through": 4, "more": False, "lines": 4, "bytes": 10},
    [1, 2],
])
def test_a_page_head_the_laptop_cannot_use_is_refused(head):
    with pytest.raises(AnswerError, match="cannot read; nothing of it was kept"):
        LinesHead.from_answer(head, 1 << 25)


def test_a_setup_answer_with_records_the_laptop_cannot_read_is_refused_whole():
    good = SetupAnswer([CENTER], [], [], [SECRET], {"photos/ann.png": "f" * 64}, [])
    assert SetupAnswer.from_answer(good.to_body()) == good
    with pytest.raises(AnswerError, match="setup is unchanged"):
        SetupAnswer.from_answer({**good.to_body(), "children": [{"id": "ann"}, "zed"]})
    loose = SetupAnswer.from_answer({**good.to_body(), "badge_secrets": [SECRET, "short"], "photos": [1],
                                     "lost_edits": {"kind": "centers"}})
    assert (loose.badge_secrets, loose.photos, loose.lost_edits) == ([], {}, [])


def test_a_receipt_count_the_laptop_cannot_read_makes_the_counts_differ():
    receipt = KioskReceipt(5, 5, "2026-11-25T10:00:00+00:00", "2026-11-25T10:00:01+00:00", 5)
    assert KioskReceipt.from_answer(receipt.to_body()) == receipt and receipt.agree
    assert not KioskReceipt.from_answer({**receipt.to_body(), "sent": "5"}).agree


def test_every_request_travels_under_the_names_earlier_versions_use():
    requests = {
        "/sync/hello": HelloAsk("2026-11-25T10:00:00+00:00"),
        "/sync/lines": LinesAsk(17, 1024),
        "/sync/config": SetupOffer([CENTER], [], [], [SECRET], purged_seqs=[[1, 3]], laptop_name="Ms Lee"),
        "/sync/photo": PhotoSent("photos/ann.png", "aGk="),
        "/sync/receipt": ReceiptNote(3, "2026-11-25T10:00:00+00:00", 17),
        "/unpair": UnpairAsk(),
    }
    for path, request in requests.items():
        body = validate(request.to_body(), PATHS[path], OPTIONAL.get(path, frozenset()))  # as the kiosk checks it
        assert read_request(path, body) == request
    assert LinesAsk(17, 1024).to_body() == {"after": 17, "max_bytes": 1024}  # no lines_version unless offered
    assert ReceiptNote(3, "t", 17).to_body()["through"] == 17
    assert "kiosk_name" not in requests["/sync/config"].to_body()
    assert "laptop_name" not in requests["/sync/config"].without_laptop_name().to_body()


def test_a_kiosk_answering_a_setup_the_laptop_cannot_read_changes_nothing_on_the_laptop(kiosk, laptop, monkeypatch):
    pair(kiosk, laptop)
    laptop.setup.edit("centers", {**CENTER, "id": "art", "name": "Art"})
    before = laptop.setup.records("centers")
    plain = kiosk.backend.setup.answer

    def broken(lost):
        answer = plain(lost)
        return replace(answer, centers=[*answer.centers, {"id": "new", "name": "New"}], children="zed")

    monkeypatch.setattr(kiosk.backend.setup, "answer", broken)
    with pytest.raises(SyncError, match="setup is unchanged"):
        sync_kiosk(laptop, "kioskA", timeout=5)
    assert laptop.setup.records("centers") == before  # the kiosk's readable centers were not merged either
