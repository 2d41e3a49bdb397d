"""Speaking a center's name and purpose to children who cannot read yet.

The UI calls ``say(text)`` and returns at once; a worker thread turns the text into a
WAV with espeak-ng (cached per voice and text in the data directory, so a center's
sentence is synthesised once) and plays it with the first audio player found. With
no espeak-ng the kiosk stays silent but still records what it was asked to say.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import shutil
import subprocess
import threading
from collections import deque
from pathlib import Path
from typing import Protocol

__all__ = ["EspeakSpeaker", "SilentSpeaker", "Speaker", "make_speaker"]

log = logging.getLogger(__name__)
_PLAYERS = (("aplay", "-q"), ("paplay",), ("pw-play",), ("afplay",))


class Speaker(Protocol):
    said: deque[str]

    def say(self, text: str) -> None:
        """Speak ``text`` soon, interrupting what is being spoken."""

    def close(self) -> None:
        """Stop the worker."""


class SilentSpeaker:
    """Records what it was asked to say; used where no synthesiser exists."""

    def __init__(self) -> None:
        self.said: deque[str] = deque(maxlen=200)

    def say(self, text: str) -> None:
        self.said.append(text)

    def close(self) -> None:
        return None


class EspeakSpeaker:
    """espeak-ng to a cached WAV, played by a system player, on a worker thread."""

    def __init__(self, cache_dir: Path, voice: str = "en", espeak: str = "espeak-ng") -> None:
        self.said: deque[str] = deque(maxlen=200)
        self._cache_dir = cache_dir
        self._voice = voice
        self._espeak = espeak
        self._player = next((p for p in _PLAYERS if shutil.which(p[0])), None)
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._playing: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._run, name="speech", daemon=True)
        self._thread.start()

    def say(self, text: str) -> None:
        self.said.append(text)
        self._queue.put(text)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def wav_for(self, text: str) -> Path:
        """The cached WAV of ``text``, synthesised on first use."""
        key = hashlib.sha256(f"{self._voice}\0{text}".encode()).hexdigest()[:32]
        path = self._cache_dir / f"{key}.wav"
        if not path.exists():
            self._cache_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            partial = path.with_suffix(".part")
            subprocess.run(
                [self._espeak, "-v", self._voice, "-w", str(partial), text],
                check=True,
                capture_output=True,
                timeout=30,
            )
            partial.replace(path)
        return path

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            while text is not None and not self._queue.empty():
                text = self._queue.get()
            if text is None:
                self._stop_playing()
                return
            try:
                wav = self.wav_for(text)
                self._stop_playing()
                if self._player is not None:
                    self._playing = subprocess.Popen(
                        [*self._player, str(wav)],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
            except (OSError, subprocess.SubprocessError) as error:
                log.warning("could not speak %r: %s", text, error)

    def _stop_playing(self) -> None:
        if self._playing is not None and self._playing.poll() is None:
            self._playing.terminate()
        self._playing = None


def make_speaker(cache_dir: Path, language: str) -> Speaker:
    """espeak-ng when installed, silence otherwise."""
    if shutil.which("espeak-ng"):
        return EspeakSpeaker(cache_dir, voice=language)
    return SilentSpeaker()
