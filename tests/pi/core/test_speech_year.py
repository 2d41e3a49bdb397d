"""A school year of speech writes each WAV once: 30 children, 12 centers, two languages, real espeak-ng.

The year is the generated one the review is tested on (kiosk/laptop/review/sample_year.py:
about 190 school days, children switching after ten minutes or more). Each time a child
comes to the kiosk they hear what the screens say, in their own language: the greeting
(or, when they already have a center, "you are at … Stay or change?" first), the cards
they tap, now and then "… is full", and "Have fun at …"; in the second half of the year
the teacher turns reflection on ("How was …?"); a few children come back too early and
hear how many minutes they must wait. Every synthesis goes through a wrapper that
counts it, and every WAV's inode and modification time are taken when it reaches the
card. A sentence heard once stays in memory (here a folder of the test's own) and is
never written to the card.
"""

from __future__ import annotations

import random
import shutil
import stat
from collections import Counter
from pathlib import Path

import pytest

from kiosk.laptop.review.sample_year import generate_school_year
from kiosk.pi.speech import EspeakSpeaker, voice_for
from kiosk.pi.speech_cache import CACHE_BYTES
from kiosk.shared.assets import LOCALE_DIR
from kiosk.shared.turn_language import TurnTranslator

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is installed by .ci/run")

SPANISH_CENTERS = (
    ("Cuentos de Lego", "construye un cuento con principio, medio y final"),
    ("Pintura", "mezcla colores y pinta lo que ves"),
    ("Títeres", "cuenta un cuento con un amigo usando voces"),
    ("Plato misterioso", "practica maneras de formar 5 y 10"),
    ("Rincón de lectura", "lee dibujos y palabras con un amigo"),
    ("Mesa de ciencias", "mira de cerca y di lo que notas"),
    ("Bloques", "construye alto, ancho y fuerte"),
    ("Escritorio", "escribe una carta o una lista"),
    ("Plastilina", "aprieta, enrolla y da forma"),
    ("Tienda Nuñez", "compra y vende con monedas, cuenta el cambio"),
    ("Arena y agua", "llena, vierte y mide"),
    ("Juegos de números", "juega con números, toma turnos"),
)


class Sentences:
    """What the kiosk's screens say to one child, in the turn's language."""

    def __init__(self, centers: list[dict], children: list[dict]) -> None:
        self.tr = TurnTranslator(LOCALE_DIR, lambda: "en")
        self.centers = {c["id"]: c for c in centers}
        self.spanish = {c["id"]: words for c, words in zip(centers, SPANISH_CENTERS, strict=True)}
        self.names = {c["id"]: c["first_name"] for c in children}
        self.language = {c["id"]: "es" if index % 5 == 0 else "en" for index, c in enumerate(children)}

    def words(self, center: str, language: str) -> tuple[str, str]:
        record = self.centers[center]
        return self.spanish[center] if language == "es" else (record["name"], record["purpose"])

    def turn(self, child: str, center: str, before: str | None, chance: random.Random, reflect: bool) -> list[str]:
        language = self.language[child]
        self.tr.begin_turn(language)
        name = self.names[child]
        said = []
        if before is not None:
            where = self.words(before, language)[0]
            if reflect:
                said.append(self.tr("How was {center}?", center=where))
            said.append(self.tr("{name}, you are at {center}. Stay or change?", name=name, center=where))
        said.append(self.tr("Hi {name}! Where will you play?", name=name))
        for tapped in {center, chance.choice(list(self.centers))}:
            said.append("{}. {}".format(*self.words(tapped, language)))
        if chance.random() < 0.05:
            full = self.words(chance.choice(list(self.centers)), language)[0]
            said.append(self.tr("{center} is full. Pick another center.", center=full))
        said.append(self.tr("Have fun at {center}!", center=self.words(center, language)[0]))
        self.tr.end_turn()
        return said

    def too_soon(self, child: str, center: str, minutes: int) -> str:
        self.tr.begin_turn(self.language[child])
        try:
            where = self.words(center, self.language[child])[0]
            return self.tr(
                "{name}, you are at {center}. You can change in {minutes} min.",
                name=self.names[child], center=where, minutes=minutes,
            )
        finally:
            self.tr.end_turn()


