"""Choose: a big card per open center; tap to hear it, then the big check to confirm.

The check calls the service, which gives its result only after the choice is on disk;
only then is "Have fun" shown. A storage failure shows "ask your teacher" instead.
While another kiosk of the class can be reached the choice is first settled with it
(a moment, off the UI thread; the panel waits and takes no touch meanwhile): a child
whose seat another kiosk's child took at the same moment hears and sees "just taken
— pick another" on that center's card.

The check calls the service, which returns only after the choice is on disk; only
then is "Have fun" shown. A storage failure shows "ask your teacher" instead.

The confirm panel shows whose choice it is (the child's picture in a ring that empties)
and, unanswered, ends the turn after ``kiosk.pi.touch.CONFIRM_S``, recording nothing,
having said the child's name again ``CONFIRM_REMINDER_S`` before: a choice left open by
a child who walked away is not there for the next child's taps. The whole turn's time
is the ring at the top right.

A sync can change the class under this screen: a child removed goes to Welcome, which
says so; a center closed or removed closes its panel and says so; new words and
pictures show at once.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    StringProperty,
)

from kiosk.pi.rules import Outcome
from kiosk.pi.service import ChoiceResult
from kiosk.pi.storage import StorageError
from kiosk.pi.visits import ChooseVisit, DoneVisit, SwitchVisit, WelcomeVisit
from kiosk.shared.domain import Method
from screens.pi.base import KioskScreen
from screens.pi.confirm import ConfirmPanel
from screens.pi.widgets import PressBox

__all__ = ["CenterCard", "ChooseScreen"]


class CenterCard(PressBox):
    """Picture, colour, name, purpose, seats as dots and friends' faces."""

    center_id = StringProperty("")
    picture = StringProperty("")
    name = StringProperty("")
    purpose = StringProperty("")
    seats = NumericProperty(0)
    taken = NumericProperty(0)
    faces = ListProperty([])
    full = BooleanProperty(False)
    full_text = StringProperty("")


