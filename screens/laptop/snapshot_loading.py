"""How the review window gets its data: a quick first look, then every choice, on other threads.

The store is read on the session's thread; the full fold runs on a worker thread
and lands here through the Kivy clock (``LaptopSession.post``). Only this (main)
thread sets the snapshot the screens draw from.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import date
from typing import Any

from kivy.core.window import Window

from kiosk.laptop.actions import Snapshot, SnapshotParts, fold, snapshot, snapshot_parts
from kiosk.laptop.recent_snapshot import recent_snapshot
from kiosk.laptop.session import LaptopSession
from kiosk.shared.kiosk_name import names_apart
from kiosk.shared.text.bidi_text import isolate
from kiosk.shared.turn_language import turn_language

__all__ = ["SnapshotLoading"]


class SnapshotLoading:
    """Mixin of :class:`~screens.laptop.app.ReviewApp`: ``reload`` and what it hands the screens."""

    session: LaptopSession
    snapshot: Any
    serial: int
    language: str
    kiosks_text: str
    today: Callable[[], date]
    tr: Callable[..., str]
    trn: Callable[..., str]
    fail: Callable[[Exception], None]
    _redraw: Callable[[], None]
    _generation = 0  # counts the reloads asked for: a background fold for an older one is dropped

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Read a fresh snapshot on the store's thread, then redraw.

        The first one (the window opening) holds only the last weeks, read from the
        files' ends; the rest is folded in the background and replaces it (``_fold_older``).
        """
        self._generation += 1
        opening = self.snapshot is None

        def done(result: Snapshot) -> None:
            self._take(result)
            if not result.complete:  # once this first look is on the screen: the fold would slow its drawing
                _after_next_frame(self._fold_older)
            if then is not None:
                then()

        today, previous = self.today(), self.snapshot
        work = (lambda store: recent_snapshot(store, today)) if opening else (
            lambda store: snapshot(store, today, previous))
        self.session.run(work, done, self.fail)

    def _take(self, result: Snapshot) -> None:
        self.serial += 1
        self.snapshot = result
        self.language = turn_language("", str((result.settings or {}).get("language") or "en"))
        _settle_memory()
        self.kiosks_text = _kiosk_line(result, self.tr, self.trn)
        self._redraw()

    def _fold_older(self) -> None:
        """Every choice: read on the store's thread, folded on a worker thread, shown on this one.

        The store's thread is free for a sync while the fold runs; a reload meanwhile
        (a sync, an edit) makes a newer snapshot, and this one is then dropped.
        """
        generation, today, post = self._generation, self.today(), self.session.post

        def landed(result: Snapshot) -> None:
            if generation == self._generation:
                self._take(result)

        def fold_apart(parts: SnapshotParts) -> None:
            def work() -> None:
                try:
                    result = fold(parts)
                except Exception as exc:  # shown to the teacher like any failure
                    error = exc
                    post(lambda: self.fail(error))
                    return
                post(lambda: landed(result))

            threading.Thread(target=work, name="review-fold", daemon=True).start()

        self.session.run(lambda store: snapshot_parts(store, today), fold_apart, self.fail)


def _after_next_frame(action: Callable[[], None]) -> None:
    """Run ``action`` once the next frame is on the screen (Window's ``on_flip``)."""

    def flipped(*_args: object) -> None:
        Window.unbind(on_flip=flipped)
        action()

    Window.bind(on_flip=flipped)


def _settle_memory() -> None:
    """Take the snapshot's ~100,000 long-lived objects out of the collector's way.

    Without this, Python's full collections walk a school year's choices while the
    window builds a page, which showed as frames taking twice as long now and then.
    The previous snapshot is unfrozen first so it can still be freed.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _kiosk_line(result: Snapshot, tr: Callable[..., str], trn: Callable[..., str]) -> str:
    if not result.kiosks:
        return tr("No kiosk paired yet")
    parts = []
    common, names = names_apart([kiosk.name for kiosk in result.kiosks])
    for kiosk, name in zip(result.kiosks, names, strict=True):
        when = kiosk.synced_at[:16].replace("T", " ")
        shown = isolate(name)
        line = tr("{name}: last sync {when}", name=shown, when=when) if when else tr("{name}: never synced", name=shown)
        damaged = kiosk.unreadable
        if damaged:
            line += trn(" ({count} damaged choice left out)", " ({count} damaged choices left out)", damaged)
        parts.append(line)
    return (f"{common}:  " if common else "") + "   ·   ".join(parts)
