"""Speech: espeak-ng renders a cached WAV per text; without it the kiosk is silent."""

from __future__ import annotations

import shutil
import time
import wave

import pytest

from kiosk.speech import EspeakSpeaker, SilentSpeaker, make_speaker


def test_silent_speaker_remembers_what_it_was_asked():
    speaker = SilentSpeaker()
    speaker.say("Blocks. Build a tower.")
    assert list(speaker.said) == ["Blocks. Build a tower."]


def test_without_espeak_the_kiosk_is_silent(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert isinstance(make_speaker(tmp_path, "en"), SilentSpeaker)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by .ci/run")
def test_espeak_writes_one_cached_wav_per_text(tmp_path):
    speaker = EspeakSpeaker(tmp_path / "cache")
    try:
        first = speaker.wav_for("Mystery Plate. Practice ways to make 5 and 10.")
        with wave.open(str(first)) as wav:
            assert wav.getnframes() / wav.getframerate() > 1.0
        stamp = first.stat().st_mtime_ns
        assert speaker.wav_for("Mystery Plate. Practice ways to make 5 and 10.") == first
        assert first.stat().st_mtime_ns == stamp
        assert speaker.wav_for("Art.") != first
        speaker.say("Library.")
        deadline = time.monotonic() + 20
        while len(list((tmp_path / "cache").glob("*.wav"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(list((tmp_path / "cache").glob("*.wav"))) == 3
        assert list(speaker.said) == ["Library."]
    finally:
        speaker.close()
