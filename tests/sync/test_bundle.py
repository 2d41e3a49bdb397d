"""USB bundles: round trip, atomic writing, and every bad bundle refused."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.shared.sync.bundle import (
    BUNDLE_SUFFIX,
    BundleError,
    BundleTamperedError,
    BundleTruncatedError,
    NotABundleError,
    OtherLaptopBundleError,
    UnpairedKioskError,
    UnsafeBundlePathError,
    bundle_mac,
    bundle_path,
    import_bundle,
    read_bundle,
    write_bundle,
)
from tests.pi.storage.storage_helpers import FaultyOps
from tests.sync.events import event

KEY = b"pairing-key-of-k1-0123456789abcdef"
KEYS = {"k1": KEY}


def log(n: int = 3) -> list[dict]:
    return [event("k1", s, child=f"c{s}") for s in range(1, n + 1)]


def written(tmp_path: Path, n: int = 3) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return write_bundle(tmp_path, "k1", log(n), KEY)


def test_round_trip(tmp_path):
    path = written(tmp_path)
    assert path.parent == tmp_path and path.name.endswith(BUNDLE_SUFFIX)
    bundle = read_bundle(path, KEYS)
    assert (bundle.kiosk_id, bundle.first_seq, bundle.last_seq) == ("k1", 1, 3)
    assert list(bundle.events) == log(3)


def test_written_atomically_with_no_temp_file_left(tmp_path):
    path = written(tmp_path)
    assert os.listdir(tmp_path) == [path.name]
    manifest = json.loads(path.read_bytes().split(b"\n", 1)[0])
    assert manifest["count"] == 3 and manifest["mac"] == bundle_mac(manifest, KEY)


def test_import_merges_idempotently(tmp_path):
    path = written(tmp_path)
    laptop = [event("k2", 1), event("k1", 1)]
    first = import_bundle(path, KEYS, laptop)
    assert first.added == 2 and len(first.events) == 4 and first.conflicts == []
    again = import_bundle(path, KEYS, first.events)
    assert again.added == 0 and again.events == first.events


def test_import_reports_a_kiosk_that_reused_a_seq(tmp_path):
    path = written(tmp_path)
    result = import_bundle(path, KEYS, [event("k1", 2, event_id="old-2")])
    assert [(c.kiosk_id, c.seq) for c in result.conflicts] == [("k1", 2)]


def test_a_bundle_from_an_unpaired_kiosk_is_refused(tmp_path):
    path = written(tmp_path)
    with pytest.raises(UnpairedKioskError, match="from a kiosk this laptop is not paired with"):
        read_bundle(path, {"k2": KEY})


def test_a_bundle_under_another_key_is_refused_as_changed(tmp_path):
    path = written(tmp_path)
    with pytest.raises(BundleTamperedError, match="changed after the kiosk wrote it"):
        read_bundle(path, {"k1": b"another key"})


def _rewrite(path: Path, change) -> None:
    head, body = path.read_bytes().split(b"\n", 1)
    path.write_bytes(change(head, body))


def _edit_manifest(**fields):
    def change(head: bytes, body: bytes) -> bytes:
        manifest = {**json.loads(head), **fields}
        return json.dumps(manifest).encode() + b"\n" + body

    return change


def _edit_event(head: bytes, body: bytes) -> bytes:
    return head + b"\n" + body.replace(b'"c2"', b'"c9"')


def _resigned_with_foreign_event(head: bytes, body: bytes) -> bytes:
    body = body + json.dumps(event("k2", 4)).encode() + b"\n"
    digest = hashlib.sha256(body).hexdigest()
    manifest = {**json.loads(head), "count": 4, "last_seq": 4, "events_sha256": digest}
    manifest["mac"] = bundle_mac(manifest, KEY)
    return json.dumps(manifest).encode() + b"\n" + body


def _resigned_empty(head: bytes, body: bytes) -> bytes:
    manifest = {**json.loads(head), "count": 0, "events_sha256": hashlib.sha256(b"").hexdigest()}
    manifest["mac"] = bundle_mac(manifest, KEY)
    return json.dumps(manifest).encode() + b"\n"


BAD = {
    "event edited": (_edit_event, BundleTamperedError, "changed after"),
    "count raised": (_edit_manifest(count=9), BundleTamperedError, "changed after"),
    "manifest edited": (_edit_manifest(first_seq=2), BundleTamperedError, "signature"),
    "kiosk renamed": (_edit_manifest(kiosk_id="k2"), UnpairedKioskError, "not paired"),
    "event dropped": (lambda h, b: h + b"\n" + b.split(b"\n", 1)[1], BundleTruncatedError, "cut short"),
    "cut mid-event": (lambda h, b: h + b"\n" + b[:-7], BundleTruncatedError, "cut short"),
    "event added": (lambda h, b: h + b"\n" + b + b.split(b"\n")[0] + b"\n", BundleTamperedError, "changed"),
    "cut in manifest": (lambda h, b: h[:40], BundleTruncatedError, "cut short"),
    "empty": (lambda h, b: b"", BundleTruncatedError, "cut short"),
    "not a bundle": (lambda h, b: b"name,center\nann,lego\n", NotABundleError, "not a Choice Kiosk"),
    "other format": (_edit_manifest(format="zip"), NotABundleError, "not a Choice Kiosk export"),
    "newer version": (_edit_manifest(version=2), NotABundleError, "different version"),
    "signed foreign event": (_resigned_with_foreign_event, BundleTamperedError, "another kiosk"),
    "signed but empty": (_resigned_empty, BundleTamperedError, "number of choices"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_every_bad_bundle_is_refused_and_nothing_merged(tmp_path, kind):
    change, error, words = BAD[kind]
    path = written(tmp_path)
    _rewrite(path, change)
    laptop = [event("k2", 1)]
    with pytest.raises(error, match=words) as caught:
        import_bundle(path, KEYS, laptop)
    assert isinstance(caught.value, BundleError) and "nothing was imported" in str(caught.value)
    assert laptop == [event("k2", 1)]


@pytest.mark.parametrize("name", ["../escape.ckbundle", "/etc/passwd", "a/b.ckbundle", "..", "", "c:\\x"])
def test_names_that_leave_the_folder_are_refused(tmp_path, name):
    with pytest.raises(UnsafeBundlePathError, match="refused"):
        bundle_path(tmp_path, name)


@pytest.mark.parametrize("target", ["file", "folder", "dangling"])
def test_importing_a_link_is_refused_whatever_it_points_to(tmp_path, target):
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    stick.mkdir()
    real = written(elsewhere)  # a genuine, verifiable bundle outside the stick
    points_to = {"file": real, "folder": elsewhere, "dangling": elsewhere / "gone.ckbundle"}[target]
    (stick / "x.ckbundle").symlink_to(points_to)
    with pytest.raises(UnsafeBundlePathError, match="link") as refused:
        import_bundle(stick / "x.ckbundle", KEYS, [])
    assert "nothing was imported" in str(refused.value)


@pytest.mark.parametrize("target", ["file", "dangling"])
def test_writing_never_goes_through_a_link_at_the_bundles_name(tmp_path, target):
    stick, elsewhere = tmp_path / "stick", tmp_path / "elsewhere"
    stick.mkdir()
    elsewhere.mkdir()
    victim = elsewhere / "victim"
    if target == "file":
        victim.write_bytes(b"keep me")
    name = f"choice-kiosk-k1-{1:010d}-{3:010d}.ckbundle"
    (stick / name).symlink_to(victim)
    (stick / f".{name}.tmp").symlink_to(victim)  # a planted temp name too
    path = write_bundle(stick, "k1", log(), KEY)
    assert not path.is_symlink() and read_bundle(path, KEYS).last_seq == 3
    assert (victim.read_bytes() == b"keep me") if target == "file" else not victim.exists()
    assert sorted(os.listdir(elsewhere)) == (["victim"] if target == "file" else [])


def test_another_laptops_bundle_says_so(tmp_path):
    folder = tmp_path / "choice-kiosk" / "lapB"
    folder.mkdir(parents=True)
    path = write_bundle(folder, "k1", log(), b"b" * 32, laptop_id="lapB")
    with pytest.raises(OtherLaptopBundleError, match="for another laptop"):
        read_bundle(path, KEYS, "lapA")
    old = _strip_laptop_id(path, b"b" * 32)  # written by a kiosk before bundles named their laptop
    with pytest.raises(OtherLaptopBundleError, match="for another laptop"):
        read_bundle(old, KEYS, "lapA")


def _strip_laptop_id(path, key):
    head, _, body = path.read_bytes().partition(b"\n")
    manifest = json.loads(head)
    del manifest["laptop_id"]
    manifest["mac"] = bundle_mac(manifest, key)
    path.write_bytes(json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode() + b"\n" + body)
    return path


@pytest.mark.parametrize("kiosk_id", ["../../etc", "k/1", ""])
def test_a_kiosk_id_that_would_escape_the_folder_is_refused(tmp_path, kiosk_id):
    with pytest.raises(UnsafeBundlePathError):
        write_bundle(tmp_path, kiosk_id, log(), KEY)
    assert os.listdir(tmp_path) == []


def test_writing_refuses_what_cannot_make_a_good_bundle(tmp_path):
    with pytest.raises(BundleError, match="no choices"):
        write_bundle(tmp_path, "k1", [], KEY)
    with pytest.raises(BundleError, match="not paired"):
        write_bundle(tmp_path, "k1", log(), b"")
    with pytest.raises(BundleError, match="own choices"):
        write_bundle(tmp_path, "k1", [event("k2", 1)], KEY)
    with pytest.raises(BundleError, match="USB stick plugged in"):
        write_bundle(tmp_path / "gone", "k1", log(), KEY)
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_no_file_and_says_so(tmp_path):
    full = FaultyOps()
    full.arm("fsync", errno.ENOSPC)  # the stick fills up: its fsync fails
    with pytest.raises(BundleError, match="could not be written to the USB stick"):
        write_bundle(tmp_path, "k1", log(), KEY, ops=full)
    assert full.calls["write"] >= 1 and full.calls["fsync"] == 1
    assert os.listdir(tmp_path) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(1, 500), min_size=1, max_size=30, unique=True), st.text(max_size=8))
def test_round_trip_of_any_log(tmp_path, seqs, child):
    events = [event("k1", s, child=child or "x") for s in seqs]
    path = write_bundle(tmp_path, "k1", events, KEY)
    assert list(read_bundle(path, KEYS).events) == sorted(events, key=lambda e: e["seq"])
    path.unlink()
