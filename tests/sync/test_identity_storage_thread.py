"""Identities on disk, the storage thread, and the strict body checks."""

from __future__ import annotations

import stat
import threading

import pytest

from kiosk.shared.sync.identity import fingerprint_of_pem, load_or_create_identity
from kiosk.shared.sync.protocol import OPTIONAL, PATHS, ProtocolError, parse_json, request_mac, validate
from kiosk.shared.sync.storage_thread import QueuedStorageThread


def test_an_identity_is_made_once_with_a_private_key(tmp_path):
    first = load_or_create_identity(tmp_path / "id", "kiosk")
    again = load_or_create_identity(tmp_path / "id", "kiosk")
    assert first == again
    assert len(first.fingerprint) == 64 and fingerprint_of_pem(first.cert_pem) == first.fingerprint
    assert stat.S_IMODE(first.key_path.stat().st_mode) == 0o600
    assert not list((tmp_path / "id").glob(".*.tmp"))
    assert load_or_create_identity(tmp_path / "other", "kiosk").fingerprint != first.fingerprint


def test_a_non_certificate_is_refused():
    with pytest.raises(ValueError, match="not a PEM certificate"):
        fingerprint_of_pem("hello")


def test_the_storage_thread_runs_work_on_its_thread_and_passes_errors_back():
    storage_thread = QueuedStorageThread("storage-owner")
    try:
        names = {storage_thread(lambda: threading.current_thread().name) for _ in range(3)}
        assert names == {"storage-owner"}
        with pytest.raises(KeyError):
            storage_thread(lambda: {}["missing"])
        assert storage_thread(lambda: storage_thread(lambda: 5)) == 5  # nested calls do not deadlock
    finally:
        storage_thread.stop()


def test_validate_takes_exactly_the_known_fields():
    optional = OPTIONAL["/sync/lines"]
    assert validate({"after": 0, "max_bytes": 500}, PATHS["/sync/lines"], optional) == {"after": 0, "max_bytes": 500}
    assert validate({"after": 0, "max_bytes": 5, "lines_version": 2}, PATHS["/sync/lines"], optional)
    for body in ({"after": 0}, {"after": 0, "max_bytes": 0}, {"after": -1, "max_bytes": 1},
                 {"after": 0, "max_bytes": 1, "x": 1}, {"after": 0, "max_bytes": 1, "lines_version": 3},
                 {"after": 0, "max_bytes": 1, "lines_version": True}):
        with pytest.raises(ProtocolError):
            validate(body, PATHS["/sync/lines"], optional)
    with pytest.raises(ProtocolError, match="not valid JSON"):
        parse_json(b"\xff")


def test_the_request_mac_binds_every_part():
    base = request_mac(b"k" * 32, "POST", "/sync/hello", 1, b"{}")
    assert base != request_mac(b"k" * 32, "POST", "/sync/hello", 2, b"{}")
    assert base != request_mac(b"k" * 32, "POST", "/sync/lines", 1, b"{}")
    assert base != request_mac(b"k" * 32, "POST", "/sync/hello", 1, b"{ }")
    assert base != request_mac(b"j" * 32, "POST", "/sync/hello", 1, b"{}")


def test_a_certificate_is_valid_under_any_clock_a_pi_can_wake_with(tmp_path):
    from cryptography import x509

    from kiosk.shared.sync.identity import VALID_FROM, VALID_UNTIL, load_or_create_identity

    identity = load_or_create_identity(tmp_path / "id", "choice-kiosk test")
    cert = x509.load_pem_x509_certificate(identity.cert_pem.encode("ascii"))
    assert cert.not_valid_before_utc == VALID_FROM and VALID_FROM.year == 1950
    assert cert.not_valid_after_utc == VALID_UNTIL and VALID_UNTIL.year == 9999
