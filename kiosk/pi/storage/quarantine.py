"""Setting damaged files aside and telling the teacher, never reading them as empty.

A file that fails its checks is renamed to ``<name>.corrupt-<UTC time>`` next to
where it was (nothing is deleted: someone may rescue it) and a
:class:`StorageProblem` with a teacher-facing message is kept for the kiosk to show.
Only the writer thread renames files; a damage found by a reader thread is reported
at once and moved on the writer's next call.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kiosk.shared.files.durable_io import FileOps, set_aside
from kiosk.shared.files.errors import StorageError, StorageProblem
from kiosk.shared.files.single_writer import SingleWriter
from kiosk.shared.text.i18n import Sentence

__all__ = ["Quarantine", "config_problem", "events_problem"]

ProblemFor = Callable[[Path | None], StorageProblem]


def events_problem(path: Path, day: str, reason: str) -> ProblemFor:
    """How to report a damaged segment of choices from ``day``."""

    def make(moved_to: Path | None) -> StorageProblem:
        if moved_to is None:
            message = Sentence(
                "A file of choices from {day} is damaged; the kiosk leaves it alone and everything else is kept.",
                day=day,
            )
        else:
            message = Sentence(
                "A file of choices from {day} was damaged and set aside as {file}; everything else is kept.",
                day=day, file=moved_to.name,
            )
        params = {"day": day, "file": (moved_to or path).name}
        return StorageProblem(path, moved_to, reason, message, "events_set_aside", params)

    return make


def config_problem(path: Path, reason: str) -> ProblemFor:
    """How to report a damaged setup file (centers, children, settings)."""

    def make(moved_to: Path | None) -> StorageProblem:
        where = Sentence("set aside as {file}", file=moved_to.name) if moved_to else Sentence("left where it was")
        message = Sentence(
            "The file with the centers, children and settings was damaged and {where}. "
            "The kiosk started without them: restore them from the teacher's laptop or "
            "set them up again. Recorded choices are kept.", where=where,
        )
        params = {"file": (moved_to or path).name}
        return StorageProblem(path, moved_to, reason, message, "config_set_aside", params)

    return make


class Quarantine:
    """Moves damaged files aside and keeps the problems found, in order."""

    def __init__(self, ops: FileOps, writer: SingleWriter) -> None:
        self._ops = ops
        self._writer = writer
        self._problems: list[StorageProblem] = []
        self._pending: list[tuple[Path, ProblemFor, int]] = []

    @property
    def problems(self) -> list[StorageProblem]:
        return list(self._problems)

    def report(self, path: Path, problem_for: ProblemFor, *, move: bool = True) -> Path | None:
        """Record a damaged file and (unless ``move`` is false) set it aside.

        Returns where it went, or ``None`` if it stays (not moved, moving failed,
        or it will be moved on the writer thread's next call).
        """
        self._problems.append(problem_for(None))
        index = len(self._problems) - 1
        if not move:
            return None
        if not self._writer.on_its_thread():
            self._pending.append((path, problem_for, index))
            return None
        return self._move(path, problem_for, index)

    def settle(self) -> None:
        """Move the files a reader thread found damaged (call on the writer thread)."""
        pending, self._pending = self._pending, []
        for path, problem_for, index in pending:
            self._move(path, problem_for, index)

    def _move(self, path: Path, problem_for: ProblemFor, index: int) -> Path | None:
        try:
            moved_to = set_aside(self._ops, path)
        except StorageError:
            return None
        self._problems[index] = problem_for(moved_to)
        return moved_to