def _a_year() -> list[list[tuple[str, str]]]:
    """Each school day's sentences, with the voice each is spoken in."""
    typed, centers, children = generate_school_year(seed=7)
    events = [e.to_dict() for e in typed]
    sentences = Sentences(centers, children)
    chance = random.Random(7)
    days: dict[str, list[tuple[str, str]]] = {}
    places: dict[tuple[str, str], str] = {}
    reflect_from = sorted({e["day"] for e in events})[len({e["day"] for e in events}) // 2]
    for event in events:
        if event["kind"] != "chose":
            continue
        day, child, center = event["day"], event["child_id"], event["center_id"]
        voice = voice_for(sentences.language[child])
        before = places.get((day, child))
        spoken = days.setdefault(day, [])
        if before is not None and chance.random() < 0.02:  # back too early, before switching was allowed
            spoken.append((sentences.too_soon(child, before, chance.randint(1, 9)), voice))
        said = sentences.turn(child, center, before, chance, reflect=day >= reflect_from)
        spoken.extend((text, voice) for text in said)
        places[(day, child)] = center
    return [days[day] for day in sorted(days)]


def _counting_espeak(tmp_path: Path) -> tuple[Path, Path]:
    """A wrapper around the real espeak-ng that notes each synthesis (voice and text) in a log."""
    log = tmp_path / "syntheses.log"
    wrapper = tmp_path / "espeak-ng"
    wrapper.write_text(f'#!/bin/sh\nprintf "%s|%s\\n" "$2" "$5" >> "{log}"\nexec "{shutil.which("espeak-ng")}" "$@"\n')
    wrapper.chmod(0o700)
    return wrapper, log


def test_a_school_year_writes_each_wav_once(tmp_path):
    year = _a_year()
    assert len(year) > 170, "a school year of days"
    times = Counter(pair for day in year for pair in day)
    again = {pair for pair, count in times.items() if count > 1}
    assert 300 < len(times) < 2000 and {voice for _text, voice in times} == {"en-us", "es-419"}
    espeak, log = _counting_espeak(tmp_path)
    card, memory = tmp_path / "speech-cache", tmp_path / "ram"
    written: dict[Path, tuple[int, int, int]] = {}  # each WAV's inode, modification time and size on the card
    speaker = EspeakSpeaker(card, espeak=str(espeak), scratch=memory)
    try:
        for day in year:
            for text, voice in day:
                wav = speaker.wav_for(text, voice)
                if wav.parent == card and wav not in written:
                    info = wav.stat()
                    written[wav] = (info.st_ino, info.st_mtime_ns, info.st_size)
    finally:
        speaker.close()

    wavs = sorted(card.glob("*.wav"))
    assert len(wavs) == len(written) == len(again) and not list(card.glob("*.part")), "each sentence heard again"
    for wav in wavs:
        info = wav.stat()
        assert (info.st_ino, info.st_mtime_ns, info.st_size) == written[wav], f"{wav.name} was written again"
        assert stat.S_IMODE(info.st_mode) == 0o600
    syntheses = Counter(log.read_text(encoding="utf-8").splitlines())
    assert len(syntheses) == len(times) and max(syntheses.values()) <= 2, "made once (twice if memory dropped it)"
    total = sum(size for _ino, _mtime, size in written.values())
    assert total <= CACHE_BYTES, f"the year's {total / 2**20:.1f} MB fit the bound"
    print(f"{len(times)} sentences, {len(again)} heard more than once: {total / 2**20:.1f} MB on the card")

    # The next morning (a new start on the same card) speaks a whole day and writes nothing.
    made_before = sum(Counter(log.read_text(encoding="utf-8").splitlines()).values())
    morning = EspeakSpeaker(card, espeak=str(espeak), scratch=memory)
    try:
        for text, voice in year[-1]:
            if (text, voice) in again:
                assert morning.wav_for(text, voice).parent == card
    finally:
        morning.close()
    assert sum(Counter(log.read_text(encoding="utf-8").splitlines()).values()) == made_before
    assert all((w.stat().st_ino, w.stat().st_mtime_ns, w.stat().st_size) == written[w] for w in wavs)


def test_a_renamed_center_is_written_once_and_the_old_words_stay_within_the_bound(tmp_path):
    espeak, log = _counting_espeak(tmp_path)
    speaker = EspeakSpeaker(tmp_path / "speech-cache", espeak=str(espeak), scratch=tmp_path / "ram")
    try:
        for _day in range(3):
            old = speaker.wav_for("Blocks. Build tall, wide and strong.")
        for _day in range(3):
            new = speaker.wav_for("Block Tower. Build tall, wide and strong.")
        assert old.exists() and new.exists() and old != new and old.parent == new.parent
    finally:
        speaker.close()
    assert len(log.read_text(encoding="utf-8").splitlines()) == 2
