"""Kivy's log on the SD card: one rotating file, bounded, WARNING and up; none under the journal."""

from __future__ import annotations

import logging

import pytest

from screens.pi.kivy_log import BACKUPS, MAX_BYTES, attach_file_log, prepare_kivy_log


@pytest.fixture
def kivy_logger():
    from kivy.logger import Logger

    handlers, level = list(Logger.handlers), Logger.level
    yield Logger
    for handler in Logger.handlers[len(handlers):]:
        handler.close()
    Logger.handlers[:] = handlers
    Logger.setLevel(level)


def test_a_day_of_errors_stays_within_the_bound(tmp_path, kivy_logger):
    path = attach_file_log(tmp_path / "logs", {})
    line = "x" * 200
    for i in range(20_000):
        kivy_logger.warning(f"Reader: offline {i} {line}")
        kivy_logger.info("not kept: below WARNING")
    files = sorted((tmp_path / "logs").iterdir())
    assert path == tmp_path / "logs" / "kiosk.log"
    assert len(files) == BACKUPS + 1
    assert all(f.stat().st_size <= MAX_BYTES for f in files)
    assert "not kept" not in path.read_text() and "offline 19999" in path.read_text()
    assert (tmp_path / "logs").stat().st_mode & 0o777 == 0o700


def test_under_systemd_the_journal_keeps_the_log_and_no_file_is_written(tmp_path, kivy_logger):
    assert attach_file_log(tmp_path / "logs", {"JOURNAL_STREAM": "8:1234"}) is None
    kivy_logger.warning("to the journal")
    assert not (tmp_path / "logs").exists()
    assert kivy_logger.level == logging.WARNING


def test_kivy_writes_no_file_of_its_own_and_logs_from_warning_up():
    env: dict[str, str] = {}
    prepare_kivy_log(env)
    assert env == {"KIVY_LOG_MODE": "MIXED", "KIVY_NO_FILELOG": "1", "KCFG_KIVY_LOG_LEVEL": "warning"}
