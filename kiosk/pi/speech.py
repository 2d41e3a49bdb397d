"""Speaking a center's name and purpose to children who cannot read yet.

The UI calls ``say(text)`` and returns at once; a worker thread turns the text into a
WAV with espeak-ng (cached per voice and text, ``kiosk.pi.speech_cache``: a sentence
is synthesised once and written to the card once, from its second hearing on, in a
folder bounded by size) and plays it with the first audio player found. Speech that
cannot work is never silent to the teacher: ``status()`` says why and what to do, and
teacher mode shows it. The status comes from what really happened: the player's exit
status and its words at the last playback (a short silence is played at start, so it
is known before any child taps), so "no sound device" is said where there is none; a
failing playback is logged once, when it starts failing, not at every tap.
"""

from __future__ import annotations

import io
import logging
import os
import queue
import shutil
import subprocess
import threading
import time
import wave
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.pi.speech_cache import CACHE_BYTES, SpeechCache, ram_folder
from kiosk.shared.text.i18n import N_

__all__ = [
    "CACHE_BYTES",
    "EspeakSpeaker",
    "Playback",
    "SilentSpeaker",
    "Speaker",
    "SpeechStatus",
    "make_speaker",
    "muted_in_amixer",
    "muted_in_pactl",
    "playback_of",
    "silent_wav",
    "speech_status",
    "voice_for",
]

log = logging.getLogger(__name__)
_PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play",), ("afplay",))
SPEAK_AFTER_S = 0.1
"""A sentence is spoken this long after it is asked for: the screen that asked (a child's greeting)
is drawn first, then heard; starting the player on a one-core Pi would otherwise delay the frame."""
_FROM_STDIN = {"aplay": (), "paplay": (), "pw-play": ("-",)}
"""How each player is told to read the start's silence from its input (afplay cannot: no probe)."""
NO_DEVICE_WORDS = (
    "audio open error",
    "no soundcards",
    "unknown pcm",
    "cannot find card",
    "connection failure",
    "connection refused",
    "no such device",
    "host is down",
)
"""What ALSA's aplay, PulseAudio's paplay and PipeWire's pw-play say when there is no sound device to open."""
VOICES = {"en": "en-us", "es": "es-419"}
"""espeak-ng's voice per catalogue language: American English and Latin American Spanish,
the accents most bilingual K-2 classes hear; any other code is passed as it is."""


def voice_for(language: str | None) -> str:
    return VOICES.get(language or "en", language or "en")


@dataclass(frozen=True)
class SpeechStatus:
    """Whether children hear the kiosk; ``fix`` is what the teacher (or IT) can do."""

    state: str  # "working", "no-espeak", "no-player", "no-device", "failed", "muted"
    message: str  # a catalogue sentence; ``{player}`` and ``{code}`` are filled in where it is shown
    fix: str = ""
    player: str = ""
    code: int = 0

    @property
    def working(self) -> bool:
        return self.state == "working"

    @property
    def values(self) -> dict[str, object]:
        """The blanks of ``message`` and ``fix``."""
        return {"player": self.player, "code": self.code}


@dataclass(frozen=True)
class Playback:
    """How the player's last run ended: its exit status and its last words (stderr)."""

    code: int
    said: str = ""

    @property
    def ok(self) -> bool:
        """Played to the end (a playback stopped for newer words is not noted at all)."""
        return self.code == 0

    @property
    def no_device(self) -> bool:
        lowered = self.said.lower()
        return not self.ok and any(words in lowered for words in NO_DEVICE_WORDS)


