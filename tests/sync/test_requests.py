"""Refused requests over real TLS: replays, bad bodies, unknown paths — nothing changes."""

from __future__ import annotations

import base64
import shutil
import socket
import ssl

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.laptop.sync import sync_kiosk
from kiosk.shared.sync.client import KioskClient, KioskRefusedError, Signer, _behind
from kiosk.shared.sync.protocol import COUNTER_HEADER, LAPTOP_HEADER, MAC_HEADER, MAX_BODY, request_mac

from .net_helpers import pair

NOW = "2026-11-25T10:00:00+00:00"


@pytest.fixture
def paired(kiosk, laptop):
    pair(kiosk, laptop)
    client = KioskClient(kiosk.address, laptop.identity, kiosk.server.identity.fingerprint, timeout=5)
    key = base64.b64decode(laptop.paired.get("kioskA")["key"])
    signer = Signer(laptop.laptop_id, key, lambda: laptop.paired.next_counter("kioskA"))
    return kiosk, laptop, client, signer


def _signed(signer: Signer, path: str, raw: bytes) -> dict[str, str]:
    counter = signer.next_counter()
    return {
        "Content-Type": "application/json",
        "Content-Length": str(len(raw)),
        LAPTOP_HEADER: signer.laptop_id,
        COUNTER_HEADER: str(counter),
        MAC_HEADER: request_mac(signer.key, "POST", path, counter, raw),
    }


def _refused(client: KioskClient, path: str, raw: bytes, headers: dict[str, str]) -> KioskRefusedError:
    with pytest.raises(KioskRefusedError) as refused:
        client.send_raw(path, raw, headers)
    assert refused.value.args[0]  # a message for the teacher
    return refused.value


def test_a_replayed_request_is_refused(paired):
    kiosk, _, client, signer = paired
    raw = b'{"laptop_time":"2026-11-25T10:00:00+00:00"}'
    headers = _signed(signer, "/sync/hello", raw)
    client.send_raw("/sync/hello", raw, headers)
    before = kiosk.config_file()
    error = _refused(client, "/sync/hello", raw, headers)
    assert (error.status, error.code) == (409, "replayed")
    assert kiosk.config_file() == before


def test_replays_stay_refused_after_the_kiosk_restarts(paired):
    kiosk, _, client, signer = paired
    raw = b'{"laptop_time":"2026-11-25T10:00:00+00:00"}'
    headers = _signed(signer, "/sync/hello", raw)
    client.send_raw("/sync/hello", raw, headers)
    kiosk.restart_server()
    client = KioskClient(kiosk.address, client_identity(paired), kiosk.server.identity.fingerprint, timeout=5)
    assert _refused(client, "/sync/hello", raw, headers).code == "replayed"


def client_identity(paired):
    return paired[1].identity


def test_a_tampered_body_fails_the_signature(paired):
    kiosk, _, client, signer = paired
    raw = b'{"laptop_time":"2026-11-25T10:00:00+00:00"}'
    headers = _signed(signer, "/sync/hello", raw)
    before = kiosk.config_file()
    error = _refused(client, "/sync/hello", raw.replace(b"10:00", b"11:00"), headers)
    assert (error.status, error.code) == (401, "bad_signature")
    assert kiosk.config_file() == before


