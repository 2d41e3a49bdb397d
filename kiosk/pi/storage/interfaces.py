"""What the kiosk's service needs from its storage, as Protocols.

As in cosmicpython's repository pattern, the core is written against the calls it
makes, not against :class:`~.kiosk_storage.KioskStorage` with its files, journals
and lock: these Protocols are that contract in one place. ``KioskStorage`` keeps
it structurally (mypy checks each place one is passed as a :class:`ServiceStorage`),
so a test may hand the service anything else that keeps the same promises. What it
reads of the setup comes back as read-only ``Mapping``s: the service turns each into its
domain value (``Center.from_dict`` …) and never changes a record the storage may hold;
the choice log is read and written as ``ChoiceEvent`` records (:mod:`.choice_journal`). The
sync backend needs more (purges, segment files) and takes ``KioskStorage`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from kiosk.shared.domain import ChoiceEvent
from kiosk.shared.files.errors import StorageProblem

__all__ = ["ChoiceLog", "ServiceStorage", "SetupStore"]


class ChoiceLog(Protocol):
    """The log of choices: append-only, numbered by ``seq``, read by day or from a seq, as domain records."""

    def last_seq(self) -> int: ...

    def since(self, seq: int) -> Iterable[ChoiceEvent]: ...

    def on_day(self, day: str) -> Sequence[ChoiceEvent]: ...

    def newest(self) -> ChoiceEvent | None: ...

    def record(self, event: ChoiceEvent) -> None: ...


class SetupStore(Protocol):
    """The class's setup: centers, children, settings and named meta values."""

    @property
    def path(self) -> Path: ...

    def get_centers(self) -> Sequence[Mapping[str, Any]]: ...

    def get_children(self) -> Sequence[Mapping[str, Any]]: ...

    def get_settings(self) -> Mapping[str, Any] | None: ...

    def put_center(self, center: dict[str, Any]) -> dict[str, Any]: ...

    def put_child(self, child: dict[str, Any]) -> dict[str, Any]: ...

    def put_settings(self, settings: dict[str, Any]) -> dict[str, Any]: ...

    def get_meta(self, key: str, default: Any = None) -> Any: ...

    def put_meta(self, key: str, value: Any) -> None: ...

    def batch(self) -> AbstractContextManager[None]: ...


class ServiceStorage(Protocol):
    """A kiosk's storage as the service uses it: the log, the setup, what was found damaged."""

    @property
    def choices(self) -> ChoiceLog: ...

    @property
    def config(self) -> SetupStore: ...

    @property
    def problems(self) -> list[StorageProblem]: ...
