"""Fixtures of the storage tests: a data directory and a disk that can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pi.storage.storage_helpers import FaultyOps


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def faulty() -> FaultyOps:
    return FaultyOps()
