"""The speech cache: bounded by bytes, the least recently heard go first, a read writes nothing,
a sentence heard once stays in memory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kiosk.pi.speech_cache import SpeechCache, ram_folder


class Maker:
    """Writes ``size`` bytes per sentence where the cache asks, and counts what it made."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self.made: list[str] = []

    def __call__(self, text: str):  # type: ignore[no-untyped-def]
        def make(partial: Path) -> None:
            self.made.append(text)
            partial.write_bytes(b"R" * self.size)

        return make


def _wav(cache: SpeechCache, maker: Maker, text: str) -> Path:
    return cache.wav(text, "en-us", maker(text))


def test_a_sentence_is_made_once_and_read_after(tmp_path):
    cache, maker = SpeechCache(tmp_path / "speech"), Maker()
    first = _wav(cache, maker, "Hi Ava! Where will you play?")
    stamp = first.stat()
    for _ in range(5):
        assert _wav(cache, maker, "Hi Ava! Where will you play?") == first
    assert maker.made == ["Hi Ava! Where will you play?"]
    again = first.stat()
    assert (again.st_ino, again.st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns), "hearing it wrote nothing"
    assert stat.S_IMODE(first.stat().st_mode) == 0o600 and stat.S_IMODE((tmp_path / "speech").stat().st_mode) == 0o700
    assert cache.path_for("Hi Ava! Where will you play?", "es-419") != first, "each voice has its own sound"


def test_over_the_bound_the_least_recently_heard_go_first(tmp_path):
    cache, maker = SpeechCache(tmp_path, max_bytes=3000), Maker(1000)
    for text in ("one", "two", "three"):
        _wav(cache, maker, text)
    _wav(cache, maker, "one")  # heard again: now the most recent
    _wav(cache, maker, "four")  # over the bound: "two" was heard longest ago
    assert not cache.path_for("two", "en-us").exists()
    assert all(cache.path_for(t, "en-us").exists() for t in ("one", "three", "four"))
    assert cache.card_bytes == 3000 == sum(p.stat().st_size for p in tmp_path.glob("*.wav"))


def test_a_new_start_counts_by_when_each_was_made_and_keeps_every_file(tmp_path):
    maker = Maker(1000)
    first = SpeechCache(tmp_path, max_bytes=3000)
    for index, text in enumerate(("old", "middle", "new")):
        path = _wav(first, maker, text)
        os.utime(path, ns=(index * 10**9, index * 10**9))
    later = SpeechCache(tmp_path, max_bytes=3000)
    assert _wav(later, maker, "old") == first.path_for("old", "en-us")  # found on disk, not made again
    _wav(later, maker, "newest")
    assert maker.made == ["old", "middle", "new", "newest"]
    assert not later.path_for("middle", "en-us").exists(), "heard since the start beats made long ago"
    assert later.path_for("old", "en-us").exists() and later.path_for("new", "en-us").exists()


def test_a_sound_cut_off_by_a_power_cut_is_removed_and_made_again(tmp_path):
    cache, maker = SpeechCache(tmp_path), Maker()
    half = cache.path_for("Blocks.", "en-us").with_suffix(".part")
    half.write_bytes(b"RIFF")
    path = _wav(cache, maker, "Blocks.")
    assert not half.exists() and path.read_bytes() == b"R" * 1000 and maker.made == ["Blocks."]


def test_a_sentence_larger_than_the_bound_is_still_spoken(tmp_path):
    cache, maker = SpeechCache(tmp_path, max_bytes=500), Maker(1000)
    assert _wav(cache, maker, "A very long purpose.").exists()



def test_a_sentence_heard_once_stays_in_memory_and_reaches_the_card_when_heard_again(tmp_path):
    card, memory = tmp_path / "card", tmp_path / "ram"
    cache, maker = SpeechCache(card, scratch=memory), Maker()
    first = _wav(cache, maker, "Ava, you are at Blocks. You can change in 7 min.")
    assert first.parent == memory and not card.exists(), "heard once: nothing written to the card"
    second = _wav(cache, maker, "Ava, you are at Blocks. You can change in 7 min.")
    assert second.parent == card and second.read_bytes() == b"R" * 1000 and not first.exists()
    stamp = second.stat()
    assert _wav(cache, maker, "Ava, you are at Blocks. You can change in 7 min.") == second
    assert (second.stat().st_ino, second.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)
    assert maker.made == ["Ava, you are at Blocks. You can change in 7 min."], "synthesised once, copied once"
    assert stat.S_IMODE(second.stat().st_mode) == 0o600


def test_memory_outlives_a_restart_and_is_bounded(tmp_path):
    card, memory = tmp_path / "card", tmp_path / "ram"
    maker = Maker(1000)
    before = SpeechCache(card, scratch=memory, scratch_bytes=2000)
    for text in ("one", "two", "three"):
        _wav(before, maker, text)
    assert sorted(p.stat().st_size for p in memory.glob("*.wav")) == [1000, 1000], "the oldest heard once went"
    after = SpeechCache(card, scratch=memory, scratch_bytes=2000)
    assert _wav(after, maker, "three").parent == card, "heard before the restart: the second hearing"
    assert _wav(after, maker, "one").parent == memory, "dropped from memory, heard as if new"
    assert _wav(after, maker, "one").parent == card
    assert maker.made == ["one", "two", "three", "one"], "what memory still holds is copied to the card, not made again"


def test_memory_is_an_owner_only_folder_of_this_user(tmp_path):
    folder = ram_folder(tmp_path)
    assert folder is not None and folder.parent == tmp_path and stat.S_IMODE(folder.stat().st_mode) == 0o700
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder.rmdir()
    folder.symlink_to(elsewhere)
    assert ram_folder(tmp_path) is None, "a link put there by someone else is not followed"
    assert ram_folder(tmp_path / "missing" / "deeper") is None
