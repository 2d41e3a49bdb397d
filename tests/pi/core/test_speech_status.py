"""Speech status from what really happened: the player's exit status and words at the last playback.

Real processes: a stand-in espeak-ng that writes a WAV, and stand-in players that play
nothing and exit as ALSA's aplay does with no sound card (status 1, "audio open error"),
as a player failing for another reason, or as a player that works.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pytest

from kiosk.pi.speech import EspeakSpeaker, Playback, playback_of, silent_wav, speech_status

ALSA_NO_CARD = (
    "ALSA lib confmisc.c:855:(parse_card) cannot find card '0'\n"
    "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown PCM default\n"
    "aplay: main:831: audio open error: No such file or directory\n"
)


def script(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def espeak(tmp_path: Path) -> Path:
    """Writes a short silent WAV where ``-w`` says, as espeak-ng does."""
    wav = silent_wav(0.1)
    return script(tmp_path, "espeak-ng", f"open(sys.argv[sys.argv.index('-w') + 1], 'wb').write({wav!r})")


def player(tmp_path: Path, name: str, code: int, stderr: str = "") -> Path:
    """A player that reads what it is given, writes ``stderr`` and exits with ``code``; it counts its runs."""
    runs = tmp_path / f"{name}.runs"
    return script(
        tmp_path / name,
        "aplay",
        f"with open({str(runs)!r}, 'a') as runs:\n    runs.write('ran\\n')\n"
        f"sys.stdin.buffer.read() if len(sys.argv) < 3 else None\nsys.stderr.write({stderr!r})\nsys.exit({code})",
    )


def ran(runs: Path) -> int:
    """How many times a stand-in player ran (a line each)."""
    return runs.read_text().count("\n") if runs.exists() else 0


def wait_for(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.02)


def make(tmp_path: Path, espeak: Path, name: str, code: int, stderr: str = "") -> tuple[EspeakSpeaker, Path]:
    (tmp_path / name).mkdir()
    command = player(tmp_path, name, code, stderr)
    return EspeakSpeaker(tmp_path / "cache", espeak=str(espeak), player=(str(command), "-q")), tmp_path / f"{name}.runs"


def test_a_player_that_finds_no_sound_card_makes_the_status_say_no_sound_device(tmp_path, espeak, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.pi.speech")
    speaker, runs = make(tmp_path, espeak, "nocard", 1, ALSA_NO_CARD)
    try:
        wait_for(lambda: speaker.last_playback() is not None)  # the silence played at start
        status = speaker.status()
        assert status.state == "no-device" and not status.working
        assert status.message == "Speech: no sound device, so the children hear nothing."
        for played, text in enumerate(("Blocks.", "Art.", "Library.", "Blocks.", "Art."), start=2):
            speaker.say(text)
            wait_for(lambda played=played: ran(runs) >= played)  # the player ran for these words
        wait_for(lambda: speaker._queue.empty() and speaker._playing is None)
        assert speaker.status().state == "no-device"
        failures = [r for r in caplog.records if r.levelno >= logging.WARNING and "hear nothing" in r.getMessage()]
        assert len(failures) == 1, "six failing playbacks are logged once, not at every tap"
    finally:
        speaker.close()


def test_a_player_failing_otherwise_says_its_code_and_one_that_works_says_working(tmp_path, espeak):
    failing, _ = make(tmp_path, espeak, "broken", 3, "something else went wrong\n")
    working, runs = make(tmp_path, espeak, "fine", 0)
    try:
        wait_for(lambda: failing.last_playback() is not None and working.last_playback() is not None)
        status = failing.status()
        assert status.state == "failed" and status.code == 3 and "{code}" in status.message
        working.say("Blocks.")
        wait_for(lambda: ran(runs) >= 2)
        wait_for(lambda: working._playing is None and working._queue.empty())
        assert working.status().working or working.status().state == "muted", "the mixer may say muted on a real machine"
    finally:
        failing.close()
        working.close()


def test_the_status_follows_the_last_playback_and_logs_the_recovery(tmp_path, espeak, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.pi.speech")
    speaker, _ = make(tmp_path, espeak, "flaky", 1, ALSA_NO_CARD)
    try:
        wait_for(lambda: speaker.last_playback() is not None)
        speaker._note(Playback(0))
        assert speaker.status().state in ("working", "muted")
        assert any("plays again" in r.getMessage() for r in caplog.records)
    finally:
        speaker.close()


def test_playback_words_are_read_as_the_players_say_them():
    assert playback_of(1, ALSA_NO_CARD.encode()).no_device
    assert playback_of(1, "Connection failure: Connection refused\n").no_device, "paplay without a sound server"
    assert not playback_of(1, "bad file\n").no_device
    assert playback_of(0, "").ok and not playback_of(1, "").ok
    assert len(playback_of(1, "a\nb\nc\nd\ne\n").said.splitlines()) == 3, "only the last lines are kept"


def test_a_failed_playback_outranks_the_installed_player():
    no_device = speech_status(True, "aplay", None, Playback(1, "audio open error"))
    assert no_device.state == "no-device" and "aplay -l" in no_device.fix
    failed = speech_status(True, "aplay", False, Playback(2, "oops"))
    assert failed.state == "failed" and failed.values == {"player": "aplay", "code": 2}
    assert speech_status(True, "aplay", None, Playback(0)).working
    assert speech_status(False, "aplay", None, Playback(1, "audio open error")).state == "no-espeak"


class _FaultOnce(EspeakSpeaker):
    """A speaker whose first sentence meets a fault nobody planned for (a bug, a library's surprise)."""

    faulted = False

    def wav_for(self, text: str, voice: str) -> Path:
        if not self.faulted:
            self.faulted = True
            raise RuntimeError("a fault nobody planned for")
        return super().wav_for(text, voice)


def test_a_fault_in_one_sentence_leaves_the_next_one_spoken(tmp_path, espeak, caplog):
    (tmp_path / "fine").mkdir()
    command = player(tmp_path, "fine", 0)
    speaker = _FaultOnce(tmp_path / "cache", espeak=str(espeak), player=(str(command), "-q"), speak_after=0.0)
    runs = tmp_path / "fine.runs"
    try:
        wait_for(lambda: ran(runs) >= 1)  # the silence played at start
        speaker.say("Blocks.")
        wait_for(lambda: speaker.faulted and speaker._queue.empty())
        speaker.say("Art.")
        wait_for(lambda: ran(runs) >= 2)
        assert speaker._thread.is_alive()
        assert any("carrying on" in r.getMessage() for r in caplog.records)
    finally:
        speaker.close()
