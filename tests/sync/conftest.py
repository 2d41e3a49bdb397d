"""Fixtures for the network tests: kiosks and laptops, always stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.laptop.store import LaptopStore

from .net_helpers import Kiosk, start_kiosk


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[Kiosk]:
    started = start_kiosk(tmp_path / "kiosk")
    yield started
    started.stop()


@pytest.fixture
def kiosk_b(tmp_path: Path) -> Iterator[Kiosk]:
    started = start_kiosk(tmp_path / "kiosk-b", "kioskB")
    yield started
    started.stop()


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[LaptopStore]:
    store = LaptopStore(tmp_path / "laptop")
    yield store
    store.close()
