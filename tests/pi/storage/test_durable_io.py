"""Durable file helpers: permissions, atomic replace, setting files aside, errors."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from kiosk.pi.storage import DiskFullError, StorageError
from kiosk.shared.files.durable_io import (
    FileOps,
    atomic_write,
    make_private_dir,
    remove_stale_temps,
    set_aside,
    temp_path_for,
    write_all,
)
from kiosk.shared.files.errors import error_from_os
from tests.pi.storage.storage_helpers import FaultyOps


def test_private_dirs_are_created_owner_only_even_with_open_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        make_private_dir(FileOps(), tmp_path / "a" / "b")
        atomic_write(FileOps(), tmp_path / "a" / "b" / "f", b"x", "a test file")
    finally:
        os.umask(old)
    assert (tmp_path / "a").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "a" / "b" / "f").stat().st_mode & 0o777 == 0o600


def test_existing_dir_is_made_private(tmp_path: Path) -> None:
    target = tmp_path / "open"
    target.mkdir(mode=0o755)
    os.chmod(target, 0o755)
    make_private_dir(FileOps(), target)
    assert target.stat().st_mode & 0o777 == 0o700


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "f"
    atomic_write(FileOps(), path, b"old", "a test file")
    atomic_write(FileOps(), path, b"new and longer", "a test file")
    assert path.read_bytes() == b"new and longer"
    assert not temp_path_for(path).exists()


def test_failing_directory_fsync_is_reported(tmp_path: Path, faulty: FaultyOps) -> None:
    path = tmp_path / "f"
    faulty.arm("fsync", times=None)
    with pytest.raises(StorageError):
        atomic_write(faulty, path, b"data", "a test file")


def test_write_all_finishes_short_writes(tmp_path: Path) -> None:
    class ShortWrites(FileOps):
        def write(self, fd: int, data: bytes) -> int:
            return os.write(fd, data[:3])

    fd = os.open(tmp_path / "f", os.O_WRONLY | os.O_CREAT, 0o600)
    write_all(ShortWrites(), fd, b"0123456789")
    os.close(fd)
    assert (tmp_path / "f").read_bytes() == b"0123456789"


def test_write_all_refuses_a_write_that_makes_no_progress(tmp_path: Path) -> None:
    class Stuck(FileOps):
        def write(self, fd: int, data: bytes) -> int:
            return 0

    with pytest.raises(OSError):
        write_all(Stuck(), 0, b"x")


def test_set_aside_never_overwrites(tmp_path: Path) -> None:
    first = tmp_path / "f"
    first.write_bytes(b"one")
    moved_one = set_aside(FileOps(), first)
    first.write_bytes(b"two")
    moved_two = set_aside(FileOps(), first)
    assert moved_one != moved_two
    assert moved_one.read_bytes() == b"one" and moved_two.read_bytes() == b"two"
    assert moved_one.name.startswith("f.corrupt-") and not first.exists()


def test_set_aside_failure_is_a_storage_error(tmp_path: Path, faulty: FaultyOps) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x")
    faulty.arm("replace")
    with pytest.raises(StorageError):
        set_aside(faulty, path)
    assert path.read_bytes() == b"x"


def test_stale_temps_are_removed_and_nothing_else(tmp_path: Path) -> None:
    (tmp_path / ".a.journal.tmp").write_bytes(b"")
    (tmp_path / "keep.journal").write_bytes(b"")
    assert [p.name for p in remove_stale_temps(tmp_path)] == [".a.journal.tmp"]
    assert [p.name for p in tmp_path.iterdir()] == ["keep.journal"]


@pytest.mark.parametrize(
    "err, kind, words",
    [
        (errno.ENOSPC, DiskFullError, "full"),
        (getattr(errno, "EDQUOT", errno.ENOSPC), DiskFullError, "full"),
        (errno.EROFS, StorageError, "read-only"),
        (errno.EIO, StorageError, "could not write"),
    ],
)
def test_os_errors_become_teacher_messages(err: int, kind: type, words: str) -> None:
    error = error_from_os(OSError(err, os.strerror(err)), "this choice")
    assert type(error) is kind
    assert words in str(error) and "this choice was not saved" in str(error)
    assert os.strerror(err) in error.detail