@pytest.mark.parametrize(
    ("path", "raw", "code"),
    [
        ("/sync/hello", b'{"laptop_time":', "malformed_json"),
        ("/sync/hello", b'{"laptop_time":"x","laptop_time":"y"}', "malformed_json"),
        ("/sync/lines", b'{"after":NaN,"max_bytes":5}', "malformed_json"),
        ("/sync/hello", b"[1,2]", "not_an_object"),
        ("/sync/hello", b'{"laptop_time":"' + NOW.encode() + b'","admin":true}', "unknown_field"),
        ("/sync/lines", b'{"after":"0","max_bytes":5}', "wrong_type"),
        ("/sync/lines", b'{"after":true,"max_bytes":5}', "wrong_type"),
        ("/sync/lines", b'{"after":0,"max_bytes":25165825}', "wrong_type"),
        ("/sync/lines", b'{"after":0}', "missing_field"),
        ("/sync/hello", b'{"laptop_time":"not a time"}', "bad_request"),
        ("/sync/config", b'{"centers":[{"id":"x"}],"children":[],"settings":[],"badge_secrets":[]}', "bad_config"),
        ("/sync/config", b'{"centers":[],"children":[],"settings":[],"badge_secrets":["zz"]}', "wrong_type"),
        ("/sync/config", b'{"centers":[],"children":[],"settings":[{"id":"pin","rev":1,"edited_at":"2026-11-25T10:00:00","edited_by":"laptop"}],"badge_secrets":[]}', "bad_config"),
        ("/sync/config", b'{"centers":[],"children":[]}', "missing_field"),
        ("/sync/config", b'{"centers":[{"id":"x","rev":1,"edited_at":"2026-11-25T10:00:00","edited_by":"laptop"}],"children":[],"settings":[],"badge_secrets":[]}', "bad_config"),
    ],
)
def test_bad_bodies_are_refused_and_change_nothing(paired, path, raw, code):
    kiosk, _, client, signer = paired
    before, centers = kiosk.config_file(), kiosk.centers()
    error = _refused(client, path, raw, _signed(signer, path, raw))
    assert (error.status, error.code) == (400, code)
    assert kiosk.config_file() == before and kiosk.centers() == centers


def test_an_unknown_path_is_refused(paired):
    kiosk, _, client, signer = paired
    before = kiosk.config_file()
    error = _refused(client, "/admin", b"{}", _signed(signer, "/admin", b"{}"))
    assert (error.status, error.code) == (404, "unknown_path")
    assert kiosk.config_file() == before


