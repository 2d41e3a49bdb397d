"""Files on a USB stick, opened so that nothing on the stick can steer them elsewhere.

A stick is written by whoever had it last. A folder or file on it that is a
symlink (to a folder elsewhere, to a file, or dangling), or a name with ``..``,
must not make the kiosk write outside the stick's folder, nor the laptop read a
file from elsewhere as if it were an export. Every folder is opened one component
at a time relative to the one before (``dir_fd``) with ``O_NOFOLLOW``; the bundle
is written as a temp file created with ``O_EXCL | O_NOFOLLOW`` in that folder and
renamed over the final name (a rename replaces a link itself, never its target);
a file to import is opened with ``O_NOFOLLOW`` too. Where the OS has no
``O_NOFOLLOW`` (Windows laptops), the path is checked with ``lstat`` instead.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from kiosk.shared.files.durable_io import FileOps, write_all
from kiosk.shared.text.errors import KioskError
from kiosk.shared.text.i18n import Sentence

__all__ = ["UnsafeStickPath", "open_folder", "read_file", "safe_name", "write_file"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_LINK_ERRORS = (errno.ELOOP, errno.ENOTDIR, errno.EMLINK)


class UnsafeStickPath(KioskError):
    """A path on the stick leads outside its folder (a link, ``..``); ``str()`` is for the teacher."""

    code = "stick_path_unsafe"


def safe_name(name: str) -> str:
    """``name`` if it is one plain file or folder name, else :class:`UnsafeStickPath`."""
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\0" in name or Path(name).anchor:
        raise UnsafeStickPath(Sentence("The name {name!r} points outside the USB stick's folder; it was refused.",
                                       name=name))
    return name


def _refused(inside: Sequence[str]) -> UnsafeStickPath:
    return UnsafeStickPath(Sentence(
        "the folder {folder} on the USB stick is a link (or not a folder) and the kiosk will not "
        "follow it. Remove it from the stick (or use another stick) and try again.", folder="/".join(inside)
    ))


@contextmanager
def open_folder(root: Path, parts: Sequence[str], *, create: bool) -> Iterator[int]:
    """A descriptor of ``root/parts…``, each part made if missing, none of them a link."""
    fd = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        inside: list[str] = []
        for part in parts:
            safe_name(part)
            if create:
                with suppress(FileExistsError):
                    os.mkdir(part, 0o755, dir_fd=fd)
            try:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            except OSError as exc:
                if exc.errno in _LINK_ERRORS:
                    raise _refused([*inside, part]) from None
                raise
            os.close(fd)
            fd = inner
            inside.append(part)
        yield fd
    finally:
        os.close(fd)


def write_file(folder_fd: int, name: str, data: bytes, ops: FileOps | None = None) -> None:
    """Put ``data`` at ``name`` in the folder: complete or not at all, never through a link.

    The writes and fsyncs go through ``ops`` (tests hand in one that fails, like a full stick).
    """
    ops = ops or FileOps()
    safe_name(name)
    temp = f".{name}.tmp"
    with suppress(FileNotFoundError):  # a leftover (or a planted link) goes; a link's target stays
        os.unlink(temp, dir_fd=folder_fd)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644, dir_fd=folder_fd)
    try:
        try:
            write_all(ops, fd, data)
            ops.fsync(fd)
        finally:
            os.close(fd)
        os.rename(temp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp, dir_fd=folder_fd)
        raise
    ops.fsync(folder_fd)


def read_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, not through a link; at most ``limit`` + 1 of them."""
    if not _NOFOLLOW:  # pragma: no cover - Windows: lstat is the check there is
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISREG(info.st_mode):
            raise UnsafeStickPath(Sentence("The file {name} is a link or not a file; it was refused.", name=path.name))
        return path.read_bytes()[: limit + 1]
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno in _LINK_ERRORS:
            raise UnsafeStickPath(Sentence(
                "The file {name} is a link to somewhere else; it was refused "
                "(copy the export itself onto the stick).", name=path.name
            )) from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeStickPath(Sentence("{name} is not a file; it was refused.", name=path.name))
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
