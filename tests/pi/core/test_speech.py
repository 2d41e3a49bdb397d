"""Speech: espeak-ng renders a cached WAV per text; without it the kiosk is silent."""

from __future__ import annotations

import os
import shutil
import time
import wave

import pytest

from kiosk.pi.speech import (
    EspeakSpeaker,
    SilentSpeaker,
    make_speaker,
    muted_in_amixer,
    muted_in_pactl,
    speech_status,
    voice_for,
)


def test_silent_speaker_remembers_what_it_was_asked():
    speaker = SilentSpeaker()
    speaker.say("Blocks. Build a tower.")
    assert list(speaker.said) == ["Blocks. Build a tower."]


def test_without_espeak_the_kiosk_is_silent(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert isinstance(make_speaker(tmp_path), SilentSpeaker)


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


def test_silent_speaker_remembers_the_language_of_each_sentence():
    speaker = SilentSpeaker()
    speaker.say("Bloques.", "es")
    speaker.say("Blocks.")
    assert list(zip(speaker.said, speaker.languages)) == [("Bloques.", "es"), ("Blocks.", "en")]


def test_each_language_has_its_espeak_voice():
    assert voice_for("es") == "es-419" and voice_for("en") == "en-us"
    assert voice_for("fr") == "fr", "a language without a chosen accent asks espeak-ng for the language itself"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by .ci/run")
def test_espeak_speaks_spanish_in_the_spanish_voice(tmp_path):
    speaker = EspeakSpeaker(tmp_path / "cache")
    try:
        spanish = speaker.wav_for("¡Hola Ana! ¿Dónde vas a jugar?", voice_for("es"))
        english = speaker.wav_for("¡Hola Ana! ¿Dónde vas a jugar?", voice_for("en"))
        assert spanish != english, "the same words in two voices are two cached sounds"
        assert spanish.read_bytes() != english.read_bytes()
        with wave.open(str(spanish)) as wav:
            assert wav.getnframes() / wav.getframerate() > 1.0
    finally:
        speaker.close()


def test_speech_status_names_what_is_missing_and_the_fix():
    assert speech_status(False, None, None).state == "no-espeak"
    assert "apt install espeak-ng" in speech_status(False, None, None).fix
    no_player = speech_status(True, None, None)
    assert no_player.state == "no-player" and "alsa-utils" in no_player.fix
    assert speech_status(True, "aplay", True).state == "muted"
    working = speech_status(True, "aplay", False)
    assert working.working and working.player == "aplay" and "{player}" in working.message
    assert speech_status(True, "aplay", None).working, "a mixer that says nothing is not called muted"


def test_muted_is_read_from_the_mixers_words():
    amixer_off = "Simple mixer control 'Master',0\n  Front Left: Playback 0 [0%] [-65.25dB] [off]\n  Front Right: Playback 0 [0%] [-65.25dB] [off]\n"
    amixer_on = "Simple mixer control 'Master',0\n  Mono: Playback 52 [80%] [-12.00dB] [on]\n"
    assert muted_in_amixer(amixer_off) is True
    assert muted_in_amixer(amixer_on) is False
    assert muted_in_amixer("amixer: Unable to find simple control 'Master',0\n") is None
    assert muted_in_pactl("Mute: yes\n") is True
    assert muted_in_pactl("Mute: no\n") is False
    assert muted_in_pactl("Connection failure") is None


def test_without_espeak_the_silent_speaker_says_why():
    assert SilentSpeaker().status().state == "no-espeak"


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by .ci/run")
def test_the_speech_cache_is_bounded_and_owner_only(tmp_path, monkeypatch):
    import stat

    monkeypatch.setenv("PATH", f"{os.path.dirname(shutil.which('espeak-ng'))}:{tmp_path}")
    words = ("Blocks.", "Art.", "Library.", "Puzzles.", "Writing.")
    probe = EspeakSpeaker(tmp_path / "probe")
    try:
        largest = max(probe.wav_for(word).stat().st_size for word in words)
    finally:
        probe.close()
    speaker = EspeakSpeaker(tmp_path / "cache", cache_bytes=3 * largest)
    try:
        assert speaker.status().state in ("no-player", "working", "muted")
        for word in words:
            speaker.wav_for(word)
        wavs = list((tmp_path / "cache").glob("*.wav"))
        assert sum(w.stat().st_size for w in wavs) <= 3 * largest, "bounded by bytes"
        assert 3 <= len(wavs) < len(words)
        assert speaker.wav_for("Writing.") in wavs, "the newest stay"
        assert all(stat.S_IMODE(w.stat().st_mode) == 0o600 for w in wavs)
        assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    finally:
        speaker.close()
