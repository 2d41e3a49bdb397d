"""A failing card: fsync, rename and write errors, a full disk, a failed rollback.

In every case the old data stays intact, the choice is not confirmed (an exception
is raised) and, once the card works again, the same choice can be recorded once.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kiosk.pi.storage import DiskFullError, EventLog, KioskStorage, StorageError
from tests.pi.storage.storage_helpers import FaultyOps, event, file_bytes

FAILURES = {
    "fsync": ("fsync", errno.EIO, StorageError),
    "write-eio": ("write", errno.EIO, StorageError),
    "disk-full": ("write", errno.ENOSPC, DiskFullError),
    "quota": ("write", getattr(errno, "EDQUOT", errno.ENOSPC), DiskFullError),
}


def assert_recorded_once(events_dir: Path, seqs: list[int]) -> None:
    log = EventLog(events_dir)
    assert [e["seq"] for e in log.since(0)] == seqs
    assert len({e["id"] for e in log.since(0)}) == len(seqs)
    assert log.problems == []
    log.close()


@pytest.mark.parametrize("op, err, error_type", list(FAILURES.values()), ids=list(FAILURES))
def test_failed_append_keeps_old_data_and_is_not_confirmed(
    tmp_path: Path, faulty: FaultyOps, op: str, err: int, error_type: type
) -> None:
    events_dir = tmp_path / "events"
    log = EventLog(events_dir, ops=faulty)
    log.append(event(1))
    before = file_bytes(events_dir)
    choice = event(2)
    faulty.arm(op, err, partial=17)
    with pytest.raises(error_type) as caught:
        log.append(choice)
    assert "was not saved" in str(caught.value)
    assert file_bytes(events_dir) == before
    assert log.last_seq() == 1 and log.events_on("2026-11-20") == log.events_on("2026-11-20")[:1]
    log.append(choice)
    log.append(event(3))
    log.close()
    assert_recorded_once(events_dir, [1, 2, 3])


@pytest.mark.parametrize("op", ["replace", "fsync", "write"])
def test_failure_while_starting_a_new_day_changes_nothing(tmp_path: Path, faulty: FaultyOps, op: str) -> None:
    events_dir = tmp_path / "events"
    log = EventLog(events_dir, ops=faulty)
    log.append(event(1, "2026-11-20"))
    before = file_bytes(events_dir)
    faulty.arm(op, errno.ENOSPC)
    with pytest.raises(DiskFullError):
        log.append(event(2, "2026-11-21"))
    assert file_bytes(events_dir) == before
    assert sorted(os.listdir(events_dir)) == sorted(before)
    log.append(event(2, "2026-11-21"))
    log.close()
    assert_recorded_once(events_dir, [1, 2])


def test_failed_append_on_a_new_day_then_other_day_renames_the_empty_segment(
    tmp_path: Path, faulty: FaultyOps
) -> None:
    events_dir = tmp_path / "events"
    log = EventLog(events_dir, ops=faulty)
    log.append(event(1, "2026-11-20"))
    faulty.arm("fsync", after=2)  # the new file and its directory are synced, the choice is not
    with pytest.raises(StorageError):
        log.append(event(2, "2026-11-21"))
    assert sorted(os.listdir(events_dir)) == [
        "0000000001-2026-11-20.journal",
        "0000000002-2026-11-21.journal",
    ]
    faulty.arm("replace")
    with pytest.raises(StorageError):
        log.append(event(2, "2026-11-22"))
    log.append(event(2, "2026-11-22"))
    assert sorted(os.listdir(events_dir)) == [
        "0000000001-2026-11-20.journal",
        "0000000002-2026-11-22.journal",
    ]
    log.close()
    assert_recorded_once(events_dir, [1, 2])


def test_failed_rollback_refuses_appends_until_reopened(tmp_path: Path, faulty: FaultyOps) -> None:
    events_dir = tmp_path / "events"
    log = EventLog(events_dir, ops=faulty)
    log.append(event(1))
    faulty.arm("write", errno.EIO, partial=30)
    faulty.arm("truncate")
    with pytest.raises(StorageError):
        log.append(event(2))
    with pytest.raises(StorageError, match="restarted"):
        log.append(event(2))
    log.close()
    again = EventLog(events_dir)
    assert again.last_seq() == 1 and again.problems == []
    again.append(event(2))
    again.close()
    assert_recorded_once(events_dir, [1, 2])


def test_directory_fsync_failure_after_rename_stops_until_reopened(tmp_path: Path) -> None:
    class FailDirFsync(FaultyOps):
        def fsync(self, fd: int) -> None:
            if self.fail_dirs and os.path.isdir(f"/proc/self/fd/{fd}"):
                raise OSError(errno.EIO, "dir fsync failed")
            super().fsync(fd)

    ops = FailDirFsync()
    ops.fail_dirs = False
    events_dir = tmp_path / "events"
    log = EventLog(events_dir, ops=ops)
    log.append(event(1, "2026-11-20"))
    ops.fail_dirs = True
    with pytest.raises(StorageError):
        log.append(event(2, "2026-11-21"))
    with pytest.raises(StorageError, match="restart"):
        log.append(event(2, "2026-11-21"))
    log.close()
    ops.fail_dirs = False
    again = EventLog(events_dir, ops=ops)
    again.append(event(2, "2026-11-21"))
    again.close()
    assert_recorded_once(events_dir, [1, 2])


def test_a_failed_fsync_is_caught_and_the_choice_can_be_saved_again(tmp_path: Path, faulty: FaultyOps) -> None:
    events_dir = tmp_path / "events"
    log = EventLog(events_dir, ops=faulty)
    log.append(event(1))
    before = file_bytes(events_dir)
    fsyncs = faulty.calls["fsync"]

    faulty.arm("fsync", errno.EIO)  # the card fails the next fsync, once
    with pytest.raises(StorageError):
        log.append(event(2))
    assert faulty.calls["fsync"] > fsyncs
    assert file_bytes(events_dir) == before
    log.append(event(2))
    log.close()
    assert_recorded_once(events_dir, [1, 2])


CONFIG_FAILURES = {
    "fsync": ("fsync", errno.EIO, StorageError),
    "replace": ("replace", errno.EIO, StorageError),
    "disk-full": ("write", errno.ENOSPC, DiskFullError),
}


@pytest.mark.parametrize("op, err, error_type", list(CONFIG_FAILURES.values()), ids=list(CONFIG_FAILURES))
def test_failed_config_change_keeps_old_setup(
    data_dir: Path, faulty: FaultyOps, op: str, err: int, error_type: type
) -> None:
    with KioskStorage.open(data_dir, ops=faulty) as storage:
        storage.config.seed(centers=[{"id": "art", "name": "Art"}], children=[{"id": "c1"}])
        before = (data_dir / "config.json").read_bytes()
        for change in (
            lambda: storage.config.put_center({"id": "art", "name": "Painting"}),
            lambda: storage.config.remove_child("c1"),
            lambda: storage.config.seed(centers=[]),
            lambda: storage.config.put_meta("kiosk_id", "k1"),
        ):
            faulty.arm(op, err, partial=5)
            with pytest.raises(error_type):
                change()
            assert (data_dir / "config.json").read_bytes() == before
            assert storage.config.get_centers() == [{"id": "art", "name": "Art", "rev": 1}]
            assert storage.config.get_children() == [{"id": "c1", "rev": 1}]
        assert sorted(p.name for p in data_dir.iterdir()) == [".lock", "config.json", "events"]
        storage.config.put_center({"id": "art", "name": "Painting"})
    with KioskStorage.open(data_dir) as storage:
        assert storage.config.get_centers() == [{"id": "art", "name": "Painting", "rev": 2}]
