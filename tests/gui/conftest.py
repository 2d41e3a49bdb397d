"""GUI tests: each runs the real app offscreen in a process of its own.

Kivy allows one window per process, so in the main pytest run every GUI test is
re-run as ``python -m pytest <node id>`` in a child process (marked by an
environment variable) and its outcome is reported here as the test's own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from _pytest.reports import TestReport

from tests.gui.harness import KioskDriver, make_services

CHILD_ENV = "CHOICE_KIOSK_GUI_CHILD"
ROOT = Path(__file__).resolve().parents[2]
CHILD_TIMEOUT_S = 300


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui/" in item.nodeid:
            item.add_marker(pytest.mark.gui)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """Run a GUI test in a child process unless this already is that child."""
    if os.environ.get(CHILD_ENV) or "tests/gui/" not in item.nodeid:
        return None
    item.ihook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    command = [sys.executable, "-m", "pytest", item.nodeid, "-q", "-p", "no:cacheprovider", "-x"]
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env={**os.environ, CHILD_ENV: "1"},
            capture_output=True,
            text=True,
            timeout=CHILD_TIMEOUT_S,
        )
        passed, output = done.returncode == 0, done.stdout + done.stderr
    except subprocess.TimeoutExpired as error:
        passed, output = False, f"timed out after {CHILD_TIMEOUT_S} s\n{error.stdout or ''}"
    report = TestReport(
        nodeid=item.nodeid,
        location=item.location,
        keywords={k: 1 for k in item.keywords},
        outcome="passed" if passed else "failed",
        longrepr=None if passed else output[-20000:],
        when="call",
    )
    item.ihook.pytest_runtest_logreport(report=report)
    item.ihook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)
    return True


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[KioskDriver]:
    """The demo classroom's kiosk on a fresh data dir, 800×480."""
    driver = KioskDriver(make_services(tmp_path / "data"))
    yield driver
    driver.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = tmp_path / "shots"
    folder.mkdir()
    return folder
