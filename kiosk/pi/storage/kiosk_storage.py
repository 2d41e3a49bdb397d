"""Opening the kiosk's data directory: the event log, the setup, one writer.

Layout (see docs/STORAGE.md)::

    <data>/              0o700, per user (platformdirs)
      .lock              held while a kiosk program has the directory open
      config.json        centers, children, settings, meta (ConfigStore)
      events/            0o700, the choice log (EventLog), one file per day segment

:class:`KioskStorage` is what the app's composition root opens once, on the thread
that will do all the writing.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

from kiosk.pi.storage.choice_journal import ChoiceJournal
from kiosk.pi.storage.config_store import ConfigStore
from kiosk.pi.storage.event_log import DEFAULT_SEGMENT_LIMIT, EventLog
from kiosk.shared.files.durable_io import FileOps, make_private_dir
from kiosk.shared.files.errors import StorageProblem
from kiosk.shared.files.single_writer import DirectoryLock, SingleWriter

__all__ = ["APP_NAME", "KioskStorage", "default_data_dir"]

APP_NAME = "choice-kiosk"


def default_data_dir() -> Path:
    """Where this user's kiosk data lives (e.g. ``~/.local/share/choice-kiosk``)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class KioskStorage:
    """The event log and the setup of one kiosk, written by one thread only.

    ``events`` is the log of raw entries (their JSON); ``choices`` the same log read and
    written as ``ChoiceEvent`` records, as the core uses it.
    """

    def __init__(
        self, events: EventLog, config: ConfigStore, writer: SingleWriter, lock: DirectoryLock
    ) -> None:
        self.events = events
        self.choices = ChoiceJournal(events)
        self.config = config
        self.writer = writer
        self._lock = lock

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        ops: FileOps | None = None,
        segment_limit: int = DEFAULT_SEGMENT_LIMIT,
    ) -> KioskStorage:
        """Open (creating if needed) the data in ``data_dir``, repairing what it can.

        Damaged files are set aside and listed in :attr:`problems`. Raises
        :class:`StorageLockedError` if another kiosk program has it open.
        """
        ops = ops or FileOps()
        data_dir = Path(data_dir)
        make_private_dir(ops, data_dir)
        lock = DirectoryLock(data_dir)
        try:
            writer = SingleWriter()
            events = EventLog(
                data_dir / "events", ops=ops, writer=writer, segment_limit=segment_limit
            )
            try:
                config = ConfigStore(data_dir / "config.json", ops=ops, writer=writer)
            except BaseException:
                events.close()
                raise
        except BaseException:
            lock.release()
            raise
        return cls(events, config, writer, lock)

    @property
    def problems(self) -> list[StorageProblem]:
        """Every damaged file found so far (the teacher should be told)."""
        return self.config.problems + self.events.problems

    def set_aside_files(self) -> list[Path]:
        """Files set aside now or earlier (``*.corrupt-*``), for the teacher's screen."""
        found = [*self.config.path.parent.glob("*.corrupt-*")]
        found += self.events.directory.glob("*.corrupt-*")
        return sorted(found)

    def close(self) -> None:
        """Close the files and let another program open the directory."""
        try:
            self.events.close()
            self.config.close()
        finally:
            self._lock.release()

    def __enter__(self) -> KioskStorage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