def playback_of(code: int, stderr: bytes | str) -> Playback:
    """A player's run as the status needs it: the exit status and the last lines it wrote."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    return Playback(code, "\n".join(text.strip().splitlines()[-3:]))


def speech_status(
    espeak_found: bool, player: str | None, muted: bool | None, last: Playback | None = None
) -> SpeechStatus:
    """The speech status from what is installed, the last playback (None: none yet) and the mixer (None: unknown)."""
    if not espeak_found:
        return SpeechStatus(
            "no-espeak", N_("Speech: off, espeak-ng is not installed."), N_("Install it: sudo apt install espeak-ng")
        )
    if player is None:
        return SpeechStatus(
            "no-player",
            N_("Speech: off, no audio player is installed."),
            N_("Install one: sudo apt install alsa-utils"),
        )
    if last is not None and last.no_device:
        return SpeechStatus(
            "no-device",
            N_("Speech: no sound device, so the children hear nothing."),
            N_("Connect a speaker or a screen with sound, then check: aplay -l"),
            player,
        )
    if last is not None and not last.ok:
        return SpeechStatus(
            "failed",
            N_("Speech: the last sound did not play ({player} stopped with code {code})."),
            N_("The kiosk's log says why: journalctl -u choice-kiosk"),
            player,
            last.code,
        )
    if muted:
        return SpeechStatus(
            "muted",
            N_("Speech: the sound is muted."),
            N_("Turn the volume up: alsamixer, or the screen's volume"),
            player,
        )
    return SpeechStatus("working", N_("Speech: working (espeak-ng, played by {player})."), player=player)


def silent_wav(seconds: float = 0.05, rate: int = 22050) -> bytes:
    """A short silence as a WAV file's bytes: played at start, it tells whether a sound device is there."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\0\0" * int(seconds * rate))
    return buffer.getvalue()


def muted_in_amixer(output: str) -> bool | None:
    """Whether ``amixer get Master`` shows every channel off or at 0% (None if it says nothing)."""
    channels = [line for line in output.splitlines() if "Playback" in line and "[" in line]
    if not channels:
        return None
    return all("[off]" in line or "[0%]" in line for line in channels)


def muted_in_pactl(output: str) -> bool | None:
    """Whether ``pactl get-sink-mute @DEFAULT_SINK@`` says "Mute: yes"."""
    words = output.strip().lower().split()
    if words[:1] != ["mute:"] or len(words) < 2:
        return None
    return words[1] == "yes"


def _ask_muted(player: str) -> bool | None:
    """Ask the sound system whether it is muted; None when it cannot tell."""
    if player in ("paplay", "pw-play") and shutil.which("pactl"):
        command, parse = ["pactl", "get-sink-mute", "@DEFAULT_SINK@"], muted_in_pactl
    elif shutil.which("amixer"):
        command, parse = ["amixer", "get", "Master"], muted_in_amixer
    else:
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.SubprocessError):
        return None
    return parse(done.stdout) if done.returncode == 0 else None


class Speaker(Protocol):
    said: deque[str]
    languages: deque[str]

    def say(self, text: str, language: str = "en") -> None:
        """Speak ``text`` soon in ``language``'s voice, interrupting what is being spoken."""

    def status(self) -> SpeechStatus:
        """Whether children hear anything, and the fix when they do not."""

    def close(self) -> None:
        """Stop the worker."""


class SilentSpeaker:
    """Records what it was asked to say, and in which language; used where no synthesiser exists."""

    def __init__(self, why: SpeechStatus | None = None) -> None:
        self.said: deque[str] = deque(maxlen=200)
        self.languages: deque[str] = deque(maxlen=200)
        self._why = why or speech_status(espeak_found=False, player=None, muted=None)

    def say(self, text: str, language: str = "en") -> None:
        self.said.append(text)
        self.languages.append(language)

    def status(self) -> SpeechStatus:
        return self._why

    def close(self) -> None:
        return None


