"""Pairing over real TLS on 127.0.0.1: code, SPAKE2, pinned certificates, unpairing."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import pair_with_kiosk, sync_kiosk, unpair_kiosk
from kiosk.shared.sync.client import CertificateMismatchError, KioskClient, KioskRefusedError
from kiosk.shared.sync.identity import fingerprint_of_pem, load_or_create_identity
from kiosk.shared.sync.pairing import (
    MAX_FAILURES,
    START_PERIOD,
    STARTS_PER_PERIOD,
    WINDOW_SECONDS,
    PairingWindow,
    confirmation,
    derive_keys,
    laptop_spake,
)
from tests.sync.events import records

from .net_helpers import pair


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_pairing_pins_both_certificates_and_allows_a_sync(kiosk, laptop):
    window = kiosk.server.open_pairing()
    paired = pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
    assert paired.kiosk_id == "kioskA"
    assert paired.fingerprint == kiosk.server.identity.fingerprint
    laptops = kiosk.meta("sync_laptops")
    assert laptops[laptop.laptop_id]["fingerprint"] == laptop.identity.fingerprint
    assert laptops[laptop.laptop_id]["key"] == laptop.paired.get("kioskA")["key"]
    assert sync_kiosk(laptop, "kioskA", timeout=5).agree


def test_the_code_is_single_use(kiosk, laptop, tmp_path: Path):
    window = kiosk.server.open_pairing()
    pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
    with LaptopStore(tmp_path / "other") as other, pytest.raises(KioskRefusedError) as refused:
        pair_with_kiosk(other, kiosk.address, window.code, timeout=5)
    assert refused.value.code == "pairing_used"
    assert list(kiosk.meta("sync_laptops")) == [laptop.laptop_id]


def test_five_wrong_codes_close_the_window_even_for_the_right_code(kiosk, laptop):
    window = kiosk.server.open_pairing()
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(KioskRefusedError) as refused:
            pair_with_kiosk(laptop, kiosk.address, _wrong(window.code), timeout=5)
        assert refused.value.code == "pairing_wrong_code"
        assert "code was wrong" in str(refused.value)
        kiosk.mono.now += START_PERIOD / STARTS_PER_PERIOD + 0.1  # a person typing again
    assert "after 5 wrong codes (the last from 127.0.0.1)" in kiosk.server.pairing_closed_reason()
    with pytest.raises(KioskRefusedError) as refused:
        pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
    assert refused.value.code == "pairing_closed"
    assert not kiosk.meta("sync_laptops")
    assert laptop.paired.all() == {}


def test_the_window_expires_on_the_monotonic_clock(kiosk, laptop):
    window = kiosk.server.open_pairing()
    kiosk.mono.now += WINDOW_SECONDS + 0.1
    with pytest.raises(KioskRefusedError) as refused:
        pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
    assert refused.value.code == "pairing_expired"


def test_no_window_no_pairing(kiosk, laptop):
    with pytest.raises(KioskRefusedError) as refused:
        pair_with_kiosk(laptop, kiosk.address, "123456", timeout=5)
    assert refused.value.code == "pairing_not_open"


def test_a_bad_code_format_is_refused_before_sending(laptop):
    with pytest.raises(ValueError, match="6 digits"):
        pair_with_kiosk(laptop, "127.0.0.1:9", "12ab", timeout=1)


def test_window_state_alone():
    window = PairingWindow.open(10.0)
    assert len(window.code) == 6 and window.code.isdigit()
    assert window.is_open(10.0 + WINDOW_SECONDS - 1)
    assert not window.is_open(10.0 + WINDOW_SECONDS)


def test_another_server_certificate_after_pairing_is_refused(kiosk, laptop, tmp_path: Path):
    pair(kiosk, laptop)
    impostor = load_or_create_identity(tmp_path / "impostor", "impostor")
    kiosk.server.identity = impostor
    kiosk.restart_server()
    laptop.paired.set_address("kioskA", kiosk.address)
    with pytest.raises(CertificateMismatchError, match="not the kiosk this laptop paired with"):
        sync_kiosk(laptop, "kioskA", timeout=5)
    assert kiosk.meta("sync_counters") is None  # nothing reached the kiosk


def test_another_or_no_client_certificate_is_refused(kiosk, laptop, tmp_path: Path):
    pair(kiosk, laptop)
    pinned = kiosk.server.identity.fingerprint
    stranger = load_or_create_identity(tmp_path / "stranger", "stranger")
    with pytest.raises(KioskRefusedError, match="not paired"):
        KioskClient(kiosk.address, stranger, pinned, timeout=5).post("/sync/hello", {"laptop_time": "2026-11-25T10:00:00+00:00"})
    with pytest.raises(KioskRefusedError) as refused:
        KioskClient(kiosk.address, laptop.identity, pinned, timeout=5, present_cert=False).post(
            "/sync/hello", {"laptop_time": "2026-11-25T10:00:00+00:00"}
        )
    assert refused.value.status == 403 and refused.value.code == "not_paired"
    assert kiosk.meta("sync_anchors") is None


def test_unpair_from_the_laptop_tells_the_kiosk(kiosk, laptop):
    pair(kiosk, laptop)
    assert unpair_kiosk(laptop, "kioskA", timeout=5) is None
    assert laptop.paired.all() == {}
    assert kiosk.meta("sync_laptops") == {}


def test_unpair_at_the_kiosk_refuses_the_laptop(kiosk, laptop):
    pair(kiosk, laptop)
    assert kiosk.server.unpair(laptop.laptop_id)
    with pytest.raises(KioskRefusedError, match="not paired"):
        sync_kiosk(laptop, "kioskA", timeout=5)
    warning = unpair_kiosk(laptop, "kioskA", timeout=5)
    assert warning is None and laptop.paired.all() == {}


def test_pairing_again_after_unpairing_keeps_the_choices(kiosk, laptop):
    kiosk.add_events(5)
    pair(kiosk, laptop)
    sync_kiosk(laptop, "kioskA", timeout=5)
    unpair_kiosk(laptop, "kioskA", timeout=5)
    pair(kiosk, laptop)
    receipt = sync_kiosk(laptop, "kioskA", timeout=5)
    assert receipt.received == 0 and len(records(laptop.choices.events("kioskA"))) == 5
    assert base64.b64decode(laptop.paired.get("kioskA")["key"])


def _start(kiosk, laptop_id: str = "stranger") -> KioskClient:
    """A ``/pair/start`` from a stranger that never finishes (what a flood of starts sends)."""
    client = KioskClient(kiosk.address, kiosk.server.identity, None, timeout=5, present_cert=False)
    message = base64.b64encode(laptop_spake("000000").start()).decode("ascii")
    client.post("/pair/start", {"laptop_id": laptop_id, "laptop_name": "x", "spake2": message})
    return client


def test_a_flood_of_starts_is_slowed_and_never_closes_the_window(kiosk, laptop):
    window = kiosk.server.open_pairing()
    refused = []
    for _attempt in range(40):  # the six starts that used to close the window, and many more
        try:
            _start(kiosk).close()
        except KioskRefusedError as exc:
            refused.append(exc.code)
    assert len(refused) == 40 - STARTS_PER_PERIOD and set(refused) == {"pairing_too_fast"}
    assert window.is_open(kiosk.mono.now) and window.failures == 0
    kiosk.mono.now += START_PERIOD  # the teacher's laptop is not slowed by the stranger's past
    pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
    assert list(kiosk.meta("sync_laptops")) == [laptop.laptop_id]
    assert window.why_closed(kiosk.mono.now) == f"Paired with {laptop.laptop_name}."
    assert kiosk.server.pairing_closed_reason() is None  # teacher mode shows the paired laptop instead


def test_a_strangers_pending_start_does_not_push_the_teachers_laptop_out(kiosk, laptop):
    window = kiosk.server.open_pairing()
    spake = laptop_spake(window.code)
    client = KioskClient(kiosk.address, laptop.identity, None, timeout=5, present_cert=False)
    with client:
        started = client.post("/pair/start", {"laptop_id": laptop.laptop_id, "laptop_name": "T",
                                               "spake2": base64.b64encode(spake.start()).decode("ascii")})
        _start(kiosk).close()  # between the teacher's two steps
        keys = derive_keys(spake.finish(base64.b64decode(started["spake2"])))
        laptop_fpr = fingerprint_of_pem(laptop.identity.cert_pem)
        kiosk_fpr = kiosk.server.identity.fingerprint
        finished = client.post("/pair/finish", {
            "session": started["session"], "laptop_cert": laptop.identity.cert_pem,
            "confirm": confirmation(keys, "laptop", laptop_fpr, kiosk_fpr, laptop.laptop_id, "kioskA")})
    assert finished["kiosk_id"] == "kioskA" and window.failures == 0


def test_the_window_says_why_it_closed():
    window = PairingWindow.open(10.0)
    assert window.why_closed(11.0) is None
    assert "expired" in window.why_closed(10.0 + WINDOW_SECONDS)


def test_a_wrong_code_is_said_in_the_laptops_language_with_the_tries_left(kiosk, laptop):
    """Over real HTTPS: the kiosk sends the tries left with its English words; the laptop says them in Spanish."""
    from kiosk.laptop.language import locale_dir
    from kiosk.laptop.refusals import refusal_words
    from kiosk.shared.text.i18n import Translator

    spanish = Translator("es", locale_dir())
    window = kiosk.server.open_pairing()
    said = []
    for _ in range(5):
        with pytest.raises(KioskRefusedError) as refused:
            pair_with_kiosk(laptop, kiosk.address, _wrong(window.code), timeout=5)
        said.append(spanish(refusal_words(refused.value)))
        kiosk.mono.now += START_PERIOD / STARTS_PER_PERIOD + 0.1
    assert said[0] == "El código era incorrecto (o alguien está entre la portátil y el quiosco). Quedan 4 intentos."
    assert said[3] == "El código era incorrecto (o alguien está entre la portátil y el quiosco). Queda 1 intento."
    assert said[4].endswith("Se cerró el emparejamiento; ábralo otra vez en el quiosco.")
    with pytest.raises(KioskRefusedError) as closed:
        pair_with_kiosk(laptop, kiosk.address, window.code, timeout=5)
    again = kiosk.server.open_pairing()
    for _ in range(STARTS_PER_PERIOD + 1):  # no time passes: the last start is one too many
        with pytest.raises(KioskRefusedError) as hurried:
            pair_with_kiosk(laptop, kiosk.address, _wrong(again.code), timeout=5)
    assert spanish(refusal_words(hurried.value)) == (
        f"Demasiados intentos de emparejamiento desde esta computadora; espere {int(START_PERIOD)} segundos.")
    assert spanish(refusal_words(closed.value)) == ("Demasiados códigos equivocados: se cerró el emparejamiento. "
                                                    "Ábralo otra vez en el quiosco.")