def test_an_oversized_body_is_refused_unread(paired):
    kiosk, _, client, signer = paired
    before = kiosk.config_file()
    raw = b'{"centers":[],"children":[' + b'{"id":"x"},' * (MAX_BODY // 10) + b'{"id":"y"}]}'
    with pytest.raises(Exception) as refused:  # the kiosk answers 413 and closes; the send may break first
        client.send_raw("/sync/config", raw, _signed(signer, "/sync/config", raw))
    if isinstance(refused.value, KioskRefusedError):
        assert refused.value.status == 413
    assert kiosk.config_file() == before


def _read_all(tls: ssl.SSLSocket) -> bytes:
    answer = b""
    while chunk := tls.recv(4096):
        answer += chunk
    return answer


def _raw_exchange(kiosk, laptop, request: bytes) -> bytes:
    """Send raw HTTP bytes over TLS with the laptop's certificate; return the raw answer."""
    host, port = kiosk.server.address
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    context.load_cert_chain(laptop.identity.cert_path, laptop.identity.key_path)
    with socket.create_connection((host, port), timeout=5) as raw_sock, context.wrap_socket(raw_sock) as tls:
        tls.sendall(request)
        return _read_all(tls)


def test_an_oversized_length_is_refused_with_413(kiosk, laptop):
    pair(kiosk, laptop)
    answer = _raw_exchange(kiosk, laptop, b"POST /sync/hello HTTP/1.1\r\nHost: k\r\nContent-Length: %d\r\n\r\n" % (MAX_BODY + 1))
    assert answer.startswith(b"HTTP/1.1 413") and b"too_large" in answer


def test_an_unsigned_request_from_the_paired_laptop_is_refused(paired):
    kiosk, _, client, _ = paired
    before = kiosk.config_file()
    error = _refused(client, "/sync/hello", b'{"laptop_time":"x"}', {"Content-Length": "19"})
    assert (error.status, error.code) == (401, "not_authenticated")
    assert kiosk.config_file() == before


def test_get_is_refused(paired):
    kiosk, laptop, _, _ = paired
    answer = _raw_exchange(kiosk, laptop, b"GET /sync/hello HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 405")


def test_a_request_from_an_unpaired_peer_changes_nothing(kiosk, laptop):
    kiosk.add_events(3)
    before = kiosk.config_file()
    client = KioskClient(kiosk.address, laptop.identity, None, timeout=5, present_cert=False)
    with pytest.raises(KioskRefusedError) as refused:
        client.post("/sync/lines", {"after": 0, "max_bytes": 10})
    assert refused.value.code == "not_paired"
    with pytest.raises(KioskRefusedError):
        KioskClient(kiosk.address, laptop.identity, None, timeout=5).post("/unpair", {})
    assert kiosk.config_file() == before


def test_a_sync_still_works_after_refusals(paired):
    kiosk, laptop, client, signer = paired
    kiosk.add_events(4)
    _refused(client, "/sync/hello", b"{", _signed(signer, "/sync/hello", b"{"))
    assert sync_kiosk(laptop, "kioskA", timeout=5).received == 4


def test_a_laptop_folder_restored_from_a_backup_syncs_at_the_first_try(kiosk, laptop, tmp_path):
    pair(kiosk, laptop)
    kiosk.add_events(3)
    laptop.close()
    backup = tmp_path / "backup"
    shutil.copytree(laptop.directory, backup)
    again = LaptopStore(laptop.directory)
    for _ in range(3):  # counters the backup never saw
        sync_kiosk(again, "kioskA", timeout=5)
    again.close()
    shutil.rmtree(laptop.directory)
    shutil.copytree(backup, laptop.directory)  # the teacher restores the laptop's folder
    restored = LaptopStore(laptop.directory)
    try:
        kiosk.add_events(2)
        receipt = sync_kiosk(restored, "kioskA", timeout=5)
        assert (receipt.received, receipt.agree) == (5, True)  # the backup held none of the choices
        assert sync_kiosk(restored, "kioskA", timeout=5).received == 0  # and the next sync works too
    finally:
        restored.close()


def test_a_captured_request_is_still_refused_and_learns_nothing_useful(paired):
    _kiosk, _, client, signer = paired
    raw = b'{"laptop_time":"2026-11-25T10:00:00+00:00"}'
    headers = _signed(signer, "/sync/hello", raw)
    client.send_raw("/sync/hello", raw, headers)
    error = _refused(client, "/sync/hello", raw, headers)  # the attacker's replay
    assert (error.code, error.answer["last_counter"]) == ("replayed", int(headers[COUNTER_HEADER]))
    moved = []
    victim = Signer(signer.laptop_id, signer.key, lambda: int(headers[COUNTER_HEADER]), moved.append)
    with pytest.raises(KioskRefusedError):  # the same bytes cannot be made fresh without the key
        client.post("/sync/hello", {"laptop_time": "2026-11-25T10:00:00+00:00"}, victim)
    assert moved == [int(headers[COUNTER_HEADER])]  # the retry was signed anew, with a new counter...
    stranger = Signer(signer.laptop_id, b"k" * 32, signer.next_counter, moved.append)
    with pytest.raises(KioskRefusedError) as refused:
        client.post("/sync/hello", {"laptop_time": "2026-11-25T10:00:00+00:00"}, stranger)
    assert refused.value.code == "bad_signature" and "proof" not in refused.value.answer


def test_a_forged_statement_of_the_last_counter_is_ignored(paired):
    _kiosk, _laptop, client, signer = paired
    raw = b'{"laptop_time":"2026-11-25T10:00:00+00:00"}'
    headers = _signed(signer, "/sync/hello", raw)
    client.send_raw("/sync/hello", raw, headers)
    refused = KioskRefusedError(409, "replayed", "x", {"last_counter": 10**9, "proof": "0" * 64})
    assert not _behind(refused, signer, headers)


def test_a_kiosk_whose_storage_is_busy_says_so_in_words_the_laptop_translates(paired):
    """The storage thread is held by other work: the request is answered 503 "busy", whole, nothing changed."""
    import threading

    from kiosk.laptop.language import locale_dir
    from kiosk.shared.text.i18n import Translator

    kiosk, laptop, _client, _signer = paired
    release = threading.Event()
    kiosk.storage_thread._timeout = 0.3  # the server's wait for the storage thread, short for the test
    held = kiosk.storage_thread.submit(lambda: release.wait(30))
    try:
        with pytest.raises(KioskRefusedError) as busy:
            sync_kiosk(laptop, "kioskA", timeout=5)
    finally:
        release.set()
        held.result(timeout=30)
    assert (busy.value.status, busy.value.code) == (503, "busy")
    assert str(busy.value) == "The kiosk is busy just now; try again in a moment."
    assert Translator("es", locale_dir())(str(busy.value)).startswith("El quiosco está ocupado")
    kiosk.storage_thread._timeout = 30.0
    assert sync_kiosk(laptop, "kioskA", timeout=5).agree  # once free, the same sync goes through
