"""Day files read as lines to send: what is opened on the storage thread is what is sent."""

from __future__ import annotations

from pathlib import Path

from kiosk.pi.storage import EventLog
from kiosk.pi.storage.segment_lines import close_sources, read_lines
from kiosk.pi.sync.lines_page import build_lines_page
from kiosk.shared.files.journal_format import decode_line
from tests.pi.storage.storage_helpers import event


def _seqs(data: bytes) -> list[int]:
    return [decode_line(line)["seq"] for line in data.splitlines()]


def _page(log: EventLog, after: int, max_bytes: int = 1 << 24):
    sources, more = log.line_sources(after, max_bytes)
    try:
        return build_lines_page(sources, after, more, log.last_seq())
    finally:
        close_sources(sources)


def _fill(log: EventLog, days: dict[str, int]) -> list[dict]:
    written = []
    for day, count in days.items():
        for _ in range(count):
            written.append(event(log.last_seq() + 1, day))
            log.append(written[-1])
    return written


def test_a_page_holds_every_line_above_after_as_it_is_on_the_card(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    _fill(log, {"2026-11-18": 3, "2026-11-19": 4, "2026-11-20": 2})
    page = _page(log, 0)
    on_card = b"".join(p.read_bytes().split(b"\n", 1)[1] for p in sorted((tmp_path / "events").glob("*.journal")))
    assert b"".join(page.chunks) == on_card  # verbatim, without the headers
    assert (page.lines, page.to_checkpoint, page.more) == (9, 9, False)
    log.close()


def test_a_page_may_start_inside_a_day_file(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    _fill(log, {"2026-11-18": 3, "2026-11-19": 4})
    page = _page(log, 5)
    assert _seqs(b"".join(page.chunks)) == [6, 7] and (page.lines, page.to_checkpoint) == (2, 7)
    assert _page(log, 7).lines == 0 and _page(log, 7).to_checkpoint == 7
    log.close()


def test_pages_hold_whole_day_files_up_to_the_size_asked(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    _fill(log, {"2026-11-17": 2, "2026-11-18": 3, "2026-11-19": 4})
    first = _page(log, 0, max_bytes=1)
    assert (_seqs(b"".join(first.chunks)), first.to_checkpoint, first.more) == ([1, 2], 2, True)
    second = _page(log, first.to_checkpoint, max_bytes=1)
    assert (_seqs(b"".join(second.chunks)), second.to_checkpoint, second.more) == ([3, 4, 5], 5, True)
    last = _page(log, second.to_checkpoint, max_bytes=1)
    assert (_seqs(b"".join(last.chunks)), last.to_checkpoint, last.more) == ([6, 7, 8, 9], 9, False)
    log.close()


def test_only_a_pages_day_files_are_opened(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    _fill(log, {"2026-11-16": 2, "2026-11-17": 2, "2026-11-18": 2, "2026-11-19": 2})
    one_file = next((tmp_path / "events").glob("*.journal")).stat().st_size
    sources, more = log.line_sources(0, 2 * one_file)
    close_sources(sources)
    assert [s.day for s in sources] == ["2026-11-16", "2026-11-17"] and more
    sources, more = log.line_sources(4, 10 * one_file)
    close_sources(sources)
    assert [s.day for s in sources] == ["2026-11-18", "2026-11-19"] and not more
    log.close()


def test_what_was_opened_is_what_is_sent_despite_a_later_append(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    _fill(log, {"2026-11-20": 3})
    sources, _ = log.line_sources(0, 1 << 24)
    _fill(log, {"2026-11-20": 2})  # today's file grows after it was opened
    try:
        part = read_lines(sources[0], 0)
    finally:
        close_sources(sources)
    assert _seqs(part.data) == [1, 2, 3] and (part.lines, part.last_seq) == (3, 3)
    log.close()


def test_what_was_opened_is_what_is_sent_despite_a_purge(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    written = _fill(log, {"2026-11-19": 3, "2026-11-20": 1})
    sources, _ = log.line_sources(0, 1 << 24)
    log.purge_child(written[1]["child_id"])  # rewrites the older file (a new one renamed over it)
    try:
        part = read_lines(sources[0], 0)
    finally:
        close_sources(sources)
    assert _seqs(part.data) == [1, 2, 3]
    after_purge = _page(log, 0)
    assert _seqs(b"".join(after_purge.chunks)) == [1, 3, 4] and after_purge.to_checkpoint == 4
    log.close()


def test_a_purged_day_file_counts_its_last_seq_for_the_checkpoint(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    written = _fill(log, {"2026-11-19": 3, "2026-11-20": 2})
    log.purge_child(written[2]["child_id"])  # the older file's last choice goes
    first = _page(log, 0, max_bytes=1)
    assert _seqs(b"".join(first.chunks)) == [1, 2] and first.to_checkpoint == 3  # seq 3 is not asked for again
    log.close()


def test_a_torn_tail_is_not_sent(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events")
    _fill(log, {"2026-11-19": 2})
    log.close()
    path = next((tmp_path / "events").glob("*.journal"))
    with path.open("ab") as file:
        file.write(b'0badc0de {"id":"e0')  # power lost during an append
    log = EventLog(tmp_path / "events")
    page = _page(log, 0)
    assert _seqs(b"".join(page.chunks)) == [1, 2] and page.lines == 2
    log.close()


def test_the_last_page_steps_over_seqs_skipped_after_a_damaged_newest_file(tmp_path: Path) -> None:
    log = EventLog(tmp_path / "events", segment_limit=10)
    _fill(log, {"2026-11-19": 10, "2026-11-20": 4})  # 1…10 sealed, 11…14 today's
    log.close()
    today = tmp_path / "events" / "0000000011-2026-11-20.journal"
    lines = today.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b'"center_id":"b', b'"center_id":"x', 1)  # damaged, with lines after it
    today.write_bytes(b"\n".join(lines))
    log = EventLog(tmp_path / "events", segment_limit=10)  # sets it aside; numbering goes on above it
    assert log.last_seq() == 20
    _fill(log, {"2026-11-20": 2})
    page = _page(log, 0)
    assert _seqs(b"".join(page.chunks)) == [*range(1, 11), 21, 22] and page.to_checkpoint == 22
    log.close()