class EspeakSpeaker:
    """espeak-ng to a cached WAV, played by a system player, on a worker thread."""

    def __init__(
        self,
        cache_dir: Path,
        espeak: str = "espeak-ng",
        cache_bytes: int = CACHE_BYTES,
        scratch: Path | None = None,
        speak_after: float = SPEAK_AFTER_S,
        player: Sequence[str] | None = None,
    ) -> None:
        """``player`` plays a WAV given last; by default the first of aplay, paplay, pw-play, afplay found."""
        self.said: deque[str] = deque(maxlen=200)
        self.languages: deque[str] = deque(maxlen=200)
        self._cache = SpeechCache(cache_dir, cache_bytes, scratch)
        self._speak_after = speak_after
        self._espeak = espeak
        self._player = tuple(player) if player else next((p for p in _PLAYERS if shutil.which(p[0])), None)
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._playing: subprocess.Popen[bytes] | None = None
        self._last: Playback | None = None
        self._failure_logged: tuple[str, int] | None = None
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def say(self, text: str, language: str = "en") -> None:
        self.said.append(text)
        self.languages.append(language)
        self._queue.put((text, voice_for(language)))

    def status(self) -> SpeechStatus:
        player = self._player[0] if self._player else None
        last = self._last
        failed = last is not None and not last.ok
        name = os.path.basename(player) if player else None
        return speech_status(True, name, _ask_muted(name) if name and not failed else None, last)

    def last_playback(self) -> Playback | None:
        """How the player's last run ended (None: nothing played yet)."""
        return self._last

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def wav_for(self, text: str, voice: str = "en-us") -> Path:
        """The WAV of ``text`` in ``voice``: synthesised once, kept on the card from its second hearing on."""

        def synthesise(partial: Path) -> None:
            subprocess.run(
                [self._espeak, "-v", voice, "-w", str(partial), text], check=True, capture_output=True, timeout=30
            )

        return self._cache.wav(text, voice, synthesise)

    def _run(self) -> None:
        self._probe()
        while True:
            item = self._queue.get()
            try:
                time.sleep(self._speak_after)  # the screen that asked is drawn first (the player's start competes)
                while item is not None and not self._queue.empty():
                    item = self._queue.get()
                if item is None:
                    self._stop_playing()
                    return
                self._speak(*item)
            except Exception:  # a fault in one sentence must not leave the kiosk mute for the rest of the day
                log.exception("speech: could not say one sentence; carrying on with the next")

    def _speak(self, text: str, voice: str) -> None:
        try:
            wav = self.wav_for(text, voice)
            self._stop_playing()
            self._play(wav)
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("could not speak %r: %s", text, error)

    def _probe(self) -> None:
        """Play a short silence at start: whether there is a sound device is known before any child taps."""
        if self._player is None or os.path.basename(self._player[0]) not in _FROM_STDIN:
            return
        command = [*self._player, *_FROM_STDIN[os.path.basename(self._player[0])]]
        try:
            done = subprocess.run(command, input=silent_wav(), capture_output=True, timeout=10)
        except (OSError, subprocess.SubprocessError) as error:
            self._note(Playback(1, str(error)))
            return
        self._note(playback_of(done.returncode, done.stderr))

    def _play(self, wav: Path) -> None:
        """Play ``wav`` to its end, or until newer words are waiting; note how the player ended."""
        if self._player is None:
            return
        self._playing = subprocess.Popen(
            [*self._player, str(wav)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        while True:
            try:
                _out, err = self._playing.communicate(timeout=0.05)
            except subprocess.TimeoutExpired:
                if not self._queue.empty():
                    return  # newer words: the next item stops this playback (not a failure)
                continue
            self._note(playback_of(self._playing.returncode, err or b""))
            self._playing = None
            return

    def _note(self, playback: Playback) -> None:
        """Keep the last playback for the status; log a failure once when it starts, and its end."""
        self._last = playback
        if playback.ok:
            if self._failure_logged is not None:
                log.info("speech plays again")
            self._failure_logged = None
            return
        failure = ("no-device" if playback.no_device else "failed", playback.code)
        if failure != self._failure_logged:
            self._failure_logged = failure
            player = self._player[0] if self._player else "?"
            log.warning("speech: %s exited %d (%s): the children hear nothing", player, playback.code, playback.said)

    def _stop_playing(self) -> None:
        if self._playing is not None and self._playing.poll() is None:
            self._playing.terminate()
        self._playing = None


def make_speaker(cache_dir: Path) -> Speaker:
    """espeak-ng when installed, silence (that says why) otherwise."""
    if shutil.which("espeak-ng"):
        return EspeakSpeaker(cache_dir, scratch=ram_folder())
    return SilentSpeaker()
