"""The laptop store over its choice files: pages of lines, the privacy net, bundles, older stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.laptop.store import LaptopStore
from kiosk.shared.files.journal_format import event_line
from kiosk.shared.sync.messages import LinesHead
from tests.sync.events import records, typed

from .events import event
from .net_helpers import ids_in_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "journal_v1"


def _lines(*events: dict) -> bytes:
    return b"".join(event_line(e) for e in events)


def _save(store: LaptopStore, kiosk_id: str, data: bytes, through: int, chunk: int = 7) -> int:
    chunks = [data[n : n + chunk] for n in range(0, len(data), chunk)]
    head = LinesHead(kiosk_id, 0, through, False, data.count(b"\n"), len(data))
    return store.exchange.take_page(kiosk_id, head, chunks)


def test_a_page_of_lines_is_kept_and_moves_the_checkpoint(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        changed = store.events_changed
        assert _save(store, "kA", _lines(*(event("kA", seq) for seq in range(1, 6))), 7) == 5
        assert store.choices.checkpoint("kA") == 7 and store.events_changed > changed
        assert [e["seq"] for e in records(store.choices.events("kA"))] == [1, 2, 3, 4, 5]
    with LaptopStore(tmp_path / "laptop") as again:
        assert again.choices.checkpoint("kA") == 7


def test_a_page_that_is_not_whole_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        _save(store, "kA", _lines(event("kA", 1)), 1)
        path = store.directory / "events" / "kA.choices"
        before = path.read_bytes()
        data = _lines(event("kA", 2), event("kA", 3))
        with pytest.raises(ValueError, match="announced 3 choices"):
            store.exchange.take_page("kA", LinesHead("kA", 1, 3, False, 3, len(data)), [data])
        assert path.read_bytes() == before and store.choices.checkpoint("kA") == 1


def test_a_deleted_childs_choices_that_still_arrive_are_purged_at_once(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        store.setup.edit("children", {"id": "zed", "first_name": "Zed", "picture": "owl.png", "badges": []})
        store.purge_child("zed")
        data = _lines(event("kA", 1, child="ann"), event("kA", 2, child="zed"), event("kA", 3, child="ann"))
        _save(store, "kA", data, 3, chunk=5)  # the id is cut across chunks
        assert [e["child_id"] for e in records(store.choices.events())] == ["ann", "ann"]
        assert b"zed" not in (store.directory / "events" / "kA.choices").read_bytes()
        assert store.choices.checkpoint("kA") == 3  # not asked for again


def test_choices_of_a_purged_day_that_still_arrive_are_purged_at_once(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        store.retention.purge_through("2026-07-31")
        data = _lines(event("kA", 1, wall="2026-06-01T09:00:00+00:00"), event("kA", 2, wall="2026-09-01T09:00:00+00:00"))
        _save(store, "kA", data, 2)
        assert [e["day"] for e in records(store.choices.events())] == ["2026-09-01"]
        assert b"2026-06-01" not in (store.directory / "events" / "kA.choices").read_bytes()


def test_a_bundle_is_merged_once_and_moves_the_checkpoint_only_when_it_joins_on(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        _save(store, "kA", _lines(event("kA", 1), event("kA", 2)), 2)
        assert store.exchange.take_events("kA", typed([event("kA", 5), event("kA", 6)]), 6) == 2
        assert store.choices.checkpoint("kA") == 2  # 3 and 4 are still to come
        assert store.exchange.take_events("kA", typed([event("kA", 2), event("kA", 3), event("kA", 4)]), 4) == 2
        assert store.choices.checkpoint("kA") == 4
        assert store.exchange.take_events("kA", typed([event("kA", 5)]), 5) == 0
        assert [e["seq"] for e in records(store.choices.events("kA"))] == [1, 2, 3, 4, 5, 6]
        assert sorted(ids_in_file(store, "kA")) == sorted(f"kA-{seq}" for seq in range(1, 7))


def test_a_bundle_event_of_another_kiosk_is_refused(tmp_path: Path) -> None:
    with LaptopStore(tmp_path / "laptop") as store:
        with pytest.raises(ValueError, match="page of kiosk kA"):
            store.exchange.take_events("kA", typed([event("kB", 1)]), 1)
        assert records(store.choices.events()) == []


def test_choices_kept_by_an_older_version_are_moved_into_the_choice_files(tmp_path: Path) -> None:
    laptop_dir = tmp_path / "laptop"
    with LaptopStore(laptop_dir) as store:
        store.paired.update("kiosk-fx", floor=3)  # the checkpoint as the older version kept it
    old = laptop_dir / "events" / "kiosk-fx.journal"
    shutil.copyfile(FIXTURE / "laptop-older" / "kiosk-fx.journal", old)  # seqs 1, 2, 3, 4, 6
    with LaptopStore(laptop_dir) as store:
        assert [e["seq"] for e in records(store.choices.events("kiosk-fx"))] == [1, 2, 3, 4, 6]
        assert store.choices.checkpoint("kiosk-fx") == 4  # the old floor, then every seq held without a gap
        assert not old.exists()
        assert (laptop_dir / "events" / "kiosk-fx.choices").stat().st_mode & 0o077 == 0


def test_a_choice_file_is_json_lines_any_reader_follows(tmp_path: Path) -> None:
    """The kiosk's lines, kept verbatim: after the 9-byte checksum, each line is the event's own JSON or a mark."""
    with LaptopStore(tmp_path / "laptop") as store:
        _save(store, "kA", _lines(*(event("kA", seq) for seq in range(1, 4))), 3)
        _save(store, "kA", _lines(event("kA", 4)), 4)
        header, *lines = (store.directory / "events" / "kA.choices").read_bytes().splitlines()
        entries = [json.loads(line[9:]) for line in lines]
        assert json.loads(header[9:]) == {"format": "choice-kiosk-journal", "version": 2, "kiosk_id": "kA"}
        assert [e for e in entries if "checkpoint" not in e] == records(store.choices.events("kA"))
        assert [e for e in entries if "checkpoint" in e] == [{"checkpoint": 3}, {"checkpoint": 4}]
