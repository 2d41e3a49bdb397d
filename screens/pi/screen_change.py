"""Changing screens within one frame: never a frame that shows two screens at once.

Kivy's ``NoTransition`` ends one frame after it starts (an animation of no length runs
on the next tick of the clock). When the change happens inside a clock callback or a
touch handler, as every change on the kiosk does (a badge from the reader's thread, a
tap), that frame is drawn with both screens: the greeting written over Welcome's title,
Welcome's pictures between the center cards, and twice the drawing (17 instead of 8 ms
of a software renderer on one Pi-class core). ``SameFrameTransition`` ends as it starts.
"""

from __future__ import annotations

from typing import Any

from kivy.uix.screenmanager import NoTransition

__all__ = ["SameFrameTransition"]


class SameFrameTransition(NoTransition):
    """``NoTransition`` finished at once: the old screen is gone, and on_enter/on_leave sent, before the next frame."""

    def start(self, manager: Any) -> None:
        super().start(manager)
        self._anim.cancel(self)
        self._on_complete()
