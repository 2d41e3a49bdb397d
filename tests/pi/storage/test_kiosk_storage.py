"""KioskStorage: layout, owner-only permissions, one writer thread, one process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.pi.storage import KioskStorage, StorageLockedError, WrongThreadError, default_data_dir
from tests.pi.storage.storage_helpers import event

REPO = Path(__file__).resolve().parents[3]


def test_layout_and_permissions(data_dir: Path) -> None:
    old = os.umask(0o022)
    try:
        with KioskStorage.open(data_dir) as storage:
            storage.events.append(event(1))
            storage.events.append(event(2, "2026-11-21"))
            storage.config.put_center({"id": "art", "name": "Art"})
    finally:
        os.umask(old)
    assert sorted(p.name for p in data_dir.iterdir()) == [".lock", "config.json", "events"]
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path


def test_open_tightens_existing_permissions(data_dir: Path) -> None:
    with KioskStorage.open(data_dir) as storage:
        storage.events.append(event(1))
        storage.events.append(event(2, "2026-11-21"))
        storage.config.put_meta("kiosk_id", "k1")
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    with KioskStorage.open(data_dir):
        pass
    for path in [data_dir, *data_dir.rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path


def test_writes_from_another_thread_are_refused(data_dir: Path) -> None:
    with KioskStorage.open(data_dir) as storage:
        storage.events.append(event(1))
        errors: list[BaseException] = []
        results: list[object] = []

        def other_thread() -> None:
            for write in (
                lambda: storage.events.append(event(2)),
                lambda: storage.config.put_center({"id": "art", "name": "Art"}),
                lambda: storage.config.put_meta("k", 1),
                lambda: storage.config.seed(),
                lambda: storage.events.verify(),
            ):
                try:
                    write()
                except WrongThreadError as exc:
                    errors.append(exc)
            results.append(storage.events.last_seq())
            results.append(len(storage.events.events_on("2026-11-20")))

        worker = threading.Thread(target=other_thread, name="sync-thread")
        worker.start()
        worker.join()
        assert len(errors) == 5
        assert "sync-thread" in errors[0].detail
        assert results == [1, 1]
        storage.events.append(event(2))
        assert storage.config.is_empty()


def test_second_open_of_the_same_directory_is_refused(data_dir: Path) -> None:
    with KioskStorage.open(data_dir), pytest.raises(StorageLockedError, match="already open"):
        KioskStorage.open(data_dir)
    KioskStorage.open(data_dir).close()


def test_another_process_cannot_open_it_while_we_hold_it(data_dir: Path) -> None:
    script = (
        "import sys\n"
        "from kiosk.pi.storage import KioskStorage, StorageLockedError\n"
        "try:\n"
        "    KioskStorage.open(sys.argv[1])\n"
        "except StorageLockedError:\n"
        "    sys.exit(3)\n"
    )
    with KioskStorage.open(data_dir):
        result = subprocess.run([sys.executable, "-c", script, str(data_dir)], cwd=REPO)
    assert result.returncode == 3


def test_problems_of_events_and_config_are_collected(data_dir: Path) -> None:
    with KioskStorage.open(data_dir) as storage:
        storage.events.append(event(1, "2026-11-19"))
        storage.events.append(event(2, "2026-11-20"))
        storage.config.put_meta("kiosk_id", "k1")
    (data_dir / "config.json").write_bytes(b"")
    next((data_dir / "events").glob("*2026-11-19.journal")).write_bytes(b"")
    with KioskStorage.open(data_dir) as storage:
        assert [p.code for p in storage.problems] == ["config_set_aside", "events_set_aside"]
        assert len(storage.set_aside_files()) == 2
        assert storage.events.last_seq() == 2


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG layout is Linux's")
def test_default_data_dir_is_per_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert default_data_dir() == Path.home() / ".local" / "share" / "choice-kiosk"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "choice-kiosk"


def test_storage_never_imports_kivy() -> None:
    code = "import sys, kiosk.pi.storage, kiosk.bench.store; sys.exit('kivy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=REPO).returncode == 0
