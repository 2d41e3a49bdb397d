"""A fresh choice file in a laptop's events folder, for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.laptop.choice_file import ChoiceFile


@pytest.fixture
def path(tmp_path: Path) -> Path:
    events = tmp_path / "events"
    events.mkdir()
    return events / "k1.choices"


@pytest.fixture
def file(path: Path) -> ChoiceFile:
    return ChoiceFile(path, "k1")
