"""Durable file operations: nothing counts as saved until the card has it.

A Raspberry Pi loses power without warning and SD cards tear writes, so every save
goes through these helpers: write everything, ``fsync`` the file, and when a file is
replaced, write a temp file in the same directory, ``fsync`` it, ``os.replace`` it
over the old one and ``fsync`` the directory so the new name survives too. Files are
created owner-only (0o600) inside owner-only directories (0o700).

All system calls go through a :class:`FileOps` object. The real one calls ``os`` at
call time; tests hand in a subclass whose ``fsync``/``replace``/``write`` fail, to
play a failing or full card without mocking anything else.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from kiosk.shared.files.errors import StorageError, error_from_os

__all__ = [
    "DIR_MODE",
    "FILE_MODE",
    "FileOps",
    "atomic_write",
    "fsync_dir",
    "make_private_dir",
    "make_private_file",
    "remove_stale_temps",
    "set_aside",
    "temp_path_for",
    "write_all",
]

FILE_MODE = 0o600
DIR_MODE = 0o700
_BINARY = getattr(os, "O_BINARY", 0)
_TEMP_SUFFIX = ".tmp"


class FileOps:
    """The system calls storage makes; subclass it to simulate a failing disk."""

    def open(self, path: Path, flags: int, mode: int = FILE_MODE) -> int:
        return os.open(path, flags | _BINARY, mode)

    def write(self, fd: int, data: bytes) -> int:
        return os.write(fd, data)

    def fsync(self, fd: int) -> None:
        os.fsync(fd)

    def truncate(self, fd: int, length: int) -> None:
        os.ftruncate(fd, length)

    def replace(self, src: Path, dst: Path) -> None:
        os.replace(src, dst)

    def unlink(self, path: Path) -> None:
        os.unlink(path)

    def close(self, fd: int) -> None:
        os.close(fd)


def write_all(ops: FileOps, fd: int, data: bytes) -> None:
    """Write every byte of ``data`` (``os.write`` may write only part of it)."""
    done = 0
    while done < len(data):
        written = ops.write(fd, data[done:])
        if written <= 0:
            raise OSError("write made no progress")
        done += written


def fsync_dir(ops: FileOps, directory: Path) -> None:
    """Make a rename or new file in ``directory`` durable (no-op on Windows)."""
    if os.name == "nt":
        return
    fd = ops.open(directory, os.O_RDONLY)
    try:
        ops.fsync(fd)
    finally:
        ops.close(fd)


def make_private_dir(ops: FileOps, directory: Path) -> None:
    """Create ``directory`` (and parents) readable by the owner only, durably."""
    missing = []
    probe = directory
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(path, DIR_MODE)
        fsync_dir(ops, path.parent)
    if directory.stat().st_mode & 0o777 != DIR_MODE:
        os.chmod(directory, DIR_MODE)


def make_private_file(path: Path) -> None:
    """Take group and other permissions off an existing file (e.g. a restored copy)."""
    if os.name != "nt" and path.exists() and path.stat().st_mode & 0o777 != FILE_MODE:
        os.chmod(path, FILE_MODE)


def temp_path_for(path: Path) -> Path:
    """The temp file a replacement of ``path`` is written to first."""
    return path.with_name(f".{path.name}{_TEMP_SUFFIX}")


def remove_stale_temps(directory: Path) -> list[Path]:
    """Delete temp files a crash left behind: they were never confirmed."""
    removed = []
    for entry in os.scandir(directory):
        if entry.name.startswith(".") and entry.name.endswith(_TEMP_SUFFIX):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def atomic_write(ops: FileOps, path: Path, data: bytes, what: str) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either old or new.

    On any failure the old file is intact, the temp file is removed and a
    :class:`StorageError` (``DiskFullError`` when the card is full) is raised.
    """
    temp = temp_path_for(path)
    try:
        fd = ops.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            write_all(ops, fd, data)
            ops.fsync(fd)
        finally:
            ops.close(fd)
        ops.replace(temp, path)
    except OSError as exc:
        _discard(ops, temp)
        raise error_from_os(exc, what) from exc
    try:
        fsync_dir(ops, path.parent)
    except OSError as exc:
        raise error_from_os(exc, what) from exc


def set_aside(ops: FileOps, path: Path) -> Path:
    """Rename a damaged file to ``<name>.corrupt-<UTC time>``; never overwrite one."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    try:
        ops.replace(path, target)
        fsync_dir(ops, path.parent)
    except OSError as exc:
        raise StorageError(
            f"The damaged file {path.name} could not be set aside.", detail=str(exc)
        ) from exc
    return target


def _discard(ops: FileOps, temp: Path) -> None:
    with contextlib.suppress(OSError):
        ops.unlink(temp)