class ChooseScreen(KioskScreen[ChooseVisit]):
    visit_type = ChooseVisit
    child_id = StringProperty("")
    child_name = StringProperty("")
    child_picture = StringProperty("")
    greeting = StringProperty("")
    selected_id = StringProperty("")
    settling = BooleanProperty(False)
    """The check was pressed and the choice is being settled with the class's other kiosks."""
    method = Method.TAP

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._cards: dict[str, CenterCard] = {}
        self._panel = ConfirmPanel(screen=self, echo=self._echo)
        self._panel.bind(on_remind=self._remind, on_time_over=self._time_over)
        self._just_taken = ""
        self._turn = 0  # which visit a settled choice belongs to

    def _echo(self, pos: tuple[float, float]) -> None:
        self.nav.echo_touch(pos)

    def prepare(self, visit: ChooseVisit) -> None:
        self._turn += 1
        self.settling = False
        self._just_taken = ""
        self.child_id = visit.child_id
        self.method = visit.method
        self.close_confirm()
        self._show_child()
        self.fill_cards()
        self.say(self.greeting)

    def _show_child(self) -> bool:
        """The child's name and picture as the class has them now; False when the child is gone."""
        child = self.child_now(self.child_id)
        if child is None:
            return False
        self.child_name = child.first_name
        self.child_picture = self.picture(child.picture)
        self.greeting = self.tr("Hi {name}! Where will you play?", name=child.first_name)
        self._panel.child_name = child.first_name
        self._panel.child_picture = self.child_picture
        return True

    def on_leave(self, *_args: object) -> None:
        self.close_confirm()

    def data_changed(self) -> None:
        """Seats, friends, words and pictures as they are now.

        A removed child goes to Welcome, which says the class list changed; the
        panel of a center closed or removed meanwhile closes, saying so.
        """
        if not self._show_child():
            self.nav.show(WelcomeVisit(banner="class-changed"))
            return
        if self.selected_id:
            center = self.center_now(self.selected_id)
            if center is None or not center.open_today:
                self._say_closed(self._panel.name)
                self.close_confirm()
            else:
                self._fill_panel(center)
        self.fill_cards()

    def fill_cards(self) -> None:
        """Update the cards in place; rebuild only when the open centers changed."""
        service = self.services.service
        centers = service.open_centers()
        if [c.id for c in centers] != list(self._cards):
            self._build_cards([c.id for c in centers])
        for center in centers:
            left = service.seats_left(center.id)
            card = self._cards[center.id]
            card.picture = self.picture(center.picture)
            card.name, card.purpose = self.center_words(center)
            card.bg_color = center.colour
            card.seats = center.seats
            card.taken = center.seats - left
            card.faces = [self.picture(c.picture) for c in service.children_at(center.id)]
            card.full = service.is_full_for(self.child_id, center.id)
            just_taken = card.full and center.id == self._just_taken
            card.full_text = self.tr("Just taken — pick another") if just_taken else self.tr("Full — pick another")

    def _build_cards(self, center_ids: list[str]) -> None:
        grid = self.ids.cards
        grid.clear_widgets()
        grid.cols = 4 if len(center_ids) > 6 else 3 if len(center_ids) > 4 else 2
        self._cards = {}
        for center_id in center_ids:
            card = CenterCard(center_id=center_id)
            card.bind(on_release=self._card_tapped)
            grid.add_widget(card)
            self._cards[center_id] = card

    def _card_tapped(self, card: CenterCard) -> None:
        self.tap_card(card.center_id)

    def tap_card(self, center_id: str) -> None:
        """Speak the center; open the confirm panel unless it is full (or gone meanwhile)."""
        center = self.center_now(center_id)
        if center is None or not center.open_today:
            self.fill_cards()
            return
        if self.services.service.is_full_for(self.child_id, center_id):
            self._say_full(center_id)
            return
        self._say_center(center_id)
        self.selected_id = center_id
        if self._panel.parent is None:
            self.add_widget(self._panel)
            self._panel.mark_opened()
        self._fill_panel(center)
        self._panel.start_time()

    def _fill_panel(self, center: Any) -> None:
        self._panel.picture = self.picture(center.picture)
        self._panel.name, self._panel.purpose = self.center_words(center)
        self._panel.bg_color = center.colour

    def _remind(self, _panel: Any) -> None:
        """Before the panel closes, it says whose choice it is and what to do."""
        name, center = self.child_name, self._panel.name
        self.say(self.tr("{name}, tap the check to choose {center}.", name=name, center=center))

    def _time_over(self, _panel: Any) -> None:
        """Nobody answered: the turn ends on Welcome, recording nothing.

        Not back to the cards: the check's spot lies on a card there, so a passer-by's
        two taps would open a panel and confirm it for the child who walked away.
        """
        self.close_confirm()
        self.nav.go_home()

    def close_confirm(self) -> None:
        if self.settling:
            return  # the choice is on its way: it is recorded or refused in a moment
        self.selected_id = ""
        self._panel.stop_time()
        if self._panel.parent is not None:
            self.remove_widget(self._panel)

    @property
    def confirming(self) -> bool:
        """Whether the big check is showing."""
        return self._panel.parent is not None

    def replay(self) -> None:
        if self.selected_id:
            self._say_center(self.selected_id)
            self._panel.start_time()

    def confirm(self) -> None:
        """The big check: record durably (settled with the other kiosks first), then show the outcome."""
        center_id = self.selected_id
        if not center_id or self.settling:
            return
        if self.child_now(self.child_id) is None:
            self.nav.show(WelcomeVisit(banner="class-changed"))
            return
        turn = self._turn

        def settled(result: ChoiceResult) -> None:
            if turn == self._turn and self.settling:  # still this child's turn on this screen
                self.settling = False
                self._show(center_id, result)

        try:
            result = self.services.service.choose(self.child_id, center_id, self.method, on_settled=settled)
        except StorageError as error:
            self.nav.show(DoneVisit(self.child_id, center_id, error=str(error)))
            return
        if result.decision.outcome is Outcome.SETTLING:
            self.settling = True
            return
        self._show(center_id, result)

    def _show(self, center_id: str, result: ChoiceResult) -> None:
        outcome = result.decision.outcome
        if result.error is not None:
            self.nav.show(DoneVisit(self.child_id, center_id, error=result.error))
        elif outcome in (Outcome.RECORD, Outcome.ALREADY_THERE):
            self.nav.show(DoneVisit(self.child_id, center_id))
        elif outcome in (Outcome.SWITCH_TOO_SOON, Outcome.SWITCH_NOT_ALLOWED):
            self.nav.show(SwitchVisit(self.child_id, self.method))
        elif outcome is Outcome.JUST_TAKEN:
            self._just_taken = center_id
            self.close_confirm()
            self.fill_cards()
            name, _purpose = self.center_words(self.services.service.center(center_id))
            self.say(self.tr("Someone just took the last seat at {center}. Pick another center.", center=name))
        elif outcome is Outcome.CHOICE_TIME_CLOSED:  # it ended while the child was choosing
            self.nav.show(WelcomeVisit(say_closed=True))
        elif outcome in (Outcome.UNKNOWN, Outcome.CLOSED):
            self._say_closed(self._panel.name)
            self.close_confirm()
            self.fill_cards()
        else:
            self.close_confirm()
            self.fill_cards()
            self._say_full(center_id)

    def _say_center(self, center_id: str) -> None:
        name, purpose = self.center_words(self.services.service.center(center_id))
        self.say(f"{name}. {purpose}")

    def _say_full(self, center_id: str) -> None:
        name, _purpose = self.center_words(self.services.service.center(center_id))
        self.say(self.tr("{center} is full. Pick another center.", center=name))

    def _say_closed(self, name: str) -> None:
        """A center closed or removed under the child: the top line and the voice say so."""
        self.greeting = self.tr("{center} just closed. Pick another center.", center=name)
        self.say(self.greeting)
