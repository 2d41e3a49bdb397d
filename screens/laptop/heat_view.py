"""The heat map drawn on one canvas: the fastest way to show 30 × 12 numbers in Kivy.

A Label per cell costs a widget, a layout pass and a text texture each time the
range changes; here the cells are rectangles, and each distinct number is
rendered once into a texture cached for the window's life. Only the names,
the headings and the totals are buttons (they are tapped), and those are kept
from one range or order to the next: only their text and place change.

The header row (the centers, tapped to order by one) and the totals row (the way to
a center's page) are drawn into ``header`` and ``footer``, two strips the screen
keeps above and below the scrolling rows, so both stay in sight however far the
children's rows are scrolled.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from kivy.app import App
from kivy.core.text import Label as CoreLabel
from kivy.graphics import Color, InstructionGroup, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import NumericProperty, ObjectProperty
from kivy.uix.button import Button
from kivy.uix.relativelayout import RelativeLayout
from kivy.uix.widget import Widget

from kiosk.laptop.review.model import ClassInfo
from kiosk.laptop.review.patterns import HeatMap
from screens.laptop.widgets import LinkButton, ink_on, tint

__all__ = ["HeatMapView"]


class HeatMapView(RelativeLayout):
    """Rows of children, columns of centers; ``drawn`` keeps what each cell shows (for tests)."""

    row_height = NumericProperty(30)
    head_height = NumericProperty(48)
    name_width = NumericProperty(150)
    header = ObjectProperty(None, allownone=True)
    """The strip above the scrolling rows the header row is drawn in (this view itself when None)."""
    footer = ObjectProperty(None, allownone=True)
    """The strip below them the totals row is drawn in (this view itself when None)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._textures: dict[tuple[str, bool, float], Texture] = {}
        self.drawn: dict[tuple[str, str], str] = {}
        self.row_names: list[str] = []
        self.size_hint_y = None
        self._shown: tuple | None = None
        self._buttons: dict[tuple[str, str], Button] = {}
        self._actions: dict[tuple[str, str], Callable[[], None] | None] = {}
        self._paint = InstructionGroup()  # after the layout's own translate in canvas.before
        self._foot_paint = InstructionGroup()
        self.canvas.before.add(self._paint)
        self.bind(width=self._relayout)

    def on_footer(self, _view: object, footer: Widget | None) -> None:
        if footer is not None and footer is not self:
            footer.canvas.before.add(self._foot_paint)

    def _strip(self, part: Widget | None) -> Widget:
        return part if part is not None else self

    def _relayout(self, *_args: object) -> None:
        """A resized window lays the map out again at the new width."""
        if self._shown is not None:
            self.show(*self._shown)

    def _texture(self, text: str, bold: bool, size: float) -> Texture:
        key = (text, bold, size)
        if key not in self._textures:
            label = CoreLabel(text=text, font_size=size, bold=bold, color=(1, 1, 1, 1))
            label.refresh()
            self._textures[key] = label.texture
        return self._textures[key]

    def show(
        self,
        heat: HeatMap,
        info: ClassInfo,
        sort: str,
        u: float,
        on_sort: Callable[[str], None],
        on_child: Callable[[str], None],
        on_center: Callable[[str], None],
    ) -> None:
        """Lay out and draw ``heat``; the callbacks get a sort key, a child id or a center id."""
        self._shown = (heat, info, sort, u, on_sort, on_child, on_center)
        used: set[tuple[str, str]] = set()
        self._paint.clear()
        self._foot_paint.clear()
        self.drawn = {}
        self.row_height, self.head_height, self.name_width = 30 * u, 48 * u, 150 * u
        rows, columns = list(heat.child_ids), list(heat.center_ids)
        self.row_names = [heat.child_names[c] for c in rows]
        header, footer = self._strip(self.header), self._strip(self.footer)
        # Rows only when the strips are apart; the old single picture (header, rows, totals) otherwise.
        self.height = len(rows) * self.row_height + (self.head_height if header is self else 0) + (
            self.row_height if footer is self else 0)
        width = max(self.width, self.name_width + 60 * u * (len(columns) + 1))
        cell_w = (width - self.name_width) / (len(columns) + 1)
        top = self.height - (self.head_height if header is self else 0)
        head_y = top if header is self else 0

        def heading(key: str, text: str, x: float, action: Callable[[], None] | None) -> None:
            button = self._button(("head", key), action, header, lambda: Button(
                bold=True, halign="center", valign="middle", max_lines=2, markup=True,
                background_normal="", background_color=(0.88, 0.9, 0.92, 1), color=(0.15, 0.16, 0.22, 1),
                size_hint=(None, None)))
            button.text, button.pos, button.font_size = _in_any_script(text, bold=True), (x, head_y), 13 * u
            button.size = (cell_w - 1 if x else self.name_width - 1, self.head_height - 1)
            button.text_size = ((cell_w if x else self.name_width) - 6, self.head_height)
            used.add(("head", key))

        heading("child", "Child *" if sort == "child" else "Child", 0, lambda: on_sort("child"))
        for index, center_id in enumerate(columns):
            name = heat.center_names[center_id]
            heading(center_id, f"{name} *" if sort == center_id else name, self.name_width + index * cell_w,
                    partial(on_sort, center_id))
        heading("total", "Total", self.name_width + len(columns) * cell_w, None)
        biggest = max(heat.max_count, 1)
        totals = heat.row_totals
        for row, (child_id, counts) in enumerate(heat.rows()):
            y = top - (row + 1) * self.row_height
            name = self._button(("row", child_id), partial(on_child, child_id), self,
                                lambda: LinkButton(size_hint=(None, None), markup=True))
            name.text = _in_any_script(heat.child_names[child_id])
            name.size, name.pos = (self.name_width - 1, self.row_height - 1), (0, y)
            used.add(("row", child_id))
            for index, (center_id, count) in enumerate(zip(columns, counts, strict=True)):
                bg, text = _cell_look(info, center_id, count, biggest)
                self._cell(self.name_width + index * cell_w, y, cell_w, bg, text, False, u)
                self.drawn[(heat.child_names[child_id], heat.center_names[center_id])] = text
            self._cell(self.name_width + len(columns) * cell_w, y, cell_w, [1, 1, 1, 1],
                       str(totals[child_id]), True, u)
        y = top - (len(rows) + 1) * self.row_height if footer is self else 0
        foot_paint = self._paint if footer is self else self._foot_paint
        column_totals = heat.column_totals
        for index, center_id in enumerate(columns):
            link = self._button(("total", center_id), partial(on_center, center_id), footer,
                                lambda: LinkButton(halign="center", size_hint=(None, None)))
            link.text, link.size = f"{column_totals[center_id]} ›", (cell_w - 1, self.row_height - 1)
            link.pos = (self.name_width + index * cell_w, y)
            used.add(("total", center_id))
        self._cell(self.name_width + len(columns) * cell_w, y, cell_w, [1, 1, 1, 1], str(heat.total), True, u,
                   foot_paint)
        self._forget_buttons_but(used)

    def _forget_buttons_but(self, used: set[tuple[str, str]]) -> None:
        """Drop the kept buttons not drawn this time: a child or center no longer in the class."""
        for key in set(self._buttons) - used:
            button = self._buttons.pop(key)
            if button.parent is not None:
                button.parent.remove_widget(button)
            self._actions.pop(key, None)

    def totals(self) -> list[Button]:
        """The totals row's links (a center's page each), wherever they are drawn."""
        return [b for key, b in self._buttons.items() if key[0] == "total"]

    def _button(self, key: tuple[str, str], action: Callable[[], None] | None, parent: Widget,
                make: Callable[[], Button]) -> Button:
        """The button kept for ``key`` (made and bound once, in ``parent``); ``action`` is what it does now."""
        self._actions[key] = action
        if key not in self._buttons:
            button = make()
            button.bind(on_release=lambda _b: self._press(key))
            self._buttons[key] = button
        button = self._buttons[key]
        if button.parent is not parent:
            if button.parent is not None:
                button.parent.remove_widget(button)
            parent.add_widget(button)
        return button

    def _press(self, key: tuple[str, str]) -> None:
        action = self._actions.get(key)
        if action is not None:
            action()

    def _cell(self, x: float, y: float, w: float, bg: list[float], text: str, bold: bool, u: float,
              paint: InstructionGroup | None = None) -> None:
        paint = paint if paint is not None else self._paint
        paint.add(Color(*bg))
        paint.add(Rectangle(pos=(x + 1, y + 1), size=(w - 2, self.row_height - 2)))
        texture = self._texture(text, bold, round(14 * u, 1))
        paint.add(Color(*ink_on(bg)))
        tw, th = texture.size
        paint.add(Rectangle(texture=texture, pos=(x + (w - tw) / 2, y + (self.row_height - th) / 2), size=(tw, th)))


def _cell_look(info: ClassInfo, center_id: str, count: int, biggest: int) -> tuple[list[float], str]:
    """A cell's background and text: the center's colour, deeper the more choices; a dot on white for none."""
    if not count:
        return [1.0, 1.0, 1.0, 1.0], "·"
    center = info.centers.get(center_id)
    colour = center.colour if center else "#888888"
    return tint(colour, 0.15 + 0.85 * count / biggest), str(count)


def _in_any_script(text: str, bold: bool = False) -> str:
    """A child's or center's name as markup the review app's font chain draws (no boxes for other scripts)."""
    app = App.get_running_app()
    return app.script(text, bold) if hasattr(app, "script") else text
