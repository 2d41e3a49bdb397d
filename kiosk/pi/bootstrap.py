"""The composition root of the core: storage, clock, speech and the service.

The Kivy app (``screens.pi.launch``) and the benchmarks call ``build_kiosk`` and get
every collaborator ready-made; nothing below keeps module-level state.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from kiosk.pi.badge_secrets_file import kiosk_badge_secrets
from kiosk.pi.classroom import Classroom, load_classroom
from kiosk.pi.pin import hash_pin
from kiosk.pi.service import KioskService
from kiosk.pi.setup_stamps import kiosk_stamper
from kiosk.pi.speech import Speaker, make_speaker
from kiosk.pi.storage import FileOps, KioskStorage, default_data_dir
from kiosk.shared.assets import ASSETS_DIR, DEMO_CLASSROOM, LOCALE_DIR, OWN_FONT
from kiosk.shared.badges import badge_key
from kiosk.shared.clock import Clock, SystemClock
from kiosk.shared.text.fonts import FontChain
from kiosk.shared.turn_language import TurnTranslator

__all__ = ["ASSETS_DIR", "DEMO_CLASSROOM", "LOCALE_DIR", "KioskServices", "build_kiosk"]


@dataclass
class KioskServices:
    """Everything the app needs, built once and handed over."""

    service: KioskService
    storage: KioskStorage
    clock: Clock
    speaker: Speaker
    tr: TurnTranslator
    assets_dir: Path
    data_dir: Path
    fonts: FontChain

    def picture_path(self, name: str) -> str:
        """A picture named in the class data: a bundled picture, or a photo in the data dir."""
        path = Path(name)
        if path.is_absolute():
            return str(path)
        if path.parts and path.parts[0] == "photos":
            return str(self.data_dir / path)
        return str(self.assets_dir / "pictures" / path)

    def close(self) -> None:
        self.speaker.close()
        self.storage.close()


def _seed(storage: KioskStorage, classroom: Classroom) -> None:
    """A new kiosk: the class, its PIN (demo only) and badges as keyed hashes (the key kept apart)."""
    secret = kiosk_badge_secrets(storage).ensure_own()
    settings = classroom.settings.to_dict()
    if classroom.teacher_pin:
        settings["pin_hash"] = hash_pin(classroom.teacher_pin)
    settings["teacher_badges"] = [badge_key(secret, raw) for raw in classroom.teacher_badges]
    children = []
    for child in classroom.children:
        record = child.to_dict()
        record["badges"] = [badge_key(secret, raw) for raw in child.badges]
        children.append(record)
    storage.config.seed(
        [c.to_dict() for c in classroom.centers],
        children,
        settings,
        {"kiosk_id": uuid.uuid4().hex, "classroom_name": classroom.name},
    )


def build_kiosk(
    data_dir: Path | None = None,
    classroom_file: Path | None = None,
    *,
    clock: Clock | None = None,
    speaker: Speaker | None = None,
    ops: FileOps | None = None,
) -> KioskServices:
    """Open (or create) a kiosk's data; a new kiosk starts on the given or demo class.

    ``ops`` makes the storage's system calls (tests hand in one that fails like a full card).
    """
    data_dir = data_dir or default_data_dir()
    storage = KioskStorage.open(data_dir, ops=ops)
    if storage.config.is_empty():
        _seed(storage, load_classroom(classroom_file or DEMO_CLASSROOM))
    clock = clock or SystemClock()
    storage.config.stamper = kiosk_stamper(clock, storage.config)
    service = KioskService(
        storage, clock, storage.config.get_meta("kiosk_id"), kiosk_badge_secrets(storage).ensure_own()
    )
    return KioskServices(
        service=service,
        storage=storage,
        clock=clock,
        speaker=speaker or make_speaker(data_dir / "speech-cache"),
        tr=TurnTranslator(LOCALE_DIR, lambda: service.settings.language),
        assets_dir=ASSETS_DIR,
        data_dir=data_dir,
        fonts=FontChain.on_this_machine([OWN_FONT]),
    )
