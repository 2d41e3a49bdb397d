"""AtomicJSONStorage through real TinyDB: atomic replace, checks on load, failures."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from tinydb import TinyDB

from kiosk.pi.storage import AtomicJSONStorage, CorruptFileError, DiskFullError, StorageError
from tests.pi.storage.storage_helpers import FaultyOps


def open_db(path: Path, **kwargs) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, **kwargs)


def test_round_trip_and_plain_json_file(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    db = open_db(path)
    db.table("centers").insert({"id": "art", "name": "Art", "tags": ["paint"]})
    db.table("children").insert({"id": "c1", "first_name": "Zoë"})
    db.close()
    content = json.loads(path.read_text(encoding="utf-8"))
    assert content["format"] == "choice-kiosk-config"
    assert content["data"]["children"] == {"1": {"id": "c1", "first_name": "Zoë"}}
    again = open_db(path)
    assert again.table("centers").all() == [{"id": "art", "name": "Art", "tags": ["paint"]}]
    assert path.stat().st_mode & 0o777 == 0o600


def test_missing_file_is_an_empty_database_and_is_not_created_until_written(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    db = open_db(path)
    assert db.tables() == set()
    assert not path.exists()


def test_read_returns_copies(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    db = open_db(path)
    db.table("t").insert({"l": [1]})
    doc = db.table("t").all()[0]
    doc["l"].append(2)
    assert db.table("t").all() == [{"l": [1]}]


def valid_file(tmp_path: Path) -> bytes:
    path = tmp_path / "source.json"
    open_db(path).table("t").insert({"name": "blocks"})
    return path.read_bytes()


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda good: b"", "empty"),
        (lambda good: good[: len(good) // 2], "not complete JSON"),
        (lambda good: good[:-2], "not complete JSON"),
        (lambda good: os.urandom(64).replace(b"{", b"("), "not complete JSON"),
        (lambda good: b'{"_default": {}}', "not a choice-kiosk setup file"),
        (lambda good: good.replace(b"blocks", b"blockz"), "checksum"),
        (lambda good: good.replace(b'"version":1', b'"version":7'), "newer kiosk"),
    ],
    ids=["zero-length", "truncated", "last-brace-missing", "garbage", "foreign-json", "altered", "future"],
)
def test_damaged_file_is_refused(tmp_path: Path, damage, reason: str) -> None:
    path = tmp_path / "config.json"
    bad = damage(valid_file(tmp_path))
    path.write_bytes(bad)
    with pytest.raises(CorruptFileError) as caught:
        open_db(path)
    assert reason in caught.value.reason
    assert path.read_bytes() == bad


def test_data_that_is_not_tables_is_refused(tmp_path: Path) -> None:
    import zlib

    body = b'{"t":[1,2]}'
    path = tmp_path / "config.json"
    path.write_bytes(
        b'{"format":"choice-kiosk-config","version":1,"crc32":"%08x","data":%s}\n'
        % (zlib.crc32(body), body)
    )
    with pytest.raises(CorruptFileError, match="not a database"):
        open_db(path)


@pytest.mark.parametrize(
    "op, err, error_type",
    [
        ("fsync", errno.EIO, StorageError),
        ("replace", errno.EIO, StorageError),
        ("write", errno.ENOSPC, DiskFullError),
        ("write", getattr(errno, "EDQUOT", errno.ENOSPC), DiskFullError),
    ],
    ids=["fsync", "replace", "enospc", "edquot"],
)
def test_failing_disk_leaves_old_file_and_memory_intact(
    tmp_path: Path, faulty: FaultyOps, op: str, err: int, error_type: type
) -> None:
    path = tmp_path / "config.json"
    db = open_db(path, ops=faulty)
    db.table("t").insert({"n": 1})
    before = path.read_bytes()
    faulty.arm(op, err, partial=3)
    with pytest.raises(error_type):
        db.table("t").insert({"n": 2})
    assert path.read_bytes() == before
    assert db.table("t").all() == [{"n": 1}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.json"]
    db.table("t").insert({"n": 2})
    assert [d["n"] for d in open_db(path).table("t").all()] == [1, 2]


def test_batch_saves_once_and_discards_on_error(tmp_path: Path, faulty: FaultyOps) -> None:
    path = tmp_path / "config.json"
    db = open_db(path, ops=faulty)
    storage = db.storage
    with storage.batch():
        db.table("a").insert({"n": 1})
        db.table("b").insert({"n": 2})
        assert db.table("a").all() == [{"n": 1}]
    assert faulty.calls["replace"] == 1
    with pytest.raises(RuntimeError), storage.batch():
        db.table("a").insert({"n": 3})
        raise RuntimeError("abandon")
    assert faulty.calls["replace"] == 1
    assert db.table("a").all() == [{"n": 1}]
    assert open_db(path).table("b").all() == [{"n": 2}]
