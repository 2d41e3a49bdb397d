"""Damaged files are set aside and reported, never read as empty; the rest works."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kiosk.pi.storage import EventLog, KioskStorage, StorageError
from kiosk.shared.files.journal_format import HEADER, encode_line
from tests.pi.storage.storage_helpers import FaultyOps, event

DAYS = ["2026-11-18", "2026-11-19", "2026-11-20"]


def three_days(directory: Path) -> dict[str, list[dict]]:
    """Nine events, three a day, closed again; returns them by day."""
    log = EventLog(directory)
    by_day: dict[str, list[dict]] = {}
    for seq in range(1, 10):
        item = event(seq, DAYS[(seq - 1) // 3])
        log.append(item)
        by_day.setdefault(item["day"], []).append(item)
    log.close()
    return by_day


def segment(directory: Path, day: str) -> Path:
    return next(directory.glob(f"*-{day}.journal"))


def cut_middle_line(path: Path) -> None:
    data = path.read_bytes().split(b"\n")
    data[1] = data[1][: len(data[1]) // 2]
    path.write_bytes(b"\n".join(data))


DAMAGE = {
    "zero-length": lambda p: p.write_bytes(b""),
    "garbage": lambda p: p.write_bytes(b"\x8f\x00garbage\nnot a journal\n" * 20),
    "bad-header": lambda p: p.write_bytes(b"00000000 {}\n" + p.read_bytes().split(b"\n", 1)[1]),
    "truncated-in-the-middle": cut_middle_line,
}


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
def test_damaged_old_segment_is_set_aside_and_reported(tmp_path: Path, damage) -> None:
    events_dir = tmp_path / "events"
    by_day = three_days(events_dir)
    bad = segment(events_dir, DAYS[1])
    damage(bad)
    damaged_bytes = bad.read_bytes()

    log = EventLog(events_dir)
    assert log.events_on(DAYS[0]) == by_day[DAYS[0]]
    assert log.events_on(DAYS[1]) == []
    assert log.events_on(DAYS[2]) == by_day[DAYS[2]]
    assert log.last_seq() == 9
    [problem] = log.problems
    assert problem.path == bad
    assert problem.moved_to is not None and problem.moved_to.read_bytes() == damaged_bytes
    assert problem.moved_to.name.startswith(bad.name + ".corrupt-")
    assert f"A file of choices from {DAYS[1]} was damaged and set aside as" in problem.message
    assert "everything else is kept" in problem.message
    assert not bad.exists()
    log.append(event(10, DAYS[2]))
    assert [e["seq"] for e in log.since(0)] == [1, 2, 3, 7, 8, 9, 10]


def test_old_segment_cut_short_is_damaged_not_torn(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    bad = segment(events_dir, DAYS[0])
    bad.write_bytes(bad.read_bytes()[:-10])
    log = EventLog(events_dir)
    assert [e["seq"] for e in log.since(0)] == [4, 5, 6, 7, 8, 9]
    assert "middle of a line" in log.problems[0].reason


@pytest.mark.parametrize("lines_lost", [1, 2, 3])
def test_old_segment_cut_at_a_line_end_is_noticed(tmp_path: Path, lines_lost: int) -> None:
    events_dir = tmp_path / "events"
    by_day = three_days(events_dir)
    bad = segment(events_dir, DAYS[1])
    kept = bad.read_bytes().split(b"\n")[: 4 - lines_lost]
    bad.write_bytes(b"\n".join(kept) + b"\n")
    log = EventLog(events_dir)
    assert log.events_on(DAYS[0]) == by_day[DAYS[0]]
    assert log.events_on(DAYS[1]) == []
    assert "last choices are missing" in log.problems[0].reason
    assert log.problems[0].moved_to is not None


@pytest.mark.parametrize("damage", list(DAMAGE.values()), ids=list(DAMAGE))
def test_damaged_newest_segment_never_lets_a_seq_be_reused(tmp_path: Path, damage) -> None:
    events_dir = tmp_path / "events"
    by_day = three_days(events_dir)
    damage(segment(events_dir, DAYS[2]))
    log = EventLog(events_dir)
    assert len(log.problems) == 1
    assert log.problems[0].moved_to is not None
    assert log.last_seq() >= 9
    assert log.events_on(DAYS[1]) == by_day[DAYS[1]]
    next_seq = log.last_seq() + 1
    log.append(event(next_seq, DAYS[2]))
    log.close()

    again = EventLog(events_dir)
    assert again.last_seq() == next_seq
    assert [e["seq"] for e in again.since(0)] == [1, 2, 3, 4, 5, 6, next_seq]
    assert again.verify() == [] and again.problems == []


def test_reserved_range_survives_reopen_before_any_append(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    segment(events_dir, DAYS[2]).write_bytes(b"")
    floor = EventLog(events_dir).last_seq()
    assert floor > 9
    assert EventLog(events_dir).last_seq() == floor


def test_torn_tail_of_newest_segment_is_repaired_silently(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    newest = segment(events_dir, DAYS[2])
    good = newest.read_bytes()
    newest.write_bytes(good + encode_line(event(10))[:40])
    log = EventLog(events_dir)
    assert log.problems == []
    assert log.last_seq() == 9
    assert newest.read_bytes() == good


def test_stale_temp_files_are_removed_and_strangers_left_alone(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    (events_dir / ".0000000010-2026-11-21.journal.tmp").write_bytes(encode_line(HEADER))
    (events_dir / "notes.txt").write_bytes(b"teacher's notes")
    log = EventLog(events_dir)
    assert log.last_seq() == 9 and log.problems == []
    assert sorted(p.name for p in events_dir.iterdir() if not p.name.endswith(".journal")) == ["notes.txt"]


def test_damage_found_by_a_reader_thread_is_moved_by_the_writer(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    bad = segment(events_dir, DAYS[0])
    cut_middle_line(bad)
    log = EventLog(events_dir)
    seen: list[int] = []
    reader = threading.Thread(target=lambda: seen.extend(e["seq"] for e in log.since(0)))
    reader.start()
    reader.join()
    assert seen == [4, 5, 6, 7, 8, 9]
    assert log.problems[0].moved_to is None and bad.exists()
    log.append(event(10, DAYS[2]))
    assert log.problems[0].moved_to is not None and not bad.exists()


def test_verify_reads_everything_and_reports_new_damage(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    log = EventLog(events_dir)
    assert log.verify() == []
    log.close()
    cut_middle_line(segment(events_dir, DAYS[0]))
    again = EventLog(events_dir)
    assert again.problems == []
    found = again.verify()
    assert len(found) == 1 and found[0].params["day"] == DAYS[0]
    assert again.count() == 6


def test_segment_that_cannot_be_set_aside_is_reported_and_ignored(tmp_path: Path, faulty: FaultyOps) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    bad = segment(events_dir, DAYS[0])
    bad.write_bytes(b"garbage")
    faulty.arm("replace")
    log = EventLog(events_dir, ops=faulty)
    assert log.problems[0].moved_to is None
    assert "the kiosk leaves it alone" in log.problems[0].message
    assert bad.exists() and [e["seq"] for e in log.since(0)] == [4, 5, 6, 7, 8, 9]


def test_events_out_of_order_are_damage(tmp_path: Path) -> None:
    events_dir = tmp_path / "events"
    three_days(events_dir)
    first = segment(events_dir, DAYS[0])
    first.rename(events_dir / "0000000002-2026-11-18.journal")
    log = EventLog(events_dir)
    assert log.events_on(DAYS[0]) == []
    assert "not numbered in order" in log.problems[0].reason


def seeded(data_dir: Path) -> None:
    with KioskStorage.open(data_dir) as storage:
        storage.config.seed(centers=[{"id": "art", "name": "Art"}], settings={"language": "en"})
        storage.events.append(event(1))


CONFIG_DAMAGE = {
    "zero-length": b"",
    "garbage": b"\x00\xff garbage",
    "truncated": None,
}


@pytest.mark.parametrize("content", list(CONFIG_DAMAGE.values()), ids=list(CONFIG_DAMAGE))
def test_damaged_config_is_set_aside_reported_and_never_overwritten(
    data_dir: Path, content: bytes | None
) -> None:
    seeded(data_dir)
    config = data_dir / "config.json"
    bad = config.read_bytes()[:40] if content is None else content
    config.write_bytes(bad)

    with KioskStorage.open(data_dir) as storage:
        assert storage.config.was_reset
        assert storage.config.is_empty()
        [problem] = storage.problems
        assert problem.code == "config_set_aside"
        assert "centers, children and settings was damaged and set aside as" in problem.message
        assert storage.events.last_seq() == 1
        storage.config.put_center({"id": "blocks", "name": "Blocks"})
        moved_to = problem.moved_to
    assert moved_to is not None and moved_to.read_bytes() == bad
    with KioskStorage.open(data_dir) as storage:
        assert storage.problems == [] and not storage.config.was_reset
        assert [c["id"] for c in storage.config.get_centers()] == ["blocks"]
        assert moved_to in storage.set_aside_files()


def test_config_that_cannot_be_set_aside_is_never_written(data_dir: Path, faulty: FaultyOps) -> None:
    seeded(data_dir)
    config = data_dir / "config.json"
    config.write_bytes(b"garbage")
    faulty.arm("replace")
    with KioskStorage.open(data_dir, ops=faulty) as storage:
        assert storage.config.was_reset and storage.problems[0].moved_to is None
        with pytest.raises(StorageError, match="will not change it"):
            storage.config.put_center({"id": "blocks", "name": "Blocks"})
        storage.events.append(event(2))
    assert config.read_bytes() == b"garbage"
