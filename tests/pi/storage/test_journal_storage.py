"""JournalStorage through real TinyDB: round trips, diff-only appends, recovery."""

from __future__ import annotations

import errno
import json
import math
from pathlib import Path

import pytest
from tinydb import Query, TinyDB
from tinydb.table import Document

from kiosk.pi.storage import CorruptFileError, DiskFullError, JournalDB, JournalStorage, StorageError
from kiosk.shared.files.journal_format import HEADER, encode_line
from tests.pi.storage.storage_helpers import FaultyOps


def open_db(path: Path, **kwargs) -> JournalDB:
    return JournalDB(path, storage=JournalStorage, create=True, **kwargs)


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def appended(path: Path, action) -> list[dict]:
    """Run ``action`` and return the write records it appended to ``path``."""
    before = path.stat().st_size
    action()
    tail = path.read_bytes()[before:]
    return [json.loads(line[9:]) for line in tail.splitlines()]


def test_round_trip_through_tinydb(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    db.table("a").insert({"x": 1, "name": "Zoë"})
    db.table("a").insert({"x": 2, "nested": {"l": [1, 2]}})
    db.table("b").insert({"y": True})
    db.table("a").update({"x": 3}, Query().x == 2)
    db.table("a").remove(doc_ids=[1])
    expected = {"a": db.table("a").all(), "b": db.table("b").all()}
    db.close()

    again = open_db(path)
    assert {"a": again.table("a").all(), "b": again.table("b").all()} == expected
    assert again.table("a").all() == [{"x": 3, "nested": {"l": [1, 2]}}]
    assert again.table("a").all()[0].doc_id == 2
    assert again.tables() == {"a", "b"}
    again.close()


def test_file_starts_with_header_and_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    open_db(path).close()
    assert path.read_bytes() == encode_line(HEADER)
    assert path.stat().st_mode & 0o777 == 0o600


def test_insert_appends_one_line_with_only_the_new_document(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    table = db.table("events")
    for n in range(50):
        table.insert({"n": n})
    records = appended(path, lambda: table.insert({"n": 50}))
    assert records == [{"ops": [["put", "events", "51", {"n": 50}]]}]
    assert len(lines(path)) == 1 + 51


def test_update_appends_only_changed_documents_even_in_place(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    table = db.table("t")
    table.insert_multiple({"n": n, "tags": []} for n in range(10))
    records = appended(path, lambda: table.update(lambda d: d["tags"].append("x"), Query().n == 3))
    assert records == [{"ops": [["put", "t", "4", {"n": 3, "tags": ["x"]}]]}]
    records = appended(path, lambda: table.update({"n": 3}, Query().n == 3))
    assert records == []


def test_remove_and_drop_append_delete_records(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    db.table("t").insert_multiple([{"n": 1}, {"n": 2}])
    assert appended(path, lambda: db.table("t").remove(doc_ids=[1])) == [{"ops": [["del", "t", "1"]]}]
    assert appended(path, lambda: db.drop_table("t")) == [{"ops": [["drop", "t"]]}]
    db.close()
    assert open_db(path).tables() == set()


def test_hand_made_write_is_diffed_in_full(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    storage = JournalStorage(path, create=True)
    storage.write({"t": {"1": {"a": 1}, "2": {"a": 2}}})
    data = storage.read()
    data["t"] = {"1": {"a": 1}, "2": {"a": 5}, "3": {"a": 3}}
    records = appended(path, lambda: storage.write(data))
    assert records == [{"ops": [["put", "t", "2", {"a": 5}], ["put", "t", "3", {"a": 3}]]}]
    storage.close()


def test_plain_tinydb_table_works_too(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = TinyDB(path, storage=JournalStorage, create=True)
    db.table("t").insert({"a": 1})
    db.table("t").update({"a": 2})
    db.close()
    assert TinyDB(path, storage=JournalStorage).table("t").all() == [{"a": 2}]


@pytest.mark.parametrize("bad", [{"x": math.nan}, {"x": object()}, {"x": math.inf}])
def test_unsavable_document_writes_nothing(tmp_path: Path, bad: dict) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    db.table("t").insert({"x": 1})
    before = path.read_bytes()
    with pytest.raises((ValueError, TypeError)):
        db.table("t").insert(bad)
    with pytest.raises((ValueError, TypeError)):
        db.table("t").update(bad, doc_ids=[1])
    assert path.read_bytes() == before
    assert db.table("t").all() == [{"x": 1}]


def test_torn_last_line_without_newline_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    db.table("t").insert({"n": 1})
    db.close()
    good = path.read_bytes()
    path.write_bytes(good + encode_line({"ops": [["put", "t", "2", {"n": 2}]]})[:-7])
    storage = JournalStorage(path)
    assert storage.dropped_tail > 0
    assert storage.read() == {"t": {"1": {"n": 1}}}
    assert path.read_bytes() == good
    storage.close()


def test_last_line_with_bad_checksum_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    db.table("t").insert({"n": 1})
    db.close()
    good = path.read_bytes()
    path.write_bytes(good + b"00000000 " + b'{"ops":[]}' + b"\n")
    assert JournalDB(path, storage=JournalStorage).table("t").all() == [{"n": 1}]
    assert path.read_bytes() == good


def test_read_only_storage_ignores_torn_tail_without_changing_file(tmp_path: Path) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path)
    db.table("t").insert({"n": 1})
    db.close()
    torn = path.read_bytes() + b"0123"
    path.write_bytes(torn)
    storage = JournalStorage(path, read_only=True)
    assert storage.read() == {"t": {"1": {"n": 1}}}
    with pytest.raises(StorageError):
        storage.write({})
    assert path.read_bytes() == torn


def write_lines(path: Path, *payloads: bytes) -> None:
    path.write_bytes(b"".join(payloads))


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"\x00" * 300, "header"),
        (b"garbage that is not a journal\nmore garbage\n", "header"),
        (encode_line({"format": "something-else", "version": 1}), "header"),
        (encode_line({"format": "choice-kiosk-journal", "version": 99}), "version"),
        (encode_line(HEADER)[:-1], "header"),
        (
            encode_line(HEADER)
            + encode_line({"ops": [["put", "t", "1", {}]]})[:-5]
            + b"\n"
            + encode_line({"ops": [["put", "t", "2", {}]]}),
            "line 2",
        ),
        (
            encode_line(HEADER) + encode_line({"ops": [["zap", "t"]]}) + encode_line({"ops": []}),
            "line 2",
        ),
        (encode_line(HEADER) + encode_line([1, 2]) + encode_line({"ops": []}), "line 2"),
        (encode_line(HEADER) + encode_line({"ops": [[["put"]]]}), "line 2"),
    ],
    ids=[
        "zero-length",
        "zeros",
        "garbage",
        "foreign-header",
        "future-version",
        "header-without-newline",
        "truncated-in-the-middle",
        "unknown-op",
        "not-a-record",
        "unhashable-op",
    ],
)
def test_damaged_journal_is_refused_not_read_as_empty(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "j.journal"
    path.write_bytes(content)
    with pytest.raises(CorruptFileError) as caught:
        JournalStorage(path)
    assert reason in caught.value.reason
    assert path.read_bytes() == content


def test_failed_fsync_rolls_back_file_and_memory(tmp_path: Path, faulty: FaultyOps) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path, ops=faulty)
    table = db.table("t")
    table.insert({"n": 1, "l": [1]})
    before = path.read_bytes()
    faulty.arm("fsync")
    with pytest.raises(StorageError):
        table.insert({"n": 2})
    faulty.arm("fsync")
    with pytest.raises(StorageError):
        table.update(lambda d: d["l"].append(2), doc_ids=[1])
    assert path.read_bytes() == before
    assert table.all() == [{"n": 1, "l": [1]}]
    table.insert(Document({"n": 2}, doc_id=2))
    db.close()
    assert JournalDB(path, storage=JournalStorage).table("t").all() == [{"n": 1, "l": [1]}, {"n": 2}]


def test_disk_full_in_the_middle_of_a_line_leaves_no_garbage(tmp_path: Path, faulty: FaultyOps) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path, ops=faulty)
    db.table("t").insert({"n": 1})
    before = path.read_bytes()
    faulty.arm("write", errno.ENOSPC, partial=5)
    with pytest.raises(DiskFullError) as caught:
        db.table("t").insert({"n": 2})
    assert "full" in str(caught.value)
    assert path.read_bytes() == before


def test_failed_rollback_refuses_further_writes_until_reopened(tmp_path: Path, faulty: FaultyOps) -> None:
    path = tmp_path / "j.journal"
    db = open_db(path, ops=faulty)
    db.table("t").insert({"n": 1})
    faulty.arm("write", errno.EIO, partial=4)
    faulty.arm("truncate")
    with pytest.raises(StorageError):
        db.table("t").insert({"n": 2})
    with pytest.raises(StorageError, match="restarted"):
        db.table("t").insert({"n": 3})
    db.close()
    reopened = JournalDB(path, storage=JournalStorage)
    assert reopened.table("t").all() == [{"n": 1}]
    reopened.table("t").insert({"n": 2})
    assert [d["n"] for d in reopened.table("t").all()] == [1, 2]
