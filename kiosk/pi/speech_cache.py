"""The speech cache: one WAV per sentence and voice, written to the card once, bounded by size.

A class hears the same sentences every day (each child's greeting, each center's name
and purpose, "Have fun at …", "you are at … Stay or change?"), so each is synthesised
and written once and kept: a school year writes each WAV once unless its words change.
Some sentences are heard once and never again ("you can change in 7 min"), and a card
should not keep them: a sentence is first made in memory (a RAM folder, ``/dev/shm``)
and reaches the card the second time it is asked for; a sentence heard once is never
written to the card. Without a RAM folder (not Linux) it is written at once.

The bound is on bytes, not on a count of files (a count that fits one class churns in
a larger one): ``CACHE_BYTES`` on the card, ``SCRATCH_BYTES`` in memory. Only when a
new WAV would take a folder over its bound are others removed, the ones heard longest
ago first: the kiosk remembers what it played since it started (in memory, so that
hearing a sentence writes nothing, not even a time stamp), and a WAV not heard since
then counts by when it was made. A cached WAV is read, never touched. Files are
owner-only; a WAV is fsynced before it takes its name on the card, so a power cut
leaves either the whole sound or none (a half-made ``.part`` is removed at the next look).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

__all__ = ["CACHE_BYTES", "SCRATCH_BYTES", "SpeechCache", "ram_folder"]

CACHE_BYTES = 128 * 1024 * 1024
"""What the speech cache may take on the SD card (128 MiB)."""
SCRATCH_BYTES = 16 * 1024 * 1024
"""What sentences heard once may take in memory (16 MiB, about a hundred sentences)."""


def ram_folder(base: Path = Path("/dev/shm")) -> Path | None:
    """This user's owner-only folder in memory for sounds heard once, or None where there is none to trust."""
    folder = base / f"choice-kiosk-speech-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return None  # a link or someone else's folder in a world-writable place
        os.chmod(folder, 0o700)
    except OSError:
        return None
    return folder


class _Folder:
    """WAVs in one folder within a byte bound, the least recently heard removed first."""

    def __init__(self, path: Path, max_bytes: int, durable: bool) -> None:
        self.path = path
        self.max_bytes = max_bytes
        self.durable = durable
        self._sizes: dict[Path, int] | None = None  # read from the folder at the first use, then kept up to date
        self._heard: dict[Path, int] = {}
        self._clock = itertools.count(1)

    def has(self, name: str) -> bool:
        sizes = self.sizes()
        path = self.path / name
        if path not in sizes and path.exists():  # made by another kiosk program on the same folder
            sizes[path] = path.stat().st_size
        return path in sizes

    def heard(self, name: str) -> Path:
        path = self.path / name
        self._heard[path] = next(self._clock)
        return path

    def add(self, name: str, fill: Callable[[Path], object]) -> Path:
        """``fill(partial)`` writes the WAV; it takes its name whole, then the folder is brought within its bound."""
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.path, 0o700)
        path = self.path / name
        partial = path.with_suffix(".part")
        fill(partial)
        os.chmod(partial, 0o600)
        if self.durable:
            fd = os.open(partial, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        partial.replace(path)
        self.sizes()[path] = path.stat().st_size
        self.heard(name)
        self._fit(keep=path)
        return path

    def remove(self, name: str) -> None:
        path = self.path / name
        path.unlink(missing_ok=True)
        self.sizes().pop(path, None)
        self._heard.pop(path, None)

    def sizes(self) -> dict[Path, int]:
        if self._sizes is None:
            self._sizes = {}
            made: list[tuple[int, Path]] = []
            try:
                entries = list(os.scandir(self.path))
            except OSError:
                entries = []
            for entry in entries:
                path = Path(entry.path)
                try:
                    if entry.name.endswith(".part"):
                        path.unlink()  # cut off by a power cut or a crash while it was made
                    elif entry.name.endswith(".wav"):
                        info = entry.stat()
                        self._sizes[path] = info.st_size
                        made.append((info.st_mtime_ns, path))
                except OSError:
                    continue
            for _made_at, path in sorted(made):  # before anything is heard, the oldest made counts as least recent
                self._heard[path] = next(self._clock)
        return self._sizes

    def _fit(self, keep: Path) -> None:
        sizes = self.sizes()
        total = sum(sizes.values())
        for path in sorted(sizes, key=lambda p: self._heard.get(p, 0)):
            if total <= self.max_bytes:
                return
            if path == keep:
                continue
            try:
                path.unlink(missing_ok=True)
            except OSError:
                continue
            total -= sizes.pop(path)
            self._heard.pop(path, None)


class SpeechCache:
    """WAVs keyed by voice and text: on the card in ``folder``, sentences heard once in ``scratch`` (memory)."""

    def __init__(
        self,
        folder: Path,
        max_bytes: int = CACHE_BYTES,
        scratch: Path | None = None,
        scratch_bytes: int = SCRATCH_BYTES,
    ) -> None:
        self.folder = folder
        self._card = _Folder(folder, max_bytes, durable=True)
        self._memory = _Folder(scratch, scratch_bytes, durable=False) if scratch is not None else None
        self._asked: set[str] = set()  # sentences asked for since the start, by file name

    @staticmethod
    def name_for(text: str, voice: str) -> str:
        return hashlib.sha256(f"{voice}\0{text}".encode()).hexdigest()[:32] + ".wav"

    def path_for(self, text: str, voice: str) -> Path:
        """Where the sentence's WAV is (or will be) kept on the card."""
        return self.folder / self.name_for(text, voice)

    def wav(self, text: str, voice: str, make: Callable[[Path], None]) -> Path:
        """The WAV of ``text`` in ``voice`` to play; ``make(partial)`` synthesises it there when there is none."""
        name = self.name_for(text, voice)
        again = name in self._asked
        self._asked.add(name)
        if self._card.has(name):
            return self._card.heard(name)
        memory = self._memory
        if memory is None:
            return self._card.add(name, make)
        if memory.has(name):  # heard before: since this start, or before it (memory outlives a restart)
            kept = memory.path / name
            path = self._card.add(name, lambda partial: shutil.copyfile(kept, partial))
            memory.remove(name)
            return path
        if again:  # asked for before, its sound since dropped from memory
            return self._card.add(name, make)
        return memory.add(name, make)

    @property
    def card_bytes(self) -> int:
        return sum(self._card.sizes().values())
